package workflow

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"printdrop/internal/emulator"
	"printdrop/internal/emulator/emutest"
	"printdrop/internal/graph"
	"printdrop/internal/ranges"
	"printdrop/internal/secret"
	"printdrop/internal/upload"
)

// interrupted leaves what a killed run leaves: a job, a session holding the
// first half of the file, and a checkpoint. It returns the job id.
func interrupted(t *testing.T, e *testEnv, path string) string {
	t.Helper()
	ctx := context.Background()
	g := e.svc.graph
	f, err := upload.OpenFile(path)
	must(t, err)
	defer f.Close()
	job, err := g.CreateJob(ctx, emulator.ShareDefault, graph.JobConfiguration{})
	must(t, err)
	sess, err := g.CreateUploadSession(ctx, emulator.ShareDefault, job.ID, job.Documents[0].ID,
		graph.DocumentProperties{DocumentName: f.Name(), ContentType: f.ContentType(), Size: f.Size()})
	must(t, err)
	half := f.Size() / 2
	if _, _, err := sess.Put(ctx, ranges.Range{Start: 0, End: half - 1}, io.NewSectionReader(f, 0, half)); err != nil {
		t.Fatal(err)
	}
	must(t, e.svc.checks.Save(upload.Checkpoint{
		FilePath: f.Path(), ShareID: emulator.ShareDefault, JobID: job.ID, DocumentID: job.Documents[0].ID,
		Protocol: "v1", Name: f.Name(), ContentType: f.ContentType(), Size: f.Size(), ModTime: f.ModTime(),
		Fingerprint: f.Fingerprint(), Created: time.Now(), UploadURL: secret.Value(sess.URL().Reveal()),
	}))
	e.ClearRequests()
	return job.ID
}

