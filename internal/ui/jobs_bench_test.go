package ui

import (
	"fmt"
	"testing"
	"time"

	"printdrop/internal/workflow"
)

// BenchmarkJobsViewRedraw500 draws the jobs view of a user with 500 jobs:
// a redraw after a load that changed nothing (the interval's usual case:
// no widget touched) against the first draw (every row built). It reports redraw/first as a ratio, measured in
// the same run: go test ./internal/ui -run '^$' -bench JobsViewRedraw -benchtime 5x
func BenchmarkJobsViewRedraw500(b *testing.B) {
	jobs := make([]workflow.JobEntry, 500)
	for i := range jobs {
		jobs[i] = workflow.JobEntry{ID: fmt.Sprint(i), ShareID: "s1", Printer: "Atelier Color",
			DocumentName: fmt.Sprintf("doc-%03d.pdf", i), Created: jobsNow.Add(-time.Duration(i) * time.Minute),
			Phase: workflow.PhaseWaiting, Words: "Waiting for the printer to take it."}
	}
	f := signedInFake()
	h := newHarness(b, f, Options{})
	p := h.w.jobs
	var first, again time.Duration
	for range b.N {
		p.rows, p.boxes = map[string]*jobRow{}, nil
		p.jobs = jobs
		t0 := time.Now()
		p.draw()
		t1 := time.Now()
		p.draw()
		first += t1.Sub(t0)
		again += time.Since(t1)
	}
	b.ReportMetric(float64(again)/float64(first), "redraw/first")
}
