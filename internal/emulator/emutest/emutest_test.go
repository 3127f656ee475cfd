package emutest_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"testing"
	"time"

	"printdrop/internal/emulator"
	"printdrop/internal/emulator/emutest"
)

// graphCall sends a Graph request with tok and decodes a JSON answer into
// out; it returns the status and the Retry-After header.
func graphCall(t *testing.T, e *emutest.Env, tok, method, path string, in, out any) (int, string) {
	t.Helper()
	var body io.Reader
	if in != nil {
		b, _ := json.Marshal(in)
		body = bytes.NewReader(b)
	}
	return send(t, method, e.Info.GraphURL+path, tok, body, nil, out)
}

func send(t *testing.T, method, url, tok string, body io.Reader, hdr map[string]string, out any) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		t.Fatal(err)
	}
	if tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	req.Header.Set("Content-Type", "application/json")
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	if out != nil && res.StatusCode < 300 {
		if err := json.Unmarshal(raw, out); err != nil {
			t.Fatalf("%s %s: %v in %s", method, url, err, raw)
		}
	}
	return res.StatusCode, res.Header.Get("Retry-After")
}

// Token grants what it is asked for: the default scopes read /me and
// create jobs; a share-only token reads shares and is refused a job.
func TestTokenScopes(t *testing.T) {
	t.Parallel()
	e := emutest.Start(t, emulator.Config{})
	all := e.Token()
	if code, _ := graphCall(t, e, all, "GET", "/v1.0/me", nil, nil); code != http.StatusOK {
		t.Fatalf("GET /me with the default scopes: %d", code)
	}
	jobs := "/v1.0/print/shares/" + emulator.ShareDefault + "/jobs"
	if code, _ := graphCall(t, e, all, "POST", jobs, map[string]any{"configuration": map[string]any{}}, nil); code != http.StatusCreated {
		t.Fatalf("create a job with the default scopes: %d", code)
	}
	shares := e.Token("PrinterShare.ReadBasic.All")
	if code, _ := graphCall(t, e, shares, "GET", "/v1.0/print/shares", nil, nil); code != http.StatusOK {
		t.Fatalf("list shares with PrinterShare.ReadBasic.All: %d", code)
	}
	if code, _ := graphCall(t, e, shares, "POST", jobs, map[string]any{"configuration": map[string]any{}}, nil); code != http.StatusForbidden {
		t.Fatalf("create a job without a job scope: %d, want 403", code)
	}
}

// The request log shows Graph calls as the emulator saw them, and
// ClearRequests empties it.
func TestRequestsAndClear(t *testing.T) {
	t.Parallel()
	e := emutest.Start(t, emulator.Config{})
	if got := e.Requests(); len(got) != 0 {
		t.Fatalf("a new emulator logged %+v", got)
	}
	tok := e.Token()
	graphCall(t, e, tok, "GET", "/v1.0/me", nil, nil)
	graphCall(t, e, "", "GET", "/v1.0/me", nil, nil)
	want := []emutest.Request{
		{Method: "GET", Host: "graph", Path: "/v1.0/me", Status: 200, Authorization: true},
		{Method: "GET", Host: "graph", Path: "/v1.0/me", Status: 401, Authorization: false},
	}
	if got := e.Requests(); !slices.Equal(got, want) {
		t.Fatalf("request log %+v, want %+v", got, want)
	}
	e.ClearRequests()
	if got := e.Requests(); len(got) != 0 {
		t.Fatalf("after ClearRequests: %+v", got)
	}
}

// UploadedBytes counts what the upload host read in PUTs, a PUT the
// emulator failed after reading included, and nothing sent to Graph.
func TestUploadedBytes(t *testing.T) {
	t.Parallel()
	e := emutest.Start(t, emulator.Config{})
	tok := e.Token()
	share := "/v1.0/print/shares/" + emulator.ShareDefault
	var job struct {
		ID        string
		Documents []struct{ ID string }
	}
	graphCall(t, e, tok, "POST", share+"/jobs", map[string]any{"configuration": map[string]any{}}, &job)
	var sess struct{ UploadURL string }
	path := fmt.Sprintf("%s/jobs/%s/documents/%s/createUploadSession", share, job.ID, job.Documents[0].ID)
	graphCall(t, e, tok, "POST", path, map[string]any{"properties": map[string]any{"documentName": "a.pdf", "contentType": "application/pdf", "size": 300}}, &sess)
	if n := e.UploadedBytes(); n != 0 {
		t.Fatalf("before any PUT: %d bytes", n)
	}
	put := func(from, to int) int {
		code, _ := send(t, "PUT", sess.UploadURL, "", bytes.NewReader(make([]byte, to-from+1)),
			map[string]string{"Content-Range": fmt.Sprintf("bytes %d-%d/300", from, to)}, nil)
		return code
	}
	e.Fault(emutest.Fault{Kind: "store_then_fail", Method: "PUT"})
	if code := put(0, 99); code != http.StatusServiceUnavailable {
		t.Fatalf("the faulted PUT: %d", code)
	}
	put(100, 299)
	if n := e.UploadedBytes(); n != 300 {
		t.Fatalf("UploadedBytes = %d, want 300", n)
	}
}

