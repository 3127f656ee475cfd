package main

import (
	"testing"
	"time"

	"printdrop/internal/ranges"
	"printdrop/internal/upload"
	"printdrop/internal/workflow"
)

// TestProgressTextInEnglish: the progress line reads as it always did in
// English, now that its words go through the catalogue.
func TestProgressTextInEnglish(t *testing.T) {
	ev := func(p upload.Progress) workflow.Event { return workflow.Event{File: "report.pdf", Upload: p} }
	for _, c := range []struct {
		ev   workflow.Event
		want string
	}{
		{ev(upload.Progress{Phase: upload.Uploading, Acked: 20_000_000, Total: 40_000_000, Rate: 4_200_000, Remaining: 5 * time.Second}),
			"report.pdf   50%  20.0 MB / 40.0 MB  4.20 MB/s  5 s left"},
		{ev(upload.Progress{Phase: upload.Retrying, Acked: 0, Total: 1000, RetryIn: 2500 * time.Millisecond, Missing: ranges.Set{{Start: 0, End: 9}}}),
			"report.pdf    0%  0 bytes / 1.00 kB  –  – left  1 missing range  retrying in 2.5s"},
		{ev(upload.Progress{Phase: upload.Resyncing, Acked: 500, Total: 1000, Remaining: 185 * time.Second, Missing: ranges.Set{{Start: 0, End: 9}, {Start: 20, End: 29}}}),
			"report.pdf   50%  500 bytes / 1.00 kB  –  3 min 05 s left  2 missing ranges  resyncing"},
	} {
		if got := progressText(c.ev); got != c.want {
			t.Errorf("progressText = %q, want %q", got, c.want)
		}
	}
}
