package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"

	"printdrop/internal/instance"
	"printdrop/internal/safetext"
	"printdrop/internal/say"
	"printdrop/internal/ui"
	"printdrop/internal/workflow"
)

// runWindow opens the PrintDrop window: printdrop [--demo] [FILE...].
func runWindow(ctx context.Context, d deps, args []string, stdout, stderr io.Writer) int {
	wa, code, ok := parseWindowArgs(d, args, stderr)
	if !ok {
		return code
	}
	if noDisplay(os.Getenv) {
		return refuseNoDisplay(stderr)
	}
	// One window per user: a second launch hands its files over and exits.
	primary, err := instance.AcquireOrSend(ctx, fyneAppID, wa.files)
	switch {
	case errors.Is(err, instance.ErrAlreadyRunning):
		fmt.Fprintln(stdout, "PrintDrop is already open: the files were handed to its window.")
		return exitOK
	case err != nil:
		tell(stderr, "printdrop", say.T("{{.Problem}} (opening a window of its own)", say.Args{"Problem": safetext.Show(err.Error())}))
	}
	if primary != nil {
		defer primary.Close()
	}
	pw, err := buildWindow(&wa, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "printdrop: %s\n", safetext.Show(err.Error()))
		return exitFailure
	}
	defer pw.close()
	pw.run(ctx, primary, wa.files, stdout)
	return exitOK
}

// windowArgs are the window's command line.
type windowArgs struct {
	demo    bool
	files   []string
	account accountFlags
}

// parseWindowArgs reads printdrop [--demo] [account flags] [FILE...],
// refusing unknown flags and commands in one sentence.
func parseWindowArgs(d deps, args []string, stderr io.Writer) (windowArgs, int, bool) {
	wa := windowArgs{account: accountFlags{deps: d}}
	fs := flag.NewFlagSet("printdrop", flag.ContinueOnError)
	fs.BoolVar(&wa.demo, "demo", false, "run against a built-in Universal Print emulator (no account needed)")
	wa.account.register(fs)
	fs.Usage = func() { usage(fs.Output()) }
	if bad, ok := unknownFlag(fs, args); ok {
		return wa, refuseUnknown(stderr, bad), false // the same sentence as an unknown command
	}
	if code, ok := parseFlags(fs, args, stderr); !ok {
		return wa, code, false
	}
	wa.files = fs.Args()
	if bad, ok := unknownCommand(wa.files); ok {
		return wa, refuseUnknown(stderr, bad), false // "printdrop jobs --help" too
	}
	return wa, exitOK, true
}

// printWindow is the window with what runs behind it.
type printWindow struct {
	app     fyne.App
	w       fyne.Window
	win     *ui.Window
	script  scriptedRun // the demo's scripted run (-tags scripted), else nil
	cleanup func()      // stops the demo's emulator, when one runs
}

// buildWindow makes the window over the demo's emulator or the real
// service. A demo that cannot start is an error; so is a real service
// that cannot be built.
func buildWindow(wa *windowArgs, stderr io.Writer) (*printWindow, error) {
	a := fyneapp.NewWithID(fyneAppID)
	a.Settings().SetTheme(ui.Theme())
	pw := &printWindow{app: a, w: a.NewWindow(ui.Title), cleanup: func() {}}
	var (
		backend ui.Backend
		setup   *ui.Setup
		err     error
	)
	if wa.demo {
		d, err := startDemo(stderr)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", say.T("the demo could not start"), err)
		}
		pw.cleanup, backend, pw.script = d.close, d.backend, d.script
	} else if backend, setup, err = realBackend(a, &wa.account, stderr); err != nil {
		return nil, err
	}
	opts := ui.Options{Setup: setup, Version: versionString(), WatchJobs: true}
	if !wa.demo {
		opts.Bridge = windowBridge(a.Preferences())
		// First run without a registration: the demo is one click away.
		opts.OnTryDemo = func() {
			d, err := startDemo(stderr)
			if err != nil {
				tell(stderr, "printdrop", say.T("the demo could not start")+": "+safetext.Show(err.Error()))
				return
			}
			old := pw.cleanup
			pw.cleanup = func() { d.close(); old() }
			pw.win.SetBackend(d.backend)
		}
	}
	notify := withNotifications(a)
	pw.win = ui.New(notify, pw.w, backend, opts)
	installTray(a, notify, pw.win, pw.w)
	fitOnStart(a, pw.win)
	return pw, nil
}

