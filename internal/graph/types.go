package graph

import (
	"strings"
)

// Enumerations are string types, never Go ints: a value Graph adds later
// (or the docs' own "disconnected") must decode, not break the response.

// PrinterState is printerProcessingState.
type PrinterState string

// Printer states from the v1.0 CSDL.
const (
	PrinterUnknown    PrinterState = "unknown"
	PrinterIdle       PrinterState = "idle"
	PrinterProcessing PrinterState = "processing"
	PrinterStopped    PrinterState = "stopped"
)

// PrinterStateDetail is one printerProcessingStateDetail; the enum has over
// 800 members and the docs use values outside it, so only a few are named.
type PrinterStateDetail string

// Printer details the UI explains specially.
const (
	DetailPaused       PrinterStateDetail = "paused"
	DetailMediaJam     PrinterStateDetail = "mediaJam"
	DetailMediaEmpty   PrinterStateDetail = "mediaEmpty"
	DetailCoverOpen    PrinterStateDetail = "coverOpen"
	DetailTonerLow     PrinterStateDetail = "tonerLow"
	DetailDisconnected PrinterStateDetail = "disconnected" // used by the docs, not in the CSDL enum
)

// JobState is printJobProcessingState.
type JobState string

// Job states from the v1.0 CSDL.
const (
	JobUnknown    JobState = "unknown"
	JobPending    JobState = "pending"
	JobProcessing JobState = "processing"
	JobPaused     JobState = "paused"
	JobStopped    JobState = "stopped"
	JobCompleted  JobState = "completed"
	JobCanceled   JobState = "canceled"
	JobAborted    JobState = "aborted"
)

// JobStateDetail is printJobStateDetail.
type JobStateDetail string

// Job details from the v1.0 CSDL.
const (
	JobUploadPending         JobStateDetail = "uploadPending"
	JobTransforming          JobStateDetail = "transforming"
	JobCompletedSuccessfully JobStateDetail = "completedSuccessfully"
	JobCompletedWithWarnings JobStateDetail = "completedWithWarnings"
	JobCompletedWithErrors   JobStateDetail = "completedWithErrors"
	JobReleaseWait           JobStateDetail = "releaseWait"
	JobInterpreting          JobStateDetail = "interpreting"
)

// ColorMode is printColorMode.
type ColorMode string

// Color modes.
const (
	ColorBlackAndWhite ColorMode = "blackAndWhite"
	ColorGrayscale     ColorMode = "grayscale"
	ColorColor         ColorMode = "color"
	ColorAuto          ColorMode = "auto"
)

// DuplexMode is printDuplexMode.
type DuplexMode string

// Duplex modes.
const (
	DuplexOneSided        DuplexMode = "oneSided"
	DuplexFlipOnLongEdge  DuplexMode = "flipOnLongEdge"
	DuplexFlipOnShortEdge DuplexMode = "flipOnShortEdge"
)

// Orientation is printOrientation.
type Orientation string

// Orientations.
const (
	OrientationPortrait         Orientation = "portrait"
	OrientationLandscape        Orientation = "landscape"
	OrientationReverseLandscape Orientation = "reverseLandscape"
	OrientationReversePortrait  Orientation = "reversePortrait"
)

// Quality is printQuality.
type Quality string

// Qualities.
const (
	QualityLow    Quality = "low"
	QualityMedium Quality = "medium"
	QualityHigh   Quality = "high"
)

// Scaling is printScaling.
type Scaling string

// Scalings.
const (
	ScalingAuto        Scaling = "auto"
	ScalingShrinkToFit Scaling = "shrinkToFit"
	ScalingFill        Scaling = "fill"
	ScalingFit         Scaling = "fit"
	ScalingNone        Scaling = "none"
)

// IntRange is integerRange: inclusive {start, end}, for copies and page ranges.
type IntRange struct {
	Start int64 `json:"start"`
	End   int64 `json:"end"`
}

