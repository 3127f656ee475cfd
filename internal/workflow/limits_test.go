package workflow

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"printdrop/internal/emulator"
	"printdrop/internal/emulator/emutest"
	"printdrop/internal/graph"
)

// TestServiceLimitsExplained: a 429 naming a Universal Print limit comes
// back as a *LimitError saying which limit and when to try again: on
// creating a job, activityLimitReached is the jobs-per-10-minutes limit and
// quotaLimitReached the long job quota; on the upload either is the
// bandwidth limit. A plain 429 (the service busy) is no limit of the user's.
func TestServiceLimitsExplained(t *testing.T) {
	for _, tc := range []struct {
		name, code, suffix, retryAfter string
		want                           ServiceLimit // 0: not a limit
		words                          string
	}{
		{"job rate", "activityLimitReached", "/jobs", "540", LimitJobRate, "200 print jobs in 10 minutes"},
		{"job quota", "quotaLimitReached", "/jobs", "86400", LimitJobQuota, "10,000 print jobs in 12 days"},
		{"bandwidth", "quotaLimitReached", "/createUploadSession", "900", LimitBandwidth, "1 GB in the last 15 minutes"},
		{"bandwidth, activity code", "activityLimitReached", "/createUploadSession", "1200", LimitBandwidth, "Try again in 20 min 00 s"},
		{"busy service", "", "/jobs", "600", 0, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, emulator.Config{})
			e.Fault(emutest.Fault{Kind: "status", Status: 429, Code: tc.code, RetryAfter: tc.retryAfter,
				Host: "graph", Method: "POST", PathSuffix: tc.suffix})
			path, _ := writeFile(t, t.TempDir(), "memo.pdf", 5000)
			p := e.printer(emulator.ShareDefault)
			before := time.Now()
			task, err := e.svc.Print(context.Background(), PrintRequest{Path: path, Printer: p, JobSettings: p.Defaults})
			if err == nil {
				_, err = task.Wait()
			}
			if err == nil {
				t.Fatal("the print succeeded through a 429")
			}
			var l *LimitError
			if !errors.As(err, &l) {
				if tc.want != 0 {
					t.Fatalf("error %v (%T) is no *LimitError", err, err)
				}
				return
			}
			if tc.want == 0 {
				t.Fatalf("a busy service was taken for a limit: %v", l)
			}
			if l.Limit != tc.want {
				t.Fatalf("limit %d, want %d", l.Limit, tc.want)
			}
			head, next, _ := Explain(err)
			if head != "The print service refused for now" || !strings.Contains(next, tc.words) {
				t.Fatalf("explained as %q / %q, want it to say %q", head, next, tc.words)
			}
			if secs, _ := strconv.Atoi(tc.retryAfter); l.RetryAfter != time.Duration(secs)*time.Second || l.At.Before(before) {
				t.Fatalf("Retry-After %v at %v, want %s s after %v", l.RetryAfter, l.At, tc.retryAfter, before)
			}
			if when := l.At.Add(l.RetryAfter).Local().Format("15:04"); !strings.Contains(next, when+".") {
				t.Fatalf("next step %q does not name the time to try again (%s)", next, when)
			}
		})
	}
}

func TestLimitErrorWords(t *testing.T) {
	at := time.Date(2026, 12, 7, 10, 30, 0, 0, time.Local)
	e := &LimitError{Limit: LimitJobRate, RetryAfter: 9 * time.Minute, At: at}
	want := "The print service refused for now: You have sent about 200 print jobs in 10 minutes (or the printer got 100), the most Universal Print takes. Try again in 9 min 00 s, after 10:39."
	if got := e.Error(); got != want {
		t.Fatalf("%q\nwant %q", got, want)
	}
}

func TestLimitErrorNamesTheDayOfALongWait(t *testing.T) {
	at := time.Date(2026, 12, 7, 10, 30, 0, 0, time.Local)
	e := &LimitError{Limit: LimitJobQuota, RetryAfter: 26 * time.Hour, At: at}
	if got := e.Error(); !strings.HasSuffix(got, "Try again in 26 h 00 min, after Tue 8 Dec 12:30.") {
		t.Fatalf("%q does not name the day", got)
	}
}

