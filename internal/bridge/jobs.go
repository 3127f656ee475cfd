package bridge

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"time"

	"github.com/OpenPrinting/goipp"

	"printdrop/internal/say"
	"printdrop/internal/workflow"
)

// IPP job states (RFC 8011 5.3.7).
const (
	statePending    = 3
	stateProcessing = 5
	stateStopped    = 6
	stateCanceled   = 7
	stateAborted    = 8
	stateCompleted  = 9
)

// agedOut ends a job the service stopped listing after it started: the
// workflow's rule is that finished jobs age out (workflow.JobSucceeded).
func agedOut() string { return say.T("Universal Print no longer lists the job: it finished.") }

// keepEnded is how many ended jobs Get-Jobs still lists.
const keepEnded = 100

// job is one IPP job and the print that carries it.
type job struct {
	id       int
	shareID  string
	name     string
	user     string
	settings workflow.JobSettings
	created  time.Time

	// Guarded by Server.mu.
	processing, completed time.Time
	state                 int
	reasons               string
	message               string
	hasDoc                bool
	size                  int64
	upJobID               string    // the Universal Print job, once created
	phase                 string    // how far the print went: see the phase constants
	intentAt              time.Time // when phaseCreating was recorded
	task                  *workflow.PrintTask
	cancelled             bool            // Cancel-Job asked for it
	progress              *workflow.Event // the print's last report; nil before the first
	updated               time.Time       // the last change the feed shows
	// failedEnd is an end CUPS must not take for a print (aborted, or
	// canceled by someone else than CUPS); endReads counts the answers
	// that told it, and endRead2 closes at the second (see endorder.go).
	failedEnd bool
	endReads  int
	endRead2  chan struct{}
}

// newJob registers a job waiting for its document.
func (s *Server) newJob(shareID, name, user string, settings workflow.JobSettings) *job {
	s.mu.Lock()
	defer s.mu.Unlock()
	j := &job{id: s.nextFreeIDLocked(), shareID: shareID, name: name, user: user, settings: settings,
		created: time.Now(), state: statePending, reasons: "job-incoming", endRead2: make(chan struct{})}
	j.updated = j.created
	s.jobs[j.id] = j
	s.saveNextID()
	return j
}

// forget drops a job that never got going (its document was refused).
func (s *Server) forget(j *job) {
	s.mu.Lock()
	delete(s.jobs, j.id)
	s.mu.Unlock()
	s.removeSpool(j.id)
	s.changed()
}

// start prints the spooled document through the workflow, into the
// Universal Print job upJobID when one already waits for it (after a
// restart), else into a new one (or a kept upload). A refusal (printer
// stopped, settings) is returned at once and creates nothing.
func (s *Server) start(j *job, p workflow.Printer, upJobID string) error {
	s.mu.Lock()
	if j.phase == "" {
		j.phase = phaseSpooled
	}
	s.mu.Unlock()
	if err := s.saveManifest(j); err != nil {
		return err
	}
	s.mu.Lock()
	j.state, j.reasons, j.message = stateProcessing, "job-printing", say.T("Sending to Universal Print.")
	j.processing = time.Now()
	j.updated = j.processing
	s.mu.Unlock()
	s.changed()
	// The print runs under the server's context, not the request's: it
	// outlives the IPP request, and stops when the bridge closes.
	task, err := s.cfg.Service.Print(s.jobsCtx, workflow.PrintRequest{
		Path: s.docPath(j.id), DocumentName: j.name, Printer: p, JobSettings: j.settings, JobID: upJobID,
		// The job and upload survive the bridge stopping, so the next run
		// resumes them; Cancel-Job cancels the job itself (see cancel).
		KeepJob:    true,
		OnEvent:    func(e workflow.Event) { s.onEvent(j, e) },
		WriteAhead: func(step workflow.WriteAheadStep, id string) error { return s.writeAhead(j, step, id) },
	})
	if err != nil {
		s.mu.Lock()
		j.state = stateAborted
		s.mu.Unlock()
		s.removeSpool(j.id)
		return err
	}
	s.watch(j, task)
	return nil
}

// watch keeps the job's task and ends the job when the task does.
func (s *Server) watch(j *job, task *workflow.PrintTask) {
	s.mu.Lock()
	j.task = task
	s.mu.Unlock()
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		res, err := task.Wait()
		s.finish(j, res, err)
	}()
}

