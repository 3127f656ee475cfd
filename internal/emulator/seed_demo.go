package emulator

import "fmt"

// Stable identifiers of the built-in demo seed, for tests and goldens.
const (
	DemoTenantID    = "8b1f0c2e-5a7d-4c3b-9e1f-2d4a6b8c0e11"
	DemoClientID    = "4f5e6d7c-8b9a-4c1d-8e2f-3a4b5c6d7e80"
	DemoUserID      = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
	DemoUserUPN     = "ana@contoso.example"
	DemoPassword    = "PrintDrop-demo-1"
	SecondUserID    = "1b2c3d4e-5f60-4b7c-9d8e-0f1a2b3c4d5e"
	SecondUserUPN   = "ben@contoso.example"
	SecondPassword  = "PrintDrop-demo-2"
	AdminUserID     = "2c3d4e5f-6071-4c8d-8e9f-1a2b3c4d5e6f"
	AdminUserUPN    = "admin@contoso.example"
	AdminPassword   = "PrintDrop-admin-1"
	demoSeedMoment  = "2026-03-02T08:00:00.0000000Z"
	demoShareFormat = "5a2e%04x-0000-4000-8000-00000000%04x"
	demoPrintFormat = "9c1d%04x-0000-4000-8000-00000000%04x"
)

// Shares of the demo seed that tests single out. Each share's printer id is
// DemoPrinterID(n) for the same n as DemoShareID(n).
var (
	// ShareDefault is "Lyon HQ – Floor 2 Copy Room": idle, PDF, A4, duplex, grayscale and color.
	ShareDefault = DemoShareID(1)
	// ShareColor is a color printer (isColorPrintingSupported, colorModes include color).
	ShareColor = DemoShareID(2)
	// ShareOXPSOnly takes only application/oxps (so PDF uploads answer 415).
	ShareOXPSOnly = DemoShareID(3)
	// ShareStopped is stopped with the reason mediaJam.
	ShareStopped = DemoShareID(4)
	// ShareNotAccepting has isAcceptingJobs false.
	ShareNotAccepting = DemoShareID(5)
	// ShareLetter uses North America paper sizes (Letter, Legal).
	ShareLetter = DemoShareID(6)
	// ShareRestricted is visible only to SecondUserUPN (allowAllUsers false).
	ShareRestricted = DemoShareID(7)
	// SharePDFOnly takes application/pdf but not OXPS (OXPS uploads are converted: accepted).
	SharePDFOnly = DemoShareID(8)
	// ShareRelease holds every started job for release at the printer
	// (releaseMechanisms qrCode) until POST /_emulator/jobs/{id}/release.
	ShareRelease = DemoShareID(10)
)

// DemoShareID is the id of the n-th share (1-based) of the demo seed.
func DemoShareID(n int) string { return fmt.Sprintf(demoShareFormat, n, n) }

// DemoPrinterID is the id of the n-th printer (1-based) of the demo seed.
func DemoPrinterID(n int) string { return fmt.Sprintf(demoPrintFormat, n, n) }

type demoSite struct {
	city, country, state, postal, street, site string
	lat, lon                                   float64
}

var demoSites = []demoSite{
	{"Lyon", "FR", "Auvergne-Rhône-Alpes", "69002", "12 Quai Saint-Antoine", "Lyon HQ", 45.7640, 4.8357},
	{"Seattle", "US", "WA", "98101", "400 Pine Street", "Seattle Campus", 47.6062, -122.3321},
	{"Munich", "DE", "Bavaria", "80331", "Marienplatz 8", "Munich Office", 48.1374, 11.5755},
	{"Osaka", "JP", "Osaka", "530-0001", "3-1 Umeda, Kita-ku", "Osaka Branch", 34.7025, 135.4959},
	{"Toronto", "CA", "ON", "M5H 2N2", "100 Queen Street West", "Toronto Office", 43.6532, -79.3832},
}

