package ui

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"printdrop/internal/emulator"
	"printdrop/internal/emulator/emutest"
	"printdrop/internal/workflow"
)

// TestPrintSaysWhatHappensInGerman: with German chosen, a real print on
// the emulator tells its story in German: the service busy on the job's
// creation, the job created, the upload's words, and the job's end.
func TestPrintSaysWhatHappensInGerman(t *testing.T) {
	useLanguage(t, "de")
	e := newEmuEnv(t)
	e.Fault(emutest.Fault{Kind: "status", Status: 429, RetryAfter: "1", Host: "graph", Method: "POST", PathSuffix: "/jobs"})
	path := filepath.Join(t.TempDir(), "brief.pdf")
	if err := os.WriteFile(path, []byte("%PDF-1.4\n"+strings.Repeat("x", 5000)), 0o600); err != nil {
		t.Fatal(err)
	}
	p, err := e.svc.Printer(context.Background(), emulator.ShareDefault)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var said []string
	task, err := e.svc.Print(context.Background(), workflow.PrintRequest{Path: path, Printer: p, JobSettings: p.Defaults,
		OnEvent: func(ev workflow.Event) {
			mu.Lock()
			defer mu.Unlock()
			if w := ev.Words(); len(said) == 0 || said[len(said)-1] != w {
				said = append(said, w)
			}
		}})
	if err != nil {
		t.Fatal(err)
	}
	res, err := task.Wait()
	if err != nil || res.State != "completed" {
		t.Fatalf("the print: %+v, %v", res, err)
	}
	mu.Lock()
	defer mu.Unlock()
	for _, want := range []string{
		"Datei und Drucker werden geprüft…",
		"Der Druckauftrag konnte noch nicht erstellt werden: Der Druckdienst ist ausgelastet. Neuer Versuch in 1 Sek.",
		"Auftrag " + res.JobID + " auf " + p.Name() + " erstellt.",
		"Hochgeladen.",
	} {
		if !slices.Contains(said, want) {
			t.Errorf("the print never said %q; it said:\n%s", want, strings.Join(said, "\n"))
		}
	}
}
