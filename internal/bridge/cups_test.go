package bridge

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/OpenPrinting/goipp"

	"printdrop/internal/emulator"
	"printdrop/internal/emulator/emutest"
	"printdrop/internal/graph"
	"printdrop/internal/say"
	"printdrop/internal/testenv"
)

// cupsEnv is the variable the .ci/cups stage sets to run TestCUPS: it
// starts a private cupsd (root, its own folders and socket), too heavy for
// every go test run.
const cupsEnv = "PRINTDROP_CUPS_TEST"

// cupsd is a private CUPS scheduler for one test.
type cupsd struct {
	t    *testing.T
	dir  string
	sock string
}

// startCupsd runs cupsd -f with its own ServerRoot, spool, state and a
// Unix socket, so it never touches (nor needs) the system's CUPS.
func startCupsd(t *testing.T) *cupsd {
	t.Helper()
	// A short path: Unix socket names are limited to ~100 bytes.
	dir, err := os.MkdirTemp("", "pdcups")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil { // filters run as lp and read under it
		t.Fatal(err)
	}
	c := &cupsd{t: t, dir: dir, sock: filepath.Join(dir, "cups.sock")}
	for _, d := range []string{"etc/ppd", "spool/tmp", "state/certs", "cache", "log"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	// Filters and the backend run as lp and write their temporary files
	// here; the system's is root:lp 1770.
	if err := os.Chmod(filepath.Join(dir, "spool/tmp"), 0o1777); err != nil {
		t.Fatal(err)
	}
	files := fmt.Sprintf(`ServerRoot %[1]s/etc
RequestRoot %[1]s/spool
TempDir %[1]s/spool/tmp
StateDir %[1]s/state
CacheDir %[1]s/cache
AccessLog %[1]s/log/access_log
ErrorLog %[1]s/log/error_log
PageLog %[1]s/log/page_log
User lp
Group lp
SystemGroup root
Sandboxing Relaxed
`, dir)
	conf := fmt.Sprintf(`Listen %s
ServerName localhost
LogLevel debug
MaxLogSize 0
Browsing No
WebInterface No
DefaultAuthType None
JobRetryInterval 1
<Location />
  Order allow,deny
  Allow all
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
`, c.sock)
	writeFile(t, filepath.Join(dir, "etc"), "cups-files.conf", []byte(files))
	writeFile(t, filepath.Join(dir, "etc"), "cupsd.conf", []byte(conf))
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, "cupsd", "-f", "-c", filepath.Join(dir, "etc/cupsd.conf"), "-s", filepath.Join(dir, "etc/cups-files.conf"))
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		cancel()
		<-exited
		if t.Failed() {
			log, _ := os.ReadFile(filepath.Join(dir, "log/error_log"))
			_ = os.WriteFile(filepath.Join(os.TempDir(), "printdrop-cupsd-error_log"), log, 0o600)
			var jobs []string
			for _, l := range strings.Split(string(log), "\n") {
				if strings.Contains(l, "[Job ") && !strings.Contains(l, "envp[") && !strings.Contains(l, "cupsdMarkDirty") {
					jobs = append(jobs, l)
				}
			}
			t.Logf("cupsd output: %s\nerror_log, job lines (last 8000 bytes):\n%s", out.String(), tail(strings.Join(jobs, "\n"), 8000))
		}
	})
	deadline := time.Now().Add(20 * time.Second)
	for {
		// lpstat -r exits 0 either way: read what it says.
		if out, err := c.try("lpstat", "-r"); err == nil && strings.Contains(out, "is running") {
			return c
		}
		select {
		case <-exited:
			t.Fatalf("cupsd exited: %s", out.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("cupsd did not answer on %s in 20 s", c.sock)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

// try runs a CUPS client command against the private cupsd.
func (c *cupsd) try(name string, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = append(os.Environ(), "CUPS_SERVER="+c.sock)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

func (c *cupsd) run(name string, args ...string) string {
	c.t.Helper()
	out, err := c.try(name, args...)
	if err != nil {
		c.t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return out
}

// lp submits a file and returns the CUPS job id ("q-3").
func (c *cupsd) lp(args ...string) string {
	c.t.Helper()
	out := c.run("lp", args...)
	// "request id is q-3 (1 file(s))"
	f := strings.Fields(out)
	for i, w := range f {
		if w == "is" && i+1 < len(f) {
			return f[i+1]
		}
	}
	c.t.Fatalf("lp said %q", out)
	return ""
}

// waitDone waits until the CUPS job is no longer active and reports
// whether it printed: CUPS lists canceled jobs as completed too, so a job
// the backend saw aborted at the printer ("Print job canceled at printer.")
// did not.
func (c *cupsd) waitDone(id string) (printed bool) {
	c.t.Helper()
	deadline := time.Now().Add(90 * time.Second)
	for time.Now().Before(deadline) {
		if !strings.Contains(c.run("lpstat", "-W", "not-completed", "-o"), id+" ") {
			return !strings.Contains(c.jobLog(id), "canceled at printer")
		}
		time.Sleep(200 * time.Millisecond)
	}
	c.t.Fatalf("CUPS job %s still active after 90 s:\n%s", id, c.run("lpstat", "-l", "-o"))
	return false
}

// jobLog is what cupsd logged about a job ("pd-3" is "[Job 3]").
func (c *cupsd) jobLog(id string) string {
	tag := "[Job " + id[strings.LastIndex(id, "-")+1:] + "]"
	raw, _ := os.ReadFile(filepath.Join(c.dir, "log/error_log"))
	var lines []string
	for _, l := range strings.Split(string(raw), "\n") {
		if strings.Contains(l, tag) {
			lines = append(lines, l)
		}
	}
	return strings.Join(lines, "\n")
}

// TestCUPS prints through a private cupsd to a bridge printer on the
// emulator, as every application's print dialog would.
func TestCUPS(t *testing.T) {
	if os.Getenv(cupsEnv) == "" {
		t.Skipf("set %s=1 to run a private cupsd (the .ci/cups stage does)", cupsEnv)
	}
	testenv.RequireTools(t, "cupsd", "lpadmin", "lp", "lpstat", "ipptool", "runuser")
	if os.Getuid() != 0 {
		t.Fatal("TestCUPS runs cupsd and runs commands as nobody: run it as root")
	}
	// Printer status is read again at most every 200 ms, so a jam and its
	// repair show at once.
	b := startBridge(t, func(cfg *Config) { cfg.RefreshEvery = 200 * time.Millisecond }, emulator.ShareDefault)
	c := startCupsd(t)
	t.Setenv("CUPS_SERVER", c.sock) // AddQueue's lpadmin and lpoptions talk to our cupsd
	if err := AddQueue(context.Background(), "pd", b.uri(emulator.ShareDefault), QueueDefaults(b.srv.Printers()[0])...); err != nil {
		t.Fatal(err)
	}
	ppd, err := os.ReadFile(filepath.Join(c.dir, "etc/ppd/pd.ppd")) // as lpadmin left it
	if err != nil || !bytes.Contains(ppd, []byte(`*cupsFilter2: "application/vnd.cups-pdf application/pdf`)) {
		t.Fatalf("AddQueue made no PDF PPD (%v):\n%s", err, tail(string(ppd), 2000))
	}
	// A queue for an address nothing serves: lpadmin exits 0, AddQueue must not.
	ctx, cancel := context.WithTimeout(context.Background(), 40*time.Second)
	defer cancel()
	if err := AddQueue(ctx, "nowhere", "ipp://127.0.0.1:9/printers/none"); err == nil {
		t.Error("AddQueue reported success for a printer nobody serves")
	}
	dir := t.TempDir()
	pdf := writeFile(t, dir, "report.pdf", tinyPDF("from CUPS"))
	txt := writeFile(t, dir, "notes.txt", []byte("Plain text, printed from any application.\n"))
	_ = os.Chmod(dir, 0o755) // cupsd's filters run as lp

	t.Run("pdf with settings", func(t *testing.T) {
		c.t, b.t = t, t
		id := c.lp("-d", "pd", "-n", "3", "-o", "sides=two-sided-long-edge", "-o", "media=A4", "-o", "print-color-mode=monochrome", pdf)
		if !c.waitDone(id) {
			t.Fatalf("CUPS job %s did not complete:\n%s", id, c.run("lpstat", "-l", "-W", "all", "-o"))
		}
		gj := b.lastUPJob()
		cfg := gj.Configuration
		size, _, _ := b.Document(gj.ID)
		t.Logf("Universal Print job configuration: %s; document %d bytes", configString(cfg), size)
		// Copies need collated copies among the printer's handlings: CUPS's
		// backend otherwise sends copies=1 while pdftopdf, told the printer
		// makes the copies, sends one copy of the document.
		if cfg.Copies == nil || *cfg.Copies != 3 || cfg.Collate == nil || !*cfg.Collate {
			t.Errorf("Universal Print job configuration %s, want 3 collated copies", configString(cfg))
		}
		if cfg.DuplexMode == nil || *cfg.DuplexMode != "flipOnLongEdge" ||
			cfg.MediaSize == nil || *cfg.MediaSize != "A4" || cfg.ColorMode == nil || *cfg.ColorMode != "grayscale" {
			t.Errorf("Universal Print job configuration %s, want flipOnLongEdge, A4, grayscale", configString(cfg))
		}
		if len(gj.Documents) != 1 || gj.Documents[0].ContentType != "application/pdf" || gj.Status.State != "completed" {
			t.Errorf("Universal Print job %s: %+v", gj.ID, gj)
		}
	})
	t.Run("plain text", func(t *testing.T) {
		c.t, b.t = t, t
		before := b.jobCreations()
		id := c.lp("-d", "pd", txt)
		if !c.waitDone(id) {
			t.Fatalf("CUPS job %s did not complete:\n%s", id, c.run("lpstat", "-l", "-W", "all", "-o"))
		}
		if n := b.jobCreations(); n != before+1 {
			t.Fatalf("%d Universal Print jobs created for one text file", n-before)
		}
		if gj := b.lastUPJob(); len(gj.Documents) != 1 || gj.Documents[0].ContentType != "application/pdf" {
			t.Errorf("text arrived as %+v, want one PDF document", gj.Documents)
		}
	})
	t.Run("another user", func(t *testing.T) {
		c.t, b.t = t, t
		before := b.jobCreations()
		id := c.lp("-U", "mallory", "-d", "pd", pdf)
		deadline := time.Now().Add(20 * time.Second)
		for time.Now().Before(deadline) && !strings.Contains(c.run("lpstat", "-l", "-W", "all", "-o"), "not-authorized") {
			time.Sleep(200 * time.Millisecond)
		}
		if n := b.jobCreations(); n != before {
			t.Errorf("a job in another user's name created %d Universal Print jobs", n-before)
		}
		if strings.Contains(c.run("lpstat", "-W", "completed", "-o"), id+" ") {
			t.Errorf("CUPS reports %s (another user's) as completed", id)
		}
		c.run("cancel", id)
	})
	t.Run("another uid", func(t *testing.T) {
		c.t, b.t = t, t
		refused := b.srv.Refused()
		// ipptool retries a closed connection for ever; a 403 ends it.
		// timeout (exit 124) only stops a hang the bridge would cause.
		startedAt := time.Now()
		out, err := c.try("timeout", "30", "runuser", "-u", "nobody", "--", "ipptool", "-T", "10", b.uri(emulator.ShareDefault), "get-printer-attributes.test")
		var exit *exec.ExitError
		switch {
		case err == nil:
			t.Fatalf("ipptool as nobody was served:\n%s", out)
		case errors.As(err, &exit) && exit.ExitCode() == 124:
			t.Fatalf("ipptool as nobody did not end by itself within 30 s:\n%s", out)
		}
		t.Logf("ipptool as nobody ended by itself in %s: %s", time.Since(startedAt).Round(time.Millisecond), strings.TrimSpace(out))
		if b.srv.Refused() == refused {
			t.Errorf("the bridge counted no refused connection; ipptool said:\n%s", out)
		}
	})
	t.Run("share default duplex", func(t *testing.T) {
		c.t, b.t = t, t
		// ShareDefault defaults to two-sided long edge: with no -o sides,
		// CUPS's PPD (from sides-default) must send it.
		id := c.lp("-d", "pd", pdf)
		if !c.waitDone(id) {
			t.Fatalf("CUPS job %s did not complete:\n%s", id, c.run("lpstat", "-l", "-W", "all", "-o"))
		}
		if cfg := b.lastUPJob().Configuration; cfg.DuplexMode == nil || *cfg.DuplexMode != "flipOnLongEdge" {
			var lines []string
			for _, l := range strings.Split(string(ppd), "\n") {
				if strings.Contains(l, "Duplex") {
					lines = append(lines, l)
				}
			}
			t.Errorf("Universal Print job configuration %s, want the share's default flipOnLongEdge; the PPD says:\n%s", configString(cfg), strings.Join(lines, "\n"))
		}
	})
	t.Run("jammed printer", func(t *testing.T) {
		c.t, b.t = t, t
		before, bridgeJobs := b.jobCreations(), b.srv.jobCount()
		// The emulator's printer goes idle when its last job ends: jam it
		// until the bridge says so.
		for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(300 * time.Millisecond) {
			b.SetPrinterStatus(emulator.ShareDefault, emutest.PrinterStatus{State: "stopped", Details: []string{"mediaJam"}})
			time.Sleep(300 * time.Millisecond)
			m := b.ipp(emulator.ShareDefault, goipp.OpGetPrinterAttributes, "", nil, nil)
			if st, _ := first(m.Printer, "printer-state").(goipp.Integer); st == 5 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("the bridge never saw the printer jammed")
			}
		}
		id := c.lp("-d", "pd", pdf)
		// The backend must wait for the printer, not submit and retry: a
		// few of its polls go by, and the queue says why.
		var printers string
		deadline := time.Now().Add(30 * time.Second)
		for time.Now().Before(deadline) {
			printers = c.run("lpstat", "-p", "pd", "-l")
			if strings.Contains(printers, "paper jam") {
				break
			}
			time.Sleep(200 * time.Millisecond)
		}
		time.Sleep(5 * time.Second)
		t.Logf("lpstat -p -l during the jam:\n%s", printers)
		if !strings.Contains(printers, "paper jam") {
			t.Errorf("lpstat -p -l does not show the jam:\n%s", printers)
		}
		if n := b.jobCreations() - before; n > 2 {
			t.Errorf("%d Universal Print jobs created for one CUPS job while the printer was jammed, want at most 2", n)
		}
		if n := b.srv.jobCount() - bridgeJobs; n > 2 {
			t.Errorf("%d bridge jobs for one CUPS job while the printer was jammed, want at most 2", n)
		}
		b.SetPrinterStatus(emulator.ShareDefault, emutest.PrinterStatus{State: "idle", Details: []string{}})
		if !c.waitDone(id) {
			t.Fatalf("CUPS job %s did not print once the jam was cleared:\n%s", id, c.run("lpstat", "-l", "-W", "all", "-o"))
		}
	})
	t.Run("jam said in the user's language", func(t *testing.T) {
		// The bridge's sentences in another language travel as
		// text-with-language; CUPS must still show them.
		c.t, b.t = t, t
		say.Use(bracketed{})
		defer say.Use(nil)
		b.SetPrinterStatus(emulator.ShareDefault, emutest.PrinterStatus{State: "stopped", Details: []string{"mediaJam"}})
		id := c.lp("-d", "pd", pdf)
		var printers string
		for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
			b.SetPrinterStatus(emulator.ShareDefault, emutest.PrinterStatus{State: "stopped", Details: []string{"mediaJam"}})
			if printers = c.run("lpstat", "-p", "pd", "-l"); strings.Contains(printers, "[") && strings.Contains(printers, "paper jam") {
				break
			}
		}
		if !strings.Contains(printers, "[") || !strings.Contains(printers, "paper jam") {
			t.Errorf("lpstat -p -l does not show the jam in the bridge's language:\n%s", printers)
		}
		b.SetPrinterStatus(emulator.ShareDefault, emutest.PrinterStatus{State: "idle", Details: []string{}})
		if !c.waitDone(id) {
			t.Fatalf("CUPS job %s did not print once the jam was cleared:\n%s", id, c.run("lpstat", "-l", "-W", "all", "-o"))
		}
	})
	t.Run("upload fails", func(t *testing.T) {
		c.t, b.t = t, t
		before := b.jobCreations()
		fault := b.Fault(emutest.Fault{Kind: "status", Status: 403, Host: "upload", Method: "PUT", Count: 1000})
		defer b.DeleteFault(fault)
		id := c.lp("-d", "pd", pdf)
		// CUPS 2.4's ipp backend fails its job only when its monitor
		// thread reads "aborted" before its main loop does; the bridge
		// makes sure it does (endorder.go), every time.
		if c.waitDone(id) {
			t.Errorf("CUPS calls job %s printed though its upload failed:\n%s", id, c.run("lpstat", "-l", "-W", "all", "-o"))
		}
		if b.jobCreations() != before+1 {
			t.Fatal("no Universal Print job was attempted")
		}
		t.Logf("lpstat -l after the failure:\n%s\n%s", c.run("lpstat", "-l", "-W", "completed", "-o"), c.run("lpstat", "-l", "-p", "pd"))
		// The bridge's job ended aborted with the reason in words, which
		// CUPS's backend saw (and CUPS shows) before cancelling its job.
		b.srv.mu.Lock()
		var msg string
		for _, j := range b.srv.jobs {
			if j.state == stateAborted {
				msg = j.message
			}
		}
		b.srv.mu.Unlock()
		if len(msg) < 10 {
			t.Fatalf("the bridge's job has no reason in words: %q", msg)
		}
		// The backend reads the printer once more as it ends the job, and
		// CUPS logs its message, the bridge's reason, with the job.
		if log := c.jobLog(id); !strings.Contains(log, msg) {
			t.Errorf("cupsd logged no reason (%q) for job %s:\n%s", msg, id, tail(log, 3000))
		}
		if log := c.jobLog(id); !strings.Contains(log, "job-state = aborted") && !strings.Contains(log, "job-state enum aborted") {
			t.Errorf("cupsd's backend never saw the job aborted:\n%s", tail(log, 3000))
		}
	})
}

// lastUPJob is the Universal Print job of the bridge's newest job.
func (b *testBridge) lastUPJob() graph.Job {
	b.t.Helper()
	b.srv.mu.Lock()
	newest := 0
	for id := range b.srv.jobs {
		newest = max(newest, id)
	}
	b.srv.mu.Unlock()
	return b.upJob(newest)
}

// configString shows a job configuration's set fields.
func configString(c graph.JobConfiguration) string {
	var parts []string
	if c.Copies != nil {
		parts = append(parts, fmt.Sprintf("copies=%d", *c.Copies))
	}
	if c.Collate != nil {
		parts = append(parts, fmt.Sprintf("collate=%t", *c.Collate))
	}
	for name, p := range map[string]*string{"duplex": (*string)(c.DuplexMode), "media": c.MediaSize, "color": (*string)(c.ColorMode), "quality": (*string)(c.Quality), "orientation": (*string)(c.Orientation)} {
		if p != nil {
			parts = append(parts, name+"="+*p)
		}
	}
	sort.Strings(parts)
	return strings.Join(parts, " ")
}
