package main

import (
	"bytes"
	"errors"
	"flag"
	"io"
	"strings"

	"printdrop/internal/safetext"
	"printdrop/internal/say"
)

// Refusals of the command line: an unknown command, an unknown flag or a
// bad flag value gets one sentence on stderr that names it and points to
// the help, and exit status 2; never the flag package's dump, never a window.

// refuseUnknown is the one sentence for an unknown command or flag, the
// same for both, so "printdrop queue" and "printdrop --bogus" agree.
func refuseUnknown(stderr io.Writer, word string) int {
	tell(stderr, "printdrop", say.T(`unknown command or flag {{.Word}}: run "printdrop --help" for the commands.`, say.Args{"Word": quoted(word)}))
	return exitUsage
}

// cmdName is "printdrop send" for the flag set of send, whatever it is called.
func cmdName(fs *flag.FlagSet) string {
	if n := fs.Name(); n == "printdrop" || strings.HasPrefix(n, "printdrop ") {
		return n
	}
	return "printdrop " + fs.Name()
}

// parseFlags parses a command's flags and reports usage errors the same way
// for every command: one sentence and exit code 2; -h prints the command's
// help on stderr (exit 0). ok is false when the caller should return code.
func parseFlags(fs *flag.FlagSet, args []string, stderr io.Writer) (code int, ok bool) {
	name := cmdName(fs)
	if bad, found := unknownFlag(fs, args); found {
		tell(stderr, name, say.T(`unknown flag {{.Flag}}: run "{{.Command}} --help" for its flags.`, say.Args{"Flag": quoted(bad), "Command": name}))
		return exitUsage, false
	}
	var help bytes.Buffer
	fs.SetOutput(&help) // the help, or the flag package's own error and dump
	refused, unwatch := watchValues(fs)
	err := fs.Parse(args)
	unwatch()
	fs.SetOutput(stderr)
	switch {
	case err == nil:
		return exitOK, true
	case errors.Is(err, flag.ErrHelp):
		help.Reset()
		fs.SetOutput(&help)
		fs.Usage() // again, with the flags' own values: their defaults as they are
		fs.SetOutput(stderr)
		_, _ = stderr.Write(help.Bytes())
		return exitOK, false
	case *refused != nil: // a bad value, e.g. --copies x
		tell(stderr, name, refusedSentence(*refused, name))
		return exitUsage, false
	default: // something else the flag package refused: it names it
		tell(stderr, name, say.T(`{{.Problem}}: run "{{.Command}} --help" for its flags.`, say.Args{"Problem": safetext.Show(err.Error()), "Command": name}))
		return exitUsage, false
	}
}

// unknownCommand tells whether the first word the window would open as a
// file is a mistyped command instead: not an existing file, and nothing
// that makes it look like a path (a path separator or a dot, as in
// report.pdf or ./x). A missing report.pdf is still handed to the window,
// which says it cannot read it.
func unknownCommand(files []string) (string, bool) {
	if len(files) == 0 {
		return "", false
	}
	w := files[0]
	if fileExists(w) || looksLikePath(w) {
		return "", false
	}
	return w, true
}
