package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zalando/go-keyring"

	"printdrop/internal/emulator"
	"printdrop/internal/emulator/emutest"
)

// sendEnv is an emulator and the environment printdrop send reads.
type sendEnv struct {
	*emutest.Env
	t    *testing.T
	dir  string
	deps deps // what send runs with; tests change a field before a run
}

// newSendEnv starts an emulator and points printdrop send at it through
// the environment, as a script would. Tests using it cannot be parallel.
func newSendEnv(t *testing.T, cfg emulator.Config) *sendEnv {
	t.Helper()
	keyring.MockInit() // no Secret Service in-process; the subprocess test uses a real one
	if cfg.JobProcessing == 0 {
		cfg.JobProcessing = 20 * time.Millisecond
	}
	e := &sendEnv{Env: emutest.Start(t, cfg), t: t, dir: t.TempDir(), deps: testDeps()}
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(e.dir, "config"))
	t.Setenv("XDG_CACHE_HOME", filepath.Join(e.dir, "cache"))
	t.Setenv("PRINTDROP_GRAPH_URL", e.Info.GraphURL)
	t.Setenv("PRINTDROP_AUTHORITY", e.Info.AuthorityURL)
	t.Setenv("PRINTDROP_CLIENT_ID", e.Info.ClientID)
	t.Setenv("PRINTDROP_ACCESS_TOKEN", e.Token())
	return e
}

func (e *sendEnv) file(name string, size int) string {
	e.t.Helper()
	b := bytes.Repeat([]byte("printdrop-"), size/10+1)[:size]
	copy(b, "%PDF-")
	path := filepath.Join(e.dir, name)
	if err := os.WriteFile(path, b, 0o600); err != nil {
		e.t.Fatal(err)
	}
	return path
}

func (e *sendEnv) send(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = runSend(context.Background(), e.deps, args, &out, &errb)
	return code, out.String(), errb.String()
}

type sendResult struct {
	File    string `json:"file"`
	JobID   string `json:"job_id"`
	State   string `json:"state"`
	Resumed bool   `json:"resumed"`
	Size    int64  `json:"size"`
}

func TestSendEndToEnd(t *testing.T) {
	e := newSendEnv(t, emulator.Config{})
	a, b := e.file("a.pdf", 300_000), e.file("b.pdf", 5)
	code, stdout, stderr := e.send("--share", "Lyon HQ – Floor 2 Copy Room", "--json", "--copies", "2", "--duplex", "long", a, b)
	if code != exitOK {
		t.Fatalf("exit %d\nstderr: %s", code, stderr)
	}
	dec := json.NewDecoder(strings.NewReader(stdout))
	for _, want := range []string{a, b} {
		var r sendResult
		if err := dec.Decode(&r); err != nil || r.File != want || r.State != "completed" || r.JobID == "" {
			t.Fatalf("result for %s = %+v, %v\nstdout: %s", want, r, err, stdout)
		}
		if size, _, ok := e.Document(r.JobID); !ok || size != r.Size {
			t.Fatalf("server holds %d bytes of %s (complete %v), want %d", size, want, ok, r.Size)
		}
	}
	if !strings.Contains(stderr, "a.pdf") || !strings.Contains(stderr, "100%") {
		t.Fatalf("no progress on stderr: %q", stderr)
	}

	// The share is remembered; --no-wait returns once the job is started.
	code, stdout, stderr = e.send("--no-wait", "--quiet", a)
	if code != exitOK || !strings.HasPrefix(stdout, "a.pdf: job ") || !strings.Contains(stdout, " processing") {
		t.Fatalf("--no-wait with the remembered share: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if stderr != "" {
		t.Fatalf("--quiet still wrote %q", stderr)
	}
}

func TestSendExitCodes(t *testing.T) {
	e := newSendEnv(t, emulator.Config{})
	pdf := e.file("ok.pdf", 1000)
	dir := filepath.Join(e.dir, "folder")
	os.Mkdir(dir, 0o700)
	tests := []struct {
		name string
		env  map[string]string
		args []string
		code int
		want string
	}{
		{"no share anywhere", nil, []string{pdf}, exitUsage, "--share"},
		{"unknown share", nil, []string{"--share", "Atlantis", pdf}, exitUsage, "No printer share is called"},
		{"ambiguous share", nil, []string{"--share", "lyon", pdf}, exitUsage, "printer shares match"},
		{"directory", nil, []string{"--share", emulator.ShareDefault, pdf, dir}, exitRefused, "is a folder"},
		{"stopped printer", nil, []string{"--share", emulator.ShareStopped, pdf}, exitRefused, "paper jam"},
		{"not accepting", nil, []string{"--share", emulator.ShareNotAccepting, pdf}, exitRefused, "not accepting jobs"},
		{"content type", nil, []string{"--share", emulator.ShareOXPSOnly, pdf}, exitRefused, "save it as OpenXPS"},
		{"copies", nil, []string{"--share", emulator.ShareDefault, "--copies", "100", pdf}, exitRefused, "at most 99 copies"},
		{"color", nil, []string{"--share", emulator.ShareDefault, "--color", "sepia", pdf}, exitRefused, "choose"},
		{"bad token", map[string]string{"PRINTDROP_ACCESS_TOKEN": "not-a-token"}, []string{"--share", emulator.ShareDefault, pdf}, exitSignIn, "sign in again"},
		{"no client id", map[string]string{"PRINTDROP_ACCESS_TOKEN": "", "PRINTDROP_CLIENT_ID": ""}, []string{"--share", emulator.ShareDefault, pdf}, exitSignIn, "App registrations"},
	}
	for _, tt := range tests {
		for k, v := range tt.env {
			t.Setenv(k, v)
		}
		code, _, stderr := e.send(tt.args...)
		if code != tt.code || !strings.Contains(strings.ToLower(stderr), strings.ToLower(tt.want)) {
			t.Errorf("%s: exit %d, stderr %q; want exit %d mentioning %q", tt.name, code, stderr, tt.code, tt.want)
		}
		t.Setenv("PRINTDROP_ACCESS_TOKEN", e.Token())
		t.Setenv("PRINTDROP_CLIENT_ID", e.Info.ClientID)
	}
	for _, r := range e.Requests() {
		if r.Method == "POST" && strings.HasSuffix(r.Path, "/jobs") {
			t.Fatalf("a refused command created a job: %+v", r)
		}
	}

	// An upload that fails for good exits 1 and leaves no job behind.
	e.Fault(emutest.Fault{Kind: "status", Status: 403, Host: "upload", Method: "PUT", Count: 100})
	code, _, stderr := e.send("--share", emulator.ShareDefault, pdf)
	if code != exitFailure || !strings.Contains(stderr, "upload") {
		t.Fatalf("failed upload: exit %d, stderr %q", code, stderr)
	}
}
