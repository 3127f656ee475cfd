package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"

	"printdrop/internal/instance"
	"printdrop/internal/safetext"
	"printdrop/internal/ui"
	"printdrop/internal/workflow"
)

// runWindow opens the PrintDrop window: printdrop [--demo] [FILE...].
func runWindow(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("printdrop", flag.ContinueOnError)
	demo := fs.Bool("demo", false, "run against a built-in Universal Print emulator (no account needed)")
	var acct accountFlags
	acct.register(fs)
	fs.Usage = func() { usage(fs.Output()) }
	if bad, ok := unknownFlag(fs, args); ok {
		return refuseUnknown(stderr, bad) // the same sentence as an unknown command
	}
	if code, ok := parseFlags(fs, args, stderr); !ok {
		return code
	}
	files := fs.Args()
	if bad, ok := unknownCommand(files); ok {
		return refuseUnknown(stderr, bad) // "printdrop jobs --help" too
	}

	if noDisplay(os.Getenv) {
		return refuseNoDisplay(stderr)
	}

	// One window per user: a second launch hands its files over and exits.
	primary, err := instance.AcquireOrSend(ctx, fyneAppID, files)
	switch {
	case errors.Is(err, instance.ErrAlreadyRunning):
		fmt.Fprintln(stdout, "PrintDrop is already open: the files were handed to its window.")
		return exitOK
	case err != nil:
		fmt.Fprintf(stderr, "printdrop: %v (opening a window of its own)\n", err)
	}
	if primary != nil {
		defer primary.Close()
	}

	a := fyneapp.NewWithID(fyneAppID)
	a.Settings().SetTheme(ui.Theme())
	w := a.NewWindow(ui.Title)
	var (
		backend ui.Backend
		cleanup = func() {}
		script  scriptedRun
		setup   *ui.Setup
	)
	if *demo {
		d, err := startDemo(stderr)
		if err != nil {
			fmt.Fprintf(stderr, "printdrop: the demo could not start: %v\n", err)
			return exitFailure
		}
		cleanup = d.close
		backend = d.backend
		script = d.script
	} else {
		backend, setup, err = realBackend(a, &acct, stderr)
		if err != nil {
			fmt.Fprintf(stderr, "printdrop: %s\n", safetext.Show(err.Error()))
			return exitFailure
		}
	}
	defer func() { cleanup() }()

	var win *ui.Window
	opts := ui.Options{Setup: setup, Version: versionString(), WatchJobs: true}
	if !*demo {
		opts.Bridge = windowBridge(a.Preferences())
		// First run without a registration: the demo is one click away.
		opts.OnTryDemo = func() {
			d, err := startDemo(stderr)
			if err != nil {
				fmt.Fprintf(stderr, "printdrop: the demo could not start: %v\n", err)
				return
			}
			old := cleanup
			cleanup = func() { d.close(); old() }
			win.SetBackend(d.backend)
		}
	}
	notify := withNotifications(a)
	win = ui.New(notify, w, backend, opts)
	installTray(a, notify, win, w)
	fitOnStart(a, win)
	if len(files) > 0 {
		win.OpenFiles(files)
	}
	if primary != nil {
		go forwardLaunches(ctx, primary, win, w)
	}
	go func() { // Ctrl+C in the terminal closes the window like its button
		<-ctx.Done()
		fyne.Do(a.Quit)
	}()
	if script != nil {
		go script.run(win, a, stdout)
	}
	w.ShowAndRun()
	return exitOK
}

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
	res := resolveSettings(acct.layer(), prefs)
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
		locked, _ := resolveSettings(acct.layer(), prefs).Locked()
		workflow.SaveRegistration(prefs, entered, locked)
		now := resolveSettings(acct.layer(), prefs)
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
