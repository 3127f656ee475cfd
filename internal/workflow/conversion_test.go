package workflow

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"rsc.io/pdf"

	"printdrop/internal/convert"
	"printdrop/internal/emulator"
	"printdrop/internal/emulator/emutest"
	"printdrop/internal/testenv"
)

// pdfOnlyShare is the demo share that takes nothing but PDF.
var pdfOnlyShare = emulator.DemoShareID(8)

// uploadedDocument reads a job's document back from the emulator through
// Graph, as a printer would fetch it: its properties and its bytes.
func (e *testEnv) uploadedDocument(shareID, jobID string) (name, contentType string, data []byte) {
	e.t.Helper()
	get := func(path string) *http.Response {
		req, _ := http.NewRequest(http.MethodGet, e.Info.GraphURL+"/v1.0/print/shares/"+shareID+"/jobs/"+jobID+path, nil)
		req.Header.Set("Authorization", "Bearer "+e.Token())
		res, err := http.DefaultClient.Do(req) // follows the redirect to the download URL
		if err != nil {
			e.t.Fatal(err)
		}
		if res.StatusCode != http.StatusOK {
			e.t.Fatalf("GET %s: %s", path, res.Status)
		}
		return res
	}
	var docs struct {
		Value []struct {
			ID           string `json:"id"`
			DocumentName string `json:"displayName"`
			ContentType  string `json:"contentType"`
		} `json:"value"`
	}
	res := get("/documents")
	err := json.NewDecoder(res.Body).Decode(&docs)
	res.Body.Close()
	if err != nil || len(docs.Value) != 1 {
		e.t.Fatalf("documents: %v %+v", err, docs)
	}
	res = get("/documents/" + docs.Value[0].ID + "/$value")
	defer res.Body.Close()
	data, err = io.ReadAll(res.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return docs.Value[0].DocumentName, docs.Value[0].ContentType, data
}

func TestPNGToPDFOnlySharePrintsAsPDF(t *testing.T) {
	t.Parallel()
	e := newEnv(t, emulator.Config{})
	p := e.printer(pdfOnlyShare)
	path := testenv.WritePNG(t, t.TempDir(), "photo.png", 640, 480)
	if err := e.svc.CheckFile(path, p); err != nil {
		t.Fatalf("a PNG for a PDF-only share is refused: %v", err)
	}
	var mu sync.Mutex
	var stages []Stage
	var names []string
	task, err := e.svc.Print(context.Background(), PrintRequest{Path: path, Printer: p, JobSettings: p.Defaults, OnEvent: func(ev Event) {
		mu.Lock()
		defer mu.Unlock()
		if len(stages) == 0 || stages[len(stages)-1] != ev.Stage {
			stages = append(stages, ev.Stage)
			names = append(names, ev.File)
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	res, err := task.Wait()
	if err != nil || !res.Succeeded() {
		t.Fatalf("Wait: %+v %v", res, err)
	}
	if res.Converted == nil || res.Converted.Pages != 1 || res.Converted.From != "image/png" || res.Converted.Size != res.Size {
		t.Fatalf("Result.Converted = %+v (size %d)", res.Converted, res.Size)
	}
	mu.Lock()
	if want := []Stage{StageChecking, StageConverting, StageCreating, StageUploading, StageStarting, StageWaiting, StageDone}; !slices.Equal(stages, want) {
		t.Fatalf("stages = %v, want %v", stages, want)
	}
	if names[len(names)-1] != "photo.png.pdf" {
		t.Fatalf("events name the document %q", names[len(names)-1])
	}
	mu.Unlock()
	name, ct, data := e.uploadedDocument(pdfOnlyShare, res.JobID)
	if name != "photo.png.pdf" || ct != "application/pdf" || int64(len(data)) != res.Size {
		t.Fatalf("the emulator holds %q (%s, %d bytes)", name, ct, len(data))
	}
	r, err := pdf.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("the uploaded document is not a PDF: %v", err)
	}
	want, _ := convert.PaperNamed(p.Defaults.MediaSize)
	mb := mediaBox(r, 1)
	if r.NumPage() != 1 || mb.Index(2).Float64() != float64(int(want.W*100+0.5))/100 || mb.Index(3).Float64() != float64(int(want.H*100+0.5))/100 {
		t.Fatalf("the PDF has %d pages, MediaBox %v; want 1 page of %s %v", r.NumPage(), mb, p.Defaults.MediaSize, want)
	}
	if list, _ := e.svc.Interrupted(); len(list) != 0 {
		t.Fatalf("a converted print left checkpoints: %+v", list)
	}
}

func TestShareTakingTheTypeGetsTheOriginal(t *testing.T) {
	t.Parallel()
	e := newEnv(t, emulator.Config{})
	p := e.printer(emulator.ShareDefault) // takes image/jpeg: sent as it is
	path, sum := writeFile(t, t.TempDir(), "photo.jpg", 5000)
	task, err := e.svc.Print(context.Background(), PrintRequest{Path: path, Printer: p, JobSettings: p.Defaults})
	if err != nil {
		t.Fatal(err)
	}
	res, err := task.Wait()
	if err != nil || res.Converted != nil {
		t.Fatalf("Wait: %+v %v", res, err)
	}
	if got := e.documentSHA(res.JobID); got != sum {
		t.Fatal("the JPEG was changed on its way")
	}
}

func TestNoConvertRefuses(t *testing.T) {
	t.Parallel()
	e := newEnv(t, emulator.Config{})
	p := e.printer(pdfOnlyShare)
	path := testenv.WritePNG(t, t.TempDir(), "photo.png", 10, 10)
	_, err := e.svc.Print(context.Background(), PrintRequest{Path: path, Printer: p, JobSettings: p.Defaults, NoConvert: true})
	var ref *RefusedError
	if !errors.As(err, &ref) || ref.Reason != RefusedContentType || e.jobCreations() != 0 {
		t.Fatalf("--no-convert: %v, %d jobs", err, e.jobCreations())
	}
}

func TestConversionFailureCreatesNoJob(t *testing.T) {
	t.Parallel()
	e := newEnv(t, emulator.Config{})
	p := e.printer(pdfOnlyShare)
	dir := t.TempDir()
	bad := filepath.Join(dir, "notes.txt")
	os.WriteFile(bad, append([]byte("text"), make([]byte, 100)...), 0o600)
	docx := filepath.Join(dir, "letter.docx")
	os.WriteFile(docx, []byte("PK\x03\x04 not really"), 0o600)
	noOffice := e.service(Params{Soffice: filepath.Join(dir, "no-soffice")})
	for _, c := range []struct {
		svc  *Service
		path string
		want string
	}{
		{e.svc, bad, "is not plain text"},
		{noOffice, docx, "install LibreOffice"},
	} {
		// Refused at once, from the file's first bytes: no task, no job.
		_, err := c.svc.Print(context.Background(), PrintRequest{Path: c.path, Printer: p, JobSettings: p.Defaults})
		var ref *RefusedError
		if !errors.As(err, &ref) || ref.Reason != RefusedConversion || !strings.Contains(err.Error(), c.want) {
			t.Fatalf("%s: %v", c.path, err)
		}
		if h, _, _ := Explain(err); !strings.Contains(h, filepath.Base(c.path)) {
			t.Fatalf("explained as %q", h)
		}
	}
	if n := e.jobCreations(); n != 0 {
		t.Fatalf("%d jobs created for files that could not be converted", n)
	}
}

func TestCancelDuringConversion(t *testing.T) {
	t.Parallel()
	e := newEnv(t, emulator.Config{})
	p := e.printer(pdfOnlyShare)
	path := testenv.WritePNG(t, t.TempDir(), "big.png", 4000, 3000)
	started := make(chan struct{})
	var once sync.Once
	task, err := e.svc.Print(context.Background(), PrintRequest{Path: path, Printer: p, JobSettings: p.Defaults, OnEvent: func(ev Event) {
		if ev.Stage == StageConverting {
			once.Do(func() { close(started) })
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	<-started
	task.Cancel()
	if _, err := task.Wait(); !errors.Is(err, context.Canceled) {
		t.Fatalf("a cancelled conversion ended with %v", err)
	}
	if n := e.jobCreations(); n != 0 {
		t.Fatalf("%d jobs created by a print cancelled while converting", n)
	}
}

func TestBecomesSaysWhatTheFileList(t *testing.T) {
	t.Parallel()
	e := newEnv(t, emulator.Config{})
	d, err := NewDesktop(e.svc).Details(context.Background(), pdfOnlyShare)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	png := testenv.WritePNG(t, dir, "photo.png", 20, 10)
	pdfPath, _ := writeFile(t, dir, "memo.pdf", 100)
	for path, want := range map[string]string{png: "1 page, as PDF", pdfPath: ""} {
		f, err := NewDesktop(e.svc).CheckFile(path, &d)
		if err != nil {
			t.Fatal(err)
		}
		if got := d.Becomes(f); got != want {
			t.Errorf("%s becomes %q, want %q", filepath.Base(path), got, want)
		}
	}
	if got := d.Becomes(FileInfo{Name: "letter.docx", Type: "application/zip"}); got != "as PDF" {
		t.Errorf("a document becomes %q", got)
	}
	if exts := ChooserExtensions(); !slices.Contains(exts, ".docx") || !slices.Contains(exts, ".PNG") || !slices.Contains(exts, ".pdf") {
		t.Errorf("chooser extensions: %v", exts)
	}
}

// TestConvertedPrintResumes: a converted print interrupted while uploading
// keeps its PDF and its checkpoint; printing the same picture again uses
// that PDF as it is (no second conversion) and resumes into the same job.
// Once the job is printed the kept PDF is gone. Discarding an interrupted
// converted print removes its PDF too, and a kept PDF no checkpoint names
// is removed a day later.
func TestConvertedPrintResumes(t *testing.T) {
	t.Parallel()
	e := newEnv(t, emulator.Config{})
	p := e.printer(pdfOnlyShare)
	path := testenv.WritePNG(t, t.TempDir(), "photo.png", 640, 480)
	hold := e.Fault(emutest.Fault{Kind: "hold", Host: "upload", Method: "PUT", Count: 100})
	ctx, cancel := context.WithCancel(context.Background())
	uploading := make(chan struct{})
	var once sync.Once
	first, err := e.svc.Print(ctx, PrintRequest{Path: path, Printer: p, JobSettings: p.Defaults, KeepJob: true, OnEvent: func(ev Event) {
		if ev.Stage == StageUploading {
			once.Do(func() { close(uploading) })
		}
	}})
	must(t, err)
	<-uploading
	cancel() // as a crash leaves it: the job and its checkpoint kept
	firstRes, _ := first.Wait()
	e.DeleteFault(hold)

	kept := keptFiles(t, e.svc)
	cps, err := e.svc.Resumable(context.Background())
	must(t, err)
	if len(kept) != 1 || len(cps) != 1 || cps[0].FilePath != kept[0] || cps[0].Name != "photo.png.pdf" {
		t.Fatalf("after the interruption: kept %v, resumable %+v; want one PDF and its checkpoint", kept, cps)
	}
	keptBytes, err := os.ReadFile(kept[0])
	must(t, err)

	var mu sync.Mutex
	var said []string
	again, err := e.svc.Print(context.Background(), PrintRequest{Path: path, Printer: p, JobSettings: p.Defaults, OnEvent: func(ev Event) {
		mu.Lock()
		defer mu.Unlock()
		said = append(said, ev.Message)
	}})
	must(t, err)
	res, err := again.Wait()
	if err != nil || !res.Resumed || res.JobID != firstRes.JobID || res.State != "completed" {
		t.Fatalf("the second print: %+v, %v; want job %s resumed and completed", res, err, firstRes.JobID)
	}
	mu.Lock()
	if !slices.ContainsFunc(said, func(m string) bool { return strings.HasPrefix(m, "Using the PDF made for the interrupted print") }) {
		t.Errorf("the second print converted again: %q", said)
	}
	mu.Unlock()
	if _, _, data := e.uploadedDocument(pdfOnlyShare, res.JobID); !bytes.Equal(data, keptBytes) {
		t.Error("the service holds other bytes than the kept PDF")
	}
	if kept := keptFiles(t, e.svc); len(kept) != 0 {
		t.Errorf("kept after printing: %v", kept)
	}

	// Discard takes the PDF with the checkpoint.
	hold = e.Fault(emutest.Fault{Kind: "hold", Host: "upload", Method: "PUT", Count: 100})
	ctx, cancel = context.WithCancel(context.Background())
	uploading, once = make(chan struct{}), sync.Once{}
	third, err := e.svc.Print(ctx, PrintRequest{Path: path, Printer: p, JobSettings: p.Defaults, KeepJob: true, OnEvent: func(ev Event) {
		if ev.Stage == StageUploading {
			once.Do(func() { close(uploading) })
		}
	}})
	must(t, err)
	<-uploading
	cancel()
	third.Wait()
	e.DeleteFault(hold)
	cps, err = e.svc.Resumable(context.Background())
	must(t, err)
	if len(cps) != 1 {
		t.Fatalf("resumable %+v, want the third print's", cps)
	}
	must(t, e.svc.Discard(context.Background(), cps[0]))
	if kept := keptFiles(t, e.svc); len(kept) != 0 {
		t.Errorf("kept after Discard: %v", kept)
	}

	// An orphan (a crash between conversion and checkpoint) goes after a day.
	must(t, os.MkdirAll(e.svc.keptDir(), 0o700))
	young, old := filepath.Join(e.svc.keptDir(), "young.pdf"), filepath.Join(e.svc.keptDir(), "old.pdf")
	must(t, os.WriteFile(young, []byte("%PDF-"), 0o600))
	must(t, os.WriteFile(old, []byte("%PDF-"), 0o600))
	work := filepath.Join(e.svc.keptDir(), "printdrop-office-123") // LibreOffice's, left by a crash
	must(t, os.MkdirAll(filepath.Join(work, "profile"), 0o700))
	past := time.Now().Add(-keptOrphanAge - time.Minute)
	must(t, os.Chtimes(old, past, past))
	must(t, os.Chtimes(work, past, past))
	_, err = e.svc.Resumable(context.Background())
	must(t, err)
	if kept := keptFiles(t, e.svc); len(kept) != 1 || kept[0] != young {
		t.Errorf("after the sweep: %v, want only %s", kept, young)
	}
	if _, err := os.Stat(work); !os.IsNotExist(err) {
		t.Errorf("LibreOffice's old work folder is still there (%v)", err)
	}
}

// keptFiles are the converted PDFs svc keeps.
func keptFiles(t *testing.T, svc *Service) []string {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(svc.keptDir(), "*.pdf"))
	must(t, err)
	return paths
}
