package workflow

import (
	"context"
	"errors"
	"printdrop/internal/graph"
	"slices"
	"strings"
	"sync"
	"testing"

	"printdrop/internal/emulator"
	"printdrop/internal/emulator/emutest"
	"printdrop/internal/upload"
)

func TestPrintEndToEnd(t *testing.T) {
	t.Parallel()
	e := newEnv(t, emulator.Config{})
	ctx := context.Background()
	p, err := e.svc.ResolveShare(ctx, "lyon hq floor 2 copy room")
	if err != nil {
		t.Fatal(err)
	}
	if p.ID() != emulator.ShareDefault {
		t.Fatalf("resolved %s, want the default share", p.ID())
	}
	settings, err := e.svc.ResolveJobSettings(p, JobSettings{Copies: 2, DuplexMode: "long", PageRanges: "1-3,5"})
	if err != nil {
		t.Fatal(err)
	}
	path, sum := writeFile(t, t.TempDir(), "report.pdf", 3*ChunkUnit+17)
	var mu sync.Mutex
	var stages []Stage
	task, err := e.svc.Print(ctx, PrintRequest{Path: path, Printer: p, JobSettings: settings, OnEvent: func(ev Event) {
		mu.Lock()
		defer mu.Unlock()
		if len(stages) == 0 || stages[len(stages)-1] != ev.Stage {
			stages = append(stages, ev.Stage)
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	res, err := task.Wait()
	if err != nil {
		t.Fatalf("Wait: %v", err)
	}
	if res.State != "completed" || !res.Succeeded() || res.JobID == "" || res.Resumed {
		t.Fatalf("result = %+v, want a completed, fresh job", res)
	}
	if got := e.documentSHA(res.JobID); got != sum {
		t.Fatalf("server SHA-256 %s, file %s", got, sum)
	}
	want := []Stage{StageChecking, StageCreating, StageUploading, StageStarting, StageWaiting, StageDone}
	mu.Lock()
	defer mu.Unlock()
	if !slices.Equal(stages, want) {
		t.Fatalf("stages = %v, want %v", stages, want)
	}
	if got := e.prefs.StringWithFallback(KeyLastShareID, ""); got != emulator.ShareDefault {
		t.Fatalf("last share saved as %q", got)
	}
	if list, _ := e.svc.Interrupted(); len(list) != 0 {
		t.Fatalf("a completed upload left checkpoints: %+v", list)
	}
	for _, r := range e.Requests() {
		if r.Host == "upload" && r.Authorization {
			t.Fatalf("the bearer reached the upload host: %+v", r)
		}
	}
}

func TestPrintNoWait(t *testing.T) {
	t.Parallel()
	e := newEnv(t, emulator.Config{JobProcessing: 10 * 60 * 1e9}) // never completes during the test
	path, _ := writeFile(t, t.TempDir(), "a.pdf", 1000)
	p := e.printer(emulator.ShareDefault)
	task, err := e.svc.Print(context.Background(), PrintRequest{Path: path, Printer: p, JobSettings: p.Defaults, NoWait: true})
	if err != nil {
		t.Fatal(err)
	}
	res, err := task.Wait()
	if err != nil || res.State != "processing" {
		t.Fatalf("NoWait result = %+v, %v; want processing", res, err)
	}
}

func TestPrintFailedUploadCancelsJob(t *testing.T) {
	t.Parallel()
	e := newEnv(t, emulator.Config{})
	// 403 is final for the engine: the upload fails at once.
	e.Fault(emutest.Fault{Kind: "status", Status: 403, Host: "upload", Method: "PUT", Count: 100})
	path, _ := writeFile(t, t.TempDir(), "a.pdf", 5000)
	p := e.printer(emulator.ShareDefault)
	task, err := e.svc.Print(context.Background(), PrintRequest{Path: path, Printer: p, JobSettings: p.Defaults})
	if err != nil {
		t.Fatal(err)
	}
	res, err := task.Wait()
	var upErr *upload.Error
	if !errors.As(err, &upErr) {
		t.Fatalf("Wait = %+v, %v; want an upload error", res, err)
	}
	if res.JobID == "" {
		t.Fatal("no job id in the result")
	}
	if st := e.JobState(res.JobID); st != "canceled" {
		t.Fatalf("the job of a failed upload is %s, want canceled", st)
	}
	if h, n, _ := Explain(err); !strings.Contains(h, "a.pdf") || n == "" {
		t.Fatalf("Explain = %q / %q", h, n)
	}
	if list, _ := e.svc.Interrupted(); len(list) != 0 {
		t.Fatalf("a failed upload left a checkpoint: %+v", list)
	}
}

func TestPrintCancel(t *testing.T) {
	t.Parallel()
	for _, keep := range []bool{false, true} {
		e := newEnv(t, emulator.Config{})
		e.Fault(emutest.Fault{Kind: "hold", Host: "upload", Method: "PUT", Count: 100})
		path, _ := writeFile(t, t.TempDir(), "a.pdf", 5000)
		p := e.printer(emulator.ShareDefault)
		started := make(chan struct{})
		var once sync.Once
		task, err := e.svc.Print(context.Background(), PrintRequest{Path: path, Printer: p, JobSettings: p.Defaults, KeepJob: keep,
			OnEvent: func(ev Event) {
				if ev.Stage == StageUploading && len(ev.Upload.InFlight) > 0 {
					once.Do(func() { close(started) })
				}
			}})
		if err != nil {
			t.Fatal(err)
		}
		<-started
		task.Cancel()
		res, err := task.Wait()
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("keep=%v: Wait = %v, want context.Canceled", keep, err)
		}
		want := "canceled"
		if keep {
			want = "paused" // still waiting for its document
		}
		if st := e.JobState(res.JobID); st != want {
			t.Fatalf("keep=%v: job is %s, want %s", keep, st, want)
		}
		deleted := slices.ContainsFunc(e.Requests(), func(r emutest.Request) bool { return r.Host == "upload" && r.Method == "DELETE" })
		if !deleted {
			t.Fatalf("keep=%v: the upload session was not deleted", keep)
		}
		list, _ := e.svc.Interrupted()
		if keep != (len(list) == 1) {
			t.Fatalf("keep=%v: checkpoints after cancel: %+v", keep, list)
		}
		e.ClearFaults()
	}
}

// A final PUT that lands but whose answer is lost leaves no session to ask:
// the print must still end as one completed job, not re-upload into a new one.
func TestPrintLostFinalAnswer(t *testing.T) {
	t.Parallel()
	// The finished session's URL answers 404, or 401 expiredToken as
	// tempauth URLs are reported to do, and the job refuses a new session
	// with 400 or 409: each must end in the same job.
	for name, cfg := range map[string]emulator.Config{
		"404/400": {}, "expired-401": {ExpiredAs401: true}, "conflict-409": {Conflict409: true},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, cfg)
			// One chunk, so the only PUT is the last: stored, then answered 503.
			e.Fault(emutest.Fault{Kind: "store_then_fail", Status: 503, Host: "upload", Method: "PUT", Count: 1})
			res, sum, err := e.printDefault(e.svc)
			e.wantOneCompletedJob(res, err)
			if got := e.documentSHA(res.JobID); got != sum {
				t.Fatalf("stored SHA-256 %s, want %s", got, sum)
			}
		})
	}
}

