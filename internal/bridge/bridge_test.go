package bridge

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/OpenPrinting/goipp"
	"golang.org/x/oauth2"

	"printdrop/internal/emulator"
	"printdrop/internal/emulator/emutest"
	"printdrop/internal/graph"
)

func intAttr(name string, n int) goipp.Attribute {
	return goipp.MakeAttribute(name, goipp.TagInteger, goipp.Integer(n))
}

func jobID(t *testing.T, m *goipp.Message) int {
	t.Helper()
	if goipp.Status(m.Code) != goipp.StatusOk {
		t.Fatalf("status %s, want successful-ok: %v unsupported %v", goipp.Status(m.Code), m.Operation, m.Unsupported)
	}
	id, ok := first(m.Job, "job-id").(goipp.Integer)
	if !ok {
		t.Fatalf("no job-id in %v", m.Job)
	}
	return int(id)
}

// graph is a Graph client of the test's own, to read the service as Graph
// shows it: the bridge itself only goes through the workflow.
func (b *testBridge) graph() *graph.Client {
	b.t.Helper()
	c, err := graph.New(graph.Options{BaseURL: b.Info.GraphURL,
		TokenSource: oauth2.StaticTokenSource(&oauth2.Token{AccessToken: b.Token(), TokenType: "Bearer"})})
	if err != nil {
		b.t.Fatal(err)
	}
	return c
}

// upJob is the Universal Print job behind a bridge job.
func (b *testBridge) upJob(id int) graph.Job {
	b.t.Helper()
	b.srv.mu.Lock()
	j := b.srv.jobs[id]
	up, share := j.upJobID, j.shareID
	b.srv.mu.Unlock()
	if up == "" {
		b.t.Fatalf("job %d has no Universal Print job", id)
	}
	gj, err := b.graph().Job(context.Background(), share, up)
	if err != nil {
		b.t.Fatal(err)
	}
	return gj
}

func (b *testBridge) jobCreations() int {
	n := 0
	for _, r := range b.Requests() {
		if r.Method == "POST" && strings.HasSuffix(r.Path, "/jobs") {
			n++
		}
	}
	return n
}

// TestPrintJobCarriesSettings: what CUPS sends for lp -n 3 -o
// sides=two-sided-long-edge -o media=A4 -o print-color-mode=monochrome
// (plus a quality) reaches Universal Print as the job's configuration,
// with the document intact, and the spool is emptied at the end.
func TestPrintJobCarriesSettings(t *testing.T) {
	b := startBridge(t, nil, emulator.ShareDefault)
	a4 := goipp.Collection{goipp.MakeAttribute("media-size", goipp.TagBeginCollection, goipp.Collection{
		intAttr("x-dimension", 21000), intAttr("y-dimension", 29700)})}
	job := goipp.Attributes{
		intAttr("copies", 3),
		goipp.MakeAttribute("sides", goipp.TagKeyword, goipp.String("two-sided-long-edge")),
		goipp.MakeAttribute("media-col", goipp.TagBeginCollection, a4),
		goipp.MakeAttribute("print-color-mode", goipp.TagKeyword, goipp.String("monochrome")),
		goipp.MakeAttribute("print-quality", goipp.TagEnum, goipp.Integer(5)),
		goipp.MakeAttribute("orientation-requested", goipp.TagEnum, goipp.Integer(4)),
	}
	doc := tinyPDF("settings")
	m := b.ipp(emulator.ShareDefault, goipp.OpPrintJob, owner(t), job, bytes.NewReader(doc),
		goipp.MakeAttribute("document-format", goipp.TagMimeType, goipp.String("application/pdf")),
		goipp.MakeAttribute("job-name", goipp.TagName, goipp.String("report")))
	id := jobID(t, m)
	final := b.waitJob(emulator.ShareDefault, id)
	if st := first(final, "job-state").(goipp.Integer); st != stateCompleted {
		t.Fatalf("job-state %d (%v), want completed", st, first(final, "job-state-message"))
	}
	gj := b.upJob(id)
	c := gj.Configuration
	got := []string{}
	if c.Copies != nil {
		got = append(got, "copies="+string(rune('0'+*c.Copies)))
	}
	for _, p := range []*string{(*string)(c.DuplexMode), c.MediaSize, (*string)(c.ColorMode), (*string)(c.Quality), (*string)(c.Orientation)} {
		if p != nil {
			got = append(got, *p)
		}
	}
	want := "copies=3 flipOnLongEdge A4 grayscale high landscape"
	if strings.Join(got, " ") != want {
		t.Errorf("job configuration %q, want %q", strings.Join(got, " "), want)
	}
	if size, _, ok := b.Document(gj.ID); !ok || size != int64(len(doc)) {
		t.Errorf("document on Universal Print: %d bytes (complete %v), want %d", size, ok, len(doc))
	}
	// The title the application gave, never the spool file's name.
	if len(gj.Documents) != 1 || gj.Documents[0].DisplayName != "report" {
		t.Errorf("documents on Universal Print %+v, want one named %q", gj.Documents, "report")
	}
	if entries := spoolJobs(b.spool); len(entries) != 0 {
		t.Errorf("spool not emptied: %v", entries)
	}
	// Windows has no mode bits (the Wine stage runs this test too).
	if fi, err := os.Stat(b.spool); err != nil || (fi.Mode().Perm() != 0o700 && runtime.GOOS != "windows") {
		t.Errorf("spool folder mode %v (%v), want 0700", fi.Mode().Perm(), err)
	}
}

