// Command printdrop prints documents to Microsoft Universal Print.
//
// With no sub-command it opens the PrintDrop window; the sub-commands are its
// headless twins for scripts and the local Universal Print emulator. Run
// "printdrop help" for the list.
package main

import (
	// First of all: it makes the locale environment readable for Fyne.
	"aearly.invalid/localeenv"

	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"sync"
	"syscall"

	"printdrop/internal/ui"
)

// Exit codes shared by every sub-command, so scripts can tell failures apart.
const (
	exitOK      = 0
	exitFailure = 1 // the work itself failed (network, upload, server)
	exitUsage   = 2 // wrong flags or arguments
	exitSignIn  = 3 // nobody signed in, sign-in failed or was cancelled
	exitRefused = 4 // input refused before any work: bad file, printer cannot take it
)

// command is one sub-command of printdrop. Each lives in its own file and
// registers itself in an init function, so adding one touches no other file.
type command struct {
	name    string
	summary string
	// run gets what it may use of the world (d) and the arguments after
	// the sub-command's name, and returns an exit code.
	run func(ctx context.Context, d deps, args []string, stdout, stderr io.Writer) int
}

var commands = map[string]command{}

// loadTranslations reads the catalogues once per process (tests call run
// many times): the window, the command line's error sentences and the
// sign-in page all speak the user's language.
var loadTranslations sync.Once

func register(c command) {
	if _, dup := commands[c.name]; dup {
		panic("printdrop: command registered twice: " + c.name)
	}
	commands[c.name] = c
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run dispatches to a sub-command, or to the window when none is named.
func run(args []string, stdout, stderr io.Writer) int {
	return runWith(liveDeps(), args, stdout, stderr)
}

// runWith is run with the given dependencies.
func runWith(d deps, args []string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	loadTranslations.Do(func() {
		// Before localeenv.Restore: Fyne reads the locale as normalised.
		if err := ui.LoadTranslations(); err != nil {
			fmt.Fprintln(stderr, "printdrop: a translation could not be read:", err)
		}
	})

	if len(args) > 0 {
		switch args[0] {
		case "help", "-h", "-help", "--help":
			usage(stdout)
			return exitOK
		case "version", "-version", "--version":
			fmt.Fprintln(stdout, versionString())
			return exitOK
		}
		if c, ok := commands[args[0]]; ok {
			// No Fyne from here on: the commands and what they start see
			// the locale the user set.
			localeenv.Restore()
			return c.run(ctx, d, args[1:], stdout, stderr)
		}
	}
	return runWindow(ctx, d, args, stdout, stderr)
}

func usage(w io.Writer) {
	fmt.Fprintf(w, "PrintDrop %s: print to Microsoft Universal Print from the desktop.\n\n", versionString())
	fmt.Fprintln(w, "Usage:")
	fmt.Fprintln(w, "  printdrop [--demo] [FILE...]   open the window (with files ready to print)")
	names := make([]string, 0, len(commands))
	for name := range commands {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		fmt.Fprintf(w, "  printdrop %-21s%s\n", name, commands[name].summary)
	}
	fmt.Fprintln(w, "  printdrop --version            print the version")
	fmt.Fprintln(w, "\nRun \"printdrop COMMAND -h\" for a command's flags.")
}
