package workflow

import (
	"context"
	"sync"
)

// StatusParallel is how many status reads ShareStatuses keeps in flight:
// enough that a page of shares fills in at once, few enough not to look
// like a burst to Graph's throttling.
const StatusParallel = 4

// ShareStatus is one share's readiness as ShareStatuses read it.
type ShareStatus struct {
	ShareID   string
	Readiness PrinterReadiness
	// AcceptingJobs is the share's isAcceptingJobs; nil when unknown.
	AcceptingJobs *bool
	// Err says why the status could not be read; Readiness is then
	// ReadinessUnknown, which still lets the user try the printer.
	Err error
}

// ShareStatuses reads the status of each share, which a share list leaves
// out for anyone but a Printer Administrator. It keeps StatusParallel reads
// in flight and calls got once per share as each answer arrives, in
// arrival order; got is never called concurrently and never after
// ShareStatuses returns. A failure for one share is reported through got
// and does not stop the others. It returns nil once every share is
// reported, or ctx's error when ctx ends first (the reads in flight are
// abandoned and not reported).
//
// A status read less than StatusTTL ago is reported at once, without a
// request: a window that reads the rows on screen as they scroll into view
// reads each one once a minute at most.
func (s *Service) ShareStatuses(ctx context.Context, shareIDs []string, got func(ShareStatus)) error {
	var toRead []string
	for _, id := range shareIDs {
		if e, ok := s.statuses.get(id); ok {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			got(ShareStatus{ShareID: id, Readiness: e.r, AcceptingJobs: e.accepting})
			continue
		}
		toRead = append(toRead, id)
	}
	shareIDs = toRead
	ids := make(chan string)
	var mu sync.Mutex // serialises got and guards reported
	reported := 0
	var wg sync.WaitGroup
	for range min(StatusParallel, len(shareIDs)) {
		wg.Go(func() {
			for id := range ids {
				st := s.shareStatus(ctx, id)
				mu.Lock()
				if ctx.Err() == nil { // a read cut short by ctx is not news
					got(st)
					reported++
				}
				mu.Unlock()
			}
		})
	}
feed:
	for _, id := range shareIDs {
		select {
		case ids <- id:
		case <-ctx.Done():
			break feed
		}
	}
	close(ids)
	wg.Wait()
	if reported == len(shareIDs) {
		return nil
	}
	return ctx.Err()
}

// shareStatus reads one share's status; an error is kept in the result.
func (s *Service) shareStatus(ctx context.Context, id string) ShareStatus {
	sh, err := s.graph.ShareStatus(ctx, id)
	if err != nil {
		return ShareStatus{ShareID: id, Err: err, Readiness: PrinterReadiness{State: ReadinessUnknown,
			Sentence: "The printer's status could not be read: you can still try to print."}}
	}
	r := ReadinessOf(sh)
	s.statuses.put(id, r, sh.IsAcceptingJobs)
	return ShareStatus{ShareID: id, Readiness: r, AcceptingJobs: sh.IsAcceptingJobs}
}
