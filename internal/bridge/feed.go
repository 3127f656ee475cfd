package bridge

import (
	"encoding/json"
	"net/http"
	"sort"
	"strconv"
	"time"

	"printdrop/internal/bridgelink"
	"printdrop/internal/safetext"
	"printdrop/internal/say"
)

// The feed of prints (GET /printdrop/prints) tells the window what the
// bridge prints for other applications. Print workers never wait for a
// subscriber: a change only marks each subscriber's one-slot channel, and
// each subscriber's own goroutine writes the snapshot current when it gets
// to it. A slow reader so misses intermediate snapshots, never the last.

// Feed defaults; Config overrides them (tests shorten them).
const (
	feedEvery      = 100 * time.Millisecond // at most ~10 lines a second per subscriber
	feedKeepAlive  = 15 * time.Second
	feedKeepEnded  = 10 * time.Minute
	feedMaxEnded   = 20
	feedWriteLimit = 30 * time.Second // a subscriber that takes no line for this long is dropped
)

// subscribe registers a subscriber; its channel is marked at each change.
func (s *Server) subscribe() chan struct{} {
	ch := make(chan struct{}, 1)
	s.feedMu.Lock()
	s.subs[ch] = struct{}{}
	s.feedMu.Unlock()
	return ch
}

func (s *Server) unsubscribe(ch chan struct{}) {
	s.feedMu.Lock()
	delete(s.subs, ch)
	s.feedMu.Unlock()
}

// changed tells every subscriber a print changed. It never blocks: a
// subscriber already marked is still to write, and will write the latest.
func (s *Server) changed() {
	s.feedMu.Lock()
	defer s.feedMu.Unlock()
	for ch := range s.subs {
		select {
		case ch <- struct{}{}:
		default:
		}
	}
}

// visible reports whether a job is a print yet: its document is coming or
// came (a Create-Job still waiting for Send-Document is not). The caller
// holds s.mu.
func visible(j *job) bool { return j.hasDoc || !j.processing.IsZero() }

// Snapshot lists the prints under way and those that ended lately (the
// last feedMaxEnded within Config.FeedKeepEnded), oldest first.
func (s *Server) Snapshot() []bridgelink.Print {
	now := time.Now()
	s.mu.Lock()
	var live, ended []*job
	for _, j := range s.jobs {
		switch {
		case !visible(j):
		case j.state < stateCanceled:
			live = append(live, j)
		case now.Sub(j.completed) <= s.cfg.FeedKeepEnded:
			ended = append(ended, j)
		}
	}
	sort.Slice(ended, func(a, b int) bool { return ended[a].completed.After(ended[b].completed) })
	if len(ended) > feedMaxEnded {
		ended = ended[:feedMaxEnded]
	}
	list := append(live, ended...)
	sort.Slice(list, func(a, b int) bool { return list[a].id < list[b].id })
	out := make([]bridgelink.Print, 0, len(list))
	for _, j := range list {
		out = append(out, s.appPrint(j))
	}
	s.mu.Unlock()
	return out
}

// appPrint is a job as the feed shows it; the caller holds s.mu.
func (s *Server) appPrint(j *job) bridgelink.Print {
	a := bridgelink.Print{ID: j.id, ShareID: j.shareID, Document: j.name, User: j.user, Updated: j.updated}
	if p := s.printers[j.shareID]; p != nil {
		a.Printer = p.current().Name()
	}
	if j.progress != nil {
		a.Follow(*j.progress)
	}
	if a.Total == 0 && (j.phase == phaseStarting || j.phase == phaseStarted) {
		// Resumed after the upload: the document is all there.
		a.Acked, a.Total = j.size, j.size
	}
	if a.Phase == "" {
		a.Phase = safetext.Show(j.message) // a job followed after a restart: the service's words
	}
	if a.Phase == "" {
		a.Phase = say.T("Receiving the document…")
	}
	if j.state >= stateCanceled {
		a.Ended = true
		a.Succeeded = j.state == stateCompleted
		a.Outcome = j.message
		if a.Succeeded {
			a.Outcome = say.T("Printed.")
		}
		a.Phase = a.Outcome
		a.JobState = map[int]string{stateCompleted: "completed", stateCanceled: "canceled", stateAborted: "aborted"}[j.state]
		a.InFlight = nil
	}
	return a
}

