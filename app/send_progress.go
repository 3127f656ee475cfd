package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"printdrop/internal/safetext"
	"printdrop/internal/say"
	"printdrop/internal/units"
	"printdrop/internal/upload"
	"printdrop/internal/workflow"
)

// progressLine shows a print's progress on stderr: one line rewritten in
// place (\r) on a terminal, or a plain line every few seconds otherwise (a
// log file or CI output stays readable). Messages (resume, renewal, job
// states) always get their own line.
type progressLine struct {
	w     io.Writer
	tty   bool
	quiet bool
	every time.Duration // redraw period: ~10/s on a terminal, 2 s otherwise

	mu       sync.Mutex
	last     time.Time
	lastText string
	width    int // length of the line on screen, to blank it out
}

func newProgressLine(w io.Writer, quiet bool) *progressLine {
	p := &progressLine{w: w, quiet: quiet, every: 2 * time.Second}
	if f, ok := w.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			p.tty, p.every = true, 100*time.Millisecond
		}
	}
	return p
}

// onEvent is the workflow's event handler.
func (p *progressLine) onEvent(ev workflow.Event) {
	if p.quiet {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if ev.Message != "" {
		p.clear()
		fmt.Fprintf(p.w, "%s: %s\n", safetext.Show(ev.File), safetext.Show(ev.Message))
	}
	if ev.Stage != workflow.StageUploading {
		return
	}
	now := time.Now()
	final := ev.Upload.Phase == upload.Completed
	if !final && now.Sub(p.last) < p.every {
		return
	}
	p.last = now
	text := progressText(ev)
	if p.tty {
		pad := max(0, p.width-len(text))
		fmt.Fprintf(p.w, "\r%s%s", text, strings.Repeat(" ", pad))
		p.width = len(text)
		return
	}
	if text != p.lastText {
		fmt.Fprintln(p.w, text)
		p.lastText = text
	}
}

// clear ends the in-place line so the next output starts on its own line.
func (p *progressLine) clear() {
	if p.tty && p.width > 0 {
		fmt.Fprintln(p.w)
		p.width = 0
	}
}

// finish ends the progress output of one file.
func (p *progressLine) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clear()
}

// progressText is one progress line: "report.pdf  52%  133 MB / 256 MB
// 12.3 MB/s  10 s left  3 missing ranges  retrying in 2.5s", its words
// in the user's language.
func progressText(ev workflow.Event) string {
	u := ev.Upload
	pct := 0
	if u.Total > 0 {
		pct = int(u.Acked * 100 / u.Total)
	}
	parts := []string{
		safetext.Show(ev.File),
		fmt.Sprintf("%3d%%", pct),
		units.Bytes(u.Acked) + " / " + units.Bytes(u.Total),
		units.Rate(u.Rate),
		say.T("{{.Time}} left", say.Args{"Time": units.Duration(u.Remaining)}),
	}
	if n := len(u.Missing); n == 1 && say.Language() == "en" {
		parts = append(parts, "1 missing range") // without a translator say.N knows only the plural
	} else if n > 0 {
		parts = append(parts, say.N("progress.missingRanges", n, "{{.Count}} missing ranges"))
	}
	if u.Phase != upload.Uploading {
		phase := u.Phase.String()
		if w, ok := progressPhases[u.Phase]; ok {
			phase = say.T(w)
		}
		if u.Phase == upload.Retrying && u.RetryIn > 0 {
			phase = say.T("retrying in {{.Time}}", say.Args{"Time": u.RetryIn.Round(100 * time.Millisecond).String()})
		}
		parts = append(parts, phase)
	}
	return strings.Join(parts, "  ")
}

// progressPhases are the progress line's words for an upload's phases
// (upload.Phase's names, in English); their translations are in the
// catalogue.
var progressPhases = map[upload.Phase]string{
	upload.Starting: "starting", upload.Paused: "paused", upload.Resyncing: "resyncing",
	upload.Retrying: "retrying", upload.Renewing: "renewing", upload.Completed: "completed",
	upload.Failed: "failed", upload.Cancelled: "cancelled",
}