// A typed Fault arms what its JSON says (status, Retry-After, count, host,
// method, path prefix); DeleteFault and ClearFaults disarm.
func TestFaults(t *testing.T) {
	t.Parallel()
	e := emutest.Start(t, emulator.Config{})
	tok := e.Token()
	me := func() (int, string) { return graphCall(t, e, tok, "GET", "/v1.0/me", nil, nil) }

	e.Fault(emutest.Fault{Kind: "status", Status: 429, RetryAfter: "2", Count: 2, Host: "graph", Method: "GET", PathPrefix: "/v1.0/me"})
	if code, _ := graphCall(t, e, tok, "GET", "/v1.0/print/shares", nil, nil); code != http.StatusOK {
		t.Fatalf("a path outside the prefix: %d, want 200", code)
	}
	for i := range 2 {
		if code, ra := me(); code != http.StatusTooManyRequests || ra != "2" {
			t.Fatalf("call %d under the fault: %d Retry-After %q, want 429 and 2", i, code, ra)
		}
	}
	if code, _ := me(); code != http.StatusOK {
		t.Fatalf("after count was spent: %d", code)
	}

	id := e.Fault(emutest.Fault{Kind: "status", Count: 100, Host: "graph"})
	if code, _ := me(); code != http.StatusServiceUnavailable {
		t.Fatalf("the default status: %d, want 503", code)
	}
	e.DeleteFault(id)
	if code, _ := me(); code != http.StatusOK {
		t.Fatalf("after DeleteFault: %d", code)
	}

	e.Fault(emutest.Fault{Kind: "status", Status: 500, Probability: 1, Host: "graph"})
	e.Fault(emutest.Fault{Kind: "status", Status: 502, Count: 5, Host: "graph"})
	if code, _ := me(); code != http.StatusInternalServerError {
		t.Fatalf("with two faults armed: %d, want the first (500)", code)
	}
	e.ClearFaults()
	if code, _ := me(); code != http.StatusOK {
		t.Fatalf("after ClearFaults: %d", code)
	}

	// The same contract refuses a bad fault; Do reports it without failing.
	code, err := e.Do("POST", "/faults", emutest.Fault{Kind: "explode"}, nil)
	var se *emutest.StatusError
	if code != http.StatusBadRequest || !errors.As(err, &se) || se.Status != http.StatusBadRequest {
		t.Fatalf("a bad kind: %d, %v; want 400 as a *StatusError", code, err)
	}
}