// TestCreateJobThenSendDocument is CUPS's path when Create-Job is offered.
func TestCreateJobThenSendDocument(t *testing.T) {
	b := startBridge(t, nil)
	id := jobID(t, b.ipp(emulator.ShareDefault, goipp.OpCreateJob, owner(t), nil, nil))
	if n := b.jobCreations(); n != 0 {
		t.Fatalf("Create-Job alone made %d Universal Print jobs", n)
	}
	m := b.ipp(emulator.ShareDefault, goipp.OpSendDocument, owner(t), nil, bytes.NewReader(tinyPDF("two steps")),
		intAttr("job-id", id), goipp.MakeAttribute("last-document", goipp.TagBoolean, goipp.Boolean(true)),
		goipp.MakeAttribute("document-name", goipp.TagName, goipp.String("GTK test page")))
	jobID(t, m)
	final := b.waitJob(emulator.ShareDefault, id)
	if st := first(final, "job-state"); st != goipp.Integer(stateCompleted) {
		t.Fatalf("job-state %v, want completed", st)
	}
	// A job created without a name takes its document's.
	if name := first(final, "job-name"); name != goipp.String("GTK test page") {
		t.Errorf("job-name %v, want the document-name sent with the document", name)
	}
	if docs := b.upJob(id).Documents; len(docs) != 1 || docs[0].DisplayName != "GTK test page" {
		t.Errorf("documents on Universal Print %+v, want one named %q", docs, "GTK test page")
	}
}

// TestOtherUserRefused: a job in another user's name is refused and
// creates nothing; queries in their name see no job of the owner.
func TestOtherUserRefused(t *testing.T) {
	b := startBridge(t, nil)
	id := jobID(t, b.ipp(emulator.ShareDefault, goipp.OpPrintJob, owner(t), nil, bytes.NewReader(tinyPDF("mine"))))
	b.waitJob(emulator.ShareDefault, id)
	b.ClearRequests()

	for _, op := range []goipp.Op{goipp.OpPrintJob, goipp.OpCreateJob, goipp.OpValidateJob} {
		m := b.ipp(emulator.ShareDefault, op, "mallory", nil, bytes.NewReader(tinyPDF("theirs")))
		if st := goipp.Status(m.Code); st != goipp.StatusErrorNotAuthorized {
			t.Errorf("%s as another user: %s, want client-error-not-authorized", op, st)
		}
	}
	if n := b.jobCreations(); n != 0 {
		t.Errorf("refused jobs created %d Universal Print jobs", n)
	}
	m := b.ipp(emulator.ShareDefault, goipp.OpGetJobs, "mallory", nil, nil,
		goipp.MakeAttribute("which-jobs", goipp.TagKeyword, goipp.String("all")))
	if st := goipp.Status(m.Code); st != goipp.StatusOk || len(m.Job) != 0 {
		t.Errorf("Get-Jobs as another user: %s with %d job attributes, want successful-ok and none", st, len(m.Job))
	}
	m = b.ipp(emulator.ShareDefault, goipp.OpGetJobAttributes, "mallory", nil, nil, intAttr("job-id", id))
	if len(m.Job) != 0 {
		t.Errorf("Get-Job-Attributes as another user shows %v", m.Job)
	}
	m = b.ipp(emulator.ShareDefault, goipp.OpGetJobs, owner(t), nil, nil,
		goipp.MakeAttribute("which-jobs", goipp.TagKeyword, goipp.String("all")))
	if len(m.Job) == 0 {
		t.Error("Get-Jobs as the owner lists no job")
	}
}

