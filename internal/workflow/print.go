package workflow

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"sync"
	"time"

	"printdrop/internal/graph"
	"printdrop/internal/say"
	"printdrop/internal/secret"
	"printdrop/internal/units"
	"printdrop/internal/upload"
)

// PrintRequest is one file to print.
type PrintRequest struct {
	Path string
	// DocumentName is what the service and the events call the document
	// ("letter.odt", a title from another application); empty means the
	// file's base name.
	DocumentName string
	Printer      Printer     // from Printer or ResolveShare
	JobSettings  JobSettings // resolved: ResolveJobSettings, or the window's form
	// JobID is an existing job of the user still waiting for its document
	// (see WaitingJobs); empty creates a job, or resumes an interrupted
	// upload of this file to this share.
	JobID string
	// Restart ignores an interrupted upload of this file to this share
	// and cancels the job it left behind.
	Restart bool
	// KeepJob keeps the job (and what is needed to resume) when the print
	// is cancelled; by default a cancelled print cancels its job.
	KeepJob bool
	// NoWait ends the print once the job is started, without following it.
	NoWait bool
	// NoConvert refuses a file the printer does not take as it is, instead
	// of converting it to PDF first (see convert).
	NoConvert bool
	// OnEvent receives progress; see Event. Nil ignores it.
	OnEvent func(Event)
	// WriteAhead, when set, is called on the print's goroutine at each
	// WriteAheadStep, before the request it names goes out, with the job
	// id once there is one. An error stops the print there (a
	// *WriteAheadError). A caller that must never print twice after a crash
	// records each step durably here and reconciles on restart (see
	// FollowJob).
	WriteAhead func(step WriteAheadStep, jobID string) error

	// seen is the file as the window checked it when it was dropped, so
	// that printing it does not read it again (Desktop.Print sets it).
	seen upload.Identity
}

// PrintTask is a print under way. Its methods are safe from any goroutine.
type PrintTask struct {
	cancel context.CancelFunc
	done   chan struct{}

	mu     sync.Mutex // guards the fields below
	engine *upload.Engine
	last   Event
	paused bool
	res    Result
	err    error
}

// Pause stops sending new chunks; those in flight finish.
func (t *PrintTask) Pause() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.paused = true
	if t.engine != nil {
		t.engine.Pause()
	}
}

// Resume continues a paused upload (after asking the server what it has).
func (t *PrintTask) Resume() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.paused = false
	if t.engine != nil {
		t.engine.Resume()
	}
}

// Cancel stops the print: the upload session is deleted and the job
// cancelled (unless KeepJob). Once the job is printing, Cancel only stops
// following it. Wait returns context.Canceled.
func (t *PrintTask) Cancel() { t.cancel() }

// Done is closed when the print has ended.
func (t *PrintTask) Done() <-chan struct{} { return t.done }

// Wait blocks until the print ends and returns how. The error is nil when
// the job was started (NoWait) or reached a final state; a job that ended
// canceled or aborted is a Result with that State, not an error.
func (t *PrintTask) Wait() (Result, error) {
	<-t.done
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.res, t.err
}

// Last returns the latest event.
func (t *PrintTask) Last() Event {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.last
}

// Print checks the file, the printer (its status reloaded now) and the
// settings, and refuses at once with a *RefusedError, before anything is
// created on the service. Then it prints in the background: it creates the
// job (or resumes an interrupted upload of the same file to the same share,
// or uses req.JobID), uploads, starts the job and follows it to its end.
// A job it created for an upload that then fails is cancelled.
func (s *Service) Print(ctx context.Context, req PrintRequest) (*PrintTask, error) {
	p, err := s.refreshPrinter(ctx, req.Printer)
	if err != nil {
		return nil, err
	}
	f, err := checkFile(req.Path, p, s.converting(!req.NoConvert), req.seen)
	if err != nil {
		return nil, err
	}
	if err := req.JobSettings.Validate(p.Options); err != nil {
		f.Close()
		return nil, refusedSettings(err)
	}
	cfg, err := req.JobSettings.Configuration()
	if err != nil {
		f.Close()
		return nil, refusedSettings(err)
	}
	req.Printer = p
	runCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	stop := context.AfterFunc(ctx, cancel) // the caller's ctx still cancels
	t := &PrintTask{cancel: cancel, done: make(chan struct{})}
	r := &printRun{s: s, t: t, req: req, file: f, cfg: cfg, shareID: p.ID(), name: cmp.Or(req.DocumentName, f.Name()), path: f.Path(), size: f.Size(),
		mustConvert: !supportsContentType(p.ContentTypes, f.ContentType()) && len(p.ContentTypes) > 0}
	if s.isKept(f.Path()) {
		r.kept = f.Path() // an interrupted print's PDF, resumed from the window's offer
	}
	go func() {
		defer close(t.done)
		defer stop()
		defer cancel()
		defer func() { r.s.dropKept(r.kept, r.shareID) }() // after the close: Windows removes no open file
		defer func() { r.file.Close() }()                  // the PDF, once converted
		res, err := r.run(runCtx)
		t.mu.Lock()
		t.res, t.err = res, err
		t.mu.Unlock()
	}()
	return t, nil
}

