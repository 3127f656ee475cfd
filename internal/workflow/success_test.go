package workflow

import "testing"

// TestDoneEventAndResultAgreeOnSuccess: the last progress event and the
// final result say the same about whether the job succeeded, whatever the
// last state (a job that aged out while "processing" printed).
func TestDoneEventAndResultAgreeOnSuccess(t *testing.T) {
	for _, state := range []string{"completed", "processing", "canceled", "aborted", "stopped"} {
		job := Event{Stage: StageDone, JobState: state}.Job()
		want := Result{State: state}.Succeeded()
		if job == nil || job.Succeeded != want {
			t.Errorf("state %q: the done event says succeeded=%v, the result %v", state, job != nil && job.Succeeded, want)
		}
	}
}
