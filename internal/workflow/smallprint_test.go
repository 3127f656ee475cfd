package workflow

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"printdrop/internal/emulator"
	"printdrop/internal/emulator/emutest"
	"printdrop/internal/emulator/link"
	"printdrop/internal/graph"
	"printdrop/internal/secret"
	"printdrop/internal/upload"
)

// smallPrintSize is the document of the small-print bound: 100 KB.
const smallPrintSize = 100_000

// countingTransport is a fresh transport that counts the connections it
// opens, as a new "printdrop send" process would.
func countingTransport(dials *atomic.Int32) *http.Transport {
	t := graph.NewTransport()
	d := &net.Dialer{Timeout: 10 * time.Second}
	t.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		dials.Add(1)
		return d.DialContext(ctx, network, addr)
	}
	return t
}

// sendByID is what "printdrop send --share ID --no-wait" does once signed
// in: resolve the share, fit the settings, print without following.
func sendByID(ctx context.Context, svc *Service, shareID, path string) error {
	p, err := svc.ResolveShare(ctx, shareID)
	if err != nil {
		return err
	}
	set, err := svc.ResolveJobSettings(p, JobSettings{})
	if err != nil {
		return err
	}
	task, err := svc.Print(ctx, PrintRequest{Path: path, Printer: p, JobSettings: set, NoWait: true})
	if err != nil {
		return err
	}
	_, err = task.Wait()
	return err
}