// onEvent follows the print's progress into the IPP job.
func (s *Server) onEvent(j *job, e workflow.Event) {
	defer s.changed()
	s.mu.Lock()
	j.progress, j.updated = &e, time.Now()
	if e.JobID != "" {
		j.upJobID = e.JobID
	}
	persist := false
	switch {
	case e.Stage == workflow.StageUploading:
		j.state, j.reasons = stateProcessing, "job-printing"
		j.message = uploadSentence(e)
	case e.Stage >= workflow.StageWaiting && e.JobState != "":
		if j.phase != phaseStarted {
			j.phase, persist = phaseStarted, true
		}
		j.state, j.reasons, j.message = upJobStatus(e.JobState, e.JobDetails, e.JobDescription)
	}
	s.mu.Unlock()
	if persist {
		_ = s.saveManifest(j)
	}
}

// uploadSentence is an uploading job's status: the upload's own words
// when it waits or retries ("Retrying in 29 s: the print service answered
// 503"), else how much has gone.
func uploadSentence(e workflow.Event) string {
	if !e.Sending() {
		return e.Words()
	}
	if e.Upload.Total <= 0 {
		return say.T("Sending to Universal Print.")
	}
	return say.T("Uploading to Universal Print: {{.Percent}}%.", say.Args{"Percent": e.Upload.Acked * 100 / e.Upload.Total})
}

// upJobStatus maps a Universal Print job's state and details to IPP's
// job-state, job-state-reasons and job-state-message (the service's
// description, else a sentence of ours). CUPS's backend stops following
// a job at canceled, aborted and completed (and at pending-held, which is
// why a job held for release is processing-stopped with job-release-wait,
// a reason CUPS shows on its own job).
func upJobStatus(st string, details []string, description string) (int, string, string) {
	has := func(d string) bool { return slices.Contains(details, d) }
	state, reasons, msg := stateProcessing, "job-printing", say.T("Printing.")
	switch st {
	case "pending":
		state, reasons, msg = statePending, "job-queued", say.T("Waiting for the printer.")
	case "paused", "stopped":
		state, reasons, msg = stateStopped, "job-stopped", say.T("The printer stopped: the job waits until someone fixes it.")
		if has("releaseWait") {
			reasons, msg = "job-release-wait", say.T("Held for release: release it at the printer.")
		}
	case "completed":
		state, reasons, msg = stateCompleted, "job-completed-successfully", say.T("Printed.")
		switch {
		case has("completedWithErrors"):
			reasons = "job-completed-with-errors"
		case has("completedWithWarnings"):
			reasons = "job-completed-with-warnings"
		}
	case "canceled":
		state, reasons, msg = stateCanceled, "job-canceled-at-device", say.T("Canceled in Universal Print.")
	case "aborted":
		state, reasons, msg = stateAborted, "aborted-by-system", say.T("Universal Print could not print the job.")
	}
	if description != "" {
		msg = description
	}
	return state, reasons, msg
}

// finish records how the print ended and removes the spool, unless the
// bridge is closing (the next run resumes the job).
func (s *Server) finish(j *job, res workflow.Result, err error) {
	s.mu.Lock()
	cancelled := j.cancelled
	upJob := j.upJobID
	if res.JobID != "" {
		upJob = res.JobID
	}
	s.mu.Unlock()
	closing := s.jobsCtx.Err() != nil
	switch {
	case closing && !cancelled:
		// Whatever the error says (a cut request, a context error), the
		// bridge is stopping: the manifest tells the next run how far the
		// print went, and that run carries it on. Nothing is ended here.
		s.log.Info("job kept for the next run", "job", j.id)
	case err == nil:
		st, reasons, msg := upJobStatus(res.State, res.Details, res.Description)
		switch {
		case st < stateCanceled:
			// The service stopped listing a job it was printing.
			st, reasons = stateCompleted, "job-completed-successfully"
			msg = agedOut()
		}
		s.end(j, st, reasons, msg)
	case errors.Is(err, context.Canceled) && cancelled:
		s.discard(j.id, j.shareID, upJob)
		s.end(j, stateCanceled, "job-canceled-by-user", say.T("Canceled."))
	default:
		head, next, _ := workflow.Explain(err)
		msg := workflow.Sentences(head, next)
		s.discard(j.id, j.shareID, upJob)
		s.end(j, stateAborted, "aborted-by-system", msg)
	}
}

// discard cancels what a stopped print kept (KeepJob): its interrupted
// upload and its Universal Print job.
func (s *Server) discard(id int, shareID, upJobID string) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	svc := s.cfg.Service
	if found, err := svc.DiscardUpload(ctx, s.docPath(id), shareID); found && err == nil {
		return
	}
	if upJobID != "" {
		if err := svc.CancelJob(ctx, shareID, upJobID); err != nil {
			s.log.Debug("cancel the Universal Print job", "job", id, "err", err)
		}
	}
}

