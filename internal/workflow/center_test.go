package workflow

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"printdrop/internal/emulator"
	"printdrop/internal/emulator/emutest"
	"printdrop/internal/graph"
)

// withRelease reseeds the emulator with QR-code release on the default share.
func (e *testEnv) withRelease() {
	e.t.Helper()
	seed := emulator.DemoSeed()
	seed.Printers[0].Share.ReleaseMechanisms = []string{"qrCode"}
	e.Control("POST", "/seed", seed, nil)
}

// printNoWait prints a small PDF to the default share and returns once
// the job is started, with the file's path.
func (e *testEnv) printNoWait() (Result, string) {
	e.t.Helper()
	path, _ := writeFile(e.t, e.t.TempDir(), "memo.pdf", 5000)
	p := e.printer(emulator.ShareDefault)
	task, err := e.svc.Print(context.Background(), PrintRequest{Path: path, Printer: p, JobSettings: p.Defaults, NoWait: true})
	if err != nil {
		e.t.Fatal(err)
	}
	res, err := task.Wait()
	if err != nil {
		e.t.Fatal(err)
	}
	return res, path
}

// jobEntry finds a job in Jobs, waiting up to 10 s for phase.
func (e *testEnv) jobEntry(id string, phase JobPhase) JobEntry {
	e.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		jobs, err := e.svc.Jobs(context.Background())
		if err != nil {
			e.t.Fatal(err)
		}
		var last JobEntry
		for _, j := range jobs {
			if j.ID == id {
				last = j
			}
		}
		if last.Phase == phase {
			return last
		}
		if time.Now().After(deadline) {
			e.t.Fatalf("job %s is %+v, want phase %s", id, last, phase)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestJobsHeldForReleaseThenPrinted(t *testing.T) {
	e := newEnv(t, emulator.Config{})
	e.withRelease()
	res, path := e.printNoWait()
	held := e.jobEntry(res.JobID, PhaseHeld)
	if !strings.Contains(held.Words, HeldSentence) || !held.FromHere || held.LocalFile == "" || !held.Unfinished() {
		t.Fatalf("held job = %+v", held)
	}
	if held.DocumentName != "memo.pdf" || held.ShareID != emulator.ShareDefault || held.Printer == "" {
		t.Fatalf("held job names = %+v (file %s)", held, path)
	}
	e.Control("POST", "/jobs/"+res.JobID+"/release", nil, nil)
	done := e.jobEntry(res.JobID, PhasePrinted)
	if done.Words != "Printed." || done.Unfinished() {
		t.Fatalf("printed job = %+v", done)
	}
}

func TestJobsCancelAndFailedWithPrinterState(t *testing.T) {
	e := newEnv(t, emulator.Config{JobProcessing: 400 * time.Millisecond})
	res, _ := e.printNoWait()
	e.SetPrinterStatus(emulator.ShareDefault, emutest.PrinterStatus{State: "stopped", Details: []string{"mediaJam"}, Description: "Paper jam in tray 2."})
	failed := e.jobEntry(res.JobID, PhaseFailed)
	if failed.PrinterState != "paper jam" || !strings.Contains(failed.Words, "Paper jam in tray 2") || !failed.Unfinished() {
		t.Fatalf("stopped job = %+v", failed)
	}
	if err := e.svc.CancelJob(context.Background(), failed.ShareID, failed.ID); err != nil {
		t.Fatal(err)
	}
	if got := e.jobEntry(res.JobID, PhaseCanceled); got.Unfinished() {
		t.Fatalf("canceled job = %+v", got)
	}
}

func TestJobsWaitingForPrinter(t *testing.T) {
	j := graph.Job{ID: "1", Status: graph.JobStatus{State: graph.JobProcessing, IsAcquiredByPrinter: false}}
	if e := entryOf(j, "s", "p"); e.Phase != PhaseWaiting || e.Words != "Waiting for the printer to take it." {
		t.Fatalf("not acquired = %+v", e)
	}
	j.Status.IsAcquiredByPrinter = true
	if e := entryOf(j, "s", "p"); e.Phase != PhasePrinting {
		t.Fatalf("acquired = %+v", e)
	}
	j.Status = graph.JobStatus{State: graph.JobPaused, Details: []graph.JobStateDetail{graph.JobUploadPending}}
	if e := entryOf(j, "s", "p"); e.Phase != PhaseUploading {
		t.Fatalf("upload pending = %+v", e)
	}
}

// TestJobsRequestBudget: 500 jobs on 20 recent shares cost the budget
// Jobs states: 1 recent-shares list + 1 /me + 20 job lists.
func TestJobsRequestBudget(t *testing.T) {
	e := newEnv(t, emulator.Config{})
	ctx := context.Background()
	for i := 0; i < 500; i++ {
		share := emulator.DemoShareID(8 + i%20) // shares 8..27: visible and accepting
		if _, err := e.svc.graph.CreateJob(ctx, share, graph.JobConfiguration{}); err != nil {
			t.Fatal(err)
		}
	}
	fresh := e.service(Params{}) // no /me cached yet
	e.ClearRequests()
	jobs, err := fresh.Jobs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(jobs) != 500 {
		t.Fatalf("%d jobs, want 500", len(jobs))
	}
	for i := 1; i < len(jobs); i++ {
		if jobs[i].Created.After(jobs[i-1].Created) {
			t.Fatalf("jobs not newest first at %d", i)
		}
	}
	n := 0
	for _, r := range e.Requests() {
		if r.Host == "graph" {
			n++
		}
	}
	if budget := 1 + 1 + 20; n > budget {
		t.Fatalf("Jobs made %d requests, budget %d", n, budget)
	}
}

func TestReprintFromLocalFileThenServiceCopyThenNot(t *testing.T) {
	e := newEnv(t, emulator.Config{})
	e.withRelease() // jobs stay held, so the cancel below finds one unfinished
	ctx := context.Background()
	res, path := e.printNoWait()
	entry := e.jobEntry(res.JobID, PhaseHeld)

	rp, err := e.svc.PrepareReprint(ctx, entry)
	if err != nil {
		t.Fatal(err)
	}
	if rp.FromService || rp.Request.Path != path {
		t.Fatalf("reprint with the local file there = %+v", rp)
	}
	rp.Close()

	// The file is gone: the service's copy, with the same bytes.
	os.Remove(path)
	rp, err = e.svc.PrepareReprint(ctx, entry)
	if err != nil {
		t.Fatal(err)
	}
	defer rp.Close()
	if !rp.FromService {
		t.Fatalf("reprint without the file = %+v", rp)
	}
	rp.Request.NoWait = true
	task, err := e.svc.Print(ctx, rp.Request)
	if err != nil {
		t.Fatal(err)
	}
	again, err := task.Wait()
	if err != nil || !again.Succeeded() {
		t.Fatalf("reprint = %+v, %v", again, err)
	}
	_, a, _ := e.Document(res.JobID)
	_, b, _ := e.Document(again.JobID)
	if a != b {
		t.Fatal("the reprint's bytes differ from the first print's")
	}

	// A canceled job keeps no copy, and its file is gone: a typed refusal.
	res2, path2 := e.printNoWait()
	os.Remove(path2)
	if err := e.svc.CancelJob(ctx, emulator.ShareDefault, res2.JobID); err != nil {
		t.Fatal(err)
	}
	entry2 := e.jobEntry(res2.JobID, PhaseCanceled)
	_, err = e.svc.PrepareReprint(ctx, entry2)
	var no *NoReprintError
	if !errors.As(err, &no) || no.Reason != NoReprintNoCopy || !strings.Contains(no.Msg, "gone or has changed") {
		t.Fatalf("reprint of a canceled job without its file: %v", err)
	}
	if _, err := e.svc.FindJob(ctx, "999999"); !errors.As(err, &no) || no.Reason != NoReprintUnknownJob {
		t.Fatalf("FindJob of an unknown id: %v", err)
	}
}
