package emulator

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
)

// needTool skips when a tool is missing locally, but fails in CI so a
// missing dependency can never pass silently there. On Windows it skips
// with the reason: the tools are Linux ones the Linux CI run has.
func needTool(t *testing.T, name string) {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skipf("not on windows: needs %s (a Linux tool; the Linux CI run covers this test)", name)
	}
	if _, err := exec.LookPath(name); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is required in CI: %v", name, err)
		}
		t.Skipf("%s not installed", name)
	}
}

// TestCurlSession runs the scripted curl session of docs/emulator.md
// (testdata/curl-session.sh) against a live emulator.
func TestCurlSession(t *testing.T) {
	t.Parallel()
	for _, tool := range []string{"bash", "curl", "sed", "sha256sum"} {
		needTool(t, tool)
	}
	e := start(t, Config{})
	dir := t.TempDir()
	line, _ := json.Marshal(e.info)
	infoFile := filepath.Join(dir, "emulator.json")
	docFile := filepath.Join(dir, "report.pdf")
	os.WriteFile(infoFile, append(line, '\n'), 0o600)
	os.WriteFile(docFile, pattern(1_000_003), 0o600)

	out, err := exec.Command("bash", "testdata/curl-session.sh", infoFile, docFile).CombinedOutput()
	t.Logf("%s", out)
	if err != nil {
		t.Fatalf("the curl session failed: %v", err)
	}
	text := string(out)
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`"nextExpectedRanges":\["0-666667"\]} -> HTTP 202`),
		regexp.MustCompile(`"nextExpectedRanges":\["333334-666667"\]} -> HTTP 202`),
		regexp.MustCompile(`"displayName":"report.pdf".* -> HTTP 201`),
		regexp.MustCompile(`"state":"processing"`),
		regexp.MustCompile(`job \d+ is completed`),
		regexp.MustCompile(`OK: printed and stored intact`),
	} {
		if !want.MatchString(text) {
			t.Errorf("output lacks %s", want)
		}
	}
	if strings.Contains(text, "tempauthtoken") {
		t.Error("the session printed an upload URL (a credential)")
	}
}
