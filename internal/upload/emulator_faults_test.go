package upload_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"printdrop/internal/emulator"
	"printdrop/internal/emulator/emutest"
	"printdrop/internal/emulator/link"
	"printdrop/internal/graph"
	"printdrop/internal/upload"
)

// Every fault the emulator can inject on the upload host ends with the
// right bytes on the server.
func TestEmulatorFaultsRecover(t *testing.T) {
	t.Parallel()
	soon := time.Now().Add(1500 * time.Millisecond).UTC().Format(http.TimeFormat)
	tests := []struct {
		name      string
		protocols []string
		fault     emutest.Fault
		renewed   bool
	}{
		{"429 retry-after fraction", []string{"v1"}, emutest.Fault{Kind: "status", Status: 429, RetryAfter: "0.5", Count: 2, Method: "PUT"}, false},
		{"503 retry-after integer", []string{"v1"}, emutest.Fault{Kind: "status", Status: 503, RetryAfter: "1", Count: 1, Method: "PUT"}, false},
		{"503 retry-after http-date", []string{"v1"}, emutest.Fault{Kind: "status", Status: 503, RetryAfter: soon, Count: 1, Method: "PUT"}, false},
		{"500", []string{"v1"}, emutest.Fault{Kind: "status", Status: 500, Count: 2, Method: "PUT"}, false},
		{"502", []string{"v1"}, emutest.Fault{Kind: "status", Status: 502, Count: 1, Method: "PUT"}, false},
		{"504", []string{"v1"}, emutest.Fault{Kind: "status", Status: 504, Count: 1, Method: "PUT"}, false},
		// A session just created needs no status read (its creation said
		// what it needs), so this one is resumed: it asks first.
		{"status GET 503", []string{"v1"}, emutest.Fault{Kind: "status", Status: 503, RetryAfter: "0.5", Count: 1, Method: "GET"}, false},
		{"drop mid-body", []string{"v1", "draft"}, emutest.Fault{Kind: "drop", Count: 2, Method: "PUT"}, false},
		{"store then fail", []string{"v1", "draft"}, emutest.Fault{Kind: "store_then_fail", Status: 503, Count: 2, Method: "PUT"}, false},
		{"expire", []string{"v1", "draft"}, emutest.Fault{Kind: "expire", Count: 1, Method: "PUT"}, true},
	}
	for _, tt := range tests {
		for _, protocol := range tt.protocols {
			t.Run(tt.name+"/"+protocol, func(t *testing.T) {
				t.Parallel()
				e := startEnv(t, link.Config{})
				ctx := context.Background()
				size := int64(12*upload.ChunkUnit + 5)
				data := randomData(size, 3)
				s := e.newSession(ctx, protocol, size)
				if tt.fault.Method == "GET" {
					s.target = e.c.ResumeUploadSession(s.target.(*graph.UploadSession).URL().Reveal(), size)
				}
				f := tt.fault
				if protocol == "draft" { // draft PUTs go to Graph itself
					f.PathPrefix, f.Host = "/beta/", "graph"
				}
				e.Fault(f)
				renewed, retried := false, false
				eng, err := upload.New(upload.Bytes("doc.pdf", data), s.target, upload.Options{ChunkSize: upload.ChunkUnit,
					Renew: func(ctx context.Context, why error) (upload.Target, error) {
						renewed = true
						e.renew(ctx, s, size)
						return s.target, nil
					},
					OnEvent: func(p upload.Progress) {
						retried = retried || p.Phase == upload.Retrying || p.Phase == upload.Resyncing && p.Acked > 0
					},
				})
				if err != nil {
					t.Fatal(err)
				}
				if err := eng.Run(ctx); err != nil {
					t.Fatal(err)
				}
				e.wantDocument(s.jobID, data)
				if renewed != tt.renewed {
					t.Fatalf("renewed %v, want %v", renewed, tt.renewed)
				}
				if !tt.renewed && !retried {
					t.Fatal("the fault did not show in the events")
				}
				hits := 0
				for _, r := range e.Requests() {
					if r.Host == "upload" && r.Authorization {
						t.Fatalf("the upload host saw an Authorization header: %s %s", r.Method, r.Path)
					}
					if r.Status == 0 || r.Status >= 400 {
						hits++
					}
				}
				if hits == 0 {
					t.Fatal("the fault never fired")
				}
			})
		}
	}
}

