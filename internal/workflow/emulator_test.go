package workflow

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"printdrop/internal/emulator"
	"printdrop/internal/emulator/emutest"
	"printdrop/internal/secret"
)

// testEnv is an in-process emulator and a Service signed in to it.
type testEnv struct {
	*emutest.Env
	t     *testing.T
	svc   *Service
	prefs *MemoryPreferences
}

func newEnv(t *testing.T, cfg emulator.Config) *testEnv {
	t.Helper()
	if cfg.JobProcessing == 0 {
		cfg.JobProcessing = 30 * time.Millisecond
	}
	e := &testEnv{Env: emutest.Start(t, cfg), t: t, prefs: NewMemoryPreferences()}
	e.svc = e.service(Params{})
	return e
}

// service builds a Service on the emulator with a token from its control
// API; p's zero fields take test defaults.
func (e *testEnv) service(p Params) *Service {
	e.t.Helper()
	if p.Settings == (Settings{}) {
		p.Settings = DefaultSettings()
	}
	p.Settings.Cloud, p.Settings.GraphURL, p.Settings.AuthorityURL = CloudCustom, e.Info.GraphURL, e.Info.AuthorityURL
	p.Settings.ClientID = e.Info.ClientID
	if p.TokenSource == nil {
		p.TokenSource = oauth2.StaticTokenSource(&oauth2.Token{AccessToken: e.Token(), TokenType: "Bearer"})
	}
	if p.Prefs == nil {
		p.Prefs = e.prefs
	}
	if p.Secrets == nil {
		p.Secrets = secret.Memory()
	}
	if p.CheckpointDir == "" {
		p.CheckpointDir = e.t.TempDir()
	}
	if p.ShareCacheDir == "" {
		p.ShareCacheDir = e.t.TempDir()
	}
	p.PollEvery, p.PollMax = 10*time.Millisecond, 50*time.Millisecond
	s, err := New(p)
	if err != nil {
		e.t.Fatalf("New: %v", err)
	}
	return s
}

// jobCreations counts POST .../jobs in the request log: job creations.
func (e *testEnv) jobCreations() int {
	n := 0
	e.t.Helper()
	for _, r := range e.Requests() {
		if r.Method == "POST" && strings.HasSuffix(r.Path, "/jobs") {
			n++
		}
	}
	return n
}

// documentSHA is the SHA-256 of a job's stored document, which must be
// complete.
func (e *testEnv) documentSHA(jobID string) string {
	e.t.Helper()
	_, sum, ok := e.Document(jobID)
	if !ok {
		e.t.Fatalf("job %s has no complete document on the emulator", jobID)
	}
	return sum
}

func (e *testEnv) printer(shareID string) Printer {
	e.t.Helper()
	p, err := e.svc.Printer(context.Background(), shareID)
	if err != nil {
		e.t.Fatalf("Printer(%s): %v", shareID, err)
	}
	return p
}

// writeFile writes n random bytes to dir/name and returns the path and
// the content's SHA-256.
func writeFile(t *testing.T, dir, name string, n int) (string, string) {
	t.Helper()
	b := make([]byte, n)
	rand.Read(b)
	if strings.HasSuffix(name, ".pdf") && n >= 5 {
		copy(b, "%PDF-")
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	return path, hex.EncodeToString(sum[:])
}

// printDefault prints a new 5,000-byte PDF with svc to the default share
// with its default settings, waits for the end and returns the result and
// the file's SHA-256.
func (e *testEnv) printDefault(svc *Service) (res Result, sum string, err error) {
	e.t.Helper()
	return e.printWatched(svc, nil)
}

// printWatched is printDefault with onEvent hearing the print's events.
func (e *testEnv) printWatched(svc *Service, onEvent func(Event)) (res Result, sum string, err error) {
	e.t.Helper()
	path, sum := writeFile(e.t, e.t.TempDir(), "a.pdf", 5000)
	p := e.printer(emulator.ShareDefault)
	task, err := svc.Print(context.Background(), PrintRequest{Path: path, Printer: p, JobSettings: p.Defaults, OnEvent: onEvent})
	if err != nil {
		e.t.Fatal(err)
	}
	res, err = task.Wait()
	return res, sum, err
}

// wantOneCompletedJob fails the test unless the print succeeded in the one
// job it created.
func (e *testEnv) wantOneCompletedJob(res Result, err error) {
	e.t.Helper()
	if err != nil || !res.Succeeded() {
		e.t.Fatalf("Wait = %+v, %v; want a completed job", res, err)
	}
	if n := e.jobCreations(); n != 1 {
		e.t.Fatalf("%d jobs created, want 1", n)
	}
}