// Share is a printerShare: the thing a user prints to. Pointer fields are
// nil when Graph left them out (list responses omit most of them).
type Share struct {
	ID              string         `json:"id"`
	DisplayName     string         `json:"displayName"`
	Manufacturer    string         `json:"manufacturer,omitempty"`
	Model           string         `json:"model,omitempty"`
	IsAcceptingJobs *bool          `json:"isAcceptingJobs,omitempty"`
	AllowAllUsers   *bool          `json:"allowAllUsers,omitempty"`
	Location        *Location      `json:"location,omitempty"`
	Status          *PrinterStatus `json:"status,omitempty"`
	Capabilities    *Capabilities  `json:"capabilities,omitempty"`
	Defaults        *Defaults      `json:"defaults,omitempty"`
	CreatedDateTime Time           `json:"createdDateTime"`
	// ViewPoint is the signed-in user's view of the share; recent
	// printer shares carry when the user last printed there.
	ViewPoint *ViewPoint `json:"viewPoint,omitempty"`
}

// ViewPoint is printerShareViewpoint.
type ViewPoint struct {
	LastUsedDateTime Time `json:"lastUsedDateTime"`
}

// PrinterStatus is printerStatus.
type PrinterStatus struct {
	State       PrinterState         `json:"state"`
	Details     []PrinterStateDetail `json:"details"`
	Description string               `json:"description,omitempty"`
}

// Location is printerLocation.
type Location struct {
	Latitude         *float64 `json:"latitude,omitempty"`
	Longitude        *float64 `json:"longitude,omitempty"`
	AltitudeInMeters *int     `json:"altitudeInMeters,omitempty"`
	StreetAddress    string   `json:"streetAddress,omitempty"`
	City             string   `json:"city,omitempty"`
	PostalCode       string   `json:"postalCode,omitempty"`
	CountryOrRegion  string   `json:"countryOrRegion,omitempty"`
	StateOrProvince  string   `json:"stateOrProvince,omitempty"`
	Site             string   `json:"site,omitempty"`
	Building         string   `json:"building,omitempty"`
	Floor            string   `json:"floor,omitempty"`
	FloorDescription string   `json:"floorDescription,omitempty"`
	RoomName         string   `json:"roomName,omitempty"`
	RoomDescription  string   `json:"roomDescription,omitempty"`
	Organization     []string `json:"organization,omitempty"`
	Subdivision      []string `json:"subdivision,omitempty"`
	// Subunit: the CSDL spells it "subunit", the docs "subUnit"; Go's
	// case-insensitive field matching accepts both.
	Subunit []string `json:"subunit,omitempty"`
}

// String reads the location the way a person would say it, most specific
// first: "Room 2.14, Building B, floor 2, Lyon". Short building and floor
// names get a word in front; longer ones are used as written. It is "" when
// nothing useful is known.
func (l *Location) String() string {
	if l == nil {
		return ""
	}
	var parts []string
	add := func(s string) {
		if s = strings.TrimSpace(s); s != "" {
			parts = append(parts, s)
		}
	}
	add(labelled("Room", l.RoomName))
	add(labelled("Building", l.Building))
	if l.FloorDescription != "" {
		add(l.FloorDescription)
	} else {
		add(labelled("floor", l.Floor))
	}
	if l.Building == "" {
		add(l.Site)
	}
	if l.City != "" {
		add(l.City)
	} else {
		add(l.CountryOrRegion)
	}
	return strings.Join(parts, ", ")
}

// labelled prefixes a bare short name ("B", "2", "204") with its noun.
func labelled(noun, v string) string {
	v = strings.TrimSpace(v)
	if v == "" || len(v) > 4 || strings.Contains(strings.ToLower(v), strings.ToLower(noun)) {
		return v
	}
	return noun + " " + v
}

