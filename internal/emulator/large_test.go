package emulator

import (
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"printdrop/internal/emulator/link"
)

// A client that reached Graph under another name (a proxy, a port forward)
// must be sent back there by nextLink and to the same name for its upload.
func TestLinksNameTheHostTheClientCalled(t *testing.T) {
	t.Parallel()
	e := start(t, Config{})
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(e.info.GraphURL, "http://"))
	alias := "localhost:" + port
	req, _ := http.NewRequest("GET", e.info.GraphURL+"/v1.0/print/shares?$top=5", nil)
	req.Host = alias
	req.Header.Set("Authorization", "Bearer "+e.tok)
	res, err := e.hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var page struct {
		NextLink string `json:"@odata.nextLink"`
		Context  string `json:"@odata.context"`
	}
	e.decode(res, 200, &page)
	if !strings.HasPrefix(page.NextLink, "http://"+alias+"/v1.0/print/shares?") || !strings.HasPrefix(page.Context, "http://"+alias+"/") {
		t.Fatalf("nextLink %q, context %q: want links on %s", page.NextLink, page.Context, alias)
	}

	j := e.createJob(ShareDefault)
	url := e.info.GraphURL + "/v1.0/print/shares/" + ShareDefault + "/jobs/" + j.ID + "/documents/" + j.Documents[0].ID + "/createUploadSession"
	req, _ = http.NewRequest("POST", url, strings.NewReader(`{"properties":{"documentName":"a.pdf","contentType":"application/pdf","size":10}}`))
	req.Host = alias
	req.Header.Set("Authorization", "Bearer "+e.tok)
	req.Header.Set("Content-Type", "application/json")
	if res, err = e.hc.Do(req); err != nil {
		t.Fatal(err)
	}
	var us struct {
		UploadURL string `json:"uploadUrl"`
	}
	e.decode(res, 200, &us)
	_, upPort, _ := net.SplitHostPort(strings.TrimPrefix(e.info.UploadURL, "http://"))
	if !strings.HasPrefix(us.UploadURL, "http://localhost:"+upPort+"/uploadSessions/") {
		t.Fatalf("uploadUrl %q: want the upload port on the name the client used", us.UploadURL)
	}
}

func TestSeedSharesAndTop(t *testing.T) {
	t.Parallel()
	e := start(t, Config{SeedShares: 2500})
	items, pages := e.collectShares(e.tok, "/v1.0/print/shares?$top=999")
	if len(items) != 2500 || pages != 3 {
		t.Fatalf("%d shares in %d pages, want 2500 in 3 ($top=999 honoured)", len(items), pages)
	}
	if items[0]["displayName"] != "Share 00000 – Lyon HQ – Floor 2 Copy Room" || items[2499]["id"] != LargeShareID(2499) {
		t.Fatalf("first %v, last %v", items[0]["displayName"], items[2499]["id"])
	}
	e.graphErr(e.graph("GET", "/v1.0/print/shares?$top=1000", nil), 400, "invalidRequest")

	// The control API seeds another count, keeping the users.
	e.decode(e.do("POST", e.info.ControlURL+"/seed/shares", "", map[string]int{"count": 40}, nil), 204, nil)
	if items, _ = e.collectShares(e.tok, "/v1.0/print/shares"); len(items) != 40 {
		t.Fatalf("after seeding 40: %d shares", len(items))
	}
	e.graphErr(e.do("POST", e.info.ControlURL+"/seed/shares", "", map[string]int{"count": MaxSeedShares + 1}, nil), 400, "invalidRequest")
}

// GraphLink shapes the Graph host: a request costs at least a round trip.
func TestGraphLinkShapesGraph(t *testing.T) {
	t.Parallel()
	e := start(t, Config{GraphLink: link.Config{Delay: 40 * time.Millisecond}})
	begin := time.Now()
	e.decode(e.graph("GET", "/v1.0/me", nil), 200, nil)
	if d := time.Since(begin); d < 80*time.Millisecond {
		t.Fatalf("GET /me took %v on a link with 40 ms each way: the Graph host is not shaped", d)
	}
}

// An upload host on another address than Graph (as the real upload service
// is on another host) keeps its own address in uploadUrls: borrowing the
// Graph request's host name would send the client to a port nobody serves.
func TestUploadURLOnItsOwnAddress(t *testing.T) {
	t.Parallel()
	e := start(t, Config{UploadAddr: "127.0.0.2:0"})
	j := e.createJob(ShareDefault)
	path := "/v1.0/print/shares/" + ShareDefault + "/jobs/" + j.ID + "/documents/" + j.Documents[0].ID + "/createUploadSession"
	res := e.graph("POST", path, map[string]any{"properties": map[string]any{"documentName": "a.pdf", "contentType": "application/pdf", "size": 10}})
	var us struct {
		UploadURL string `json:"uploadUrl"`
	}
	e.decode(res, 200, &us)
	if !strings.HasPrefix(us.UploadURL, e.info.UploadURL+"/uploadSessions/") || !strings.HasPrefix(e.info.UploadURL, "http://127.0.0.2:") {
		t.Fatalf("uploadUrl %q, upload host %s: want the upload host's own address", us.UploadURL, e.info.UploadURL)
	}
}