// printRun is the state of one print while it runs.
type printRun struct {
	s       *Service
	t       *PrintTask
	req     PrintRequest
	file    *upload.File // nil when following a job (FollowJob)
	cfg     graph.JobConfiguration
	shareID string

	// The document's name, path and size, for events and the result.
	name, path string
	size       int64

	jobID, docID string
	created      bool // this run created jobID, so it cancels it on failure
	resumed      bool
	printerID    string      // draft protocol only
	mustConvert  bool        // the printer takes the file only as PDF
	conv         *Conversion // set once converted
	kept         string      // the converted PDF this run uploads, kept while it may resume (keptpdf.go)
	upload       upload.Progress
}

func (r *printRun) emit(stage Stage, set func(*Event)) {
	ev := Event{Stage: stage, File: r.name, JobID: r.jobID, Upload: r.upload}
	if set != nil {
		set(&ev)
	}
	r.t.mu.Lock()
	r.t.last = ev
	r.t.mu.Unlock()
	if r.req.OnEvent != nil {
		r.req.OnEvent(ev)
	}
}

// tell reports a sentence (already in the user's language) about what
// happened, as the event's Message.
func (r *printRun) tell(stage Stage, sentence string) {
	r.emit(stage, func(e *Event) { e.Message = sentence })
}

// retryWords say, for the stage a print is in, that a call to the service
// will be tried again, why ({{.Why}}) and when ({{.Time}}); catalogue keys.
var retryWords = map[Stage]string{
	StageChecking:   "Could not read the printer's details yet: {{.Why}}. Trying again in {{.Time}}.",
	StageConverting: "Could not read the printer's details yet: {{.Why}}. Trying again in {{.Time}}.",
	StageCreating:   "Could not create the print job yet: {{.Why}}. Trying again in {{.Time}}.",
	StageUploading:  "Could not upload the document yet: {{.Why}}. Trying again in {{.Time}}.",
	StageStarting:   "Could not start the print job yet: {{.Why}}. Trying again in {{.Time}}.",
	StageWaiting:    "Could not read the print job's status yet: {{.Why}}. Trying again in {{.Time}}.",
	StageDone:       "Could not read the print job's status yet: {{.Why}}. Trying again in {{.Time}}.",
}

// onRetry tells the user why nothing seems to happen while the Graph client
// waits before trying a call again (a 429's Retry-After can be long). The
// call is named by the print's stage, in the user's language, rather than
// by graph's English name for it.
func (r *printRun) onRetry(_ string, wait time.Duration, err error) {
	r.t.mu.Lock()
	stage := r.t.last.Stage
	r.t.mu.Unlock()
	why := say.T("PrintDrop could not reach the print service")
	switch status := HTTPStatus(err); {
	case status == http.StatusTooManyRequests || status == http.StatusServiceUnavailable:
		why = say.T("the print service is busy")
	case status >= 500:
		why = say.T("the print service had a problem")
	}
	r.tell(stage, say.T(retryWords[stage], say.Args{"Why": why, "Time": units.Duration(max(wait, time.Second))}))
}

func (r *printRun) result() Result {
	return Result{File: r.path, ShareID: r.shareID, JobID: r.jobID, Resumed: r.resumed, Size: r.size, Converted: r.conv}
}

func (r *printRun) run(ctx context.Context) (Result, error) {
	ctx = graph.WithRetryObserver(ctx, r.onRetry)
	r.emit(StageChecking, nil)
	if r.mustConvert {
		if err := r.convertDocument(ctx); err != nil {
			return r.result(), err
		}
	}
	target, err := r.prepare(ctx)
	if err != nil {
		if ctx.Err() == nil || !r.req.KeepJob {
			// A kept job (KeepJob) outlives a cancelled print: its
			// caller recorded it and carries it on.
			r.abandon(err)
		}
		return r.result(), err
	}
	if err := r.send(ctx, target); err != nil {
		return r.result(), err
	}
	return r.startAndFollow(ctx)
}

