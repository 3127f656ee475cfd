package emulator

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
)

func TestGraphConventions(t *testing.T) {
	t.Parallel()
	e := start(t, Config{})
	res := e.do("GET", e.info.GraphURL+"/v1.0/me", e.tok, nil, map[string]string{"client-request-id": "abc-123"})
	var me map[string]any
	if got := res.Header.Get("Content-Type"); got != graphJSON {
		t.Errorf("Content-Type %q", got)
	}
	if res.Header.Get("request-id") == "" || res.Header.Get("client-request-id") != "abc-123" {
		t.Errorf("ids: request-id %q client-request-id %q", res.Header.Get("request-id"), res.Header.Get("client-request-id"))
	}
	e.decode(res, 200, &me)
	if me["userPrincipalName"] != DemoUserUPN || me["id"] != DemoUserID || me["mail"] != DemoUserUPN || me["displayName"] != "Ana Example" {
		t.Fatalf("/me %v", me)
	}
	// Without client-request-id, the request-id is echoed in its place.
	res = e.graph("GET", "/beta/me", nil)
	if res.Header.Get("client-request-id") != res.Header.Get("request-id") {
		t.Error("client-request-id is not the request-id when none was sent")
	}
	res.Body.Close()

	e.graphErr(e.graph("GET", "/v1.0/print/nothing/here", nil), 400, "BadRequest")
	e.graphErr(e.graph("GET", "/v1.0/print/shares/00000000-0000-4000-8000-000000000000", nil), 404, "itemNotFound")
	e.graphErr(e.do("GET", e.info.GraphURL+"/elsewhere", "", nil, nil), 404, "itemNotFound")
	e.graphErr(e.do("GET", e.info.UploadURL+"/elsewhere", "", nil, nil), 404, "itemNotFound")
}

func TestGraphAuth(t *testing.T) {
	t.Parallel()
	e := start(t, Config{})
	res := e.do("GET", e.info.GraphURL+"/v1.0/print/shares", "", nil, nil)
	if got := res.Header.Get("WWW-Authenticate"); !strings.HasPrefix(got, "Bearer ") {
		t.Errorf("401 WWW-Authenticate = %q, want a Bearer challenge", got)
	}
	msg := e.graphErr(res, 401, "InvalidAuthenticationToken")
	if msg != "Access token is empty." {
		t.Errorf("no-token message %q", msg)
	}
	e.graphErr(e.do("GET", e.info.GraphURL+"/v1.0/print/shares", "not-a-token", nil, nil), 401, "InvalidAuthenticationToken")

	shareOnly := e.token("", "PrinterShare.ReadBasic.All")
	msg = e.graphErr(e.do("POST", e.info.GraphURL+"/v1.0/print/shares/"+ShareDefault+"/jobs", shareOnly, map[string]any{}, nil), 403, "UnknownError")
	if msg != `"The token does not have one or more required security scopes."` {
		t.Errorf("403 message %q", msg)
	}
	e.graphErr(e.do("GET", e.info.GraphURL+"/v1.0/me", shareOnly, nil, nil), 403, "UnknownError")
	// Printers need the scope and a Printer Administrator.
	userPrinters := e.token("", "Printer.Read.All")
	e.graphErr(e.do("GET", e.info.GraphURL+"/v1.0/print/printers", userPrinters, nil, nil), 403, "accessDenied")
	admin := e.token(AdminUserUPN, "Printer.Read.All")
	var list struct{ Value []map[string]any }
	e.decode(e.do("GET", e.info.GraphURL+"/v1.0/print/printers", admin, nil, nil), 200, &list)
	if len(list.Value) != 30 || list.Value[0]["capabilities"] != nil || list.Value[0]["isShared"] != true {
		t.Fatalf("printers list: %d items, first %v", len(list.Value), list.Value[0])
	}
}

