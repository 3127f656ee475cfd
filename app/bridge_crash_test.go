package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/OpenPrinting/goipp"

	"printdrop/internal/emulator"
	"printdrop/internal/emulator/emutest"
	"printdrop/internal/testenv"
)

// TestBridgeCrashMatrix kills the real printdrop bridge (SIGKILL, or
// SIGTERM) at each step of a print from CUPS, with and without a keychain
// to keep the upload in, starts it again on the same spool, and checks that
// the CUPS job became exactly one Universal Print job that printed, that
// no job is left waiting behind it, and that the IPP job says completed.
// Like TestSendProcess it runs in a private Secret Service; "no keychain"
// points the bridge at a session bus that is not there.
func TestBridgeCrashMatrix(t *testing.T) {
	if testenv.InSecretService(t) {
		childBridgeCrashMatrix(t)
		return
	}
	runBinaryInSecretService(t)
}

// crashStep is a moment to kill the bridge at: arm sets the emulator up
// before the print, reached reports (polled) that the print got there.
type crashStep struct {
	name       string
	processing time.Duration // the emulator's printing time
	arm        func(emu *emutest.Env)
	reached    func(c *crashRow) bool
}

const (
	crashChunk = 409_600 // two service units: the document takes 8 PUTs
	crashSize  = 8 * crashChunk
)

func crashSteps() []crashStep {
	jobsPath := "/v1.0/print/shares/" + emulator.ShareDefault + "/jobs"
	heldHit := func(c *crashRow) bool { return !c.faultArmed() }
	return []crashStep{
		{name: "Spooled", // the create request is out, and takes no effect
			arm: func(emu *emutest.Env) {
				emu.Fault(emutest.Fault{Kind: "hold", Host: "graph", Method: "POST", PathPrefix: jobsPath, PathSuffix: "/jobs"})
			},
			reached: heldHit},
		{name: "CreateInFlight", // the job is created; its answer never comes
			arm: func(emu *emutest.Env) {
				emu.Fault(emutest.Fault{Kind: "store_then_hold", Host: "graph", Method: "POST", PathPrefix: jobsPath, PathSuffix: "/jobs"})
			},
			reached: func(c *crashRow) bool { return !c.faultArmed() && len(c.jobs()) == 1 }},
		{name: "JobCreated", // the job exists; no upload session yet
			arm: func(emu *emutest.Env) {
				emu.Fault(emutest.Fault{Kind: "hold", Host: "graph", Method: "POST", PathSuffix: "/createUploadSession"})
			},
			reached: heldHit},
		{name: "UploadHalfDone", // seven of eight chunks are in; one is held
			arm: func(emu *emutest.Env) {
				emu.Fault(emutest.Fault{Kind: "hold", Host: "upload", Method: "PUT"})
			},
			reached: func(c *crashRow) bool { return !c.faultArmed() && c.emu.UploadedBytes() >= crashSize-crashChunk }},
		{name: "StartInFlight", // the job is started; the answer never comes
			arm: func(emu *emutest.Env) {
				emu.Fault(emutest.Fault{Kind: "store_then_hold", Host: "graph", Method: "POST", PathSuffix: "/start"})
			},
			reached: func(c *crashRow) bool { return !c.faultArmed() && c.countState("paused") == 0 && len(c.jobs()) == 1 }},
		{name: "Started", processing: 4 * time.Second, // the printer prints
			arm:     func(*emutest.Env) {},
			reached: func(c *crashRow) bool { return c.countState("processing") == 1 }},
	}
}

func childBridgeCrashMatrix(t *testing.T) {
	doc := crashDocument()
	sum := sha256.Sum256(doc)
	for _, keychain := range []bool{true, false} {
		for _, sig := range []syscall.Signal{syscall.SIGKILL, syscall.SIGTERM} {
			for _, step := range crashSteps() {
				name := fmt.Sprintf("%s/%s/keychain=%v", step.name, strings.TrimPrefix(sig.String(), "signal "), keychain)
				t.Run(name, func(t *testing.T) {
					t.Parallel()
					c := newCrashRow(t, step, keychain)
					first := c.startBridge()
					id := c.printJob(first.addr, doc)
					c.waitFor(step, first)
					first.kill(sig)
					c.emu.ClearFaults()

					second := c.startBridge()
					state := c.waitIPPEnd(second.addr, id)
					defer second.kill(syscall.SIGTERM)
					jobs := c.jobs()
					var done []string
					for _, j := range jobs {
						switch j.Status.State {
						case "completed":
							done = append(done, j.ID)
						case "canceled", "aborted":
						default:
							t.Errorf("Universal Print job %s is left %s %v\nfirst bridge:\n%s\nsecond bridge:\n%s\nrequests:\n%s",
								j.ID, j.Status.State, j.Status.Details, first.stderr.String(), second.stderr.String(), c.requestLog())
						}
					}
					if len(done) != 1 {
						t.Fatalf("%d Universal Print jobs completed (%v), want exactly 1; jobs %+v\nfirst bridge:\n%s\nsecond bridge:\n%s",
							len(done), done, jobs, first.stderr.String(), second.stderr.String())
					}
					if size, got, ok := c.emu.Document(done[0]); !ok || size != crashSize || got != hex.EncodeToString(sum[:]) {
						t.Errorf("the printed document is %d bytes %s (complete %v), want %d bytes of the file", size, got, ok, crashSize)
					}
					if state != 9 {
						t.Errorf("the IPP job ended in state %d, want 9 (completed), as its Universal Print job did\nsecond bridge:\n%s", state, second.stderr.String())
					}
				})
			}
		}
	}
}