// Capabilities is printerCapabilities (only present when asked for with $select).
type Capabilities struct {
	ContentTypes             []string      `json:"contentTypes,omitempty"`
	ColorModes               []ColorMode   `json:"colorModes,omitempty"`
	DuplexModes              []DuplexMode  `json:"duplexModes,omitempty"`
	CopiesPerJob             *IntRange     `json:"copiesPerJob,omitempty"`
	MediaSizes               []string      `json:"mediaSizes,omitempty"`
	MediaTypes               []string      `json:"mediaTypes,omitempty"`
	MediaColors              []string      `json:"mediaColors,omitempty"`
	Orientations             []Orientation `json:"orientations,omitempty"`
	IsPageRangeSupported     *bool         `json:"isPageRangeSupported,omitempty"`
	Dpis                     []int         `json:"dpis,omitempty"`
	Qualities                []Quality     `json:"qualities,omitempty"`
	Scalings                 []Scaling     `json:"scalings,omitempty"`
	PagesPerSheet            []int         `json:"pagesPerSheet,omitempty"`
	MultipageLayouts         []string      `json:"multipageLayouts,omitempty"`
	FeedOrientations         []string      `json:"feedOrientations,omitempty"`
	Finishings               []string      `json:"finishings,omitempty"`
	InputBins                []string      `json:"inputBins,omitempty"`
	OutputBins               []string      `json:"outputBins,omitempty"`
	TopMargins               []int         `json:"topMargins,omitempty"`
	BottomMargins            []int         `json:"bottomMargins,omitempty"`
	LeftMargins              []int         `json:"leftMargins,omitempty"`
	RightMargins             []int         `json:"rightMargins,omitempty"`
	Collation                *bool         `json:"collation,omitempty"`
	IsColorPrintingSupported *bool         `json:"isColorPrintingSupported,omitempty"`
	SupportsFitPdfToPage     *bool         `json:"supportsFitPdfToPage,omitempty"`
}

// Defaults is printerDefaults.
type Defaults struct {
	ContentType     string      `json:"contentType,omitempty"`
	CopiesPerJob    *int        `json:"copiesPerJob,omitempty"`
	ColorMode       ColorMode   `json:"colorMode,omitempty"`
	DuplexMode      DuplexMode  `json:"duplexMode,omitempty"`
	Orientation     Orientation `json:"orientation,omitempty"`
	MediaSize       string      `json:"mediaSize,omitempty"`
	MediaType       string      `json:"mediaType,omitempty"`
	MediaColor      string      `json:"mediaColor,omitempty"`
	Quality         Quality     `json:"quality,omitempty"`
	Scaling         Scaling     `json:"scaling,omitempty"`
	Dpi             *int        `json:"dpi,omitempty"`
	PagesPerSheet   *int        `json:"pagesPerSheet,omitempty"`
	MultipageLayout string      `json:"multipageLayout,omitempty"`
	FitPdfToPage    *bool       `json:"fitPdfToPage,omitempty"`
	Finishings      []string    `json:"finishings,omitempty"`
	InputBin        string      `json:"inputBin,omitempty"`
	OutputBin       string      `json:"outputBin,omitempty"`
}

// Job is printJob.
type Job struct {
	ID                   string           `json:"id"`
	DisplayName          string           `json:"displayName,omitempty"` // beta only
	CreatedDateTime      Time             `json:"createdDateTime"`
	CreatedBy            *UserIdentity    `json:"createdBy,omitempty"`
	Status               JobStatus        `json:"status"`
	Configuration        JobConfiguration `json:"configuration"`
	IsFetchable          bool             `json:"isFetchable"`
	RedirectedFrom       string           `json:"redirectedFrom,omitempty"`
	RedirectedTo         string           `json:"redirectedTo,omitempty"`
	ErrorCode            *int             `json:"errorCode,omitempty"`
	AcknowledgedDateTime Time             `json:"acknowledgedDateTime"`
	Documents            []Document       `json:"documents,omitempty"`
}

