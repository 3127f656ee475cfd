package workflow

import (
	"fmt"
	"net/url"
	"strings"
	"sync"

	"printdrop/internal/cloud"
	"printdrop/internal/say"
)

// Preferences is the small part of fyne.Preferences that settings need, so
// the window can pass app.Preferences() while tests and the command line use
// MemoryPreferences. Keeping it this narrow keeps fyne out of this package.
type Preferences interface {
	StringWithFallback(key, fallback string) string
	SetString(key, value string)
	IntWithFallback(key string, fallback int) int
	SetInt(key string, value int)
	RemoveValue(key string)
}

// Preference keys. They are part of the stored format: renaming one loses
// what users saved under the old name.
const (
	KeyClientID    = "clientID"
	KeyTenant      = "tenant"
	KeyCloud       = "cloud"
	KeyAuthority   = "authorityURL"
	KeyGraphURL    = "graphURL"
	KeyChunkSize   = "chunkSize"
	KeyParallel    = "parallel"
	KeyProtocol    = "protocol"
	KeyLastShareID = "lastShareID"
)

// Defaults used when nothing is stored.
const (
	DefaultTenant    = "organizations"
	DefaultChunkSize = 4_096_000 // 20 x 200 KiB: each PUT must carry under 10 MB, in either reading of MB
	DefaultParallel  = 4         // the service allows four concurrent PUTs per session
	// ChunkUnit is the granularity the service recommends for chunks.
	ChunkUnit = 204_800
	// MaxChunkSize is the first size the service refuses for one PUT.
	MaxChunkSize = 10_000_000
	// MaxParallel is the most PUTs in flight the service accepts per session.
	MaxParallel = 4
)

// Cloud names a Microsoft cloud: it decides the sign-in and Graph hosts.
type Cloud string

// The clouds PrintDrop knows. CloudCustom uses Settings.AuthorityURL and
// Settings.GraphURL as given (the emulator, a proxy).
const (
	CloudGlobal Cloud = "global"
	CloudUSGov  Cloud = "usgov"
	CloudUSDoD  Cloud = "usdod"
	CloudChina  Cloud = "china"
	CloudCustom Cloud = "custom"
)

// Protocol is the upload protocol: the v1.0 upload session, or the 2020
// draft printUploadSession (kept for services that still speak it).
type Protocol string

// Upload protocols.
const (
	ProtocolV1    Protocol = "v1"
	ProtocolDraft Protocol = "draft"
)

// ParseProtocol accepts "v1" (also "v1.0") or "draft".
func ParseProtocol(s string) (Protocol, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "v1", "v1.0":
		return ProtocolV1, nil
	case "draft", "beta":
		return ProtocolDraft, nil
	}
	return "", fmt.Errorf("unknown upload protocol %q: use v1 or draft", s)
}

// Settings are PrintDrop's typed settings. The zero value is not useful: use
// DefaultSettings or LoadSettings, which fill in the defaults.
type Settings struct {
	ClientID string // application (client) ID of the app registration
	Tenant   string // tenant id or domain, or "organizations"
	Cloud    Cloud
	// AuthorityURL and GraphURL override the cloud's hosts when set
	// (CloudCustom: the emulator, national clouds not listed).
	AuthorityURL string
	GraphURL     string
	ChunkSize    int64
	Parallel     int
	Protocol     Protocol
	LastShareID  string
}

// DefaultSettings are the settings of a first run.
func DefaultSettings() Settings {
	return Settings{
		Tenant:    DefaultTenant,
		Cloud:     CloudGlobal,
		ChunkSize: DefaultChunkSize,
		Parallel:  DefaultParallel,
		Protocol:  ProtocolV1,
	}
}

// LoadSettings reads the settings from p, falling back to the defaults for
// anything missing or no longer valid (so a bad stored value never blocks
// the app from starting).
func LoadSettings(p Preferences) Settings {
	d := DefaultSettings()
	s := Settings{
		ClientID:     p.StringWithFallback(KeyClientID, ""),
		Tenant:       p.StringWithFallback(KeyTenant, d.Tenant),
		Cloud:        Cloud(p.StringWithFallback(KeyCloud, string(d.Cloud))),
		AuthorityURL: p.StringWithFallback(KeyAuthority, ""),
		GraphURL:     p.StringWithFallback(KeyGraphURL, ""),
		ChunkSize:    int64(p.IntWithFallback(KeyChunkSize, int(d.ChunkSize))),
		Parallel:     p.IntWithFallback(KeyParallel, d.Parallel),
		Protocol:     Protocol(p.StringWithFallback(KeyProtocol, string(d.Protocol))),
		LastShareID:  p.StringWithFallback(KeyLastShareID, ""),
	}
	if s.Tenant == "" {
		s.Tenant = d.Tenant
	}
	if _, ok := cloud.Known[string(s.Cloud)]; !ok && s.Cloud != CloudCustom {
		s.Cloud = d.Cloud
	}
	if CheckChunkSize(s.ChunkSize) != nil {
		s.ChunkSize = d.ChunkSize
	}
	if CheckParallel(s.Parallel) != nil {
		s.Parallel = d.Parallel
	}
	if _, err := ParseProtocol(string(s.Protocol)); err != nil {
		s.Protocol = d.Protocol
	}
	return s
}