type demoModel struct {
	manufacturer, model string
	color               bool
}

var demoModels = []demoModel{
	{"Contoso", "LaserMax 400", false},
	{"HP", "Color LaserJet Enterprise M555dn", true},
	{"Canon", "imageRUNNER ADVANCE DX C5860i", true},
	{"Brother", "HL-L6400DW", false},
	{"Lexmark", "MS823dn", false},
	{"Xerox", "VersaLink C7030", true},
	{"Kyocera", "ECOSYS P3260dn", false},
	{"Ricoh", "IM C3000", true},
	{"Epson", "WorkForce Enterprise AM-C4000", true},
	{"Konica Minolta", "bizhub 4750i", false},
}

var demoRooms = []string{"Copy Room", "Reception", "Finance", "Engineering", "Print Corner", "Mail Room"}

// DemoSeed returns the built-in data set: one tenant, three users (the demo
// user, a second user, a printer administrator) and 30 printers with shares
// across five cities. It is deterministic: same ids, names and timestamps on
// every call.
func DemoSeed() Seed {
	s := Seed{
		TenantID: DemoTenantID,
		ClientID: DemoClientID,
		Users: []SeedUser{
			{ID: DemoUserID, UserPrincipalName: DemoUserUPN, DisplayName: "Ana Example", Password: DemoPassword},
			{ID: SecondUserID, UserPrincipalName: SecondUserUPN, DisplayName: "Ben Sample", Password: SecondPassword},
			{ID: AdminUserID, UserPrincipalName: AdminUserUPN, DisplayName: "Printer Admin", Password: AdminPassword, PrinterAdmin: true},
		},
	}
	for n := 1; n <= 30; n++ {
		s.Printers = append(s.Printers, demoPrinter(n))
	}
	return s
}