// crashDocument is a PDF-shaped document of crashSize bytes (the bridge
// checks the head and the tail), each 4 KiB different.
func crashDocument() []byte {
	head, tail := "%PDF-1.7\n", "\nstartxref\n0\n%%EOF\n"
	var b bytes.Buffer
	b.WriteString(head)
	for i := 0; b.Len() < crashSize-len(tail); i++ {
		fmt.Fprintf(&b, "%% filler line %08d of a document printed once\n", i)
	}
	b.Truncate(crashSize - len(tail))
	b.WriteString(tail)
	return b.Bytes()
}

// crashRow is one row: an emulator, a home for the bridge, its runs.
type crashRow struct {
	t   *testing.T
	emu *emutest.Env
	env []string
}

func newCrashRow(t *testing.T, step crashStep, keychain bool) *crashRow {
	processing := step.processing
	if processing == 0 {
		processing = 20 * time.Millisecond
	}
	emu := emutest.Start(t, emulator.Config{JobProcessing: processing})
	home := t.TempDir()
	prefs := filepath.Join(home, "config", "PrintDrop", "cli-settings.json")
	if err := os.MkdirAll(filepath.Dir(prefs), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(prefs, fmt.Appendf(nil, `{"chunkSize": %d}`, crashChunk), 0o600); err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(),
		"XDG_CONFIG_HOME="+filepath.Join(home, "config"), "XDG_CACHE_HOME="+filepath.Join(home, "cache"),
		"DBUS_SYSTEM_BUS_ADDRESS=unix:path="+filepath.Join(home, "no-system-bus"),
		"PRINTDROP_GRAPH_URL="+emu.Info.GraphURL, "PRINTDROP_AUTHORITY="+emu.Info.AuthorityURL,
		"PRINTDROP_CLIENT_ID="+emu.Info.ClientID, "PRINTDROP_ACCESS_TOKEN="+emu.Token())
	if !keychain {
		env = append(env, "DBUS_SESSION_BUS_ADDRESS=unix:path="+filepath.Join(home, "no-session-bus"))
	}
	c := &crashRow{t: t, emu: emu, env: env}
	step.arm(emu)
	return c
}

// faultArmed reports whether a fault is still waiting for its request.
func (c *crashRow) faultArmed() bool {
	var list []json.RawMessage
	c.emu.Control(http.MethodGet, "/faults", nil, &list)
	return len(list) > 0
}

// upJob is what the test reads of a Universal Print job.
type upJob struct {
	ID     string `json:"id"`
	Status struct {
		State   string   `json:"state"`
		Details []string `json:"details"`
	} `json:"status"`
}

// jobs lists every job of the share, as Graph shows them.
func (c *crashRow) jobs() []upJob {
	c.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, c.emu.Info.GraphURL+"/v1.0/print/shares/"+emulator.ShareDefault+"/jobs", nil)
	req.Header.Set("Authorization", "Bearer "+c.emu.Token())
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	var page struct {
		Value []upJob `json:"value"`
	}
	if err := json.NewDecoder(res.Body).Decode(&page); err != nil || res.StatusCode != 200 {
		c.t.Fatalf("list jobs: %d %v", res.StatusCode, err)
	}
	return page.Value
}

// requestLog is the emulator's request log, a line each.
func (c *crashRow) requestLog() string {
	var b strings.Builder
	for _, r := range c.emu.Requests() {
		fmt.Fprintf(&b, "%s %s %s -> %d (%d bytes)\n", r.Method, r.Host, r.Path, r.Status, r.Bytes)
	}
	return b.String()
}

func (c *crashRow) countState(state string) int {
	n := 0
	for _, j := range c.jobs() {
		if j.Status.State == state {
			n++
		}
	}
	return n
}

// bridgeRun is one run of the bridge's process.
type bridgeRun struct {
	t      *testing.T
	cmd    *exec.Cmd
	addr   string
	stderr *syncBuffer
	exited chan error
}