// Authority is the sign-in authority URL, ending in the tenant.
func (s Settings) Authority() string {
	if s.AuthorityURL != "" {
		return strings.TrimRight(s.AuthorityURL, "/")
	}
	tenant := s.Tenant
	if tenant == "" {
		tenant = DefaultTenant
	}
	return cloudHost(s.Cloud).Login + "/" + url.PathEscape(tenant)
}

// Graph is the Graph host URL, without the version path.
func (s Settings) Graph() string {
	if s.GraphURL != "" {
		return strings.TrimRight(s.GraphURL, "/")
	}
	return cloudHost(s.Cloud).Graph
}

// cloudHost is c's hosts from the one table; an unknown or custom cloud
// falls back to the worldwide one.
func cloudHost(c Cloud) cloud.Hosts {
	if h, ok := cloud.Known[string(c)]; ok {
		return h
	}
	return cloud.Known[string(CloudGlobal)]
}

// Each setting's rule is written once, below and in resolve.go
// (CheckClientID, CheckTenant, ParseCloud). Validate, LoadSettings (which
// falls back to the default for a stored value that breaks one), the setup
// form and the command line's flags all use them.

// Validate reports the first setting that cannot work, in words a user can
// act on.
func (s Settings) Validate() error {
	if strings.TrimSpace(s.ClientID) == "" {
		return ErrNoClientID
	}
	if err := CheckEndpoint(AuthorityName, s.Authority()); err != nil {
		return err
	}
	if err := CheckEndpoint(GraphName, s.Graph()); err != nil {
		return err
	}
	if err := CheckChunkSize(s.ChunkSize); err != nil {
		return err
	}
	if err := CheckParallel(s.Parallel); err != nil {
		return err
	}
	_, err := ParseProtocol(string(s.Protocol))
	return err
}

// The names CheckEndpoint gives the two addresses in its messages.
const (
	AuthorityName = "sign-in address"
	GraphName     = "Graph address"
)

// endpointWords say that the address called what is not one.
var endpointWords = map[string]string{
	AuthorityName: `The sign-in address "{{.Value}}" is not a web address`,
	GraphName:     `The Graph address "{{.Value}}" is not a web address`,
}

// CheckEndpoint says whether u can be the address called what: an http or
// https URL with a host. (Whether plain http is allowed, loopback only, is
// decided where the address is called: internal/httpsonly.)
func CheckEndpoint(what, u string) error {
	p, err := url.Parse(strings.TrimSpace(u))
	if err != nil || (p.Scheme != "https" && p.Scheme != "http") || p.Host == "" {
		return settingError(what, saying{say.T(endpointWords[what], say.Args{"Value": clipValue(u)}), say.T("use https://host/path.")})
	}
	return nil
}

// CheckParallel says whether n chunks may be sent at once.
func CheckParallel(n int) error {
	if n < 1 || n > MaxParallel {
		return &SettingError{Field: "parallel", Msg: fmt.Sprintf("parallel uploads must be between 1 and %d, not %d", MaxParallel, n)}
	}
	return nil
}

// CheckChunkSize says whether n can be used as the chunk size: a multiple
// of 200 KiB (204,800 bytes) below 10,000,000 bytes, as the service
// recommends and accepts.
func CheckChunkSize(n int64) error {
	if n <= 0 || n%ChunkUnit != 0 || n >= MaxChunkSize {
		return fmt.Errorf("chunk size %d does not work: use a multiple of 204800 bytes (200 KiB) below 10000000, for example 4096000 (4000KiB)", n)
	}
	return nil
}

// MemoryPreferences keeps preferences in memory: for tests and the command
// line, which has no preference file of its own. Safe for concurrent use.
type MemoryPreferences struct {
	mu     sync.Mutex
	values map[string]any
}

// NewMemoryPreferences returns empty in-memory preferences.
func NewMemoryPreferences() *MemoryPreferences {
	return &MemoryPreferences{values: map[string]any{}}
}

// StringWithFallback returns the string stored at key, or fallback.
func (m *MemoryPreferences) StringWithFallback(key, fallback string) string {
	m.mu.Lock()
	defer m.mu.Unlock()
	if v, ok := m.values[key].(string); ok {
		return v
	}
	return fallback
}

// SetString stores a string.
func (m *MemoryPreferences) SetString(key, value string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.values[key] = value
}

// IntWithFallback returns the int stored at key, or fallback.
func (m *MemoryPreferences) IntWithFallback(key string, fallback int) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	if v, ok := m.values[key].(int); ok {
		return v
	}
	return fallback
}

// SetInt stores an int.
func (m *MemoryPreferences) SetInt(key string, value int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.values[key] = value
}

// RemoveValue forgets key.
func (m *MemoryPreferences) RemoveValue(key string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.values, key)
}