func demoPrinter(n int) SeedPrinter {
	site := demoSites[(n-1)%len(demoSites)]
	m := demoModels[(n-1)%len(demoModels)]
	floor := 1 + (n-1)/len(demoSites)%4
	building := string(rune('A' + (n-1)%3))
	room := demoRooms[(n-1)%len(demoRooms)]
	color := m.color
	sizes := []string{"A4", "A5", "A3"}
	defSize := "A4"
	if site.country == "US" || site.country == "CA" {
		sizes = []string{"North America Letter", "North America Legal", "North America Executive"}
		defSize = "North America Letter"
	}
	contentTypes := []string{"application/pdf", "image/pwg-raster", "application/oxps", "image/jpeg"}
	status := PrinterStatus{State: "idle", Details: []string{}, Description: ""}
	accepting := true
	allowAll := true
	var allowed, release []string
	name := fmt.Sprintf("%s – Floor %d %s", site.site, floor, room)

	switch n {
	case 1:
		name = "Lyon HQ – Floor 2 Copy Room"
		floor = 2 // the location must say the floor the name says
		color = true
	case 2:
		color = true
		name = "Seattle Campus – Marketing Color"
	case 3:
		contentTypes = []string{"application/oxps"}
		name = "Munich Office – XPS Plotter"
	case 4:
		status = PrinterStatus{State: "stopped", Details: []string{"mediaJam"}, Description: "Paper jam in tray 2. Open door B to clear it."}
		name = "Osaka Branch – Floor 1 Copy Room (jammed)"
		floor = 1
	case 5:
		accepting = false
		name = "Toronto Office – Reception (not accepting jobs)"
	case 6:
		sizes = []string{"North America Letter", "North America Legal"}
		defSize = "North America Letter"
		name = "Lyon HQ – US Paper Letter"
	case 7:
		allowAll = false
		allowed = []string{SecondUserUPN}
		name = "Seattle Campus – Executive Suite"
	case 8:
		contentTypes = []string{"application/pdf"}
		name = "Munich Office – PDF Direct"
	case 10:
		name = "Toronto Office – Secure Release (scan the QR code)"
		release = []string{"qrCode"}
	}
	if n%9 == 0 {
		status = PrinterStatus{State: "processing", Details: []string{}, Description: "Printing"}
	}
	colorModes := []string{"grayscale", "blackAndWhite"}
	defColor := "grayscale"
	if color {
		colorModes = []string{"grayscale", "blackAndWhite", "color", "auto"}
		defColor = "auto"
	}
	caps := Capabilities{
		ContentTypes:             contentTypes,
		ColorModes:               colorModes,
		DuplexModes:              []string{"oneSided", "flipOnLongEdge", "flipOnShortEdge"},
		CopiesPerJob:             &IntegerRange{Start: 1, End: 99},
		MediaSizes:               sizes,
		MediaTypes:               []string{"stationery", "transparency", "envelope"},
		MediaColors:              []string{"white"},
		Orientations:             []string{"portrait", "landscape"},
		IsPageRangeSupported:     true,
		Dpis:                     []int64{300, 600},
		PagesPerSheet:            []int64{1, 2, 4},
		Qualities:                []string{"medium", "high"},
		Scalings:                 []string{"auto", "fit", "fill", "none"},
		MultipageLayouts:         []string{"clockwiseFromTopLeft"},
		FeedOrientations:         []string{"longEdgeFirst"},
		Finishings:               []string{"none", "staple"},
		InputBins:                []string{"auto", "tray-1", "tray-2"},
		OutputBins:               []string{"auto"},
		TopMargins:               []int64{0, 4230},
		BottomMargins:            []int64{0, 4230},
		LeftMargins:              []int64{0, 4230},
		RightMargins:             []int64{0, 4230},
		Collation:                true,
		IsColorPrintingSupported: color,
		SupportsFitPdfToPage:     true,
	}
	if n%4 == 0 {
		caps.DuplexModes = []string{"oneSided"}
		caps.Finishings = []string{"none"}
	}
	defDuplex := "flipOnLongEdge"
	if len(caps.DuplexModes) == 1 {
		defDuplex = "oneSided"
	}
	return SeedPrinter{
		ID:                 DemoPrinterID(n),
		DisplayName:        fmt.Sprintf("%s %s (%s-%02d)", m.manufacturer, m.model, site.city, n),
		Manufacturer:       m.manufacturer,
		Model:              m.model,
		IsAcceptingJobs:    accepting,
		HasPhysicalDevice:  true,
		RegisteredDateTime: demoSeedMoment,
		Location: map[string]any{
			"latitude": site.lat, "longitude": site.lon, "altitudeInMeters": 10 * floor,
			"streetAddress": site.street, "city": site.city, "postalCode": site.postal,
			"countryOrRegion": site.country, "stateOrProvince": site.state, "site": site.site,
			"building": building, "floor": fmt.Sprint(floor), "floorDescription": fmt.Sprintf("Floor %d", floor),
			"roomName": room, "roomDescription": "", "organization": []string{"Contoso"},
			"subdivision": []string{}, "subunit": []string{},
		},
		Status:       status,
		Capabilities: caps,
		Defaults: map[string]any{
			"contentType": contentTypes[0], "copiesPerJob": 1, "colorMode": defColor,
			"duplexMode": defDuplex, "mediaSize": defSize, "orientation": "portrait",
			"quality": "medium", "dpi": 600, "pagesPerSheet": 1, "scaling": "auto",
			"fitPdfToPage": false, "finishings": []string{"none"}, "inputBin": "auto", "outputBin": "auto",
			"mediaType": "stationery", "mediaColor": nil, "multipageLayout": nil,
		},
		Share: SeedShare{
			ID:                DemoShareID(n),
			DisplayName:       name,
			AllowAllUsers:     allowAll,
			AllowedUsers:      allowed,
			ReleaseMechanisms: release,
			CreatedDateTime:   demoSeedMoment,
		},
	}
}
