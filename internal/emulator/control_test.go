package emulator

import (
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"
)

func (e *env) fault(f map[string]any) string {
	e.t.Helper()
	var out struct{ ID string }
	e.decode(e.do("POST", e.info.ControlURL+"/faults", "", f, nil), 201, &out)
	return out.ID
}

func TestFaultStatusAndRetryAfter(t *testing.T) {
	t.Parallel()
	e := start(t, Config{})
	data := pattern(300)
	_, s := e.newUpload(data)
	for _, ra := range []string{"2", "0.5", "Wed, 25 Nov 2026 10:00:00 GMT"} {
		e.fault(map[string]any{"kind": "status", "status": 429, "retry_after": ra})
		res := e.put(s.UploadURL, data, 0, 99)
		if res.Header.Get("Retry-After") != ra {
			t.Errorf("Retry-After %q, want %q", res.Header.Get("Retry-After"), ra)
		}
		e.graphErr(res, 429, "TooManyRequests")
	}
	e.fault(map[string]any{"kind": "status", "status": 503, "count": 2, "method": "PUT"})
	e.graphErr(e.put(s.UploadURL, data, 0, 99), 503, "serviceNotAvailable")
	e.decode(e.do("GET", s.UploadURL, "", nil, nil), 200, nil) // method filter: GET passes
	e.graphErr(e.put(s.UploadURL, data, 0, 99), 503, "serviceNotAvailable")
	e.decode(e.put(s.UploadURL, data, 0, 99), 202, nil) // count used up, and nothing was stored before
	// Graph host faults, by path prefix.
	e.fault(map[string]any{"kind": "status", "status": 504, "host": "graph", "path_prefix": "/v1.0/print/shares"})
	e.graphErr(e.graph("GET", "/v1.0/print/shares", nil), 504, "gatewayTimeout")
	e.decode(e.graph("GET", "/v1.0/print/shares", nil), 200, nil)
	// Probability 1 applies until cleared.
	e.fault(map[string]any{"kind": "status", "status": 500, "probability": 1})
	for range 3 {
		e.graphErr(e.do("GET", s.UploadURL, "", nil, nil), 500, "generalException")
	}
	var list []map[string]any
	e.decode(e.do("GET", e.info.ControlURL+"/faults", "", nil, nil), 200, &list)
	if len(list) != 1 || list[0]["hits"] != float64(3) {
		t.Fatalf("faults list %v", list)
	}
	res := e.do("DELETE", e.info.ControlURL+"/faults", "", nil, nil)
	res.Body.Close()
	e.decode(e.do("GET", s.UploadURL, "", nil, nil), 200, nil)
	for _, bad := range []map[string]any{{"kind": "nope"}, {"kind": "status", "status": 200}, {"kind": "status", "retry_after": "soon"}, {"kind": "drop", "host": "x"}} {
		e.graphErr(e.do("POST", e.info.ControlURL+"/faults", "", bad, nil), 400, "invalidRequest")
	}
}

func TestFaultDropStoreThenFailExpire(t *testing.T) {
	t.Parallel()
	e := start(t, Config{})
	data := pattern(400)
	_, s := e.newUpload(data)

	e.fault(map[string]any{"kind": "drop"})
	req, _ := http.NewRequest("PUT", s.UploadURL, strings.NewReader(string(data[:100])))
	req.Header.Set("Content-Range", "bytes 0-99/400")
	if res, err := http.DefaultClient.Do(req); err == nil {
		res.Body.Close()
		t.Fatalf("dropped PUT answered %d", res.StatusCode)
	}
	var st sessionJSON
	e.decode(e.do("GET", s.UploadURL, "", nil, nil), 200, &st)
	if !reflect.DeepEqual(st.NextExpectedRanges, []string{"0-399"}) {
		t.Fatalf("a dropped PUT stored bytes: %v", st.NextExpectedRanges)
	}

	// Stored, reported as failed: the retry gets 416 and GET shows the truth.
	e.fault(map[string]any{"kind": "store_then_fail"})
	e.graphErr(e.put(s.UploadURL, data, 0, 99), 503, "serviceNotAvailable")
	e.graphErr(e.put(s.UploadURL, data, 0, 99), 416, "invalidRange")
	e.decode(e.do("GET", s.UploadURL, "", nil, nil), 200, &st)
	if !reflect.DeepEqual(st.NextExpectedRanges, []string{"100-399"}) {
		t.Fatalf("after store_then_fail: %v", st.NextExpectedRanges)
	}

	e.fault(map[string]any{"kind": "expire"})
	e.graphErr(e.put(s.UploadURL, data, 100, 199), 404, "itemNotFound")
	e.graphErr(e.do("GET", s.UploadURL, "", nil, nil), 404, "itemNotFound")

	// The request log saw all of it, without queries.
	var log []requestEntry
	e.decode(e.do("GET", e.info.ControlURL+"/requests", "", nil, nil), 200, &log)
	var uploads []requestEntry
	for _, r := range log {
		if strings.Contains(r.Path, "tempauthtoken") {
			t.Fatalf("the log holds a secret: %+v", r)
		}
		if r.Host == "upload" {
			uploads = append(uploads, r)
		}
	}
	if len(uploads) < 6 || uploads[0].Status != 0 || uploads[0].Bytes == 0 || uploads[0].Bytes >= 100 || uploads[2].Status != 503 || uploads[2].Bytes != 100 {
		t.Fatalf("upload log %+v", uploads)
	}
	res := e.do("DELETE", e.info.ControlURL+"/requests", "", nil, nil)
	res.Body.Close()
	e.decode(e.do("GET", e.info.ControlURL+"/requests", "", nil, nil), 200, &log)
	if len(log) != 0 {
		t.Fatalf("log not cleared: %v", log)
	}
}