// A service that takes ranges only in order still gets the whole document:
// after its first refusals the engine sends one PUT at a time from the
// first missing byte. Reverse order makes every PUT of the first wave out of
// order, so an engine that did not fall back could never finish.
func TestEmulatorSequentialOnlyService(t *testing.T) {
	t.Parallel()
	e := startEnvConfig(t, emulator.Config{SequentialOnly: true})
	ctx := context.Background()
	size := int64(12*upload.ChunkUnit + 7)
	data := randomData(size, 11)
	s := e.newSession(ctx, "v1", size)
	e.uploadAll(ctx, s, data, upload.Options{ChunkSize: upload.ChunkUnit, Order: upload.Reverse, RetryFor: 5 * time.Second})
	refused := 0
	for _, r := range e.Requests() {
		if r.Host == "upload" && r.Method == "PUT" && r.Status == http.StatusRequestedRangeNotSatisfiable {
			refused++
		}
	}
	if refused < 1 || refused > upload.DefaultParallel {
		t.Fatalf("%d PUTs refused as out of order, want 1 to %d (the first wave only)", refused, upload.DefaultParallel)
	}
}

// A service whose expired upload URLs answer 401 expiredToken (not 404)
// gets a new session, not a sign-in error.
func TestEmulatorExpiredTokenRenews(t *testing.T) {
	t.Parallel()
	e := startEnvConfig(t, emulator.Config{ExpiredAs401: true})
	ctx := context.Background()
	size := int64(6*upload.ChunkUnit + 1)
	data := randomData(size, 12)
	s := e.newSession(ctx, "v1", size)
	e.Fault(emutest.Fault{Kind: "expire", Count: 1, Method: "PUT"})
	renewals := 0
	e.uploadAll(ctx, s, data, upload.Options{ChunkSize: upload.ChunkUnit,
		Renew: func(ctx context.Context, why error) (upload.Target, error) {
			renewals++
			e.renew(ctx, s, size)
			return s.target, nil
		}})
	if renewals != 1 {
		t.Fatalf("%d renewals, want 1", renewals)
	}
}

// A fault that never ends fails once the bound is spent, with an error that
// names what failed and never the upload URL.
func TestEmulatorRetryBoundSpent(t *testing.T) {
	t.Parallel()
	e := startEnv(t, link.Config{})
	ctx := context.Background()
	s := e.newSession(ctx, "v1", 1000)
	e.Fault(emutest.Fault{Kind: "status", Status: 503, RetryAfter: "0.2", Count: 1000, Method: "PUT"})
	eng, _ := upload.New(upload.Bytes("report.pdf", make([]byte, 1000)), s.target, upload.Options{RetryFor: 3 * time.Second}) // room for several attempts on a busy machine: the window also ends a PUT in flight
	err := eng.Run(ctx)
	var ue *upload.Error
	if !errors.As(err, &ue) || ue.Status != 503 || ue.Attempts < 3 {
		t.Fatalf("got %v, want a 503 *upload.Error after several attempts", err)
	}
	u := s.url[strings.Index(s.url, "/upload"):]
	if strings.Contains(err.Error(), u) || strings.Contains(err.Error(), "tempauth") {
		t.Fatalf("the error leaks the upload URL: %v", err)
	}
	t.Log(err)
}

