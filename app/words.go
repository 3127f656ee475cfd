package main

import (
	"fmt"
	"io"
	"strconv"

	"printdrop/internal/safetext"
)

// The command line's own sentences (its refusals, failures and notes on
// stderr) come through the window's catalogue (say.T), in the user's
// language. What scripts read stays as it is, in every language: the
// "printdrop send: " prefix, command names, flags, exit codes, --help and
// what the commands write on stdout.

// tell writes one sentence on stderr after who ("printdrop send"), the
// prefix scripts and tests match, which is never translated.
func tell(stderr io.Writer, who, sentence string) {
	fmt.Fprintln(stderr, who+": "+sentence)
}

// quoted is s sanitized and in double quotes, as %q writes it, for a
// sentence's placeholder: a file name or flag the user typed.
func quoted(s string) string { return strconv.Quote(safetext.Show(s)) }
