package emulator

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

func TestCreateJobValidation(t *testing.T) {
	t.Parallel()
	e := start(t, Config{})
	path := "/v1.0/print/shares/" + ShareDefault + "/jobs"
	var j map[string]any
	e.decode(e.graph("POST", path, map[string]any{"configuration": map[string]any{
		"copies": 2, "colorMode": "grayscale", "duplexMode": "flipOnLongEdge", "mediaSize": "A4",
		"pageRanges": []map[string]int{{"start": 1, "end": 3}}, "orientation": "portrait",
	}}), 201, &j)
	cfg := j["configuration"].(map[string]any)
	if cfg["copies"] != float64(2) || cfg["dpi"] != nil {
		t.Fatalf("configuration echo %v", cfg)
	}
	if _, ok := cfg["dpi"]; !ok {
		t.Fatalf("unset properties are not explicit nulls: %v", cfg)
	}
	first, _ := strconv.Atoi(j["id"].(string))
	var j2 jobJSON
	e.decode(e.graph("POST", path, nil), 201, &j2) // an empty body is an empty configuration
	if second, _ := strconv.Atoi(j2.ID); second <= first {
		t.Fatalf("job ids not increasing: %d then %s", first, j2.ID)
	}
	bad := []map[string]any{
		{"copies": 0}, {"copies": 100}, {"colorMode": "sepia"}, {"mediaSize": "North America Letter"},
		{"duplexMode": "flipOnShortEdge", "dpi": 1200}, {"pageRanges": []map[string]int{{"start": 3, "end": 1}}},
		{"finishings": []string{"punch"}}, {"unknownThing": true},
	}
	for _, c := range bad {
		msg := e.graphErr(e.graph("POST", path, map[string]any{"configuration": c}), 400, "invalidRequest")
		if msg == "" {
			t.Errorf("%v: empty message", c)
		}
	}
	// Color on a grayscale-only printer: ShareDefault is color, n=4's model is mono.
	e.graphErr(e.graph("POST", "/v1.0/print/shares/"+DemoShareID(11)+"/jobs", map[string]any{"configuration": map[string]any{"colorMode": "color"}}), 400, "invalidRequest")
	e.graphErr(e.graph("POST", "/v1.0/print/shares/"+ShareNotAccepting+"/jobs", map[string]any{}), 400, "invalidRequest")
	// The printer route needs a Printer Administrator.
	e.graphErr(e.graph("POST", "/v1.0/print/printers/"+DemoPrinterID(1)+"/jobs", map[string]any{}), 403, "accessDenied")
	admin := e.token(AdminUserUPN, "PrintJob.ReadWrite.All")
	e.decode(e.do("POST", e.info.GraphURL+"/v1.0/print/printers/"+DemoPrinterID(1)+"/jobs", admin, map[string]any{}, nil), 201, nil)
}

func TestCreateUploadSessionValidation(t *testing.T) {
	t.Parallel()
	e := start(t, Config{})
	j := e.createJob(ShareDefault)
	path := fmt.Sprintf("/v1.0/print/shares/%s/jobs/%s/documents/%s/createUploadSession", ShareDefault, j.ID, j.Documents[0].ID)
	props := func(name, ct string, size int64) map[string]any {
		return map[string]any{"properties": map[string]any{"documentName": name, "contentType": ct, "size": size}}
	}
	e.graphErr(e.graph("POST", path, props("", "application/pdf", 10)), 400, "invalidRequest")
	e.graphErr(e.graph("POST", path, props("a.pdf", "", 10)), 400, "invalidRequest")
	e.graphErr(e.graph("POST", path, props("a.pdf", "application/pdf", 0)), 400, "invalidRequest")
	e.graphErr(e.graph("POST", path, props("a.pdf", "application/pdf", 1_000_000_001)), 413, "invalidRequest")
	e.graphErr(e.graph("POST", path, map[string]any{}), 400, "invalidRequest")
	e.graphErr(e.graph("POST", path, props("a.txt", "text/plain", 10)), 415, "415")
	e.decode(e.graph("POST", path, props("big.pdf", "Application/PDF; charset=binary", 1_000_000_000)), 200, nil)

	// Only OXPS: PDF is refused with the IPP-style message.
	oj := e.createJob(ShareOXPSOnly)
	opath := fmt.Sprintf("/v1.0/print/shares/%s/jobs/%s/documents/%s/createUploadSession", ShareOXPSOnly, oj.ID, oj.Documents[0].ID)
	msg := e.graphErr(e.graph("POST", opath, props("a.pdf", "application/pdf", 10)), 415, "415")
	if !strings.HasPrefix(msg, "Unsupported document-format: application/pdf. Supported formats: Attribute document-format-supported: SimpleIppValue-Type:MimeMediaType-Value:application/oxps") {
		t.Errorf("415 message %q", msg)
	}
	// PDF only: OXPS is converted, so it is accepted.
	pj := e.createJob(SharePDFOnly)
	e.session(SharePDFOnly, pj, "a.oxps", "application/oxps", 10)

	// Once uploaded, the document takes no new session.
	data := pattern(10)
	s := e.session(ShareDefault, j, "a.pdf", "application/pdf", 10)
	e.decode(e.put(s.UploadURL, data, 0, 9), 201, nil)
	e.graphErr(e.graph("POST", path, props("a.pdf", "application/pdf", 10)), 400, "invalidRequest")
	// Wrong document id.
	e.graphErr(e.graph("POST", strings.Replace(path, j.Documents[0].ID, "00000000-0000-4000-8000-000000000000", 1), props("a.pdf", "application/pdf", 10)), 404, "itemNotFound")
}

