package workflow

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"printdrop/internal/emulator"
	"printdrop/internal/secret"
)

// testEnv is an in-process emulator and a Service signed in to it.
type testEnv struct {
	t     *testing.T
	srv   *emulator.Server
	info  emulator.Info
	svc   *Service
	prefs *MemoryPreferences

	mu      sync.Mutex
	notices []string // desktop notifications, "title: body"
}

func newEnv(t *testing.T, cfg emulator.Config) *testEnv {
	t.Helper()
	if cfg.JobProcessing == 0 {
		cfg.JobProcessing = 30 * time.Millisecond
	}
	srv, err := emulator.Start(cfg)
	if err != nil {
		t.Fatalf("emulator.Start: %v", err)
	}
	t.Cleanup(func() { srv.Close() })
	e := &testEnv{t: t, srv: srv, info: srv.Info(), prefs: NewMemoryPreferences()}
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
	p.Settings.Cloud, p.Settings.GraphURL, p.Settings.AuthorityURL = CloudCustom, e.info.GraphURL, e.info.AuthorityURL
	p.Settings.ClientID = e.info.ClientID
	if p.TokenSource == nil {
		p.TokenSource = oauth2.StaticTokenSource(&oauth2.Token{AccessToken: e.token(), TokenType: "Bearer"})
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
	if p.Notify == nil {
		p.Notify = func(title, body string) {
			e.mu.Lock()
			e.notices = append(e.notices, title+": "+body)
			e.mu.Unlock()
		}
	}
	p.PollEvery, p.PollMax = 10*time.Millisecond, 50*time.Millisecond
	s, err := New(p)
	if err != nil {
		e.t.Fatalf("New: %v", err)
	}
	return s
}

func (e *testEnv) token() string {
	var out struct {
		AccessToken string `json:"access_token"`
	}
	e.control("POST", "/tokens", map[string]any{"scopes": []string{"PrinterShare.ReadBasic.All", "PrintJob.ReadWrite", "User.Read"}}, &out)
	return out.AccessToken
}

// control calls the emulator's control API and decodes a JSON answer.
func (e *testEnv) control(method, path string, in, out any) int {
	e.t.Helper()
	var body io.Reader
	if in != nil {
		b, _ := json.Marshal(in)
		body = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, e.info.ControlURL+path, body)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatalf("control %s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	if out != nil && res.StatusCode < 300 {
		if err := json.NewDecoder(res.Body).Decode(out); err != nil {
			e.t.Fatalf("control %s %s: %v", method, path, err)
		}
	}
	return res.StatusCode
}

type logEntry struct {
	Method        string `json:"method"`
	Host          string `json:"host"`
	Path          string `json:"path"`
	Status        int    `json:"status"`
	Authorization bool   `json:"authorization"`
	Bytes         int64  `json:"bytes"`
}

func (e *testEnv) requests() []logEntry {
	var out []logEntry
	e.control("GET", "/requests", nil, &out)
	return out
}

// jobCreations counts POST .../jobs in the request log: job creations.
func (e *testEnv) jobCreations() int {
	n := 0
	for _, r := range e.requests() {
		if r.Method == "POST" && strings.HasSuffix(r.Path, "/jobs") {
			n++
		}
	}
	return n
}

// jobState is a job's state as the emulator holds it.
func (e *testEnv) jobState(id string) string {
	var out struct {
		Status struct{ State string } `json:"status"`
	}
	if code := e.control("GET", "/jobs/"+id, nil, &out); code != 200 {
		e.t.Fatalf("control job %s: HTTP %d", id, code)
	}
	return out.Status.State
}

// documentSHA is the SHA-256 of a job's stored document.
func (e *testEnv) documentSHA(jobID string) string {
	var out struct {
		Size   int64  `json:"size"`
		SHA256 string `json:"sha256"`
	}
	if code := e.control("GET", "/jobs/"+jobID+"/document", nil, &out); code != 200 {
		e.t.Fatalf("control document of job %s: HTTP %d", jobID, code)
	}
	return out.SHA256
}

func (e *testEnv) fault(f map[string]any) {
	e.t.Helper()
	if code := e.control("POST", "/faults", f, nil); code >= 300 {
		e.t.Fatalf("arming fault %v: HTTP %d", f, code)
	}
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