// Document reports nothing until the upload completes, then the stored
// size and SHA-256; JobState follows the job through start.
func TestDocumentAndJobState(t *testing.T) {
	t.Parallel()
	e := emutest.Start(t, emulator.Config{JobProcessing: time.Hour})
	tok := e.Token()
	share := "/v1.0/print/shares/" + emulator.ShareDefault
	var job struct {
		ID        string
		Documents []struct{ ID string }
	}
	if code, _ := graphCall(t, e, tok, "POST", share+"/jobs", map[string]any{"configuration": map[string]any{}}, &job); code != http.StatusCreated {
		t.Fatalf("create job: %d", code)
	}
	if _, _, ok := e.Document(job.ID); ok {
		t.Fatal("Document reported a document before any upload")
	}
	if st := e.JobState(job.ID); st != "paused" {
		t.Fatalf("new job state %q, want paused", st)
	}
	data := bytes.Repeat([]byte("printdrop"), 1000)
	var sess struct{ UploadURL string }
	path := fmt.Sprintf("%s/jobs/%s/documents/%s/createUploadSession", share, job.ID, job.Documents[0].ID)
	props := map[string]any{"properties": map[string]any{"documentName": "a.pdf", "contentType": "application/pdf", "size": len(data)}}
	if code, _ := graphCall(t, e, tok, "POST", path, props, &sess); code != http.StatusOK {
		t.Fatalf("createUploadSession: %d", code)
	}
	// Half the bytes: still no document.
	half := len(data) / 2
	send(t, "PUT", sess.UploadURL, "", bytes.NewReader(data[:half]), map[string]string{"Content-Range": fmt.Sprintf("bytes 0-%d/%d", half-1, len(data))}, nil)
	if _, _, ok := e.Document(job.ID); ok {
		t.Fatal("Document reported a half-uploaded document")
	}
	if code, _ := send(t, "PUT", sess.UploadURL, "", bytes.NewReader(data[half:]), map[string]string{"Content-Range": fmt.Sprintf("bytes %d-%d/%d", half, len(data)-1, len(data))}, nil); code != http.StatusCreated {
		t.Fatalf("last chunk: %d", code)
	}
	sum := sha256.Sum256(data)
	if size, sha, ok := e.Document(job.ID); !ok || size != int64(len(data)) || sha != hex.EncodeToString(sum[:]) {
		t.Fatalf("Document = %d %s %v, want %d %x true", size, sha, ok, len(data), sum)
	}
	if code, _ := graphCall(t, e, tok, "POST", share+"/jobs/"+job.ID+"/start", nil, nil); code != http.StatusOK {
		t.Fatalf("start: %d", code)
	}
	if st := e.JobState(job.ID); st != "processing" {
		t.Fatalf("started job state %q, want processing", st)
	}
}

// SetPrinterStatus changes only what it is given: nil Details keep the
// details, empty Details clear them, "" keeps the description.
func TestSetPrinterStatus(t *testing.T) {
	t.Parallel()
	e := emutest.Start(t, emulator.Config{})
	tok := e.Token()
	type shareJSON struct {
		IsAcceptingJobs bool
		Status          struct {
			State       string
			Details     []string
			Description string
		}
	}
	get := func() shareJSON {
		var s shareJSON
		if code, _ := graphCall(t, e, tok, "GET", "/v1.0/print/shares/"+emulator.ShareDefault, nil, &s); code != http.StatusOK {
			t.Fatalf("GET share: %d", code)
		}
		return s
	}
	no := false
	e.SetPrinterStatus(emulator.DemoPrinterID(1), emutest.PrinterStatus{State: "stopped", Details: []string{"coverOpen"}, Description: "Cover open", IsAcceptingJobs: &no})
	if s := get(); s.Status.State != "stopped" || !slices.Equal(s.Status.Details, []string{"coverOpen"}) || s.Status.Description != "Cover open" || s.IsAcceptingJobs {
		t.Fatalf("after stopping: %+v", s)
	}
	e.SetPrinterStatus(emulator.ShareDefault, emutest.PrinterStatus{State: "processing"}) // by share id
	if s := get(); s.Status.State != "processing" || !slices.Equal(s.Status.Details, []string{"coverOpen"}) || s.Status.Description != "Cover open" || s.IsAcceptingJobs {
		t.Fatalf("a state alone changed more: %+v", s)
	}
	e.SetPrinterStatus(emulator.ShareDefault, emutest.PrinterStatus{State: "idle", Details: []string{}})
	if s := get(); s.Status.State != "idle" || len(s.Status.Details) != 0 {
		t.Fatalf("empty details did not clear: %+v", s)
	}
	if code, err := e.Do("PUT", "/printers/no-such-printer/status", emutest.PrinterStatus{State: "idle"}, nil); code != http.StatusNotFound || err == nil {
		t.Fatalf("an unknown printer: %d, %v; want 404", code, err)
	}
}

// For binds a shared emulator to a subtest: the subtest sees the parent's
// emulator state (here its request log).
func TestForSubtest(t *testing.T) {
	e := emutest.Start(t, emulator.Config{})
	graphCall(t, e, "", "GET", "/v1.0/me", nil, nil)
	t.Run("sub", func(t *testing.T) {
		sub := e.For(t)
		if sub.Info != e.Info || len(sub.Requests()) != 1 {
			t.Fatalf("the subtest's view: %+v, %d requests; want the parent's emulator with 1", sub.Info, len(sub.Requests()))
		}
	})
}
