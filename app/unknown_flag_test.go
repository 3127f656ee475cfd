package main

import (
	"strings"
	"testing"
)

// TestUnknownFlagSaysUnknownCommand guards the refusals: an unknown flag
// (`printdrop --bogus`) and an unknown command, alone or followed by
// arguments (`printdrop queue --help`), get the same one sentence naming the
// word and pointing to the help, exit 2, never the flag package's dump and
// never a window.
func TestUnknownFlagSaysUnknownCommand(t *testing.T) {
	for _, args := range [][]string{{"--bogus"}, {"--nosuchflag"}, {"-bogus=1"}, {"--demo", "--bogus"},
		{"--client-id", "x", "--bogus"}, {"queue"}, {"queue", "--help"}, {"queue", "a", "b"}} {
		var out, errb strings.Builder
		if code := run(args, &out, &errb); code != exitUsage {
			t.Fatalf("%q: exit %d, want %d", args, code, exitUsage)
		}
		bad := args[len(args)-1]
		if args[0] == "queue" {
			bad = "queue"
		}
		want := `printdrop: unknown command or flag "` + bad + `": run "printdrop --help" for the commands.` + "\n"
		if got := errb.String(); got != want {
			t.Errorf("%q: stderr %q, want %q", args, got, want)
		}
	}
}

// TestSubcommandBadFlagOneSentence: a sub-command's unknown flag or bad
// value is one line naming it and the command's help, exit 2.
func TestSubcommandBadFlagOneSentence(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"send", "--bogus", "a.pdf"}, `printdrop send: unknown flag "--bogus": run "printdrop send --help" for its flags.`},
		{[]string{"printers", "-bogus"}, `printdrop printers: unknown flag "-bogus": run "printdrop printers --help" for its flags.`},
		{[]string{"bridge", "--bogus"}, `printdrop bridge: unknown flag "--bogus"`},
		{[]string{"send", "--copies", "x", "a.pdf"}, `printdrop send: "--copies" takes a whole number, not "x": run "printdrop send --help" for its flags.`},
		{[]string{"send", "--json=maybe", "a.pdf"}, `printdrop send: "--json" takes true or false, not "maybe": run "printdrop send --help" for its flags.`},
	} {
		var out, errb strings.Builder
		if code := run(tc.args, &out, &errb); code != exitUsage {
			t.Fatalf("%q: exit %d, want %d", tc.args, code, exitUsage)
		}
		got := errb.String()
		if !strings.HasPrefix(got, tc.want) || strings.Count(got, "\n") != 1 || strings.Contains(got, "Usage") {
			t.Errorf("%q: stderr %q, want one line starting %q", tc.args, got, tc.want)
		}
	}
}
