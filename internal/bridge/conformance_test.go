package bridge

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"printdrop/internal/emulator"
	"printdrop/internal/testenv"
)

// TestIPPToolConformance runs CUPS's own IPP/1.1 and IPP/2.0 conformance
// files against a bridge printer on the emulator: no test may fail.
func TestIPPToolConformance(t *testing.T) {
	testenv.RequireTools(t, "ipptool")
	b := startBridge(t, nil, emulator.ShareDefault)
	dir := t.TempDir()
	// The files print document-a4.pdf and friends from their own folder;
	// only the PDF matters (the printer takes nothing else).
	for _, name := range []string{"ipp-1.1.test", "ipp-2.0.test"} {
		raw, err := os.ReadFile(filepath.Join("/usr/share/cups/ipptool", name))
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, dir, name, raw)
	}
	doc := writeFile(t, dir, "document-a4.pdf", tinyPDF("ipptool"))
	writeFile(t, dir, "document-letter.pdf", tinyPDF("ipptool letter"))
	cmd := exec.Command("ipptool", "-V", "2.0", "-t", "-I", "-f", doc, b.uri(emulator.ShareDefault), "ipp-1.1.test", "ipp-2.0.test")
	cmd.Dir = dir
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	_ = cmd.Run() // -I: the exit status says nothing; the [FAIL] lines do
	text := out.String()
	fails := regexp.MustCompile(`(?m)\[FAIL\]`).FindAllStringIndex(text, -1)
	passes := strings.Count(text, "[PASS]")
	if len(fails) > 0 || passes < 30 {
		t.Fatalf("ipptool: %d passed, %d failed (want 0 failed, 30+ passed):\n%s", passes, len(fails), text)
	}
	t.Logf("ipptool: %d passed, 0 failed", passes)
}
