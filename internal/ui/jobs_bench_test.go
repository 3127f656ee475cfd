package ui

import (
	"fmt"
	"testing"
	"time"

	"printdrop/internal/workflow"
)

// BenchmarkJobsViewRedraw500 draws the jobs view of a user with 500 jobs:
// a redraw after a load that changed nothing (the interval's usual case:
// no widget touched) against the first draw (every row of the first page built). It reports redraw/first as a ratio, measured in
// the same run: go test ./internal/ui -run '^$' -bench JobsViewRedraw -benchtime 5x
func BenchmarkJobsViewRedraw500(b *testing.B) {
	jobs := manyJobs(500)
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

// BenchmarkJobsViewFirstDraw500 is the first draw of the jobs view of a
// user with 500 jobs, a page of rows (what the view builds) against rows
// for all 500 (what it built before it paged), in the same run:
// go test ./internal/ui -run '^$' -bench JobsViewFirstDraw -benchtime 5x
func BenchmarkJobsViewFirstDraw500(b *testing.B) {
	jobs := manyJobs(500)
	h := newHarness(b, signedInFake(), Options{})
	p := h.w.jobs
	var paged, all time.Duration
	for range b.N {
		for _, limit := range []int{jobsPage, len(jobs)} {
			p.rows, p.boxes, p.limit = map[string]*jobRow{}, nil, limit
			p.jobs = jobs
			t0 := time.Now()
			p.draw()
			if limit == jobsPage {
				paged += time.Since(t0)
			} else {
				all += time.Since(t0)
			}
		}
	}
	b.ReportMetric(float64(paged)/float64(all), "paged/all")
}

// manyJobs are n jobs waiting for their printer, a minute apart, newest
// first.
func manyJobs(n int) []workflow.JobEntry {
	jobs := make([]workflow.JobEntry, n)
	for i := range jobs {
		jobs[i] = workflow.JobEntry{ID: fmt.Sprint(i), ShareID: "s1", Printer: "Atelier Color",
			DocumentName: fmt.Sprintf("doc-%03d.pdf", i), Created: jobsNow.Add(-time.Duration(i) * time.Minute),
			Phase: workflow.PhaseWaiting, Words: "Waiting for the printer to take it."}
	}
	return jobs
}