// TestSmallPrintSpendsNoRoundTrip: a print to a share named by id costs one
// read of the share plus the protocol's four requests, over one connection
// per host: no list, no second read, no status read of the new session.
func TestSmallPrintSpendsNoRoundTrip(t *testing.T) {
	t.Parallel()
	e := newEnv(t, emulator.Config{})
	path, _ := writeFile(t, t.TempDir(), "small.pdf", smallPrintSize)
	var dials atomic.Int32
	svc := e.service(Params{Transport: countingTransport(&dials)})
	e.ClearRequests()
	if err := sendByID(context.Background(), svc, emulator.ShareDefault, path); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range e.Requests() {
		got = append(got, r.Method+" "+r.Host+" "+lastSegment(r.Path))
	}
	want := []string{
		"GET graph " + emulator.ShareDefault, // the one read: capabilities, defaults, status
		"POST graph jobs", "POST graph createUploadSession", "PUT upload " + "*", "POST graph start",
	}
	if len(got) != len(want) {
		t.Fatalf("requests:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for i := range want {
		if w, g := want[i], got[i]; w != g && !(strings.HasSuffix(w, "*") && strings.HasPrefix(g, strings.TrimSuffix(w, "*"))) {
			t.Fatalf("request %d = %q, want %q; all:\n%s", i, g, w, strings.Join(got, "\n"))
		}
	}
	if n := dials.Load(); n != 2 {
		t.Fatalf("%d connections opened, want 2 (one to Graph, one to the upload host)", n)
	}
}

// TestResolveShareByNameUsesKeptList: once a list was kept, a name costs no
// list request; without one, a $filter finds an exact name without a walk.
func TestResolveShareByNameUsesKeptList(t *testing.T) {
	t.Parallel()
	e := newEnv(t, emulator.Config{})
	ctx := context.Background()
	const name = "Munich Office – PDF Direct"
	if _, err := e.svc.Restore(ctx); err != nil { // the list is kept per account
		t.Fatal(err)
	}
	e.ClearRequests()
	if _, err := e.svc.ResolveShare(ctx, name); err != nil {
		t.Fatal(err)
	}
	if lists := e.listRequests(); lists != 1 {
		t.Fatalf("%d share lists before a list was kept, want 1 (the $filter)", lists)
	}
	if _, err := e.svc.Shares(ctx); err != nil { // the window lists, and keeps the list
		t.Fatal(err)
	}
	fresh := e.service(Params{ShareCacheDir: e.svc.p.ShareCacheDir}) // the next launch
	if _, err := fresh.Restore(ctx); err != nil {
		t.Fatal(err)
	}
	e.ClearRequests()
	p, err := fresh.ResolveShare(ctx, "munich pdf direct")
	if err != nil || p.ID() != emulator.SharePDFOnly {
		t.Fatalf("ResolveShare = %v, %v", p.ID(), err)
	}
	if lists := e.listRequests(); lists != 0 {
		t.Fatalf("%d share lists with a kept list, want 0", lists)
	}
}

func (e *testEnv) listRequests() int {
	n := 0
	for _, r := range e.Requests() {
		if r.Method == "GET" && strings.HasSuffix(r.Path, "/print/shares") {
			n++
		}
	}
	return n
}

func lastSegment(p string) string { return p[strings.LastIndexByte(p, '/')+1:] }

// BenchmarkSmallPrint measures "send --share ID --no-wait" of a 100 KB PDF
// with every request 100 ms away (both hosts shaped, 50 ms each way), as a
// ratio to the protocol minimum measured in the same run: the four
// requests (create job, createUploadSession, PUT, start) sent by hand over
// two new connections. The bound is ratio <= 1.25.
//
//	go test -run '^$' -bench SmallPrint -benchtime 5x ./internal/workflow/
func BenchmarkSmallPrint(b *testing.B) {
	shape := link.Config{Delay: 50 * time.Millisecond}
	env := emutest.Start(b, emulator.Config{Link: shape, GraphLink: shape, JobProcessing: time.Hour})
	tok := env.Token()
	dir := b.TempDir()
	path := dir + "/small.pdf"
	doc := bytes.Repeat([]byte("x"), smallPrintSize)
	copy(doc, "%PDF-")
	if err := os.WriteFile(path, doc, 0o600); err != nil {
		b.Fatal(err)
	}
	newService := func() *Service {
		var dials atomic.Int32
		set := DefaultSettings()
		set.Cloud, set.GraphURL, set.AuthorityURL, set.ClientID = CloudCustom, env.Info.GraphURL, env.Info.AuthorityURL, env.Info.ClientID
		svc, err := New(Params{Settings: set, TokenSource: oauth2.StaticTokenSource(&oauth2.Token{AccessToken: tok, TokenType: "Bearer"}), Transport: countingTransport(&dials),
			CheckpointDir: b.TempDir(), ShareCacheDir: "-", Secrets: secret.Memory()})
		if err != nil {
			b.Fatal(err)
		}
		return svc
	}
	ctx := context.Background()
	var client, minimum time.Duration
	b.ResetTimer()
	for range b.N {
		svc := newService()
		start := time.Now()
		if err := sendByID(ctx, svc, emulator.ShareDefault, path); err != nil {
			b.Fatal(err)
		}
		client += time.Since(start)

		start = time.Now()
		if err := protocolMinimum(env.Info.GraphURL, tok, emulator.ShareDefault, doc); err != nil {
			b.Fatal(err)
		}
		minimum += time.Since(start)
	}
	b.StopTimer()
	b.ReportMetric(float64(client.Milliseconds())/float64(b.N), "ms/print")
	b.ReportMetric(float64(minimum.Milliseconds())/float64(b.N), "ms/minimum")
	b.ReportMetric(float64(client)/float64(minimum), "ratio")
}

// protocolMinimum prints doc with the four requests Universal Print needs,
// over a new connection to each host, and nothing else.
func protocolMinimum(graphURL, tok, shareID string, doc []byte) error {
	hc := &http.Client{Transport: graph.NewTransport(), Timeout: time.Minute}
	defer hc.CloseIdleConnections()
	call := func(method, url string, body any, out any) error {
		var rd *bytes.Reader
		if b, ok := body.([]byte); ok {
			rd = bytes.NewReader(b)
		} else {
			j, _ := json.Marshal(body)
			rd = bytes.NewReader(j)
		}
		req, _ := http.NewRequest(method, url, rd)
		if _, raw := body.([]byte); raw {
			req.Header.Set("Content-Range", fmt.Sprintf("bytes 0-%d/%d", len(doc)-1, len(doc)))
		} else {
			req.Header.Set("Authorization", "Bearer "+tok)
			req.Header.Set("Content-Type", "application/json")
		}
		res, err := hc.Do(req)
		if err != nil {
			return err
		}
		defer res.Body.Close()
		if res.StatusCode >= 300 {
			return fmt.Errorf("%s %s: HTTP %d", method, url, res.StatusCode)
		}
		if out != nil {
			return json.NewDecoder(res.Body).Decode(out)
		}
		_, err = bytes.NewBuffer(nil).ReadFrom(res.Body)
		return err
	}
	share := graphURL + "/v1.0/print/shares/" + shareID
	var job struct {
		ID        string
		Documents []struct{ ID string }
	}
	if err := call("POST", share+"/jobs", map[string]any{"configuration": map[string]any{}}, &job); err != nil {
		return err
	}
	var us struct {
		UploadURL string `json:"uploadUrl"`
	}
	props := map[string]any{"properties": map[string]any{"documentName": "small.pdf", "contentType": "application/pdf", "size": len(doc)}}
	if err := call("POST", share+"/jobs/"+job.ID+"/documents/"+job.Documents[0].ID+"/createUploadSession", props, &us); err != nil {
		return err
	}
	if err := call("PUT", us.UploadURL, doc, nil); err != nil {
		return err
	}
	return call("POST", share+"/jobs/"+job.ID+"/start", map[string]any{}, nil)
}

// TestWindowPrintReadsTheShareOnce: the window reads the chosen printer's
// details, then prints at once: the share is read once, not again by the
// print (the details are as fresh as a command line's ResolveShare).
func TestWindowPrintReadsTheShareOnce(t *testing.T) {
	t.Parallel()
	e := newEnv(t, emulator.Config{})
	ctx := context.Background()
	d := NewDesktop(e.svc)
	path, _ := writeFile(t, t.TempDir(), "small.pdf", smallPrintSize)
	e.ClearRequests()
	details, err := d.Details(ctx, emulator.ShareDefault)
	must(t, err)
	f, err := d.CheckFile(path, &details)
	must(t, err)
	pr, err := d.Print(ctx, PrintOrder{Printer: details, File: f, JobSettings: details.Defaults}, func(Event) {})
	must(t, err)
	if st, err := pr.Wait(); err != nil || !st.Succeeded {
		t.Fatalf("print ended %+v, %v", st, err)
	}
	reads := 0
	var all []string
	for _, r := range e.Requests() {
		all = append(all, r.Method+" "+r.Host+" "+lastSegment(r.Path))
		if r.Method == "GET" && lastSegment(r.Path) == emulator.ShareDefault {
			reads++
		}
	}
	if reads != 1 {
		t.Fatalf("the share was read %d times, want once; requests:\n%s", reads, strings.Join(all, "\n"))
	}
}

// TestWindowPrintReadsTheFileOnce: the window checks a file when it is
// dropped and prints it later; the print keeps the fingerprint taken by
// the check instead of reading the file again. An edit in place that keeps
// size and modification time shows it: the print ends saying the file
// changed (the upload's own check at the end compares the content with
// what the window checked), where a second fingerprint would have taken
// the edited file for the one dropped and printed it.
func TestWindowPrintReadsTheFileOnce(t *testing.T) {
	t.Parallel()
	e := newEnv(t, emulator.Config{})
	ctx := context.Background()
	d := NewDesktop(e.svc)
	path, _ := writeFile(t, t.TempDir(), "small.pdf", smallPrintSize)
	details, err := d.Details(ctx, emulator.ShareDefault)
	must(t, err)
	f, err := d.CheckFile(path, &details)
	must(t, err)
	st, err := os.Stat(path)
	must(t, err)
	edited, err := os.ReadFile(path)
	must(t, err)
	edited[len(edited)/2] ^= 0xff
	must(t, os.WriteFile(path, edited, 0o600))
	must(t, os.Chtimes(path, st.ModTime(), st.ModTime()))

	pr, err := d.Print(ctx, PrintOrder{Printer: details, File: f, JobSettings: details.Defaults}, func(Event) {})
	must(t, err)
	var changed *upload.ChangedError
	if status, err := pr.Wait(); !errors.As(err, &changed) {
		t.Fatalf("print of a file edited in place since the check ended %+v, %v; want a *upload.ChangedError", status, err)
	}
}
