package bridge

import (
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"printdrop/internal/emulator"
	"printdrop/internal/graph"
	"printdrop/internal/testenv"
)

// systemPython is Debian's python3, the one python3-gi is installed for
// (a python3 earlier on PATH, such as pyenv's, may not have it).
const systemPython = "/usr/bin/python3"

// TestCUPSApps prints from real applications through a bridge queue on a
// private cupsd, as a person would: LibreOffice Writer (soffice --pt, and
// its UNO API with a copy count, as its dialog prints) and a GTK 3
// PrintOperation (what GTK applications' Print button runs), each
// with settings other than the share's defaults. Each must arrive at
// Universal Print as one PDF job named as the application named it, with
// those settings.
func TestCUPSApps(t *testing.T) {
	if os.Getenv(cupsEnv) == "" {
		t.Skipf("set %s=1 to run a private cupsd (the .ci/cups stage does)", cupsEnv)
	}
	testenv.RequireTools(t, "cupsd", "lpadmin", "lp", "lpstat", "soffice", "xvfb-run", "xauth", systemPython, "pdftotext")
	if os.Getuid() != 0 {
		t.Fatal("TestCUPSApps runs cupsd: run it as root")
	}
	b := startBridge(t, nil, emulator.ShareDefault)
	c := startCupsd(t)
	t.Setenv("CUPS_SERVER", c.sock) // AddQueue's lpadmin, and every application, talk to our cupsd
	if err := AddQueue(context.Background(), "pd", b.uri(emulator.ShareDefault), QueueDefaults(b.srv.Printers()[0])...); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	_ = os.Chmod(dir, 0o755) // cupsd's filters run as lp

	t.Run("LibreOffice Writer", func(t *testing.T) {
		c.t, b.t = t, t
		home := t.TempDir()
		// What the person chose for this printer, saved as lpoptions saves
		// it: two-sided on the short edge, where the share defaults to the
		// long edge. LibreOffice reads it from libcups; the copy count is
		// its own (one, with --pt), whatever lpoptions says.
		writeFile(t, mkdir(t, home, ".cups"), "lpoptions", []byte("Dest pd sides=two-sided-short-edge\n"))
		doc := writeFile(t, dir, "letter.fodt", flatODT("Dear reader, this page came from LibreOffice Writer."))
		before := b.jobCreations()
		out := runApp(t, home, "soffice", "--headless", "--norestore", "--nologo",
			"-env:UserInstallation=file://"+filepath.Join(home, "lo"), "--pt", "pd", doc)
		t.Logf("soffice: %s", out)
		gj := b.waitAppJob(t, c, "pd", before)
		// LibreOffice names the job after the file, not its title.
		b.checkAppJob(t, gj, "letter.fodt", "this page came from LibreOffice Writer", 1, "flipOnShortEdge")
	})
	t.Run("LibreOffice Writer, two copies", func(t *testing.T) {
		c.t, b.t = t, t
		home := t.TempDir()
		if out, err := exec.Command(systemPython, "-c", "import uno").CombinedOutput(); err != nil {
			t.Fatalf("LibreOffice's Python bridge is missing (apt-get install python3-uno): %v\n%s", err, out)
		}
		writeFile(t, mkdir(t, home, ".cups"), "lpoptions", []byte("Dest pd sides=two-sided-short-edge\n"))
		doc := writeFile(t, dir, "memo.fodt", flatODT("Two copies of this memo, from LibreOffice Writer."))
		before := b.jobCreations()
		out := runApp(t, home, systemPython, filepath.Join(testdataDir(t), "loprint.py"), filepath.Join(home, "lo"), doc, "pd", "2")
		t.Logf("loprint.py: %s", out)
		gj := b.waitAppJob(t, c, "pd", before)
		b.checkAppJob(t, gj, "memo.fodt", "Two copies of this memo", 2, "flipOnShortEdge")
	})
	t.Run("GTK PrintOperation", func(t *testing.T) {
		c.t, b.t = t, t
		home := t.TempDir()
		if out, err := exec.Command(systemPython, "-c", gtkCheck).CombinedOutput(); err != nil {
			t.Fatalf("GTK 3 for Python is missing (apt-get install python3-gi python3-gi-cairo gir1.2-gtk-3.0): %v\n%s", err, out)
		}
		before := b.jobCreations()
		out := runApp(t, home, "xvfb-run", "-a", systemPython, filepath.Join(testdataDir(t), "gtkprint.py"),
			"pd", "GTK test page", "3", "vertical")
		t.Logf("gtkprint.py: %s", out)
		gj := b.waitAppJob(t, c, "pd", before)
		b.checkAppJob(t, gj, "GTK test page", "GTK test page", 3, "flipOnShortEdge")
	})
}

