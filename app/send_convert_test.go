package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"printdrop/internal/emulator"
	"printdrop/internal/testenv"
)

// pdfOnly is the demo share that takes nothing but PDF.
const pdfOnly = "Munich Office – PDF Direct"

func (e *sendEnv) png(name string) string {
	e.t.Helper()
	return testenv.WritePNG(e.t, e.dir, name, 300, 200)
}

func TestSendConvertsForAPDFOnlyShare(t *testing.T) {
	e := newSendEnv(t, emulator.Config{})
	photo := e.png("photo.png")
	code, stdout, stderr := e.send("--share", pdfOnly, "--json", photo)
	if code != exitOK {
		t.Fatalf("exit %d\nstderr: %s", code, stderr)
	}
	var r struct {
		File           string `json:"file"`
		State          string `json:"state"`
		JobID          string `json:"job_id"`
		Size           int64  `json:"size"`
		ConvertedFrom  string `json:"converted_from"`
		ConvertedSize  int64  `json:"converted_size"`
		ConvertedPages *int   `json:"converted_pages"`
	}
	if err := json.Unmarshal([]byte(stdout), &r); err != nil {
		t.Fatalf("%v: %s", err, stdout)
	}
	if r.File != photo || r.State != "completed" || r.ConvertedFrom != "image/png" || r.ConvertedPages == nil ||
		*r.ConvertedPages != 1 || r.ConvertedSize != r.Size || r.Size < 100 {
		t.Fatalf("result = %+v", r)
	}
	if size, _, ok := e.Document(r.JobID); !ok || size != r.ConvertedSize {
		t.Fatalf("the emulator holds %d bytes, converted_size %d", size, r.ConvertedSize)
	}

	// The sentence says it too; a PDF sent as it is carries no converted keys.
	code, stdout, _ = e.send("--share", pdfOnly, photo)
	if code != exitOK || !strings.Contains(stdout, "photo.png: printed as PDF (1 page), job ") {
		t.Fatalf("exit %d, stdout %q", code, stdout)
	}
	code, stdout, _ = e.send("--share", pdfOnly, "--json", e.file("a.pdf", 1000))
	if code != exitOK || strings.Contains(stdout, "converted") {
		t.Fatalf("exit %d, stdout %q", code, stdout)
	}
}

func TestSendNoConvertRefuses(t *testing.T) {
	e := newSendEnv(t, emulator.Config{})
	code, stdout, stderr := e.send("--share", pdfOnly, "--no-convert", e.png("photo.png"))
	if code != exitRefused || stdout != "" {
		t.Fatalf("exit %d, stdout %q", code, stdout)
	}
	if lines := strings.Split(strings.TrimSpace(stderr), "\n"); len(lines) != 1 || !strings.Contains(stderr, "cannot print photo.png (PNG)") {
		t.Fatalf("stderr: %q", stderr)
	}
	for _, r := range e.Requests() {
		if r.Method == "POST" && strings.HasSuffix(r.Path, "/jobs") {
			t.Fatal("a job was created for a refused file")
		}
	}
}

func TestSendRefusesWhatCannotBeConverted(t *testing.T) {
	e := newSendEnv(t, emulator.Config{})
	bad := filepath.Join(e.dir, "notes.txt")
	os.WriteFile(bad, append([]byte("abc"), make([]byte, 64)...), 0o600)
	code, _, stderr := e.send("--share", pdfOnly, bad)
	if code != exitRefused || !strings.Contains(stderr, "notes.txt is not plain text") {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
}