// TestOtherUIDRefused: a connection from a uid that is neither the owner
// nor lp is answered HTTP 403, which IPP clients take as final, and its
// request never reaches the server; a document sent along does not stop
// the answer from arriving.
func TestOtherUIDRefused(t *testing.T) {
	if !peerUIDSupported {
		t.Skip("the peer uid check needs Linux")
	}
	b := startBridge(t, func(c *Config) { c.AllowedUIDs = []int{os.Getuid() + 4242} })
	for _, doc := range [][]byte{nil, bytes.Repeat([]byte("%PDF-"), 1<<20)} {
		_, err := b.tryIPP(emulator.ShareDefault, goipp.OpPrintJob, owner(t), nil, bytes.NewReader(doc))
		if err == nil || !strings.HasPrefix(err.Error(), "HTTP 403: These printers serve only the user who runs PrintDrop.") {
			t.Fatalf("another uid's request (%d-byte document): %v, want HTTP 403 with the sentence", len(doc), err)
		}
	}
	if n := b.jobCreations(); n != 0 {
		t.Fatalf("refused connections created %d jobs", n)
	}
	if n := b.srv.Refused(); n < 1 {
		t.Fatalf("Refused() = %d after a refused connection", n)
	}
}

// TestUploadFailureEndsJobWithReason: an upload Universal Print refuses
// aborts the IPP job with a reason in words, and removes the spool.
func TestUploadFailureEndsJobWithReason(t *testing.T) {
	b := startBridge(t, nil)
	b.Fault(emutest.Fault{Kind: "status", Status: 403, Host: "upload", Method: "PUT", Count: 100})
	id := jobID(t, b.ipp(emulator.ShareDefault, goipp.OpPrintJob, owner(t), nil, bytes.NewReader(tinyPDF("doomed"))))
	final := b.waitJob(emulator.ShareDefault, id)
	if st := first(final, "job-state"); st != goipp.Integer(stateAborted) {
		t.Fatalf("job-state %v, want aborted", st)
	}
	msg, _ := first(final, "job-state-message").(goipp.String)
	if len(msg) < 10 {
		t.Errorf("job-state-message %q: want the reason in words", msg)
	}
	if _, err := os.Stat(b.srv.docPath(id)); !os.IsNotExist(err) {
		t.Errorf("spooled document still there after the job ended: %v", err)
	}
}

// TestRefusals: what is not a PDF, too large, or misformed is refused with
// the matching IPP status.
func TestRefusals(t *testing.T) {
	b := startBridge(t, func(c *Config) { c.MaxDocument = 4096 })
	big := append(tinyPDF("big"), bytes.Repeat([]byte{' '}, 8192)...)
	cases := []struct {
		name  string
		doc   []byte
		extra []goipp.Attribute
		want  goipp.Status
	}{
		{"not a PDF", []byte("hello, plain text"), nil, goipp.StatusErrorDocumentFormatError},
		{"a PDF header then noise", append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte{0x8f, 'q', 0x03}, 1000)...), nil, goipp.StatusErrorDocumentFormatError},
		{"a PDF cut short", tinyPDF("cut")[:200], nil, goipp.StatusErrorDocumentFormatError},
		{"too large", big, nil, goipp.StatusErrorRequestEntity},
		{"PostScript", tinyPDF("x"), []goipp.Attribute{goipp.MakeAttribute("document-format", goipp.TagMimeType, goipp.String("application/postscript"))}, goipp.StatusErrorDocumentFormatNotSupported},
	}
	for _, c := range cases {
		m := b.ipp(emulator.ShareDefault, goipp.OpPrintJob, owner(t), nil, bytes.NewReader(c.doc), c.extra...)
		if st := goipp.Status(m.Code); st != c.want {
			t.Errorf("%s: %s, want %s", c.name, st, c.want)
		}
	}
	if n := b.jobCreations(); n != 0 {
		t.Errorf("refused documents created %d Universal Print jobs", n)
	}
	if entries := spoolJobs(b.spool); len(entries) != 0 {
		t.Errorf("refused documents left spool files: %v", entries)
	}
}