// TestPrintLostStartAnswer: the start took effect but its answer failed
// (a 504 after the fact). The job is printing: it must be followed to the
// end, never cancelled as if the start had failed.
func TestPrintLostStartAnswer(t *testing.T) {
	t.Parallel()
	e := newEnv(t, emulator.Config{})
	e.Fault(emutest.Fault{Kind: "store_then_fail", Status: 504, Host: "graph", Method: "POST", PathSuffix: "/start", Count: 1})
	res, _, err := e.printDefault(e.svc)
	e.wantOneCompletedJob(res, err)
	for _, r := range e.Requests() {
		if strings.HasSuffix(r.Path, "/cancel") {
			t.Fatalf("a started job was cancelled: %s %s", r.Method, r.Path)
		}
		if strings.HasSuffix(r.Path, "/start") && r.Status != 504 {
			t.Fatalf("start sent again (%d): a second start of a moving job fails", r.Status)
		}
	}
}

// TestPrintRefusedStartCancelsJob: a start refused while the job still
// waits (here a 403) fails the print and cancels the job it created.
func TestPrintRefusedStartCancelsJob(t *testing.T) {
	t.Parallel()
	e := newEnv(t, emulator.Config{})
	e.Fault(emutest.Fault{Kind: "status", Status: 403, Host: "graph", Method: "POST", PathSuffix: "/start", Count: 1})
	res, _, err := e.printDefault(e.svc)
	if err == nil {
		t.Fatalf("Wait = %+v, nil; want the start's error", res)
	}
	if st := e.JobState(res.JobID); st != "canceled" {
		t.Fatalf("job %s is %q after a refused start, want canceled", res.JobID, st)
	}
}