// run shows the window with files queued until it closes (or ctx ends,
// Ctrl+C in the terminal), taking the files of later launches meanwhile.
func (pw *printWindow) run(ctx context.Context, primary *instance.Primary, files []string, stdout io.Writer) {
	if len(files) > 0 {
		pw.win.OpenFiles(files)
	}
	if primary != nil {
		go forwardLaunches(ctx, primary, pw.win, pw.w)
	}
	go func() { // Ctrl+C in the terminal closes the window like its button
		<-ctx.Done()
		fyne.Do(pw.app.Quit)
	}()
	if pw.script != nil {
		go pw.script.run(pw.win, pw.app, stdout)
	}
	pw.w.ShowAndRun()
	// An upload stopped by closing the window still writes its checkpoint
	// (to resume at the next start): let it, within reason.
	pw.win.Settle(5 * time.Second)
}

// close stops what runs behind the window.
func (pw *printWindow) close() { pw.cleanup() }

// forwardLaunches queues the files of later launches and raises the window.
func forwardLaunches(ctx context.Context, p *instance.Primary, win *ui.Window, w fyne.Window) {
	for {
		select {
		case <-ctx.Done():
			return
		case files, ok := <-p.Files():
			if !ok {
				return
			}
			win.OpenFiles(files)
			fyne.Do(w.RequestFocus)
		}
	}
}

// realBackend builds the workflow on the resolved settings (flags, then
// PRINTDROP_* variables, then the machine policy, then what the user saved
// in the window), and the Setup through which the window changes them.
func realBackend(a fyne.App, acct *accountFlags, stderr io.Writer) (ui.Backend, *ui.Setup, error) {
	prefs := a.Preferences()
	res := acct.deps.resolveSettings(acct.layer(), prefs)
	for _, w := range res.Warnings { // they quote the policy file: text from outside
		fmt.Fprintln(stderr, "printdrop: "+safetext.Show(w))
	}
	build := func(s workflow.Settings) (ui.Backend, error) {
		if s.ClientID == "" {
			return ui.NoClientBackend{}, nil
		}
		svc, err := workflow.New(workflow.Params{
			Settings: s,
			Prefs:    prefs,
			OnNotice: func(msg string) { fmt.Fprintln(stderr, "printdrop:", safetext.Show(msg)) },
		})
		if err != nil {
			return nil, err
		}
		return workflow.NewDesktop(svc), nil
	}
	setup := &ui.Setup{Current: res.Resolved, PolicyWhere: res.Policy.Where}
	if res.Policy.IsZero() {
		setup.PolicyWhere = ""
	}
	setup.Apply = func(entered workflow.Layer) (ui.Backend, workflow.Resolved, error) {
		// Resolved again, so a policy changed meanwhile still wins.
		locked, _ := acct.deps.resolveSettings(acct.layer(), prefs).Locked()
		workflow.SaveRegistration(prefs, entered, locked)
		now := acct.deps.resolveSettings(acct.layer(), prefs)
		b, err := build(now.Settings)
		return b, now.Resolved, err
	}
	b, err := build(res.Settings)
	return b, setup, err
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// looksLikePath tells a mistyped file name from a mistyped command.
func looksLikePath(s string) bool {
	for _, r := range s {
		if r == '.' || r == '/' || r == os.PathSeparator {
			return true
		}
	}
	return false
}

// unknownFlag finds the first flag in args that fs does not define (the
// flags end at "--" or the first argument that is not a flag, as for
// flag.Parse); -h and -help stay with the flag package.
func unknownFlag(fs *flag.FlagSet, args []string) (string, bool) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" || len(a) < 2 || a[0] != '-' {
			return "", false
		}
		name, _, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if name == "h" || name == "help" {
			return "", false
		}
		f := fs.Lookup(name)
		if f == nil {
			return a, true
		}
		if b, isBool := f.Value.(interface{ IsBoolFlag() bool }); !hasValue && !(isBool && b.IsBoolFlag()) {
			i++ // the flag's value is the next argument
		}
	}
	return "", false
}