// ownerOnly refuses the feed's routes to any connection whose user is
// known and is not the bridge's own (CUPS's backend, lp, prints through
// IPP but has no business watching or canceling the owner's prints).
func (s *Server) ownerOnly(w http.ResponseWriter, r *http.Request) bool {
	if uid, known := r.Context().Value(peerUIDKey{}).(int); known && int64(uid) != s.ownerUID.Load() {
		s.log.Warn("refused the feed of prints to another user", "uid", uid)
		http.Error(w, "PrintDrop bridge: the prints are shown to their owner only", http.StatusForbidden)
		return false
	}
	return true
}

// serveFeed streams the snapshot as NDJSON: at once, after each change
// (at most one line per FeedEvery), and a keep-alive when idle.
func (s *Server) serveFeed(w http.ResponseWriter, r *http.Request) {
	if !s.localOnly(w, r) || !s.ownerOnly(w, r) {
		return
	}
	ch := s.subscribe()
	defer s.unsubscribe(ch)
	w.Header().Set("Content-Type", bridgelink.FeedType)
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	rc := http.NewResponseController(w)
	defer func() { _ = rc.SetWriteDeadline(time.Time{}) }() // the connection may serve another request
	enc := json.NewEncoder(w)
	write := func(line bridgelink.FeedLine) bool {
		if s.cfg.feedHook != nil {
			s.cfg.feedHook()
		}
		_ = rc.SetWriteDeadline(time.Now().Add(s.cfg.FeedWriteTimeout))
		if err := enc.Encode(line); err != nil {
			s.log.Debug("a feed subscriber left", "err", err)
			return false
		}
		return rc.Flush() == nil
	}
	snapshot := func() bool {
		prints := s.Snapshot()
		return write(bridgelink.FeedLine{Prints: &prints})
	}
	if !snapshot() {
		return
	}
	keep := time.NewTimer(s.cfg.FeedKeepAlive)
	defer keep.Stop()
	last := time.Now()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-s.closing:
			return
		case <-keep.C:
			if !write(bridgelink.FeedLine{KeepAlive: true}) {
				return
			}
		case <-ch:
			// Coalesce: changes during the wait are in the snapshot taken
			// after it.
			if d := time.Until(last.Add(s.cfg.FeedEvery)); d > 0 {
				t := time.NewTimer(d)
				select {
				case <-r.Context().Done():
					t.Stop()
					return
				case <-s.closing:
					t.Stop()
					return
				case <-t.C:
				}
			}
			select {
			case <-ch:
			default:
			}
			if !snapshot() {
				return
			}
			last = time.Now()
		}
		keep.Reset(s.cfg.FeedKeepAlive)
	}
}

// serveCancel cancels one print as IPP Cancel-Job does: 204, or 404 when
// no print with that id is under way.
func (s *Server) serveCancel(w http.ResponseWriter, r *http.Request) {
	if !s.localOnly(w, r) || !s.ownerOnly(w, r) {
		return
	}
	id, err := strconv.Atoi(r.PathValue("id"))
	s.mu.Lock()
	j := s.jobs[id]
	if j != nil && !visible(j) {
		j = nil
	}
	s.mu.Unlock()
	if err != nil || j == nil {
		http.Error(w, "PrintDrop bridge: no such print", http.StatusNotFound)
		return
	}
	if !s.cancel(j) {
		http.Error(w, "PrintDrop bridge: the print has already ended", http.StatusNotFound)
		return
	}
	s.log.Info("print canceled from the window", "job", id)
	w.WriteHeader(http.StatusNoContent)
}