// TestFaultStoreThenFailOnGraph: on a Graph route the request takes effect
// (the job starts) and the answer is the fault's; an error answer from the
// route itself passes through unchanged.
func TestFaultStoreThenFailOnGraph(t *testing.T) {
	t.Parallel()
	e := start(t, Config{JobProcessing: time.Hour})
	data := pattern(10)
	j, s := e.newUpload(data)
	startPath := "/v1.0/print/shares/" + ShareDefault + "/jobs/" + j.ID + "/start"
	e.fault(map[string]any{"kind": "store_then_fail", "status": 504, "host": "graph", "method": "POST", "path_suffix": "/start", "count": 2})
	// Not uploaded yet: the route's own 400 comes through, and nothing started.
	e.graphErr(e.graph("POST", startPath, nil), 400, "invalidRequest")
	e.decode(e.put(s.UploadURL, data, 0, 9), 201, nil)
	e.graphErr(e.graph("POST", startPath, nil), 504, "gatewayTimeout")
	if st := e.jobState(ShareDefault, j.ID); st.State != "processing" {
		t.Fatalf("after a start answered 504 the job is %q, want processing", st.State)
	}
}

func TestFaultHold(t *testing.T) {
	t.Parallel()
	e := start(t, Config{})
	e.fault(map[string]any{"kind": "hold", "host": "graph", "path_prefix": "/v1.0/print/shares"})
	done := make(chan int, 1)
	go func() {
		req, _ := http.NewRequest("GET", e.info.GraphURL+"/v1.0/print/shares", nil)
		req.Header.Set("Authorization", "Bearer "+e.tok)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			done <- -1
			return
		}
		res.Body.Close()
		done <- res.StatusCode
	}()
	// Other routes still answer while the request is held.
	e.decode(e.graph("GET", "/v1.0/me", nil), 200, nil)
	select {
	case code := <-done:
		t.Fatalf("held request answered %d before the fault was cleared", code)
	case <-time.After(200 * time.Millisecond):
	}
	res := e.do("DELETE", e.info.ControlURL+"/faults", "", nil, nil)
	res.Body.Close()
	if code := <-done; code != 200 {
		t.Fatalf("released request: %d", code)
	}
}

// TestFaultStoreThenHold: the request takes effect at once, its answer
// waits for the release.
func TestFaultStoreThenHold(t *testing.T) {
	t.Parallel()
	e := start(t, Config{})
	data := []byte("%PDF-1.7 held")
	j, s := e.newUpload(data)
	e.decode(e.put(s.UploadURL, data, 0, int64(len(data)-1)), 201, nil)
	startPath := "/v1.0/print/shares/" + ShareDefault + "/jobs/" + j.ID + "/start"
	e.fault(map[string]any{"kind": "store_then_hold", "host": "graph", "method": "POST", "path_suffix": "/start"})
	done := make(chan int, 1)
	go func() {
		res := e.graph("POST", startPath, nil)
		res.Body.Close()
		done <- res.StatusCode
	}()
	deadline := time.Now().Add(5 * time.Second)
	for e.jobState(ShareDefault, j.ID).State == "paused" {
		if time.Now().After(deadline) {
			t.Fatal("the held start never took effect")
		}
		time.Sleep(10 * time.Millisecond)
	}
	select {
	case code := <-done:
		t.Fatalf("the held start answered %d before the fault was cleared", code)
	case <-time.After(100 * time.Millisecond):
	}
	res := e.do("DELETE", e.info.ControlURL+"/faults", "", nil, nil)
	res.Body.Close()
	if code := <-done; code != 200 {
		t.Fatalf("released start: %d", code)
	}
}

