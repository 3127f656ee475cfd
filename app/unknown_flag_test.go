package main

import (
	"strings"
	"testing"
)

// TestUnknownFlagSaysUnknownCommand guards `printdrop --bogus`: it gets the
// sentence an unknown command gets and the command list, not the flag
// package's "Usage of printdrop:" dump.
func TestUnknownFlagSaysUnknownCommand(t *testing.T) {
	for _, args := range [][]string{{"--bogus"}, {"-bogus=1"}, {"--demo", "--bogus"}, {"--client-id", "x", "--bogus"}} {
		var out, errb strings.Builder
		if code := run(args, &out, &errb); code != exitUsage {
			t.Fatalf("%q: exit %d, want %d", args, code, exitUsage)
		}
		got := errb.String()
		if !strings.Contains(got, `printdrop: unknown command "`+args[len(args)-1]) || !strings.Contains(got, "printdrop send") || strings.Contains(got, "Usage of printdrop") {
			t.Errorf("%q: stderr %q", args, got)
		}
	}
}