// upload creates a job on share and uploads data completely.
func (e *env) upload(share string, data []byte) jobJSON {
	e.t.Helper()
	j := e.createJob(share)
	s := e.session(share, j, "a.pdf", "application/pdf", int64(len(data)))
	e.decode(e.put(s.UploadURL, data, 0, int64(len(data)-1)), 201, nil)
	return j
}

func TestJobLifecycle(t *testing.T) {
	t.Parallel()
	e := start(t, Config{})
	base := "/v1.0/print/shares/" + ShareDefault + "/jobs/"
	j := e.createJob(ShareDefault)
	e.graphErr(e.graph("POST", base+j.ID+"/start", nil), 400, "invalidRequest") // upload incomplete
	s := e.session(ShareDefault, j, "a.pdf", "application/pdf", 10)
	e.decode(e.put(s.UploadURL, pattern(10), 0, 4), 202, nil)
	e.graphErr(e.graph("POST", base+j.ID+"/start", map[string]any{}), 400, "invalidRequest")

	// Cancel on the share route, then everything terminal is refused.
	res := e.graph("POST", base+j.ID+"/cancel", nil)
	if res.StatusCode != 204 {
		t.Fatalf("cancel: %d", res.StatusCode)
	}
	res.Body.Close()
	if st := e.jobState(ShareDefault, j.ID); st.State != "canceled" {
		t.Fatalf("after cancel: %+v", st)
	}
	e.graphErr(e.do("GET", s.UploadURL, "", nil, nil), 404, "itemNotFound") // its session went with it
	e.graphErr(e.graph("POST", base+j.ID+"/cancel", nil), 400, "invalidRequest")
	e.graphErr(e.graph("POST", base+j.ID+"/start", nil), 400, "invalidRequest")

	// Cancel on the printer route works for the job's owner.
	j2 := e.createJob(ShareDefault)
	res = e.graph("POST", "/v1.0/print/printers/"+DemoPrinterID(1)+"/jobs/"+j2.ID+"/cancel", nil)
	if res.StatusCode != 204 {
		t.Fatalf("printer-route cancel: %d", res.StatusCode)
	}
	res.Body.Close()
	// Another share's id does not reach the job.
	e.graphErr(e.graph("GET", "/v1.0/print/shares/"+ShareColor+"/jobs/"+j2.ID, nil), 404, "itemNotFound")
	// Another user does not see it either.
	ben := e.token(SecondUserUPN, "PrintJob.ReadWrite")
	e.graphErr(e.do("GET", e.info.GraphURL+base+j2.ID, ben, nil, nil), 404, "itemNotFound")

	// Completed jobs cannot be canceled.
	j3 := e.upload(ShareDefault, pattern(100))
	e.decode(e.graph("POST", base+j3.ID+"/start", nil), 200, nil)
	e.waitState(ShareDefault, j3.ID, "completed")
	e.graphErr(e.graph("POST", base+j3.ID+"/cancel", nil), 400, "invalidRequest")
}

