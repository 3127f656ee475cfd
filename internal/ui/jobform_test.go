package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"printdrop/internal/workflow"
)

// chosen brings a window to a chosen printer with details d.
func chosen(t *testing.T, d workflow.PrinterDetails, waiting []workflow.WaitingJob) (*harness, *fakeBackend) {
	t.Helper()
	f := signedInFake()
	f.lastShare = "s1"
	f.details = d
	f.waiting = waiting
	h := newHarness(t, f, Options{})
	h.until("printer chosen", func() bool { return h.w.state.printer != nil })
	return h, f
}

func TestJobForm_OnlySupportedValues(t *testing.T) {
	d := seedDetails()
	d.Options.ColorModes = []string{"grayscale"} // a mono printer: no color choice at all
	d.Options.MediaSizes = []string{"A4", "A5"}
	d.Defaults.MediaSize = "A5"
	h, _ := chosen(t, d, nil)
	p := h.w.job
	if got := strings.Join(p.media.Options, ","); got != "A4,A5" {
		t.Fatalf("paper options %s", got)
	}
	if p.media.Selected != "A5" {
		t.Fatalf("paper default %q, want the printer's A5", p.media.Selected)
	}
	if got := strings.Join(p.duplex.Options, ","); got != strings.Join([]string{workflow.Label("oneSided"), workflow.Label("flipOnLongEdge"), workflow.Label("flipOnShortEdge")}, ",") {
		t.Fatalf("sides options %s", got)
	}
	if findLabel(p.root, "Color") != nil {
		t.Fatal("a printer with one color mode still offers a Color choice")
	}
	_, s, jobID, err := p.request()
	if err != nil || s.ColorMode != "grayscale" || s.MediaSize != "A5" || s.DuplexMode != "flipOnLongEdge" || jobID != "" {
		t.Fatalf("request() = %+v, %q, %v", s, jobID, err)
	}
}

func TestJobForm_BadSettingsShowInPlace(t *testing.T) {
	h, f := chosen(t, seedDetails(), nil)
	h.w.OpenFiles([]string{writeFile(t, t.TempDir(), "a.pdf", 100)})
	h.until("queued", func() bool { return len(h.w.state.queue) == 1 })
	for _, tc := range []struct{ copies, want string }{
		{"two", "Copies must be a whole number"},
		{"500", "99"},
	} {
		h.w.job.copies.SetText(tc.copies)
		test.Tap(h.w.files.print)
		if h.w.errs.root.Hidden || !strings.Contains(h.w.errs.headline.Text+" "+h.w.errs.next.Text, tc.want) {
			t.Fatalf("copies %q: error shown %v %q, want it to mention %q", tc.copies, !h.w.errs.root.Hidden, h.w.errs.headline.Text, tc.want)
		}
		if len(f.printReqs) != 0 {
			t.Fatalf("copies %q: printing started with invalid settings", tc.copies)
		}
	}
	h.w.job.pages.SetText("1-3,5")
	h.w.job.copies.SetText("2")
	test.Tap(h.w.files.print)
	<-f.printing.started
	if !h.w.errs.root.Hidden || f.printReqs[0].JobSettings.Copies != 2 || f.printReqs[0].JobSettings.PageRanges != "1-3,5" {
		t.Fatalf("valid settings: error %q, request %+v", h.w.errs.headline.Text, f.printReqs)
	}
}

func TestJobForm_ExistingWaitingJob(t *testing.T) {
	h, _ := chosen(t, seedDetails(), []workflow.WaitingJob{{ID: "41", Name: "Job 41"}, {ID: "42", Name: "Job 42"}})
	p := h.w.job
	if p.mode == nil || p.existing == nil || !p.existing.Disabled() {
		t.Fatal("waiting jobs are not offered (or the list is active before choosing it)")
	}
	p.mode.SetSelected(modeExisting)
	p.existing.SetSelectedIndex(1)
	if _, _, jobID, err := p.request(); err != nil || jobID != "42" {
		t.Fatalf("request() job %q, %v; want the chosen waiting job 42", jobID, err)
	}
	p.mode.SetSelected(modeNew)
	if _, _, jobID, _ := p.request(); jobID != "" {
		t.Fatalf("New job still sends to job %q", jobID)
	}
}