// TestResumeAfterRestart: a bridge stopped mid-upload keeps the spooled
// job; the next one resumes the same Universal Print job to completion.
func TestResumeAfterRestart(t *testing.T) {
	b := startBridge(t, nil)
	hold := b.Fault(emutest.Fault{Kind: "hold", Host: "upload", Method: "PUT", Count: 100})
	doc := tinyPDF("resume me")
	id := jobID(t, b.ipp(emulator.ShareDefault, goipp.OpPrintJob, owner(t), nil, bytes.NewReader(doc)))
	deadline := time.Now().Add(10 * time.Second)
	for {
		// The upload session exists (and with it what resuming needs).
		if cps, _ := b.svc.Interrupted(); len(cps) > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the upload did not start")
		}
		time.Sleep(10 * time.Millisecond)
	}
	b.stop()
	b.DeleteFault(hold)
	if _, err := os.Stat(filepath.Join(b.spool, "job-1.json")); err != nil {
		t.Fatalf("no manifest kept across the restart: %v", err)
	}
	raw, _ := os.ReadFile(filepath.Join(b.spool, "job-1.json"))
	if strings.Contains(strings.ToLower(string(raw)), "http") {
		t.Errorf("the manifest holds a URL: %s", raw)
	}
	b.serve()
	final := b.waitJob(emulator.ShareDefault, id)
	if st := first(final, "job-state"); st != goipp.Integer(stateCompleted) {
		t.Fatalf("resumed job-state %v (%v), want completed", st, first(final, "job-state-message"))
	}
	if n := b.jobCreations(); n != 1 {
		t.Errorf("%d Universal Print jobs created, want 1 (resumed, not printed twice)", n)
	}
	if size, _, ok := b.Document(b.upJob(id).ID); !ok || size != int64(len(doc)) {
		t.Errorf("document %d bytes (complete %v), want %d", size, ok, len(doc))
	}
	// A new job after the restart does not reuse the id.
	if next := jobID(t, b.ipp(emulator.ShareDefault, goipp.OpCreateJob, owner(t), nil, nil)); next <= id {
		t.Errorf("job id %d reused after restart (had %d)", next, id)
	}
}

// TestPrinterStateFollowsShare: printer-state and its reasons come from
// the share's status, refreshed when stale.
func TestPrinterStateFollowsShare(t *testing.T) {
	b := startBridge(t, func(c *Config) { c.RefreshEvery = time.Millisecond })
	state := func() (goipp.Value, string) {
		m := b.ipp(emulator.ShareDefault, goipp.OpGetPrinterAttributes, owner(t), nil, nil)
		var reasons []string
		for _, a := range m.Printer {
			if a.Name == "printer-state-reasons" {
				for _, v := range a.Values {
					reasons = append(reasons, v.V.String())
				}
			}
		}
		return first(m.Printer, "printer-state"), strings.Join(reasons, ",")
	}
	if st, r := state(); st != goipp.Integer(3) || r != "none" {
		t.Fatalf("idle share: printer-state %v reasons %s, want 3 none", st, r)
	}
	b.SetPrinterStatus(emulator.ShareDefault, emutest.PrinterStatus{State: "stopped", Details: []string{"mediaJam"}, Description: "Paper jam"})
	time.Sleep(5 * time.Millisecond)
	if st, r := state(); st != goipp.Integer(5) || r != "media-jam" {
		t.Fatalf("jammed share: printer-state %v reasons %s, want 5 media-jam", st, r)
	}
}

func TestQueueName(t *testing.T) {
	for in, want := range map[string]string{
		"Lyon HQ – Floor 2 Copy Room": "Lyon_HQ_Floor_2_Copy_Room",
		"a/b#c":                       "a_b_c",
		"  ":                          "PrintDrop",
		"Café-Imprimante":             "Caf_-Imprimante",
	} {
		if got := QueueName(in); got != want {
			t.Errorf("QueueName(%q) = %q, want %q", in, got, want)
		}
	}
}