func TestStoppedPrinterHoldsJobs(t *testing.T) {
	t.Parallel()
	e := start(t, Config{})
	j := e.upload(ShareStopped, pattern(50))
	e.decode(e.graph("POST", "/v1.0/print/shares/"+ShareStopped+"/jobs/"+j.ID+"/start", nil), 200, nil)
	st := e.waitState(ShareStopped, j.ID, "stopped")
	if !contains(st.Details, "mediaJam") || !strings.Contains(st.Description, "jam") {
		t.Fatalf("stopped job status %+v", st)
	}
	// It stays stopped while the printer is; a new reason shows through.
	var ps map[string]any
	e.decode(e.do("PUT", e.info.ControlURL+"/printers/"+DemoPrinterID(4)+"/status", "",
		map[string]any{"details": []string{"mediaEmpty"}, "description": "Tray 1 is empty."}, nil), 200, &ps)
	if st := e.jobState(ShareStopped, j.ID); st.State != "stopped" || !contains(st.Details, "mediaEmpty") {
		t.Fatalf("after new reason: %+v", st)
	}
	e.decode(e.do("PUT", e.info.ControlURL+"/printers/"+DemoPrinterID(4)+"/status", "",
		map[string]any{"state": "idle", "details": []string{}, "description": ""}, nil), 200, nil)
	e.waitState(ShareStopped, j.ID, "completed")
}

func TestListJobs(t *testing.T) {
	t.Parallel()
	e := start(t, Config{})
	for range 5 {
		e.createJob(ShareDefault)
	}
	ben := e.token(SecondUserUPN, "PrintJob.ReadWrite")
	e.decode(e.do("POST", e.info.GraphURL+"/v1.0/print/shares/"+ShareDefault+"/jobs", ben, map[string]any{}, nil), 201, nil)

	var page struct {
		Value    []map[string]any
		NextLink string `json:"@odata.nextLink"`
	}
	e.decode(e.graph("GET", "/v1.0/print/shares/"+ShareDefault+"/jobs?$top=3", nil), 200, &page)
	if len(page.Value) != 3 || page.NextLink == "" || page.Value[0]["documents"] != nil {
		t.Fatalf("first page: %d items, next %q, first %v", len(page.Value), page.NextLink, page.Value[0])
	}
	var rest struct{ Value []map[string]any }
	e.decode(e.do("GET", page.NextLink, e.tok, nil, nil), 200, &rest)
	if len(rest.Value) != 2 {
		t.Fatalf("the demo user sees %d more jobs, want 2 (not Ben's)", len(rest.Value))
	}
	var filtered struct{ Value []jobJSON }
	e.decode(e.graph("GET", "/v1.0/print/shares/"+ShareDefault+"/jobs?$filter=createdBy/userPrincipalName%20eq%20'"+DemoUserUPN+"'&$expand=documents", nil), 200, &filtered)
	if len(filtered.Value) != 5 || len(filtered.Value[0].Documents) != 1 {
		t.Fatalf("filtered: %+v", filtered.Value)
	}
	e.decode(e.graph("GET", "/v1.0/print/shares/"+ShareDefault+"/jobs?$filter=createdBy/userPrincipalName%20eq%20'"+SecondUserUPN+"'", nil), 200, &filtered)
	if len(filtered.Value) != 0 {
		t.Fatalf("another user's jobs leaked: %+v", filtered.Value)
	}
	// An admin with a *.All scope sees everyone's on the printer route.
	admin := e.token(AdminUserUPN, "PrintJob.ReadWrite.All")
	var all struct{ Value []map[string]any }
	e.decode(e.do("GET", e.info.GraphURL+"/v1.0/print/printers/"+DemoPrinterID(1)+"/jobs", admin, nil, nil), 200, &all)
	if len(all.Value) != 6 {
		t.Fatalf("admin sees %d jobs, want 6", len(all.Value))
	}
	e.graphErr(e.graph("GET", "/v1.0/print/printers/"+DemoPrinterID(1)+"/jobs", nil), 403, "accessDenied")
	for _, bad := range []string{"$count=true", "$search=x", "$filter=status/state%20eq%20'paused'"} {
		e.graphErr(e.graph("GET", "/v1.0/print/shares/"+ShareDefault+"/jobs?"+bad, nil), 400, "invalidRequest")
	}
	// beta adds the deprecated status mirrors.
	var beta struct {
		Value []struct{ Status map[string]any }
	}
	e.decode(e.graph("GET", "/beta/print/shares/"+ShareDefault+"/jobs", nil), 200, &beta)
	if beta.Value[0].Status["processingState"] != "paused" {
		t.Fatalf("beta status %v", beta.Value[0].Status)
	}
}

