package workflow

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"printdrop/internal/emulator"
	"printdrop/internal/emulator/emutest"
)

// TestFollowerVerdicts is the one table of what each answer of the service
// means to a job being followed, for a window or send print (Print) and for
// a job an earlier run left (FollowJob, the bridge's resume): both go
// through the same follower, so the same answer gives the same verdict.
// A 404 is a finished job that aged out of the service's list; another 4xx
// ends the watch with that error; 5xx and 429 are passing trouble.
func TestFollowerVerdicts(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		answer  int // what the job's GET answers, count times
		count   int
		wantErr int    // the HTTP status of the error; 0: none
		want    string // the job's state at the end, when no error
	}{
		{answer: 404, count: 1, want: "processing"}, // aged out: finished as last seen
		{answer: 503, count: 3, want: "completed"},
		{answer: 429, count: 2, want: "completed"},
		{answer: 500, count: 2, want: "completed"},
		{answer: 502, count: 1, want: "completed"},
		{answer: 403, count: 1, wantErr: 403},
		{answer: 400, count: 1, wantErr: 400},
	} {
		for _, via := range []string{"Print", "FollowJob"} {
			name := fmt.Sprintf("%d×%d via %s", tc.answer, tc.count, via)
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				e := newEnv(t, emulator.Config{JobProcessing: 300 * time.Millisecond})
				p := e.printer(emulator.ShareDefault)
				path, _ := writeFile(t, t.TempDir(), "a.pdf", 4000)
				fault := emutest.Fault{Kind: "status", Status: tc.answer, Count: tc.count, Host: "graph", Method: "GET",
					PathPrefix: "/v1.0/print/shares/" + emulator.ShareDefault + "/jobs/"}
				arm := func() {
					if _, err := e.Do("POST", "/faults", fault, nil); err != nil {
						t.Error(err) // on the task's goroutine: no Fatal
					}
				}
				ctx := context.Background()
				// Armed at the first report of the started job, so the
				// answers go to the follower, not to the reads before it.
				armed := false
				onEvent := func(ev Event) {
					if ev.Stage == StageWaiting && !armed {
						armed = true
						arm()
					}
				}
				var res Result
				var err error
				if via == "Print" {
					task, perr := e.svc.Print(ctx, PrintRequest{Path: path, Printer: p, JobSettings: p.Defaults, OnEvent: onEvent})
					must(t, perr)
					res, err = task.Wait()
				} else {
					task, perr := e.svc.Print(ctx, PrintRequest{Path: path, Printer: p, JobSettings: p.Defaults, NoWait: true})
					must(t, perr)
					started, werr := task.Wait()
					must(t, werr)
					ft, ferr := e.svc.FollowJob(ctx, FollowRequest{Printer: p, JobID: started.JobID, Size: 4000, OnEvent: onEvent})
					must(t, ferr)
					res, err = ft.Wait()
				}
				if !armed {
					t.Fatal("the follower reported nothing: the fault was never armed")
				}
				var st interface{ HTTPStatus() int }
				switch {
				case tc.wantErr != 0:
					if !errors.As(err, &st) || st.HTTPStatus() != tc.wantErr {
						t.Fatalf("ended %+v, %v; want an error with HTTP %d", res, err, tc.wantErr)
					}
				case err != nil:
					t.Fatalf("ended with %v; want the job followed to %q", err, tc.want)
				case res.State != tc.want:
					t.Fatalf("ended in %q, want %q", res.State, tc.want)
				}
			})
		}
	}
}