// TestJobRateLimitFromTheEmulator: with the emulator enforcing Universal
// Print's limits, the 201st job of a user in 10 minutes is refused, and
// the print says it is the jobs-per-10-minutes limit and when to try again.
func TestJobRateLimitFromTheEmulator(t *testing.T) {
	e := newEnv(t, emulator.Config{JobLimits: true})
	ctx := context.Background()
	for i := range 200 {
		share := emulator.DemoShareID(8 + i%20) // 10 a printer: under the per-printer limit
		j, err := e.svc.graph.CreateJob(ctx, share, graph.JobConfiguration{})
		if err != nil {
			t.Fatalf("job %d: %v", i+1, err)
		}
		if err := e.svc.graph.CancelJob(ctx, share, j.ID); err != nil { // never 4 unfinished on one printer
			t.Fatal(err)
		}
	}
	path, _ := writeFile(t, t.TempDir(), "memo.pdf", 5000)
	p := e.printer(emulator.ShareDefault)
	task, err := e.svc.Print(ctx, PrintRequest{Path: path, Printer: p, JobSettings: p.Defaults})
	if err == nil {
		_, err = task.Wait()
	}
	var l *LimitError
	if !errors.As(err, &l) || l.Limit != LimitJobRate {
		t.Fatalf("the 201st job: %v (%T), want the jobs-per-10-minutes limit", err, err)
	}
	if l.RetryAfter < 9*time.Minute || l.RetryAfter > 10*time.Minute {
		t.Fatalf("Retry-After %v, want about 10 minutes", l.RetryAfter)
	}
}

// TestBandwidthLimitFromTheEmulator: with the emulator counting each
// person's uploaded bytes (its budget lowered from 1 GB to 3 MiB), a
// second 2 MiB print within 15 minutes is refused on opening its upload
// session, in both protocols. The print says it is the bandwidth limit and
// when to try again, and leaves no job waiting for a document.
func TestBandwidthLimitFromTheEmulator(t *testing.T) {
	for _, protocol := range []Protocol{ProtocolV1, ProtocolDraft} {
		t.Run(string(protocol), func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, emulator.Config{JobLimits: true, UploadBudget: 3 << 20})
			s := DefaultSettings()
			s.Protocol = protocol
			svc := e.service(Params{Settings: s})
			ctx := context.Background()
			p := e.printer(emulator.ShareDefault)
			print := func(name string) error {
				path, _ := writeFile(t, t.TempDir(), name, 2<<20)
				task, err := svc.Print(ctx, PrintRequest{Path: path, Printer: p, JobSettings: p.Defaults})
				if err == nil {
					_, err = task.Wait()
				}
				return err
			}
			if err := print("first.pdf"); err != nil {
				t.Fatalf("the first 2 MiB: %v", err)
			}
			err := print("second.pdf")
			var l *LimitError
			if !errors.As(err, &l) || l.Limit != LimitBandwidth {
				t.Fatalf("the second 2 MiB: %v (%T), want the bandwidth limit", err, err)
			}
			if l.RetryAfter < 14*time.Minute || l.RetryAfter > 15*time.Minute {
				t.Errorf("Retry-After %v, want about 15 minutes", l.RetryAfter)
			}
			if !strings.Contains(l.Error(), "1 GB in the last 15 minutes") {
				t.Errorf("the sentence %q does not name the limit", l.Error())
			}
			jobs, err := svc.graph.Jobs(ctx, emulator.ShareDefault, graph.JobQuery{CreatedBy: "me"})
			must(t, err)
			for _, j := range jobs {
				if !j.Status.Terminal() {
					t.Errorf("job %s is left %s %v", j.ID, j.Status.State, j.Status.Details)
				}
			}
		})
	}
}