// collectShares follows @odata.nextLink exactly as given.
func (e *env) collectShares(tok, first string) (items []map[string]any, pages int) {
	next := e.info.GraphURL + first
	for next != "" {
		var page struct {
			Value    []map[string]any
			NextLink string `json:"@odata.nextLink"`
			Context  string `json:"@odata.context"`
		}
		e.decode(e.do("GET", next, tok, nil, nil), 200, &page)
		if !strings.HasSuffix(page.Context, "/$metadata#print/shares") {
			e.t.Fatalf("@odata.context %q", page.Context)
		}
		items = append(items, page.Value...)
		next = page.NextLink
		pages++
		if next != "" && !strings.HasPrefix(next, e.info.GraphURL+"/v1.0/print/shares?") {
			e.t.Fatalf("nextLink %q is not an absolute Graph URL", next)
		}
	}
	return items, pages
}

func TestSharesListPagingAndProjection(t *testing.T) {
	t.Parallel()
	e := start(t, Config{})
	items, pages := e.collectShares(e.tok, "/v1.0/print/shares?$top=7")
	if len(items) != 29 || pages != 5 {
		t.Fatalf("demo user sees %d shares in %d pages, want 29 in 5 (ShareRestricted hidden)", len(items), pages)
	}
	seen := map[string]bool{}
	for _, it := range items {
		id := it["id"].(string)
		if seen[id] || id == ShareRestricted {
			t.Fatalf("share %s repeated or not visible to this user", id)
		}
		seen[id] = true
		for k := range it {
			if !contains(basicShareProps, k) {
				t.Fatalf("non-admin list item carries %q: %v", k, it)
			}
		}
	}
	// An administrator sees everything, with status but never capabilities.
	admin := e.token(AdminUserUPN, "PrinterShare.ReadBasic.All")
	all, _ := e.collectShares(admin, "/v1.0/print/shares")
	if len(all) != 30 || all[0]["status"] == nil || all[0]["capabilities"] != nil || all[0]["defaults"] != nil {
		t.Fatalf("admin list: %d items, first %v", len(all), all[0])
	}
	// Filtering on location reduces even an admin's items to the basic set.
	loc, _ := e.collectShares(admin, "/v1.0/print/shares?$filter=location/city%20eq%20'Lyon'")
	if len(loc) != 6 || loc[0]["status"] != nil {
		t.Fatalf("location filter: %d items, first %v", len(loc), loc[0])
	}
	named, _ := e.collectShares(e.tok, "/v1.0/print/shares?$filter=displayName%20eq%20'Lyon%20HQ%20–%20Floor%202%20Copy%20Room'")
	if len(named) != 1 || named[0]["id"] != ShareDefault {
		t.Fatalf("displayName filter: %v", named)
	}
	for _, bad := range []string{"$count=true", "$search=lyon", "$orderby=displayName", "$top=0", "$top=x", "$skiptoken=zzz",
		"$select=nope", "$filter=displayName%20ne%20'x'", "$expand=jobs"} {
		e.graphErr(e.graph("GET", "/v1.0/print/shares?"+bad, nil), 400, "invalidRequest")
	}
}

