package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestLangRefusalsInGerman runs the real binary with LANG=de_DE.UTF-8: an
// unknown flag or command, and a sub-command's unknown flag, are refused in
// one German sentence after the stable "printdrop …:" prefix, exit 2; the
// window without a display says so in German, exit 1; --help stays
// English (exit 0); with LANG=C the sentence is today's English, and Fyne
// logs nothing either way.
func TestLangRefusalsInGerman(t *testing.T) {
	bin := buildPrintdrop(t)
	for _, c := range []struct {
		lang string
		args []string
		code int
		want string // the whole output; with help, its first line
	}{
		{"de_DE.UTF-8", []string{"--nosuchflag"}, exitUsage,
			`printdrop: Unbekannter Befehl oder unbekannte Option "--nosuchflag": "printdrop --help" zeigt die Befehle.` + "\n"},
		{"de_DE.UTF-8", []string{"queue", "--help"}, exitUsage,
			`printdrop: Unbekannter Befehl oder unbekannte Option "queue": "printdrop --help" zeigt die Befehle.` + "\n"},
		{"de_DE.UTF-8", []string{"jobs", "--nosuchflag"}, exitUsage,
			`printdrop jobs: Unbekannte Option "--nosuchflag": "printdrop jobs --help" zeigt die Optionen.` + "\n"},
		{"de_DE.UTF-8", []string{"send", "--copies", "x", "a.pdf"}, exitUsage,
			`printdrop send: Die Option "--copies" erwartet eine ganze Zahl, nicht "x": "printdrop send --help" zeigt die Optionen.` + "\n"},
		{"de_DE.UTF-8", []string{"jobs", "extra"}, exitUsage,
			`printdrop jobs: Unerwartetes Argument "extra" (möglich sind "jobs", "jobs cancel ID" oder "jobs reprint ID")` + "\n"},
		{"de_DE.UTF-8", nil, exitFailure,
			`printdrop: Es gibt keine Anzeige, auf der sich das Fenster öffnen ließe (weder DISPLAY noch WAYLAND_DISPLAY ist gesetzt); ` +
				`ohne Anzeige drucken Sie mit "printdrop send", stellen Drucker für CUPS mit "printdrop bridge" bereit und melden sich mit "printdrop login" an.` + "\n"},
		{"de_DE.UTF-8", []string{"jobs", "--help"}, exitOK, "Usage of printdrop jobs:\n"},
		{"C", []string{"--nosuchflag"}, exitUsage,
			`printdrop: unknown command or flag "--nosuchflag": run "printdrop --help" for the commands.` + "\n"},
		{"C.UTF-8", []string{"jobs", "--nosuchflag"}, exitUsage,
			`printdrop jobs: unknown flag "--nosuchflag": run "printdrop jobs --help" for its flags.` + "\n"},
	} {
		cmd := exec.Command(bin, c.args...)
		cmd.Env = bareEnv(t, "LANG="+c.lang)
		b, _ := cmd.CombinedOutput()
		out, code := string(b), cmd.ProcessState.ExitCode()
		got := out
		if c.code == exitOK {
			got, _, _ = strings.Cut(out, "\n")
			got += "\n"
		}
		if code != c.code || got != c.want || strings.Contains(out, "Fyne error") {
			t.Errorf("LANG=%s printdrop %q: exit %d, output\n%s\nwant exit %d and\n%s", c.lang, c.args, code, out, c.code, c.want)
		}
	}
}
