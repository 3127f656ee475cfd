package bridge

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/OpenPrinting/goipp"

	"printdrop/internal/capped"
	"printdrop/internal/workflow"
)

// operations are the operations the printers support, in the order
// operations-supported lists them.
var operations = []goipp.Op{
	goipp.OpPrintJob, goipp.OpValidateJob, goipp.OpCreateJob, goipp.OpSendDocument,
	goipp.OpCancelJob, goipp.OpGetJobAttributes, goipp.OpGetJobs, goipp.OpGetPrinterAttributes,
	goipp.OpCancelMyJobs, goipp.OpCloseJob, goipp.OpIdentifyPrinter,
}

// handle checks what every request needs, then runs the operation.
func (s *Server) handle(ctx context.Context, rq *request) *goipp.Message {
	fail := func(st goipp.Status, msg string) *goipp.Message { return newResponse(rq, st, msg).msg }
	if v := rq.msg.Version.Major(); v < 1 || v > 2 {
		return fail(goipp.StatusErrorVersionNotSupported, "This printer speaks IPP 1.x and 2.x.")
	}
	if rq.msg.RequestID == 0 {
		return fail(goipp.StatusErrorBadRequest, "The request-id must not be 0.")
	}
	op := rq.msg.Operation
	if len(op) < 2 || op[0].Name != "attributes-charset" || op[1].Name != "attributes-natural-language" {
		return fail(goipp.StatusErrorBadRequest, "The request must start with attributes-charset and attributes-natural-language.")
	}
	if len(op[0].Values) != 1 || len(op[1].Values) != 1 || op[0].Values[0].T != goipp.TagCharset || op[1].Values[0].T != goipp.TagLanguage {
		return fail(goipp.StatusErrorBadRequest, "attributes-charset and attributes-natural-language take one value each.")
	}
	if cs := strings.ToLower(op[0].Values[0].V.String()); cs != "utf-8" && cs != "us-ascii" {
		return fail(goipp.StatusErrorCharset, "Only utf-8 is supported.")
	}
	for _, a := range op {
		if len(a.Values) > 1 && a.Name != "requested-attributes" {
			return fail(goipp.StatusErrorBadRequest, "The operation attribute "+a.Name+" takes one value.")
		}
	}
	if rq.attr("printer-uri") == nil && rq.attr("job-uri") == nil {
		return fail(goipp.StatusErrorBadRequest, "The request names no printer-uri.")
	}
	pr := s.printers[rq.share]
	if pr == nil {
		return fail(goipp.StatusErrorNotFound, "No such printer.")
	}
	s.awaitSecondReader(ctx)
	switch rq.op {
	case goipp.OpGetPrinterAttributes:
		return s.getPrinterAttributes(ctx, rq, pr)
	case goipp.OpValidateJob, goipp.OpPrintJob, goipp.OpCreateJob:
		return s.submit(ctx, rq, pr)
	case goipp.OpSendDocument:
		return s.sendDocument(ctx, rq, pr)
	case goipp.OpGetJobAttributes:
		return s.getJobAttributes(ctx, rq, pr)
	case goipp.OpGetJobs:
		return s.getJobs(rq, pr)
	case goipp.OpCancelJob:
		return s.cancelJob(rq, pr)
	case goipp.OpCancelMyJobs:
		return s.cancelMyJobs(rq, pr)
	case goipp.OpCloseJob:
		j, resp := s.findJob(rq, pr)
		if j == nil {
			return resp
		}
		return newResponse(rq, goipp.StatusOk, "").msg
	case goipp.OpIdentifyPrinter:
		return newResponse(rq, goipp.StatusOk, "").msg
	}
	return fail(goipp.StatusErrorOperationNotSupported, "This printer does not support "+rq.op.String()+".")
}

