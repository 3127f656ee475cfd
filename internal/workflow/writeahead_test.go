package workflow

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"printdrop/internal/emulator"
	"printdrop/internal/graph"
)

// TestWriteAheadComesBeforeEachRequest: the hook hears each step before
// the request it names, with the job id once there is one, and its error
// stops the print there: no job when the create was refused, the job
// cancelled when its id could not be recorded, never a start.
func TestWriteAheadComesBeforeEachRequest(t *testing.T) {
	t.Parallel()
	for _, refuse := range []WriteAheadStep{0, StepCreating, StepCreated, StepStarting} {
		t.Run(fmt.Sprint("refuse=", refuse), func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, emulator.Config{})
			path, _ := writeFile(t, t.TempDir(), "a.pdf", 5000)
			p := e.printer(emulator.ShareDefault)
			var seen []string
			full := errors.New("disk full")
			task, err := e.svc.Print(context.Background(), PrintRequest{Path: path, Printer: p, JobSettings: p.Defaults,
				WriteAhead: func(step WriteAheadStep, jobID string) error {
					seen = append(seen, fmt.Sprintf("%s:%d:%v", step, e.jobCreations(), jobID != ""))
					if step == refuse {
						return full
					}
					return nil
				}})
			if err != nil {
				t.Fatal(err)
			}
			res, err := task.Wait()
			want := []string{"creating:0:false", "created:1:true", "starting:1:true"}
			if refuse == 0 {
				e.wantOneCompletedJob(res, err)
				if fmt.Sprint(seen) != fmt.Sprint(want) {
					t.Fatalf("steps %v, want %v", seen, want)
				}
				return
			}
			var wa *WriteAheadError
			if !errors.As(err, &wa) || wa.Step != refuse || !errors.Is(err, full) {
				t.Fatalf("Wait = %v, want the *WriteAheadError of %s", err, refuse)
			}
			if fmt.Sprint(seen) != fmt.Sprint(want[:refuse]) {
				t.Fatalf("steps %v, want %v", seen, want[:refuse])
			}
			if refuse == StepCreating && e.jobCreations() != 0 {
				t.Fatalf("a job was created although its create could not be recorded")
			}
			if refuse > StepCreating {
				if st := e.JobState(res.JobID); st != "canceled" {
					t.Fatalf("the job whose step could not be recorded is %s, want canceled", st)
				}
			}
		})
	}
}

// TestFollowJobVerdicts: a job an earlier run left is carried on from what
// the service says of it.
func TestFollowJobVerdicts(t *testing.T) {
	t.Parallel()
	e := newEnv(t, emulator.Config{})
	p := e.printer(emulator.ShareDefault)
	ctx := context.Background()
	path, _ := writeFile(t, t.TempDir(), "a.pdf", 5000)

	// Printed to the end: followed, completed.
	task, err := e.svc.Print(ctx, PrintRequest{Path: path, Printer: p, JobSettings: p.Defaults, NoWait: true})
	if err != nil {
		t.Fatal(err)
	}
	started, err := task.Wait()
	if err != nil {
		t.Fatal(err)
	}
	ft, err := e.svc.FollowJob(ctx, FollowRequest{Printer: p, JobID: started.JobID, Size: 5000})
	if err != nil {
		t.Fatalf("FollowJob of a started job: %v", err)
	}
	if res, err := ft.Wait(); err != nil || res.State != "completed" {
		t.Fatalf("followed job ended %+v, %v; want completed", res, err)
	}

	// Created, never uploaded: it wants its document.
	jobs := e.jobCreations()
	waiting, err := e.svc.graph.CreateJob(ctx, p.ID(), p.Defaults.mustConfiguration(t))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.FollowJob(ctx, FollowRequest{Printer: p, JobID: waiting.ID, Size: 5000, Start: true}); !errors.Is(err, ErrJobWantsDocument) {
		t.Fatalf("FollowJob of an empty job = %v, want ErrJobWantsDocument", err)
	}
	// Uploaded into it again by Print with its id: printed in that job.
	task, err = e.svc.Print(ctx, PrintRequest{Path: path, Printer: p, JobSettings: p.Defaults, JobID: waiting.ID})
	if err != nil {
		t.Fatal(err)
	}
	if res, err := task.Wait(); err != nil || res.JobID != waiting.ID || res.State != "completed" {
		t.Fatalf("print into the waiting job = %+v, %v", res, err)
	}
	if n := e.jobCreations(); n != jobs+1 {
		t.Fatalf("%d jobs created, want %d", n, jobs+1)
	}

	// Unknown: gone.
	var gone *JobGoneError
	if _, err := e.svc.FollowJob(ctx, FollowRequest{Printer: p, JobID: "999999"}); !errors.As(err, &gone) {
		t.Fatalf("FollowJob of an unknown job = %v, want *JobGoneError", err)
	}
}

func (s JobSettings) mustConfiguration(t *testing.T) graph.JobConfiguration {
	t.Helper()
	cfg, err := s.Configuration()
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}