// TestPrintTooManyUnfinishedJobs: at the service's limit of unfinished jobs
// on a printer, printing says how many there are and what helps, instead
// of "the service is busy".
func TestPrintTooManyUnfinishedJobs(t *testing.T) {
	t.Parallel()
	e := newEnv(t, emulator.Config{JobLimits: true})
	// Give up on the 429 at once: waiting out its Retry-After is the
	// graph client's business, tested there.
	svc := e.service(Params{Retry: graph.RetryPolicy{MaxAttempts: 1}})
	for range MaxUnfinishedJobs {
		if _, err := svc.graph.CreateJob(context.Background(), emulator.ShareDefault, graph.JobConfiguration{}); err != nil {
			t.Fatal(err)
		}
	}
	_, _, err := e.printDefault(svc)
	var tm *TooManyJobsError
	if !errors.As(err, &tm) || tm.Unfinished != MaxUnfinishedJobs || tm.Waiting != MaxUnfinishedJobs {
		t.Fatalf("Wait = %v, want a TooManyJobsError for %d waiting jobs", err, MaxUnfinishedJobs)
	}
	x := ExplainError(err)
	if !strings.Contains(x.Headline, "4 unfinished print jobs") || !strings.Contains(x.NextStep, "upload into one of those") {
		t.Fatalf("explanation %+v", x)
	}
	if HTTPStatus(err) != 429 {
		t.Fatalf("the service's 429 is lost: %v", err)
	}
}

// TestPrintSaysWhyItWaits: while the Graph client waits out a 429 before
// trying again, the print's events say what is happening.
func TestPrintSaysWhyItWaits(t *testing.T) {
	t.Parallel()
	e := newEnv(t, emulator.Config{})
	e.Fault(emutest.Fault{Kind: "status", Status: 429, RetryAfter: "0.2", Host: "graph", Method: "POST", PathSuffix: "/jobs", Count: 1})
	var mu sync.Mutex
	var messages []string
	res, _, err := e.printWatched(e.svc, func(ev Event) {
		if ev.Message != "" {
			mu.Lock()
			messages = append(messages, ev.Message)
			mu.Unlock()
		}
	})
	if err != nil || !res.Succeeded() {
		t.Fatalf("Wait = %+v, %v; want a completed job", res, err)
	}
	if n := e.jobCreations(); n != 2 { // the throttled attempt and the one that made the job
		t.Fatalf("%d job creation requests, want 2", n)
	}
	mu.Lock()
	defer mu.Unlock()
	want := "Could not create the print job yet: the print service is busy. Trying again in 1 s."
	if !slices.Contains(messages, want) {
		t.Fatalf("messages %q lack %q", messages, want)
	}
}