// isOwner reports whether the request is in the owner's name. A request
// naming nobody comes from an allowed uid (the connection was checked), so
// it is the owner's.
func (s *Server) isOwner(rq *request) bool {
	u := rq.str("requesting-user-name")
	return u == "" || u == s.cfg.Owner
}

// submit runs Validate-Job, Print-Job and Create-Job: checks, then (but
// for Validate-Job) a job.
func (s *Server) submit(ctx context.Context, rq *request, pr *printer) *goipp.Message {
	if !s.isOwner(rq) {
		return newResponse(rq, goipp.StatusErrorNotAuthorized,
			"Only "+s.cfg.Owner+" prints on this printer: it sends jobs to their Universal Print account.").msg
	}
	p, opts := s.refresh(ctx, pr)
	if rq.op != goipp.OpCreateJob {
		if st, msg := checkFormat(rq); st != goipp.StatusOk {
			return newResponse(rq, st, msg).msg
		}
	}
	// A printer that cannot take the job now is answered before anything
	// is created, with the status that makes CUPS wait or hold the job
	// rather than retry at once (see availability).
	if av := s.availability(pr, p); av.refuse != goipp.StatusOk {
		return newResponse(rq, av.refuse, av.message).msg
	}
	settings, unsupported := settingsFrom(p, opts, rq.msg.Job)
	st := goipp.StatusOk
	if len(unsupported) > 0 {
		st = goipp.StatusOkIgnoredOrSubstituted
		if b, ok := rq.attr("ipp-attribute-fidelity").(goipp.Boolean); ok && bool(b) {
			st = goipp.StatusErrorAttributesOrValues
		}
	}
	answer := func(st goipp.Status, msg string) *goipp.Message {
		r := newResponse(rq, st, msg)
		for _, a := range unsupported {
			r.msg.Unsupported.Add(echoable(a))
		}
		return r.msg
	}
	if st == goipp.StatusErrorAttributesOrValues || rq.op == goipp.OpValidateJob {
		return answer(st, "")
	}
	name := documentName(rq, "Untitled")
	user := rq.str("requesting-user-name")
	if user == "" {
		user = s.cfg.Owner
	}
	j := s.newJob(p.ID(), name, user, settings)
	if rq.op == goipp.OpPrintJob {
		if st, msg := s.receive(ctx, rq, j, p); st != goipp.StatusOk {
			s.forget(j)
			return answer(st, msg)
		}
	}
	r := answer(st, "")
	s.mu.Lock()
	r.Job = s.jobAttributes(j, rq.host, nil, false)
	s.mu.Unlock()
	return r
}

// checkFormat refuses documents other than PDF (application/octet-stream
// is accepted and checked when it arrives) and compressed ones.
func checkFormat(rq *request) (goipp.Status, string) {
	if c := rq.str("compression"); c != "" && c != "none" {
		return goipp.StatusErrorCompressionNotSupported, "Send documents uncompressed."
	}
	switch f := rq.str("document-format"); f {
	case "", "application/pdf", "application/octet-stream":
		return goipp.StatusOk, ""
	default:
		return goipp.StatusErrorDocumentFormatNotSupported, "This printer takes PDF documents only."
	}
}

// receive spools the request's document and starts printing it.
func (s *Server) receive(ctx context.Context, rq *request, j *job, p workflow.Printer) (goipp.Status, string) {
	size, err := s.spool(j, rq.doc)
	switch {
	case errors.Is(err, capped.ErrTooLarge):
		return goipp.StatusErrorRequestEntity, tooLargeSentence(j.name, s.cfg.MaxDocument)
	case errors.Is(err, errNotPDF):
		return goipp.StatusErrorDocumentFormatError, "The document is not a PDF."
	case err != nil:
		s.log.Warn("spooling a document failed", "job", j.id, "err", err)
		return goipp.StatusErrorInternal, "The document could not be saved: " + err.Error()
	}
	s.mu.Lock()
	j.size, j.hasDoc = size, true
	s.mu.Unlock()
	if err := s.start(j, p, ""); err != nil {
		head, next, _ := workflow.Explain(err)
		msg := strings.TrimSpace(head + ". " + next)
		if workflow.IsRefused(err) {
			return goipp.StatusErrorNotPossible, msg
		}
		return goipp.StatusErrorServiceUnavailable, msg
	}
	return goipp.StatusOk, ""
}

