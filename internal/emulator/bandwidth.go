package emulator

import "time"

// Universal Print's upload limits per person, enforced on opening an
// upload session when Config.JobLimits is set: about 1 GB in 15 minutes
// and 50 GB in 10 days. The bytes counted are the ones received, so a
// cancelled upload counts what it sent.
const (
	uploadWindow      = 15 * time.Minute
	uploadQuotaWindow = 10 * 24 * time.Hour
	// uploadQuotaTimes is the 10-day quota as a multiple of the 15-minute
	// budget (50 GB to 1 GB), so a test that lowers the budget lowers both.
	uploadQuotaTimes = 50
	// uploadBucket is how finely received bytes are remembered: one sum a
	// minute keeps a user's ledger under 15,000 entries in 10 days.
	uploadBucket = time.Minute
)

// uploadStamp is the bytes a user's uploads delivered in one bucket.
type uploadStamp struct {
	at    time.Time // the bucket's start
	bytes int64
}

// uploadBudget is the 15-minute budget per person.
func (s *Server) uploadBudget() int64 {
	if s.cfg.UploadBudget > 0 {
		return s.cfg.UploadBudget
	}
	return 1 << 30
}

// countUpload adds n received bytes to the user's ledger and forgets what
// is older than the quota's window. Called with s.mu held.
func (s *Server) countUpload(userID string, n int64, now time.Time) {
	if !s.cfg.JobLimits || userID == "" || n <= 0 {
		return
	}
	if s.st.uploaded == nil {
		s.st.uploaded = map[string][]uploadStamp{}
	}
	ledger := s.st.uploaded[userID]
	drop := 0
	for drop < len(ledger) && now.Sub(ledger[drop].at) >= uploadQuotaWindow {
		drop++
	}
	ledger = ledger[drop:]
	bucket := now.Truncate(uploadBucket)
	if k := len(ledger) - 1; k >= 0 && ledger[k].at.Equal(bucket) {
		ledger[k].bytes += n
	} else {
		ledger = append(ledger, uploadStamp{at: bucket, bytes: n})
	}
	s.st.uploaded[userID] = ledger
}

// uploadLimit is the 429 for a new upload of size bytes by userID that
// would pass the 15-minute budget (activityLimitReached) or the 10-day
// quota (quotaLimitReached), with the wait until enough has aged out; nil
// when it fits. Called with s.mu held.
func (s *Server) uploadLimit(userID string, size int64, now time.Time) *apiError {
	if !s.cfg.JobLimits {
		return nil
	}
	ledger := s.st.uploaded[userID]
	budget := s.uploadBudget()
	if wait, over := waitToFit(ledger, size, budget, uploadWindow, now); over {
		return activityLimited(wait,
			"You uploaded %d bytes in the last 15 minutes; Universal Print takes %d per person in that time. Retry after the time in Retry-After.",
			sumSince(ledger, now.Add(-uploadWindow)), budget)
	}
	quota := uploadQuotaTimes * budget
	if wait, over := waitToFit(ledger, size, quota, uploadQuotaWindow, now); over {
		e := throttled(wait,
			"You uploaded %d bytes in the last 10 days; Universal Print takes %d per person in that time. Retry after the time in Retry-After.",
			sumSince(ledger, now.Add(-uploadQuotaWindow)), quota)
		e.code = "quotaLimitReached"
		return e
	}
	return nil
}

// waitToFit reports whether size more bytes would pass limit within the
// window ending now, and if so how long until enough of the ledger has
// aged out of it (the whole window when size alone is over the limit).
func waitToFit(ledger []uploadStamp, size, limit int64, window time.Duration, now time.Time) (time.Duration, bool) {
	used := sumSince(ledger, now.Add(-window))
	if used+size <= limit {
		return 0, false
	}
	if size > limit {
		return window, true
	}
	for _, st := range ledger {
		if now.Sub(st.at) >= window {
			continue
		}
		used -= st.bytes
		if used+size <= limit {
			return st.at.Add(window).Sub(now), true
		}
	}
	return window, true
}

// sumSince is the bytes of the ledger's buckets from since on.
func sumSince(ledger []uploadStamp, since time.Time) int64 {
	var n int64
	for _, st := range ledger {
		if !st.at.Before(since) {
			n += st.bytes
		}
	}
	return n
}
