package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"

	"printdrop/internal/emulator"
	"printdrop/internal/emulator/link"
	"printdrop/internal/secret"
	"printdrop/internal/ui"
	"printdrop/internal/workflow"
)

// demoLink shapes the demo's upload host like a decent office uplink:
// 20 ms each way and about 40 Mbit/s, so a 20-50 MB PDF takes several
// seconds and its chunks, gaps and retries can be watched.
var demoLink = link.Config{Delay: 20 * time.Millisecond, Rate: 40_000_000 / 8}

// scriptedRun drives the demo window by itself, pressing its buttons as a
// person would, for the Xvfb test and the Windows stage under Wine. Only a
// build with -tags scripted has one (demo_script.go): the product does not
// carry a second way to drive its window.
type scriptedRun interface {
	// openURL plays the person at the browser for the sign-in.
	openURL(link string) error
	// run drives win until the demo print completes, then quits a.
	run(win *ui.Window, a fyne.App, stdout io.Writer)
}

// demo is an in-process emulator and the workflow wired to it.
type demo struct {
	srv     *emulator.Server
	backend ui.Backend
	script  scriptedRun // nil unless PRINTDROP_SCRIPT is set
	tmp     string
}

// startDemo starts the emulator with its demo seed and a Service on it.
// Nothing of the demo touches the user's real settings or keychain.
func startDemo(stderr io.Writer) (*demo, error) {
	srv, err := emulator.Start(emulator.Config{ShowDemoCredentials: true, Link: demoLink})
	if err != nil {
		return nil, err
	}
	info := srv.Info()
	tmp, err := os.MkdirTemp("", "printdrop-demo-")
	if err != nil {
		srv.Close()
		return nil, err
	}
	d := &demo{srv: srv, tmp: tmp}
	s := workflow.DefaultSettings()
	s.Cloud, s.GraphURL, s.AuthorityURL, s.ClientID = workflow.CloudCustom, info.GraphURL, info.AuthorityURL, info.ClientID
	p := workflow.Params{
		Settings: s,
		Prefs:    workflow.NewMemoryPreferences(),
		Secrets:  secret.Memory(),
		// Each store has a folder of its own: one reads every file of its
		// folder as its own. The demo's emulator listens on a new port
		// each run, so a kept list would never be read again and stays in
		// the temporary folder too.
		CheckpointDir: filepath.Join(tmp, "uploads"),
		ShareCacheDir: filepath.Join(tmp, "printers"),
	}
	if mode := os.Getenv("PRINTDROP_SCRIPT"); mode != "" {
		if d.script, err = newScriptedRun(info, tmp, mode); err != nil {
			d.close()
			return nil, err
		}
		p.OpenURL = d.script.openURL
	}
	svc, err := workflow.New(p)
	if err != nil {
		d.close()
		return nil, err
	}
	d.backend = workflow.NewDesktop(svc)
	fmt.Fprintf(stderr, "PrintDrop demo: sign in as %s with the password %s (also shown on the sign-in page).\n",
		info.DemoUser, info.DemoPassword)
	fmt.Fprintf(stderr, "PrintDrop demo: release a job held at the secure-release printer with: curl -X POST %s/jobs/JOB-ID/release\n",
		info.ControlURL)
	return d, nil
}

func (d *demo) close() {
	d.srv.Close()
	os.RemoveAll(d.tmp)
}
