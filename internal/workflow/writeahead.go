package workflow

import "fmt"

// WriteAheadStep names a moment of a print that a caller may need on disk
// before the service hears of it: a crash right after a job is created or
// started must not lead the next run to create or start a second one.
type WriteAheadStep int

// The steps PrintRequest.WriteAhead is called at, in order.
const (
	// StepCreating comes before the request that creates the job; no job
	// id exists yet. The request may take effect even if no answer comes.
	StepCreating WriteAheadStep = iota + 1
	// StepCreated comes once the new job's id is known, before anything is
	// uploaded into it.
	StepCreated
	// StepStarting comes once the whole document is uploaded, before the
	// request that starts the job (which then prints).
	StepStarting
)

var writeAheadNames = [...]string{"", "creating", "created", "starting"}

func (s WriteAheadStep) String() string {
	if int(s) < len(writeAheadNames) && s > 0 {
		return writeAheadNames[s]
	}
	return "unknown"
}

// WriteAheadError is a print stopped because its caller could not record a
// step before the request went out. Nothing was created or started by that
// request; a job this print had created is cancelled.
type WriteAheadError struct {
	Step WriteAheadStep
	Err  error
}

func (e *WriteAheadError) Error() string {
	return fmt.Sprintf("could not record the print before it reached the service (%s): %v", e.Step, e.Err)
}

func (e *WriteAheadError) Unwrap() error { return e.Err }

// writeAhead calls the request's WriteAhead hook, if any.
func (r *printRun) writeAhead(step WriteAheadStep, jobID string) error {
	if r.req.WriteAhead == nil {
		return nil
	}
	if err := r.req.WriteAhead(step, jobID); err != nil {
		return &WriteAheadError{Step: step, Err: err}
	}
	return nil
}
