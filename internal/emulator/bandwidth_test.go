package emulator

import (
	"testing"
	"time"
)

// TestUploadLedger: received bytes are summed per minute and per person;
// a new upload that would pass the 15-minute budget is refused with
// activityLimitReached and the wait until enough has aged out, one that
// would pass the 10-day quota with quotaLimitReached, and bytes older than
// 10 days are forgotten.
func TestUploadLedger(t *testing.T) {
	s := &Server{cfg: Config{JobLimits: true, UploadBudget: 1000}, st: &state{}}
	t0 := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	s.countUpload("ana", 300, t0)
	s.countUpload("ana", 300, t0.Add(10*time.Second)) // same minute: one entry
	s.countUpload("ana", 300, t0.Add(5*time.Minute))
	if got := len(s.st.uploaded["ana"]); got != 2 {
		t.Fatalf("%d ledger entries, want 2 (one a minute)", got)
	}
	if e := s.uploadLimit("ana", 100, t0.Add(6*time.Minute)); e != nil {
		t.Fatalf("1000 of 1000 bytes refused: %+v", e)
	}
	e := s.uploadLimit("ana", 200, t0.Add(6*time.Minute))
	if e == nil || e.code != "activityLimitReached" || e.retryAfter != "540" {
		t.Fatalf("1100 of 1000 bytes: %+v, want activityLimitReached after 540 s (when the first 600 age out)", e)
	}
	if e := s.uploadLimit("bob", 1000, t0); e != nil {
		t.Fatalf("another person's budget is their own: %+v", e)
	}
	if e := s.uploadLimit("ana", 2000, t0.Add(6*time.Minute)); e == nil || e.retryAfter != "900" {
		t.Fatalf("an upload over the whole budget: %+v, want a wait of the whole window", e)
	}
	// 50 budgets in 10 days, spread so no 15 minutes holds more than one.
	s.st.uploaded = nil
	for i := range 50 {
		s.countUpload("ana", 1000, t0.Add(time.Duration(i)*time.Hour))
	}
	day3 := t0.Add(72 * time.Hour)
	if e := s.uploadLimit("ana", 1, day3); e == nil || e.code != "quotaLimitReached" {
		t.Fatalf("past the 10-day quota: %+v, want quotaLimitReached", e)
	}
	s.countUpload("ana", 1, t0.Add(10*24*time.Hour+30*time.Minute)) // prunes what is 10 days old
	if got := len(s.st.uploaded["ana"]); got != 50 {
		t.Fatalf("%d ledger entries after 10 days, want 50 (the first dropped, one added)", got)
	}
}