// end makes the job final and removes its spool.
func (s *Server) end(j *job, state int, reasons, message string) {
	s.mu.Lock()
	j.state, j.reasons, j.message = state, reasons, sanitize(message, 255)
	j.failedEnd = state == stateAborted || (state == stateCanceled && !j.cancelled)
	j.completed = time.Now()
	j.updated = j.completed
	if j.processing.IsZero() {
		j.processing = j.completed
	}
	s.pruneLocked()
	s.mu.Unlock()
	s.removeSpool(j.id)
	s.changed()
	s.log.Info("job ended", "job", j.id, "state", state, "reason", message)
}

// pruneLocked keeps the newest keepEnded ended jobs.
func (s *Server) pruneLocked() {
	var ended []int
	for id, j := range s.jobs {
		if j.state >= stateCanceled {
			ended = append(ended, id)
		}
	}
	if len(ended) <= keepEnded {
		return
	}
	sort.Ints(ended)
	for _, id := range ended[:len(ended)-keepEnded] {
		delete(s.jobs, id)
	}
}

// cancel stops a job that has not ended; false if it had.
func (s *Server) cancel(j *job) bool {
	s.mu.Lock()
	if j.state >= stateCanceled || j.cancelled {
		s.mu.Unlock()
		return false
	}
	j.cancelled = true
	task := j.task
	s.mu.Unlock()
	if task != nil {
		task.Cancel() // finish ends the job
		return true
	}
	s.end(j, stateCanceled, "job-canceled-by-user", say.T("Canceled."))
	return true
}

// sortedJobs lists jobs by id; the caller holds s.mu.
func (s *Server) sortedJobs() []*job {
	list := make([]*job, 0, len(s.jobs))
	for _, j := range s.jobs {
		list = append(list, j)
	}
	sort.Slice(list, func(a, b int) bool { return list[a].id < list[b].id })
	return list
}

// jobAttributes describes a job; want nil is every attribute. all false
// gives the short set Print-Job and Create-Job answer with. The caller
// holds s.mu.
func (s *Server) jobAttributes(j *job, host string, want map[string]bool, all bool) goipp.Attributes {
	var out goipp.Attributes
	add := func(name string, tag goipp.Tag, v goipp.Value, more ...goipp.Value) {
		if want == nil || want[name] {
			out.Add(goipp.MakeAttr(name, tag, v, more...))
		}
	}
	printerURI := "ipp://" + host + "/printers/" + j.shareID
	add("job-id", goipp.TagInteger, goipp.Integer(j.id))
	add("job-uri", goipp.TagURI, goipp.String(fmt.Sprintf("%s/%d", printerURI, j.id)))
	add("job-state", goipp.TagEnum, goipp.Integer(j.state))
	add("job-state-reasons", goipp.TagKeyword, goipp.String(j.reasons))
	if j.message != "" {
		add("job-state-message", sentenceTag(), sentence(j.message))
	}
	if !all {
		return out
	}
	add("job-printer-uri", goipp.TagURI, goipp.String(printerURI))
	add("job-name", goipp.TagName, goipp.String(j.name))
	add("job-originating-user-name", goipp.TagName, goipp.String(j.user))
	add("job-printer-up-time", goipp.TagInteger, goipp.Integer(s.upTime(time.Now())))
	add("time-at-creation", goipp.TagInteger, goipp.Integer(s.upTime(j.created)))
	add("date-time-at-creation", goipp.TagDateTime, goipp.Time{Time: j.created})
	for _, t := range []struct {
		name string
		at   time.Time
	}{{"processing", j.processing}, {"completed", j.completed}} {
		if t.at.IsZero() {
			add("time-at-"+t.name, goipp.TagNoValue, goipp.Void{})
			add("date-time-at-"+t.name, goipp.TagNoValue, goipp.Void{})
			continue
		}
		add("time-at-"+t.name, goipp.TagInteger, goipp.Integer(s.upTime(t.at)))
		add("date-time-at-"+t.name, goipp.TagDateTime, goipp.Time{Time: t.at})
	}
	docs := 0
	if j.hasDoc || j.size > 0 {
		docs = 1
	}
	add("number-of-documents", goipp.TagInteger, goipp.Integer(docs))
	add("job-k-octets", goipp.TagInteger, goipp.Integer((j.size+1023)/1024))
	add("copies", goipp.TagInteger, goipp.Integer(max(1, j.settings.Copies)))
	return out
}

// upTime is seconds since the server started (IPP's printer-up-time
// clock), at least 1.
func (s *Server) upTime(t time.Time) int {
	return max(1, int(t.Sub(s.started).Seconds())+1)
}
