package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
)

// buildPrintdrop builds the real binary once for a test.
func buildPrintdrop(t *testing.T) string {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("needs the source tree and the go tool")
	}
	bin := filepath.Join(t.TempDir(), "printdrop")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// bareEnv is an environment without a display, in its own home.
func bareEnv(t *testing.T, extra ...string) []string {
	home := t.TempDir()
	return append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + home,
		"XDG_RUNTIME_DIR=" + home, "XDG_CONFIG_HOME=" + filepath.Join(home, "config"),
		"PRINTDROP_CLIENT_ID=", "PRINTDROP_ACCESS_TOKEN="}, extra...)
}

// TestNoDisplayNoPanic runs the real binary without DISPLAY or
// WAYLAND_DISPLAY on every entry point: the window (plain, --demo, with a
// file), and every sub-command with --help and with a bad flag. None may
// print a Go panic or stack; the window ones must give the one no-display
// sentence and exit 1.
func TestNoDisplayNoPanic(t *testing.T) {
	bin := buildPrintdrop(t)
	file := filepath.Join(t.TempDir(), "file.pdf")
	if err := os.WriteFile(file, []byte("%PDF-1.4\n%%EOF\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	window := [][]string{nil, {"--demo"}, {file}, {"--demo", file}, {"missing.pdf"}}
	var runs [][]string
	names := make([]string, 0, len(commands))
	for name := range commands {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		runs = append(runs, []string{name, "--help"}, []string{name, "--bogus"})
	}
	runs = append(runs, []string{"jobs", "--help"}, []string{"queue", "--help"}, []string{"--nosuchflag"}, []string{"--help"}, []string{"--version"})
	check := func(args []string) (string, int) {
		cmd := exec.Command(bin, args...)
		cmd.Env = bareEnv(t, "LANG=en_US.UTF-8")
		out, err := cmd.CombinedOutput()
		code := cmd.ProcessState.ExitCode()
		if err != nil && code < 0 {
			t.Fatalf("%q: %v", args, err)
		}
		if s := string(out); strings.Contains(s, "panic:") || strings.Contains(s, "goroutine ") {
			t.Errorf("%q: a panic reached the user:\n%s", args, s)
		}
		return string(out), code
	}
	for _, args := range window {
		out, code := check(args)
		if code != exitFailure || strings.Count(out, "\n") != 1 || !strings.Contains(out, "no display") || !strings.Contains(out, "printdrop send") {
			t.Errorf("%q: exit %d, output %q; want the one no-display sentence and exit 1", args, code, out)
		}
	}
	for _, args := range runs {
		if _, code := check(args); code != exitOK && code != exitUsage {
			t.Errorf("%q: exit %d, want 0 or 2", args, code)
		}
	}
}

// TestLocaleSilence: with LANG=C, POSIX, C.UTF-8, empty, malformed or an
// unknown language, and with valid locales, "printdrop --help" prints no "Fyne error" line.
func TestLocaleSilence(t *testing.T) {
	bin := buildPrintdrop(t)
	for _, env := range [][]string{{"LANG=C"}, {"LANG=POSIX"}, {"LANG=C.UTF-8"}, {"LANG="}, {},
		{"LANG=xx_!!"}, {"LANG=de_DE.UTF-8"}, {"LC_ALL=C.UTF-8", "LANG=de_DE.UTF-8"},
		{"LC_MESSAGES=C.UTF-8"}, {"LANGUAGE=fr:de", "LANG=C.UTF-8"}, {"LANGUAGE=C.UTF-8:de"}, {"LC_ALL=de_DE@euro"},
		{"LANG=xx"}, {"LANG=zz_ZZ.UTF-8"}, {"LANGUAGE=xx:fr"}} { // well-formed, but no language
		cmd := exec.Command(bin, "--help")
		cmd.Env = bareEnv(t, env...)
		out, err := cmd.CombinedOutput()
		if err != nil || strings.Contains(string(out), "Fyne error") || !strings.Contains(string(out), "Usage:") {
			t.Errorf("%q: %v\n%s", env, err, out)
		}
	}
}