// errNotPDF is a document that does not start or end like a PDF.
var errNotPDF = errors.New("not a PDF")

// spool writes the document to the job's spool file, checking it starts
// and ends like a PDF (PDF files may have a few bytes before "%PDF-").
func (s *Server) spool(j *job, doc io.Reader) (int64, error) {
	br := bufio.NewReaderSize(doc, 4096)
	head, _ := br.Peek(1024)
	if !strings.Contains(string(head), "%PDF-") {
		return 0, errNotPDF
	}
	path := s.docPath(j.id)
	f, err := os.OpenFile(path, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return 0, err
	}
	var tail pdfTail
	n, err := io.Copy(io.MultiWriter(f, &tail), br)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil && !tail.ends() {
		err = errNotPDF
	}
	if err != nil {
		_ = os.Remove(path)
		return 0, err
	}
	return n, nil
}

// sendDocument adds the document to a job made by Create-Job.
func (s *Server) sendDocument(ctx context.Context, rq *request, pr *printer) *goipp.Message {
	j, resp := s.findJob(rq, pr)
	if j == nil {
		return resp
	}
	if _, ok := rq.attr("last-document").(goipp.Boolean); !ok {
		return newResponse(rq, goipp.StatusErrorBadRequest, "Send-Document needs last-document.").msg
	}
	if st, msg := checkFormat(rq); st != goipp.StatusOk {
		return newResponse(rq, st, msg).msg
	}
	s.mu.Lock()
	waiting := j.state == statePending && !j.hasDoc
	if waiting {
		j.hasDoc = true // one document per job
		if n := sanitize(rq.str("document-name"), 255); n != "" && j.name == "Untitled" {
			j.name = n
		}
	}
	s.mu.Unlock()
	if !waiting {
		return newResponse(rq, goipp.StatusErrorNotPossible, "This job already has its document, or has ended.").msg
	}
	p, _ := s.refresh(ctx, pr)
	if st, msg := s.receive(ctx, rq, j, p); st != goipp.StatusOk {
		s.end(j, stateAborted, "aborted-by-system", msg)
		return newResponse(rq, st, msg).msg
	}
	r := newResponse(rq, goipp.StatusOk, "")
	s.mu.Lock()
	r.msg.Job = s.jobAttributes(j, rq.host, nil, false)
	s.mu.Unlock()
	return r.msg
}

// findJob finds the request's job (job-id, or job-uri) among the owner's;
// a job in another user's name is not found.
func (s *Server) findJob(rq *request, pr *printer) (*job, *goipp.Message) {
	id := -1
	if v, ok := rq.attr("job-id").(goipp.Integer); ok {
		id = int(v)
	} else if u := rq.str("job-uri"); u != "" {
		i := strings.LastIndex(u, "/")
		_, _ = fmt.Sscanf(u[i+1:], "%d", &id)
	} else {
		return nil, newResponse(rq, goipp.StatusErrorBadRequest, "Name the job with job-id.").msg
	}
	s.mu.Lock()
	j := s.jobs[id]
	s.mu.Unlock()
	if j == nil || j.shareID != pr.id || !s.isOwner(rq) {
		return nil, newResponse(rq, goipp.StatusErrorNotFound, "No such job.").msg
	}
	return j, nil
}

func (s *Server) getJobAttributes(ctx context.Context, rq *request, pr *printer) *goipp.Message {
	j, resp := s.findJob(rq, pr)
	if j == nil {
		return resp
	}
	r := newResponse(rq, goipp.StatusOk, "")
	s.mu.Lock()
	want, _ := requested(rq)
	r.msg.Job = s.jobAttributes(j, rq.host, want, true)
	if want == nil || want["job-state"] {
		s.readEndLocked(ctx, j)
	}
	s.mu.Unlock()
	return r.msg
}