func TestShareGetSelectExpand(t *testing.T) {
	t.Parallel()
	e := start(t, Config{})
	var plain map[string]any
	e.decode(e.graph("GET", "/v1.0/print/shares/"+ShareDefault, nil), 200, &plain)
	if plain["capabilities"] != nil || plain["defaults"] == nil || plain["status"] == nil {
		t.Fatalf("get without $select: %v", plain)
	}
	var sel struct {
		ID           string
		Capabilities Capabilities
		Status       PrinterStatus
		Model        *string
		Context      string `json:"@odata.context"`
	}
	e.decode(e.graph("GET", "/v1.0/print/shares/"+ShareOXPSOnly+"?$select=id,capabilities,status", nil), 200, &sel)
	if sel.ID != ShareOXPSOnly || len(sel.Capabilities.ContentTypes) != 1 || sel.Capabilities.ContentTypes[0] != "application/oxps" || sel.Model != nil {
		t.Fatalf("$select: %+v", sel)
	}
	var st struct{ Status PrinterStatus }
	e.decode(e.graph("GET", "/v1.0/print/shares/"+ShareStopped+"?$select=status", nil), 200, &st)
	if st.Status.State != "stopped" || !contains(st.Status.Details, "mediaJam") {
		t.Fatalf("stopped share status %+v", st.Status)
	}
	var ex struct{ Printer map[string]any }
	e.decode(e.graph("GET", "/v1.0/print/shares/"+ShareDefault+"?$expand=printer($select=id)", nil), 200, &ex)
	if ex.Printer["id"] != DemoPrinterID(1) || len(ex.Printer) != 1 {
		t.Fatalf("$expand=printer($select=id): %v", ex.Printer)
	}
	var pr map[string]any
	e.decode(e.graph("GET", "/v1.0/print/shares/"+ShareDefault+"/printer", nil), 200, &pr)
	if pr["id"] != DemoPrinterID(1) {
		t.Fatalf("share printer %v", pr)
	}
	var viaPrinter map[string]any
	e.decode(e.graph("GET", "/v1.0/print/printers/"+DemoPrinterID(1)+"/shares/"+ShareDefault, nil), 200, &viaPrinter)
	if viaPrinter["id"] != ShareDefault {
		t.Fatalf("share via printer route %v", viaPrinter)
	}
	// The restricted share does not exist for this user.
	e.graphErr(e.graph("GET", "/v1.0/print/shares/"+ShareRestricted, nil), 404, "itemNotFound")
	ben := e.token(SecondUserUPN, "PrinterShare.ReadBasic.All")
	e.decode(e.do("GET", e.info.GraphURL+"/v1.0/print/shares/"+ShareRestricted, ben, nil, nil), 200, nil)
}

func TestRecentShares(t *testing.T) {
	t.Parallel()
	e := start(t, Config{})
	e.createJob(ShareColor)
	e.createJob(ShareDefault)
	for _, ver := range []string{"v1.0", "beta"} {
		var list struct{ Value []map[string]any }
		e.decode(e.graph("GET", "/"+ver+"/me/print/recentPrinterShares", nil), 200, &list)
		if len(list.Value) != 2 || list.Value[0]["id"] != ShareDefault || list.Value[1]["id"] != ShareColor {
			t.Fatalf("%s recent shares %v", ver, list.Value)
		}
	}
}

func TestMalformedJSONNeverCrashes(t *testing.T) {
	t.Parallel()
	e := start(t, Config{})
	j := e.createJob(ShareDefault)
	paths := []string{
		"/v1.0/print/shares/" + ShareDefault + "/jobs",
		"/v1.0/print/shares/" + ShareDefault + "/jobs/" + j.ID + "/documents/" + j.Documents[0].ID + "/createUploadSession",
	}
	for _, p := range paths {
		for _, body := range []string{"{", "[]", `{"configuration":{"copies":"two"}}`, `{"properties":{"size":-1}}`, "\x00\xff", `{"id":"5"}`} {
			res := e.do("POST", e.info.GraphURL+p, e.tok, []byte(body), map[string]string{"Content-Type": "application/json"})
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != 400 {
				t.Errorf("POST %s %q: %d %s", p, body, res.StatusCode, b)
			}
			var env map[string]any
			if json.Unmarshal(b, &env) != nil || env["error"] == nil {
				t.Errorf("POST %s %q: not an error envelope: %s", p, body, b)
			}
		}
	}
	// A huge header is refused by the server, which keeps serving.
	req, _ := http.NewRequest("GET", e.info.GraphURL+"/v1.0/me", nil)
	req.Header.Set("X-Big", strings.Repeat("a", 1<<20))
	if res, err := http.DefaultClient.Do(req); err == nil {
		if res.StatusCode != 431 {
			t.Errorf("huge header: %d", res.StatusCode)
		}
		res.Body.Close()
	}
	e.decode(e.graph("GET", "/v1.0/me", nil), 200, nil)
}