func TestDocumentsAndValue(t *testing.T) {
	t.Parallel()
	e := start(t, Config{})
	data := pattern(5000)
	j := e.upload(ShareDefault, data)
	base := fmt.Sprintf("/v1.0/print/shares/%s/jobs/%s/documents", ShareDefault, j.ID)
	var list struct{ Value []docJSON }
	e.decode(e.graph("GET", base, nil), 200, &list)
	if len(list.Value) != 1 || list.Value[0].Size != 5000 || list.Value[0].DisplayName != "a.pdf" || list.Value[0].ContentType != "application/pdf" {
		t.Fatalf("documents %+v", list.Value)
	}
	var d map[string]any
	e.decode(e.graph("GET", base+"/"+j.Documents[0].ID, nil), 200, &d)
	if d["uploadedDateTime"] == nil {
		t.Fatalf("document %v", d)
	}
	e.checkStored(data)
	// $value needs a content scope.
	basic := e.token("", "PrintJob.ReadBasic")
	e.graphErr(e.do("GET", e.info.GraphURL+base+"/"+j.Documents[0].ID+"/$value", basic, nil, nil), 403, "UnknownError")
	// A job without bytes has no $value.
	j2 := e.createJob(ShareDefault)
	e.graphErr(e.graph("GET", fmt.Sprintf("/v1.0/print/shares/%s/jobs/%s/documents/%s/$value", ShareDefault, j2.ID, j2.Documents[0].ID), nil), 404, "itemNotFound")
}

// TestVariantSwitches: the behaviours the service's documentation
// leaves open answer as switched.
func TestVariantSwitches(t *testing.T) {
	t.Parallel()
	for _, cfg := range []Config{{}, {Conflict409: true, ScopeAccessDenied: true}} {
		e := start(t, cfg)
		wrong, wrongCode, scope := 400, "invalidRequest", "UnknownError"
		if cfg.Conflict409 {
			wrong, wrongCode, scope = 409, "Conflict", "accessDenied"
		}
		data := pattern(10)
		j, s := e.newUpload(data)
		jobPath := "/v1.0/print/shares/" + ShareDefault + "/jobs/" + j.ID
		e.graphErr(e.graph("POST", jobPath+"/start", nil), wrong, wrongCode) // not uploaded yet
		e.decode(e.put(s.UploadURL, data, 0, 9), 201, nil)
		create := jobPath + "/documents/" + j.Documents[0].ID + "/createUploadSession"
		props := map[string]any{"properties": map[string]any{"documentName": "doc.pdf", "contentType": "application/pdf", "size": 10}}
		e.graphErr(e.graph("POST", create, props), wrong, wrongCode) // already uploaded
		e.decode(e.graph("POST", jobPath+"/cancel", nil), 204, nil)
		e.graphErr(e.graph("POST", jobPath+"/cancel", nil), wrong, wrongCode) // already canceled
		e.graphErr(e.graph("POST", jobPath+"/start", nil), wrong, wrongCode)

		readOnly := e.token("", "PrinterShare.ReadBasic.All")
		e.graphErr(e.do("POST", e.info.GraphURL+"/v1.0/print/shares/"+ShareDefault+"/jobs", readOnly,
			map[string]any{"configuration": map[string]any{}}, nil), 403, scope)
	}
}

// TestJobLimits: with the switch on, a fifth unfinished job of one user on
// one printer and the 101st job on a printer in 10 minutes get 429s.
func TestJobLimits(t *testing.T) {
	t.Parallel()
	e := start(t, Config{JobLimits: true})
	cancel := func(id string) {
		e.t.Helper()
		e.decode(e.graph("POST", "/v1.0/print/shares/"+ShareDefault+"/jobs/"+id+"/cancel", nil), 204, nil)
	}
	var ids []string
	for range maxUnfinishedJobs {
		ids = append(ids, e.createJob(ShareDefault).ID)
	}
	create := func() *http.Response {
		return e.graph("POST", "/v1.0/print/shares/"+ShareDefault+"/jobs", map[string]any{"configuration": map[string]any{}})
	}
	res := create()
	if ra := res.Header.Get("Retry-After"); ra != "30" {
		t.Errorf("Retry-After %q for the unfinished-jobs limit, want 30", ra)
	}
	if msg := e.graphErr(res, 429, "TooManyRequests"); !strings.Contains(msg, "4 unfinished print jobs") {
		t.Errorf("message %q does not name the limit", msg)
	}
	cancel(ids[0]) // a slot frees when a job ends
	ids = append(ids[1:], e.createJob(ShareDefault).ID)

	// The window limit counts finished jobs too.
	for _, id := range ids {
		cancel(id)
	}
	for n := len(ids) + 1; n < maxJobsPerPrinter; n++ {
		cancel(e.createJob(ShareDefault).ID)
	}
	res = create()
	if ra, _ := strconv.Atoi(res.Header.Get("Retry-After")); ra < 590 || ra > 600 {
		t.Errorf("Retry-After %q for the per-printer limit, want about 600 s", res.Header.Get("Retry-After"))
	}
	e.graphErr(res, 429, "activityLimitReached")
}