func TestControlSeedResetAndAuthorizationLog(t *testing.T) {
	t.Parallel()
	e := start(t, Config{})
	seed := `{"tenantId":"t1","clientId":"c1","users":[{"id":"u1","userPrincipalName":"zoe@x.example","displayName":"Zoe","password":"pw"}],
	"printers":[{"id":"p1","displayName":"P1","manufacturer":"M","model":"X","isAcceptingJobs":true,"hasPhysicalDevice":true,
	"registeredDateTime":"2026-01-01T00:00:00Z","status":{"state":"idle","details":[],"description":""},
	"capabilities":{"contentTypes":["application/pdf"]},"share":{"id":"s1","displayName":"Only share","allowAllUsers":true,"createdDateTime":"2026-01-01T00:00:00Z"}}]}`
	res := e.do("POST", e.info.ControlURL+"/seed", "", []byte(seed), nil)
	res.Body.Close()
	if res.StatusCode != 204 {
		t.Fatalf("seed: %d", res.StatusCode)
	}
	var info Info
	e.decode(e.do("GET", e.info.ControlURL+"/info", "", nil, nil), 200, &info)
	if info.DemoUser != "zoe@x.example" || info.ClientID != "c1" || info.GraphURL != e.info.GraphURL {
		t.Fatalf("info after seed %+v", info)
	}
	zoe := e.token("", "PrinterShare.ReadBasic.All")
	items, _ := e.collectShares(zoe, "/v1.0/print/shares")
	if len(items) != 1 || items[0]["id"] != "s1" {
		t.Fatalf("shares after seed %v", items)
	}
	e.graphErr(e.do("POST", e.info.ControlURL+"/seed", "", []byte(`{"tenantId":"t"}`), nil), 400, "invalidRequest")
	e.graphErr(e.do("POST", e.info.ControlURL+"/seed", "", []byte(`{`), nil), 400, "invalidRequest")

	res = e.do("POST", e.info.ControlURL+"/reset", "", nil, nil)
	res.Body.Close()
	e.tok = e.token("", "PrintJob.ReadWrite", "PrinterShare.ReadBasic.All")
	items, _ = e.collectShares(e.tok, "/v1.0/print/shares")
	if len(items) != 29 {
		t.Fatalf("after reset %d shares", len(items))
	}
	// The log records whether a bearer reached the upload host.
	data := pattern(10)
	_, s := e.newUpload(data)
	e.do("PUT", s.UploadURL, "", data, map[string]string{"Content-Range": "bytes 0-9/10", "Authorization": "Bearer leaked"}).Body.Close()
	var log []requestEntry
	e.decode(e.do("GET", e.info.ControlURL+"/requests", "", nil, nil), 200, &log)
	last := log[len(log)-1]
	if last.Host != "upload" || !last.Authorization || last.Status != 401 || last.Method != "PUT" {
		t.Fatalf("last log entry %+v", last)
	}
	e.graphErr(e.do("PUT", e.info.ControlURL+"/printers/nope/status", "", map[string]any{"state": "idle"}, nil), 404, "itemNotFound")
	e.graphErr(e.do("PUT", e.info.ControlURL+"/printers/"+DemoPrinterID(1)+"/status", "", map[string]any{"state": "broken"}, nil), 400, "invalidRequest")
	e.graphErr(e.do("GET", e.info.ControlURL+"/jobs/1/document", "", nil, nil), 404, "itemNotFound")
}

func TestCloseRemovesTempDataAndStartFailsCleanly(t *testing.T) {
	t.Parallel()
	srv, err := Start(Config{})
	if err != nil {
		t.Fatal(err)
	}
	dir := srv.dataDir
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := statErr(dir); err == nil {
		t.Fatalf("temp data dir %s survived Close", dir)
	}
	if _, err := Start(Config{GraphAddr: "256.0.0.1:1"}); err == nil {
		t.Fatal("Start on a bad address succeeded")
	}
	if _, err := Start(Config{SeedFile: "/nonexistent/seed.json"}); err == nil {
		t.Fatal("Start with a missing seed succeeded")
	}
}