// JobStatus is printJobStatus (also what start returns).
type JobStatus struct {
	State               JobState         `json:"state"`
	Description         string           `json:"description"`
	Details             []JobStateDetail `json:"details"`
	IsAcquiredByPrinter bool             `json:"isAcquiredByPrinter"`
}

// Terminal reports whether the job can no longer change: completed, canceled or aborted.
func (s JobStatus) Terminal() bool {
	switch s.State {
	case JobCompleted, JobCanceled, JobAborted:
		return true
	}
	return false
}

// Has reports whether d is among the status details.
func (s JobStatus) Has(d JobStateDetail) bool {
	for _, x := range s.Details {
		if x == d {
			return true
		}
	}
	return false
}

// JobConfiguration is printJobConfiguration. Every field is optional: nil
// leaves the choice to the printer's defaults.
type JobConfiguration struct {
	Copies          *int         `json:"copies,omitempty"`
	ColorMode       *ColorMode   `json:"colorMode,omitempty"`
	DuplexMode      *DuplexMode  `json:"duplexMode,omitempty"`
	MediaSize       *string      `json:"mediaSize,omitempty"`
	MediaType       *string      `json:"mediaType,omitempty"`
	Orientation     *Orientation `json:"orientation,omitempty"`
	PageRanges      []IntRange   `json:"pageRanges,omitempty"`
	FitPdfToPage    *bool        `json:"fitPdfToPage,omitempty"`
	Dpi             *int         `json:"dpi,omitempty"`
	Quality         *Quality     `json:"quality,omitempty"`
	Scaling         *Scaling     `json:"scaling,omitempty"`
	Collate         *bool        `json:"collate,omitempty"`
	PagesPerSheet   *int         `json:"pagesPerSheet,omitempty"`
	MultipageLayout *string      `json:"multipageLayout,omitempty"`
	FeedOrientation *string      `json:"feedOrientation,omitempty"`
	Finishings      []string     `json:"finishings,omitempty"`
	InputBin        *string      `json:"inputBin,omitempty"`
	OutputBin       *string      `json:"outputBin,omitempty"`
	Margin          *Margin      `json:"margin,omitempty"`
}

// Margin is printMargin, in microns.
type Margin struct {
	Top    *int `json:"top,omitempty"`
	Bottom *int `json:"bottom,omitempty"`
	Left   *int `json:"left,omitempty"`
	Right  *int `json:"right,omitempty"`
}

// Ptr returns a pointer to v, for filling JobConfiguration literals.
func Ptr[T any](v T) *T { return &v }

// Document is printDocument.
type Document struct {
	ID                 string `json:"id"`
	DisplayName        string `json:"displayName"`
	ContentType        string `json:"contentType"`
	Size               int64  `json:"size"`
	UploadedDateTime   Time   `json:"uploadedDateTime"`
	DownloadedDateTime Time   `json:"downloadedDateTime"`
}

// DocumentProperties is printDocumentUploadProperties: all three are required.
type DocumentProperties struct {
	DocumentName string `json:"documentName"`
	ContentType  string `json:"contentType"`
	Size         int64  `json:"size"`
}

// User is the signed-in user (GET /me).
type User struct {
	ID                string `json:"id"`
	DisplayName       string `json:"displayName"`
	UserPrincipalName string `json:"userPrincipalName"`
	Mail              string `json:"mail,omitempty"`
}

// UserIdentity is userIdentity (a job's createdBy).
type UserIdentity struct {
	ID                string `json:"id"`
	DisplayName       string `json:"displayName"`
	UserPrincipalName string `json:"userPrincipalName"`
	IPAddress         string `json:"ipAddress,omitempty"`
}

// page is one page of a collection.
type page[T any] struct {
	NextLink string `json:"@odata.nextLink"`
	Value    []T    `json:"value"`
}