// getJobs lists the owner's jobs on the printer; in another user's name
// it lists none (as CUPS's conformance tests expect: no error).
func (s *Server) getJobs(rq *request, pr *printer) *goipp.Message {
	r := newResponse(rq, goipp.StatusOk, "")
	which := rq.str("which-jobs")
	switch which {
	case "", "not-completed", "completed", "all":
	default:
		r := newResponse(rq, goipp.StatusErrorAttributesOrValues, "which-jobs is not-completed, completed or all.")
		r.msg.Unsupported.Add(goipp.MakeAttribute("which-jobs", goipp.TagKeyword, goipp.String(which)))
		return r.msg
	}
	limit := -1
	if v, ok := rq.attr("limit").(goipp.Integer); ok && v > 0 {
		limit = int(v)
	}
	if !s.isOwner(rq) {
		return r.msg
	}
	want, asked := requested(rq)
	if !asked {
		want = map[string]bool{"job-id": true, "job-uri": true}
	}
	groups := goipp.Groups{{Tag: goipp.TagOperationGroup, Attrs: r.msg.Operation}}
	s.mu.Lock()
	for _, j := range s.sortedJobs() {
		if j.shareID != pr.id {
			continue
		}
		done := j.state >= stateCanceled
		if (which == "completed" && !done) || ((which == "" || which == "not-completed") && done) {
			continue
		}
		if limit == 0 {
			break
		}
		limit--
		groups = append(groups, goipp.Group{Tag: goipp.TagJobGroup, Attrs: s.jobAttributes(j, rq.host, want, true)})
	}
	s.mu.Unlock()
	return goipp.NewMessageWithGroups(r.msg.Version, r.msg.Code, r.msg.RequestID, groups)
}

func (s *Server) cancelJob(rq *request, pr *printer) *goipp.Message {
	j, resp := s.findJob(rq, pr)
	if j == nil {
		return resp
	}
	if !s.cancel(j) {
		return newResponse(rq, goipp.StatusErrorNotPossible, "The job has already ended.").msg
	}
	return newResponse(rq, goipp.StatusOk, "").msg
}

func (s *Server) cancelMyJobs(rq *request, pr *printer) *goipp.Message {
	if !s.isOwner(rq) {
		return newResponse(rq, goipp.StatusOk, "").msg
	}
	s.mu.Lock()
	var list []*job
	for _, j := range s.jobs {
		if j.shareID == pr.id && j.state < stateCanceled {
			list = append(list, j)
		}
	}
	s.mu.Unlock()
	for _, j := range list {
		s.cancel(j)
	}
	return newResponse(rq, goipp.StatusOk, "").msg
}

// requested reads requested-attributes: nil means all of them; asked is
// false when the request did not say.
func requested(rq *request) (want map[string]bool, asked bool) {
	var names []string
	for _, a := range rq.msg.Operation {
		if a.Name != "requested-attributes" {
			continue
		}
		for _, v := range a.Values {
			names = append(names, v.V.String())
		}
	}
	if len(names) == 0 {
		return nil, false
	}
	want = map[string]bool{}
	for _, n := range names {
		switch n {
		case "all", "job-template", "job-description", "printer-description":
			return nil, true
		}
		want[n] = true
	}
	return want, true
}

// documentName is what a job is called, for Universal Print, the feed and
// every sentence: its job-name, else its document-name (CUPS and GTK send
// the application's title in one of them), else fallback. It is made
// safe to show; never the spool file's name.
func documentName(rq *request, fallback string) string {
	for _, attr := range []string{"job-name", "document-name"} {
		if n := sanitize(rq.str(attr), 255); n != "" {
			return n
		}
	}
	return fallback
}