// prepare finds or creates the job and its upload session.
func (r *printRun) prepare(ctx context.Context) (upload.Target, error) {
	s := r.s
	if r.req.JobID == "" {
		if t, ok := r.resume(ctx); ok {
			return t, nil
		}
	}
	r.emit(StageCreating, nil)
	if r.req.JobID != "" {
		job, err := s.graph.Job(ctx, r.shareID, r.req.JobID)
		if err != nil {
			return nil, err
		}
		if len(job.Documents) == 0 || !job.Status.Has(graph.JobUploadPending) {
			return nil, &saidError{saying{say.T("Job {{.Job}} is no longer waiting for a document", say.Args{"Job": job.ID}),
				say.T("choose another job or create a new one.")}}
		}
		r.jobID, r.docID = job.ID, job.Documents[0].ID
	} else if err := r.createJob(ctx); err != nil {
		return nil, err
	}
	return r.newSession(ctx)
}

// createJob creates the print job (never retried blindly: see graph).
func (r *printRun) createJob(ctx context.Context) error {
	if err := r.writeAhead(StepCreating, ""); err != nil {
		return err
	}
	job, err := r.s.graph.CreateJob(ctx, r.shareID, r.cfg)
	if err != nil {
		if HTTPStatus(err) == http.StatusTooManyRequests {
			return asLimit(r.tooManyJobs(ctx, err), false)
		}
		return err
	}
	r.jobID, r.created = job.ID, true
	if err := r.writeAhead(StepCreated, job.ID); err != nil {
		return err // the caller's cleanup cancels the job: it was never recorded
	}
	if len(job.Documents) == 0 {
		return fmt.Errorf("the print service created job %s without a document to upload into", job.ID)
	}
	r.docID = job.Documents[0].ID
	r.record()
	r.tell(StageCreating, say.T("Created job {{.Job}} on {{.Printer}}.", say.Args{"Job": job.ID, "Printer": r.req.Printer.Name()}))
	return nil
}

// tooManyJobs explains a 429 on job creation: when the user's unfinished
// jobs on the printer are at the service's limit, it says so and what to do;
// otherwise the service is just busy and err stands.
func (r *printRun) tooManyJobs(ctx context.Context, err error) error {
	jobs, lerr := r.s.graph.Jobs(ctx, r.shareID, graph.JobQuery{CreatedBy: "me"})
	if lerr != nil {
		return err
	}
	tm := &TooManyJobsError{Printer: r.req.Printer.Name(), Err: err}
	for _, j := range jobs {
		if j.Status.Terminal() {
			continue
		}
		tm.Unfinished++
		if waitsForDocument(j) {
			tm.Waiting++
		}
	}
	if tm.Unfinished < MaxUnfinishedJobs {
		return err
	}
	return tm
}

// abandon cleans up after a failure before the upload ran: a job this run
// created is cancelled, so no job waits forever for a document.
func (r *printRun) abandon(cause error) {
	if !r.created || r.jobID == "" {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := r.s.graph.CancelJob(ctx, r.shareID, r.jobID); err != nil {
		r.s.log.Warn("could not cancel the job of a failed print", "job", r.jobID, "err", err, "cause", cause)
	}
	_ = r.s.checks.Remove(r.file.Path(), r.shareID)
}

// docProps describes the document to the service.
func (r *printRun) docProps() graph.DocumentProperties {
	return graph.DocumentProperties{DocumentName: r.name, ContentType: r.file.ContentType(), Size: r.file.Size()}
}

// checkpoint records the session so another process can resume it.
// A converted document is not recorded: its PDF is a temporary file that
// is gone once the run ends.
func (r *printRun) checkpoint(uploadURL secret.Value, draftETag string, expires time.Time) {
	cp := upload.Checkpoint{
		FilePath: r.file.Path(), ShareID: r.shareID, PrinterID: r.printerID,
		JobID: r.jobID, DocumentID: r.docID, Protocol: string(r.s.Settings().Protocol),
		Name: r.name, ContentType: r.file.ContentType(), Size: r.file.Size(),
		ModTime: r.file.ModTime(), Fingerprint: r.file.Fingerprint(),
		Created: time.Now(), Expires: expires, UploadURL: uploadURL, DraftETag: draftETag,
	}
	if me, ok := r.s.Account(); ok {
		cp.Account = me.ID
	}
	if err := r.s.checks.Save(cp); err != nil {
		// Printing goes on; only resuming after a crash is lost.
		r.tell(StageUploading, say.T("This upload cannot be resumed if PrintDrop stops: {{.Reason}}.", say.Args{"Reason": err.Error()}))
	}
}