func TestPrintResumesInterruptedUpload(t *testing.T) {
	t.Parallel()
	e := newEnv(t, emulator.Config{})
	path, sum := writeFile(t, t.TempDir(), "big.pdf", 6*ChunkUnit+99)
	jobID := interrupted(t, e, path)
	if list, _ := e.svc.Interrupted(); len(list) != 1 || list[0].JobID != jobID {
		t.Fatalf("Interrupted = %+v", list)
	}
	var mu sync.Mutex
	var messages []string
	p := e.printer(emulator.ShareDefault)
	task, err := e.svc.Print(context.Background(), PrintRequest{Path: path, Printer: p, JobSettings: p.Defaults, OnEvent: func(ev Event) {
		if ev.Message != "" {
			mu.Lock()
			messages = append(messages, ev.Message)
			mu.Unlock()
		}
	}})
	must(t, err)
	res, err := task.Wait()
	if err != nil || res.State != "completed" || !res.Resumed || res.JobID != jobID {
		t.Fatalf("resume: %+v, %v; want job %s completed and resumed", res, err, jobID)
	}
	if got := e.documentSHA(jobID); got != sum {
		t.Fatalf("server SHA-256 %s, file %s", got, sum)
	}
	if sent, half := e.UploadedBytes(), res.Size-res.Size/2; sent != half {
		t.Fatalf("resumed run sent %d bytes, want only the missing %d", sent, half)
	}
	if n := e.jobCreations(); n != 0 {
		t.Fatalf("resume created %d jobs", n)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(messages) == 0 || !strings.Contains(messages[0], "Resuming the upload of job "+jobID) {
		t.Fatalf("messages = %q", messages)
	}
}

func TestPrintRestartCancelsInterruptedJob(t *testing.T) {
	t.Parallel()
	e := newEnv(t, emulator.Config{})
	path, sum := writeFile(t, t.TempDir(), "big.pdf", 4*ChunkUnit)
	old := interrupted(t, e, path)
	p := e.printer(emulator.ShareDefault)
	task, err := e.svc.Print(context.Background(), PrintRequest{Path: path, Printer: p, JobSettings: p.Defaults, Restart: true})
	must(t, err)
	res, err := task.Wait()
	if err != nil || res.State != "completed" || res.Resumed || res.JobID == old {
		t.Fatalf("restart: %+v, %v", res, err)
	}
	if st := e.JobState(old); st != "canceled" {
		t.Fatalf("old job is %s, want canceled", st)
	}
	if got := e.documentSHA(res.JobID); got != sum {
		t.Fatalf("server SHA-256 %s, file %s", got, sum)
	}
}

func TestPrintFileChangedSinceInterruption(t *testing.T) {
	t.Parallel()
	e := newEnv(t, emulator.Config{})
	path, _ := writeFile(t, t.TempDir(), "big.pdf", 4*ChunkUnit)
	old := interrupted(t, e, path)
	_, sum := writeFile(t, filepath.Dir(path), "big.pdf", 4*ChunkUnit) // new content
	later := time.Now().Add(time.Minute)
	must(t, os.Chtimes(path, later, later))
	p := e.printer(emulator.ShareDefault)
	task, err := e.svc.Print(context.Background(), PrintRequest{Path: path, Printer: p, JobSettings: p.Defaults})
	must(t, err)
	res, err := task.Wait()
	if err != nil || res.Resumed || res.JobID == old || res.State != "completed" {
		t.Fatalf("changed file: %+v, %v; want a fresh job", res, err)
	}
	if st := e.JobState(old); st != "canceled" {
		t.Fatalf("the stale job is %s, want canceled", st)
	}
	if got := e.documentSHA(res.JobID); got != sum {
		t.Fatal("the server holds a mix of two versions")
	}
}

func TestPrintDraftProtocol(t *testing.T) {
	t.Parallel()
	e := newEnv(t, emulator.Config{})
	s := DefaultSettings()
	s.Protocol = ProtocolDraft
	svc := e.service(Params{Settings: s})
	path, sum := writeFile(t, t.TempDir(), "d.pdf", 2*ChunkUnit+1)
	p, err := svc.Printer(context.Background(), emulator.ShareDefault)
	must(t, err)
	task, err := svc.Print(context.Background(), PrintRequest{Path: path, Printer: p, JobSettings: p.Defaults})
	must(t, err)
	res, err := task.Wait()
	if err != nil || res.State != "completed" {
		t.Fatalf("draft: %+v, %v", res, err)
	}
	if got := e.documentSHA(res.JobID); got != sum {
		t.Fatalf("server SHA-256 %s, file %s", got, sum)
	}
	draft := false
	for _, r := range e.Requests() {
		draft = draft || strings.Contains(r.Path, "/uploadSession/$value")
	}
	if !draft {
		t.Fatal("no draft-protocol upload in the request log")
	}
}

func TestPrintRenewsExpiredSession(t *testing.T) {
	t.Parallel()
	e := newEnv(t, emulator.Config{})
	e.Fault(emutest.Fault{Kind: "expire", Host: "upload", Method: "PUT", Count: 1})
	s := DefaultSettings()
	s.ChunkSize, s.Parallel = ChunkUnit, 1
	svc := e.service(Params{Settings: s})
	path, sum := writeFile(t, t.TempDir(), "r.pdf", 3*ChunkUnit)
	p, err := svc.Printer(context.Background(), emulator.ShareDefault)
	must(t, err)
	var mu sync.Mutex
	var msgs []string
	task, err := svc.Print(context.Background(), PrintRequest{Path: path, Printer: p, JobSettings: p.Defaults, OnEvent: func(ev Event) {
		mu.Lock()
		defer mu.Unlock()
		if ev.Message != "" {
			msgs = append(msgs, ev.Message)
		}
	}})
	must(t, err)
	res, err := task.Wait()
	if err != nil || res.State != "completed" {
		t.Fatalf("renewal: %+v, %v", res, err)
	}
	if got := e.documentSHA(res.JobID); got != sum {
		t.Fatalf("server SHA-256 %s, file %s", got, sum)
	}
	mu.Lock()
	defer mu.Unlock()
	if !strings.Contains(strings.Join(msgs, "\n"), "continuing in a new one") {
		t.Fatalf("no renewal message in %q", msgs)
	}
}

func TestWaitingJobsAndExistingJob(t *testing.T) {
	t.Parallel()
	e := newEnv(t, emulator.Config{})
	ctx := context.Background()
	job, err := e.svc.graph.CreateJob(ctx, emulator.ShareDefault, graph.JobConfiguration{})
	must(t, err)
	waiting, err := e.svc.WaitingJobs(ctx, emulator.ShareDefault)
	must(t, err)
	if len(waiting) != 1 || waiting[0].ID != job.ID {
		t.Fatalf("WaitingJobs = %+v, want job %s", waiting, job.ID)
	}
	path, sum := writeFile(t, t.TempDir(), "w.pdf", 1234)
	p := e.printer(emulator.ShareDefault)
	task, err := e.svc.Print(ctx, PrintRequest{Path: path, Printer: p, JobSettings: p.Defaults, JobID: job.ID})
	must(t, err)
	res, err := task.Wait()
	if err != nil || res.JobID != job.ID || res.State != "completed" || e.documentSHA(job.ID) != sum {
		t.Fatalf("printing into the waiting job: %+v, %v", res, err)
	}
	if n := e.jobCreations(); n != 1 { // only the test's own
		t.Fatalf("%d job creations, want 1", n)
	}
	if waiting, _ := e.svc.WaitingJobs(ctx, emulator.ShareDefault); len(waiting) != 0 {
		t.Fatalf("a printed job is still waiting: %+v", waiting)
	}
}