// gtkCheck imports what testdata/gtkprint.py needs.
const gtkCheck = `import gi; gi.require_version("Gtk", "3.0"); from gi.repository import Gtk; import cairo`

// runApp runs an application with its own HOME (and so its own settings)
// and CUPS_SERVER naming the private cupsd; it fails t unless the
// application exits 0 within two minutes.
func runApp(t *testing.T, home, name string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = append(os.Environ(), "HOME="+home, "XDG_CONFIG_HOME="+filepath.Join(home, ".config"),
		"XDG_RUNTIME_DIR="+home, "CUPS_SERVER="+os.Getenv("CUPS_SERVER"))
	cmd.Dir = home
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v\n%s", name, err, out)
	}
	return strings.TrimSpace(string(out))
}

// waitAppJob waits for the one CUPS job an application submitted to queue to end,
// and returns the Universal Print job it became.
func (b *testBridge) waitAppJob(t *testing.T, c *cupsd, queue string, before int) graph.Job {
	t.Helper()
	var id string
	for deadline := time.Now().Add(30 * time.Second); id == ""; time.Sleep(200 * time.Millisecond) {
		for _, l := range strings.Split(c.run("lpstat", "-W", "all", "-o", queue), "\n") {
			if f := strings.Fields(l); len(f) > 0 {
				id = f[0] // lpstat lists the newest job last
			}
		}
		if time.Now().After(deadline) {
			t.Fatal("the application submitted no CUPS job in 30 s")
		}
	}
	if !c.waitDone(id) {
		t.Fatalf("CUPS job %s did not print:\n%s", id, c.run("lpstat", "-l", "-W", "all", "-o"))
	}
	if n := b.jobCreations() - before; n != 1 {
		t.Fatalf("%d Universal Print jobs for one print, want 1", n)
	}
	return b.lastUPJob()
}

// checkAppJob checks what Universal Print received: a completed job with
// one PDF document called name, holding text, with the given copies and
// duplex mode.
func (b *testBridge) checkAppJob(t *testing.T, gj graph.Job, name, text string, copies int, duplex string) {
	t.Helper()
	cfg := gj.Configuration
	t.Logf("Universal Print job %s: %q, configuration %s", gj.ID, docNames(gj), configString(cfg))
	if gj.Status.State != "completed" || len(gj.Documents) != 1 {
		t.Fatalf("Universal Print job %s is %s with %d documents, want completed with 1", gj.ID, gj.Status.State, len(gj.Documents))
	}
	d := gj.Documents[0]
	if d.DisplayName != name || d.ContentType != "application/pdf" {
		t.Errorf("document %q (%s), want %q (application/pdf)", d.DisplayName, d.ContentType, name)
	}
	if cfg.Copies == nil || *cfg.Copies != copies {
		t.Errorf("configuration %s, want %d copies", configString(cfg), copies)
	}
	if cfg.DuplexMode == nil || string(*cfg.DuplexMode) != duplex {
		t.Errorf("configuration %s, want duplex %s", configString(cfg), duplex)
	}
	pdf := b.downloadDoc(t, gj)
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("the document is not a PDF: %q…", pdf[:min(len(pdf), 16)])
	}
	words := pdfText(t, pdf)
	if !strings.Contains(strings.Join(strings.Fields(words), " "), text) {
		t.Errorf("the PDF does not say %q; it says:\n%s", text, words)
	}
}

// downloadDoc is the document of a Universal Print job, as a printer
// would fetch it.
func (b *testBridge) downloadDoc(t *testing.T, gj graph.Job) []byte {
	t.Helper()
	r, err := b.graph().DownloadDocument(context.Background(), emulator.ShareDefault, gj.ID, gj.Documents[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	raw, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

// pdfText is the text pdftotext reads in a PDF.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	cmd := exec.Command("pdftotext", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

func docNames(gj graph.Job) []string {
	var names []string
	for _, d := range gj.Documents {
		names = append(names, d.DisplayName)
	}
	return names
}

func mkdir(t *testing.T, parent, name string) string {
	t.Helper()
	p := filepath.Join(parent, name)
	if err := os.MkdirAll(p, 0o755); err != nil {
		t.Fatal(err)
	}
	return p
}

// testdataDir is this package's testdata folder, absolute.
func testdataDir(t *testing.T) string {
	t.Helper()
	p, err := filepath.Abs("testdata")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// flatODT is a one-paragraph OpenDocument text in a single XML file
// (.fodt), with a title LibreOffice does not use as the job's name.
func flatODT(text string) []byte {
	return []byte(`<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:meta><dc:title>Quarterly letter</dc:title></office:meta>
 <office:body><office:text><text:p>` + text + `</text:p></office:text></office:body>
</office:document>
`)
}
