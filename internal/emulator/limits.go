package emulator

import (
	"net/http"
	"strconv"
	"time"
)

// Universal Print's service limits, enforced on job creation when
// Config.JobLimits is set.
const (
	maxUnfinishedJobs = 4   // unfinished jobs of one user on one printer
	maxJobsPerPrinter = 100 // jobs created on one printer per jobWindow
	maxJobsPerUser    = 200 // jobs one user creates per jobWindow
	jobWindow         = 10 * time.Minute
	// unfinishedRetry is the Retry-After for the unfinished-jobs limit: a
	// slot frees when a job ends, which nobody can predict.
	unfinishedRetry = 30 * time.Second
)

// jobLimit is the 429 for a new job of u on p that would pass a limit, or
// nil. Called with s.mu held.
func (s *Server) jobLimit(p *SeedPrinter, u *SeedUser, now time.Time) *apiError {
	if !s.cfg.JobLimits {
		return nil
	}
	var unfinished int
	var onPrinter, byUser []time.Time // creation times within the window, oldest first
	for _, j := range s.st.jobOrder {
		mine := j.createdBy != nil && j.createdBy.ID == u.ID
		if mine && j.printerID == p.ID && !j.terminal() {
			unfinished++
		}
		if now.Sub(j.created) >= jobWindow {
			continue
		}
		if j.printerID == p.ID {
			onPrinter = append(onPrinter, j.created)
		}
		if mine {
			byUser = append(byUser, j.created)
		}
	}
	switch {
	case unfinished >= maxUnfinishedJobs:
		return throttled(unfinishedRetry,
			"You already have %d unfinished print jobs on this printer, the most Universal Print takes from one person at once. Wait for one to finish, or cancel one that waits for its document.", unfinished)
	case len(onPrinter) >= maxJobsPerPrinter:
		return activityLimited(onPrinter[len(onPrinter)-maxJobsPerPrinter].Add(jobWindow).Sub(now),
			"This printer received %d jobs in the last 10 minutes, its limit. Retry after the time in Retry-After.", len(onPrinter))
	case len(byUser) >= maxJobsPerUser:
		return activityLimited(byUser[len(byUser)-maxJobsPerUser].Add(jobWindow).Sub(now),
			"You created %d print jobs in the last 10 minutes, the limit per person. Retry after the time in Retry-After.", len(byUser))
	}
	return nil
}

// throttled is a 429 whose Retry-After is wait, in whole seconds (at least 1).
func throttled(wait time.Duration, format string, args ...any) *apiError {
	e := errorf(http.StatusTooManyRequests, "TooManyRequests", format, args...)
	e.retryAfter = strconv.FormatInt(max(1, int64((wait+time.Second-1)/time.Second)), 10)
	return e
}

// activityLimited is throttled with the code Universal Print's rate
// limits answer with (activityLimitReached), so a client can tell a limit
// of the user's from a busy service.
func activityLimited(wait time.Duration, format string, args ...any) *apiError {
	e := throttled(wait, format, args...)
	e.code = "activityLimitReached"
	return e
}
