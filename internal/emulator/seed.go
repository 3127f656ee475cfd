package emulator

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
)

// Seed is the emulator's data set: the tenant, its users and its printers
// (each with exactly one share, as Universal Print allows). It is read from a
// JSON file (Config.SeedFile, "printdrop emulator --seed"), posted to
// /_emulator/seed, or built in (DemoSeed). GET /_emulator/seed prints the
// active one, which is the easiest way to start a file of your own.
type Seed struct {
	TenantID string        `json:"tenantId"`
	ClientID string        `json:"clientId"`
	Users    []SeedUser    `json:"users"`
	Printers []SeedPrinter `json:"printers"`
}

// SeedUser is a user who can sign in. The first user is the demo user.
type SeedUser struct {
	ID                string `json:"id"`
	UserPrincipalName string `json:"userPrincipalName"`
	DisplayName       string `json:"displayName"`
	Password          string `json:"password"`
	PrinterAdmin      bool   `json:"printerAdmin,omitempty"`
	// HomeTenant is the tenant id of another organization: the account
	// signs in with its password but is refused (AADSTS50020).
	HomeTenant string `json:"homeTenant,omitempty"`
}

// SeedPrinter is a printer and its share. Location and Defaults are free-form
// JSON objects passed through as given (property names as in Graph's CSDL);
// Capabilities is typed because job configurations are validated against it.
type SeedPrinter struct {
	ID                 string         `json:"id"`
	DisplayName        string         `json:"displayName"`
	Manufacturer       string         `json:"manufacturer"`
	Model              string         `json:"model"`
	IsAcceptingJobs    bool           `json:"isAcceptingJobs"`
	HasPhysicalDevice  bool           `json:"hasPhysicalDevice"`
	RegisteredDateTime string         `json:"registeredDateTime"`
	Location           map[string]any `json:"location,omitempty"`
	Status             PrinterStatus  `json:"status"`
	Capabilities       Capabilities   `json:"capabilities"`
	Defaults           map[string]any `json:"defaults,omitempty"`
	Share              SeedShare      `json:"share"`
}

// SeedShare is the printer's share. A share is visible to a user when
// AllowAllUsers is set or the user's id or UPN is in AllowedUsers.
type SeedShare struct {
	ID              string   `json:"id"`
	DisplayName     string   `json:"displayName"`
	AllowAllUsers   bool     `json:"allowAllUsers"`
	AllowedUsers    []string `json:"allowedUsers,omitempty"`
	CreatedDateTime string   `json:"createdDateTime"`
	// ReleaseMechanisms are the share's secure-release methods; with
	// "qrCode" a started job waits in paused/[releaseWait] until it is
	// released (POST /_emulator/jobs/{id}/release, or Graph's
	// POST /print/printers/{id}/jobs/release).
	ReleaseMechanisms []string `json:"releaseMechanisms,omitempty"`
}

// PrinterStatus is Graph's printerStatus.
type PrinterStatus struct {
	State       string   `json:"state"`
	Details     []string `json:"details"`
	Description string   `json:"description"`
}

// IntegerRange is Graph's integerRange (inclusive).
type IntegerRange struct {
	Start int64 `json:"start"`
	End   int64 `json:"end"`
}

// Capabilities is Graph's printerCapabilities (v1.0 CSDL).
type Capabilities struct {
	ContentTypes             []string      `json:"contentTypes"`
	ColorModes               []string      `json:"colorModes"`
	DuplexModes              []string      `json:"duplexModes"`
	CopiesPerJob             *IntegerRange `json:"copiesPerJob"`
	MediaSizes               []string      `json:"mediaSizes"`
	MediaTypes               []string      `json:"mediaTypes"`
	MediaColors              []string      `json:"mediaColors"`
	Orientations             []string      `json:"orientations"`
	IsPageRangeSupported     bool          `json:"isPageRangeSupported"`
	Dpis                     []int64       `json:"dpis"`
	PagesPerSheet            []int64       `json:"pagesPerSheet"`
	Qualities                []string      `json:"qualities"`
	Scalings                 []string      `json:"scalings"`
	MultipageLayouts         []string      `json:"multipageLayouts"`
	FeedOrientations         []string      `json:"feedOrientations"`
	Finishings               []string      `json:"finishings"`
	InputBins                []string      `json:"inputBins"`
	OutputBins               []string      `json:"outputBins"`
	TopMargins               []int64       `json:"topMargins"`
	BottomMargins            []int64       `json:"bottomMargins"`
	LeftMargins              []int64       `json:"leftMargins"`
	RightMargins             []int64       `json:"rightMargins"`
	Collation                bool          `json:"collation"`
	IsColorPrintingSupported bool          `json:"isColorPrintingSupported"`
	SupportsFitPdfToPage     bool          `json:"supportsFitPdfToPage"`
}

// LoadSeed reads and checks a seed file.
func LoadSeed(path string) (Seed, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return Seed{}, fmt.Errorf("read the seed file: %w", err)
	}
	return ParseSeed(b)
}

// ParseSeed decodes a seed and checks what the emulator relies on: ids
// present and unique, at least one user, every status state set.
func ParseSeed(b []byte) (Seed, error) {
	var s Seed
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&s); err != nil {
		return Seed{}, fmt.Errorf("the seed is not valid JSON for the seed format (see docs/emulator.md): %w", err)
	}
	return s, s.validate()
}

func (s Seed) validate() error {
	if s.TenantID == "" || s.ClientID == "" {
		return fmt.Errorf("the seed needs tenantId and clientId")
	}
	if len(s.Users) == 0 {
		return fmt.Errorf("the seed needs at least one user (the first one is the demo user)")
	}
	seen := map[string]bool{}
	unique := func(kind, id string) error {
		if id == "" {
			return fmt.Errorf("a %s in the seed has no id", kind)
		}
		if seen[strings.ToLower(id)] {
			return fmt.Errorf("the seed uses the id %q twice", id)
		}
		seen[strings.ToLower(id)] = true
		return nil
	}
	for _, u := range s.Users {
		if err := unique("user", u.ID); err != nil {
			return err
		}
		if u.UserPrincipalName == "" || u.Password == "" {
			return fmt.Errorf("seed user %s needs userPrincipalName and password", u.ID)
		}
	}
	for _, p := range s.Printers {
		if err := unique("printer", p.ID); err != nil {
			return err
		}
		if err := unique("share", p.Share.ID); err != nil {
			return err
		}
		if p.Status.State == "" {
			return fmt.Errorf("seed printer %s needs status.state", p.ID)
		}
	}
	return nil
}