func TestEmulatorPauseResume(t *testing.T) {
	t.Parallel()
	e := startEnv(t, link.Config{})
	ctx := context.Background()
	size := int64(30 * upload.ChunkUnit)
	data := randomData(size, 8)
	s := e.newSession(ctx, "v1", size)
	var eng *upload.Engine
	paused := make(chan struct{})
	pausedOnce, closedOnce := false, false
	eng, _ = upload.New(upload.Bytes("doc.pdf", data), s.target, upload.Options{ChunkSize: upload.ChunkUnit,
		OnEvent: func(p upload.Progress) {
			if !pausedOnce && p.Acked >= size/3 {
				pausedOnce = true
				eng.Pause()
			}
			if p.Phase == upload.Paused && !closedOnce {
				closedOnce = true
				close(paused)
			}
		}})
	done := make(chan error, 1)
	go func() { done <- eng.Run(ctx) }()
	<-paused
	before := len(e.Requests())
	time.Sleep(100 * time.Millisecond)
	if after := len(e.Requests()); after != before {
		t.Fatalf("%d requests while paused", after-before)
	}
	if _, _, ok := e.Document(s.jobID); ok {
		t.Fatal("the document completed before the pause ended")
	}
	eng.Resume()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	log := e.Requests()
	if r := log[before]; r.Method != "GET" || r.Host != "upload" {
		t.Fatalf("the first request after resume is %s %s, want the status GET", r.Method, r.Host)
	}
	e.wantDocument(s.jobID, data)
}

func TestEmulatorCancelDeletesSession(t *testing.T) {
	t.Parallel()
	e := startEnv(t, link.Config{})
	ctx, cancel := context.WithCancel(context.Background())
	size := int64(30 * upload.ChunkUnit)
	s := e.newSession(context.Background(), "v1", size)
	// One PUT is held, so the upload cannot complete (and drop its session)
	// before the cancel: on a fast loopback, or under Wine, it otherwise
	// can, and the DELETE then rightly finds nothing.
	e.Fault(emutest.Fault{Kind: "hold", Count: 1, Host: "upload", Method: "PUT"})
	jobCancelled := false
	eng, _ := upload.New(upload.Bytes("doc.pdf", make([]byte, size)), s.target, upload.Options{ChunkSize: upload.ChunkUnit,
		CancelJob: func(ctx context.Context) error {
			jobCancelled = true
			return e.c.CancelJob(ctx, s.shareID, s.jobID)
		},
		OnEvent: func(p upload.Progress) {
			if p.Acked > 0 {
				cancel()
			}
		}})
	if err := eng.Run(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
	// The emulator logs a request once its handler has returned, which
	// can be just after the client has its answer: look for a while. On a
	// loaded machine the client's cleanup deadline (750 ms) may end before
	// the answer (status 0, dropped): the DELETE was still sent, and the
	// session's status below says whether it took effect.
	deleted := false
	for deadline := time.Now().Add(5 * time.Second); !deleted && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		for _, r := range e.Requests() {
			if r.Host == "upload" && r.Method == "DELETE" && (r.Status == http.StatusNoContent || r.Status == 0) {
				deleted = true
			}
		}
	}
	if !deleted || !jobCancelled {
		t.Fatalf("session deleted %v, job cancelled %v", deleted, jobCancelled)
	}
	if _, _, err := s.target.Status(context.Background()); err == nil {
		t.Fatal("the session still answers after cancel")
	}
}

// A PUT the server holds without answering (a stalled connection) times out,
// becomes a doubt, and the upload completes after asking the server.
func TestEmulatorHeldPutTimesOut(t *testing.T) {
	t.Parallel()
	e := startEnv(t, link.Config{})
	ctx := context.Background()
	size := int64(6 * upload.ChunkUnit)
	data := randomData(size, 6)
	s := e.newSession(ctx, "v1", size)
	e.Fault(emutest.Fault{Kind: "hold", Count: 1, Method: "PUT"})
	// The held PUT is cut by PutTimeout. 2 s rather than less: on a loaded
	// machine (CI under Wine) the PUTs that are not held must still fit.
	eng, _ := upload.New(upload.Bytes("doc.pdf", data), s.target, upload.Options{ChunkSize: upload.ChunkUnit,
		PutTimeout: 2 * time.Second})
	if err := eng.Run(ctx); err != nil {
		t.Fatal(err)
	}
	e.wantDocument(s.jobID, data)
}