func (c *crashRow) startBridge() *bridgeRun {
	c.t.Helper()
	cmd := exec.Command(os.Getenv("PRINTDROP_BIN"), "bridge", "--listen", "127.0.0.1:0", "--share", emulator.ShareDefault, "--no-dnssd", "--verbose")
	cmd.Env = c.env
	b := &bridgeRun{t: c.t, cmd: cmd, stderr: &syncBuffer{}, exited: make(chan error, 1)}
	cmd.Stderr = b.stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		c.t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		c.t.Fatal(err)
	}
	c.t.Cleanup(func() { cmd.Process.Kill() })
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		cmd.Process.Kill()
		c.t.Fatalf("the bridge printed no line (%v); stderr:\n%s", err, b.stderr.String())
	}
	go func() {
		io.Copy(io.Discard, out)
		b.exited <- cmd.Wait()
	}()
	var got bridgeLine
	if err := json.Unmarshal([]byte(line), &got); err != nil {
		c.t.Fatalf("line %q: %v", line, err)
	}
	b.addr = got.Listen
	return b
}

// kill sends sig; a SIGTERM must end the bridge within 15 s.
func (b *bridgeRun) kill(sig syscall.Signal) {
	b.t.Helper()
	if err := b.cmd.Process.Signal(sig); err != nil {
		b.t.Fatal(err)
	}
	select {
	case err := <-b.exited:
		if sig == syscall.SIGTERM && err != nil {
			b.t.Errorf("after SIGTERM the bridge exited with %v; stderr:\n%s", err, b.stderr.String())
		}
	case <-time.After(15 * time.Second):
		b.t.Fatalf("the bridge did not exit within 15 s of %v; stderr:\n%s", sig, b.stderr.String())
	}
}

// waitFor polls until the print reached the step (at most 30 s).
func (c *crashRow) waitFor(step crashStep, b *bridgeRun) {
	c.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !step.reached(c) {
		if time.Now().After(deadline) {
			c.t.Fatalf("the print never reached %s; jobs %+v; bridge:\n%s", step.name, c.jobs(), b.stderr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// ippCall sends one IPP request to the bridge at addr.
func (c *crashRow) ippCall(addr string, op goipp.Op, job goipp.Attributes, doc []byte, extra ...goipp.Attribute) *goipp.Message {
	c.t.Helper()
	me, err := user.Current()
	if err != nil {
		c.t.Fatal(err)
	}
	uri := "ipp://" + addr + "/printers/" + emulator.ShareDefault
	req := goipp.NewRequest(goipp.MakeVersion(2, 0), op, 1)
	req.Operation.Add(goipp.MakeAttribute("attributes-charset", goipp.TagCharset, goipp.String("utf-8")))
	req.Operation.Add(goipp.MakeAttribute("attributes-natural-language", goipp.TagLanguage, goipp.String("en")))
	req.Operation.Add(goipp.MakeAttribute("printer-uri", goipp.TagURI, goipp.String(uri)))
	req.Operation.Add(goipp.MakeAttribute("requesting-user-name", goipp.TagName, goipp.String(me.Username)))
	for _, a := range extra {
		req.Operation.Add(a)
	}
	req.Job = job
	head, err := req.EncodeBytes()
	if err != nil {
		c.t.Fatal(err)
	}
	client := &http.Client{Timeout: 30 * time.Second}
	res, err := client.Post("http://"+addr+"/printers/"+emulator.ShareDefault, "application/ipp", io.MultiReader(bytes.NewReader(head), bytes.NewReader(doc)))
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	var m goipp.Message
	if err := m.Decode(res.Body); err != nil || res.StatusCode != 200 {
		c.t.Fatalf("IPP %v: HTTP %d, %v", op, res.StatusCode, err)
	}
	return &m
}

// printJob sends doc with Print-Job and returns the IPP job id.
func (c *crashRow) printJob(addr string, doc []byte) int {
	c.t.Helper()
	m := c.ippCall(addr, goipp.OpPrintJob, nil, doc,
		goipp.MakeAttribute("job-name", goipp.TagName, goipp.String("printed-once.pdf")),
		goipp.MakeAttribute("document-format", goipp.TagMimeType, goipp.String("application/pdf")))
	if goipp.Status(m.Code) != goipp.StatusOk {
		c.t.Fatalf("Print-Job: %v", goipp.Status(m.Code))
	}
	for _, a := range m.Job {
		if a.Name == "job-id" {
			return int(a.Values[0].V.(goipp.Integer))
		}
	}
	c.t.Fatal("Print-Job answered no job-id")
	return 0
}

// waitIPPEnd polls Get-Job-Attributes until the job ends (at most 60 s)
// and returns its job-state.
func (c *crashRow) waitIPPEnd(addr string, id int) int {
	c.t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		m := c.ippCall(addr, goipp.OpGetJobAttributes, nil, nil, goipp.MakeAttribute("job-id", goipp.TagInteger, goipp.Integer(id)))
		for _, a := range m.Job {
			if a.Name == "job-state" {
				if st := int(a.Values[0].V.(goipp.Integer)); st >= 7 {
					return st
				}
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	c.t.Fatalf("IPP job %d did not end within 60 s after the restart; jobs %+v", id, c.jobs())
	return 0
}

// syncBuffer is a bytes.Buffer safe for a process's writes and the test's
// reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
