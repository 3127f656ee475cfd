package graph

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// JobQuery narrows a job listing.
type JobQuery struct {
	// CreatedBy filters on the creator's user principal name; "me" means the
	// signed-in user (looked up once with Me).
	CreatedBy string
	Top       int // page size; 0 = Graph's default
}

func jobsPath(shareID string) string { return "/print/shares/" + seg(shareID) + "/jobs" }

func jobPath(shareID, jobID string) string { return jobsPath(shareID) + "/" + seg(jobID) }

// odataString quotes s as an OData string literal.
func odataString(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// Jobs lists a share's jobs with their documents, following all pages.
func (c *Client) Jobs(ctx context.Context, shareID string, q JobQuery) ([]Job, error) {
	v := query{{"$expand", "documents"}}
	if q.CreatedBy != "" {
		upn := q.CreatedBy
		if upn == "me" {
			me, err := c.cachedMe(ctx)
			if err != nil {
				return nil, err
			}
			upn = me.UserPrincipalName
		}
		v = append(v, [2]string{"$filter", "createdBy/userPrincipalName eq " + odataString(upn)})
	}
	if q.Top > 0 {
		v = append(v, [2]string{"$top", strconv.Itoa(q.Top)})
	}
	return all[Job](ctx, c, "list print jobs", c.apiURL(c.version, jobsPath(shareID), v))
}

// Job reads one job with its documents.
func (c *Client) Job(ctx context.Context, shareID, jobID string) (Job, error) {
	var j Job
	err := c.get(ctx, "read the print job", c.apiURL(c.version, jobPath(shareID, jobID), query{{"$expand", "documents"}}), &j)
	return j, err
}

// createSkew widens the window in which a lost create is looked for, to
// absorb the difference between our clock and the service's.
const createSkew = 2 * time.Minute

// CreateJob creates a job on a share. It is never repeated blindly: a
// second POST would print twice. After a lost answer (network error or
// 5xx) it lists the user's jobs on the share created since just before the
// request; exactly one job with this configuration still waiting for its
// upload is taken as ours. Otherwise the error wraps ErrJobMayExist.
func (c *Client) CreateJob(ctx context.Context, shareID string, cfg JobConfiguration) (Job, error) {
	const op = "create the print job"
	sent := c.now()
	var j Job
	_, err := c.do(ctx, call{op: op, method: http.MethodPost, url: c.apiURL(c.version, jobsPath(shareID), nil),
		in: struct {
			Configuration JobConfiguration `json:"configuration"`
		}{cfg}, out: &j, class: retryThrottle})
	if err == nil || !answerLost(err) || ctx.Err() != nil {
		return j, err
	}
	found, ferr := c.findCreatedJob(ctx, shareID, cfg, sent)
	if ferr == nil && len(found) == 1 {
		c.log.InfoContext(ctx, "graph: create job answer was lost; found the job it created", "job", found[0].ID)
		return found[0], nil
	}
	why := "no matching job was found"
	switch {
	case ferr != nil:
		why = "looking for it failed: " + ferr.Error()
	case len(found) > 1:
		why = fmt.Sprintf("%d jobs match", len(found))
	}
	return Job{}, fmt.Errorf("%w (%s; %s); check the printer's queue before printing again: %w", ErrJobMayExist, why, op, err)
}

// answerLost reports whether a request may have been carried out although
// we did not get a clear answer: no response, an answer cut by a deadline
// or a size limit, or a 5xx from a gateway.
func answerLost(err error) bool {
	var (
		ne *NetworkError
		te *TimeoutError
		tl *TooLargeError
	)
	if errors.As(err, &ne) || errors.As(err, &te) || errors.As(err, &tl) {
		return true
	}
	return statusOf(err) >= 500
}

// FindCreatedJobs lists the user's jobs on the share that a create request
// with cfg, sent at since, may have made: created from then on (less the
// clock skew), still waiting for an upload, empty. A caller that crashed
// while the request was out uses it to find what it may have left.
func (c *Client) FindCreatedJobs(ctx context.Context, shareID string, cfg JobConfiguration, since time.Time) ([]Job, error) {
	return c.findCreatedJob(ctx, shareID, cfg, since)
}

// findCreatedJob returns our jobs on the share created after since (less
// skew) that still wait for an upload and carry exactly cfg.
func (c *Client) findCreatedJob(ctx context.Context, shareID string, cfg JobConfiguration, since time.Time) ([]Job, error) {
	jobs, err := c.Jobs(ctx, shareID, JobQuery{CreatedBy: "me"})
	if err != nil {
		return nil, err
	}
	var out []Job
	for _, j := range jobs {
		if j.CreatedDateTime.Before(since.Add(-createSkew)) || j.Status.Terminal() || !j.Status.Has(JobUploadPending) {
			continue
		}
		if len(j.Documents) > 0 && j.Documents[0].Size > 0 {
			continue
		}
		if !sameConfig(j.Configuration, cfg) {
			continue
		}
		out = append(out, j)
	}
	return out, nil
}

// sameConfig compares the fields we sent; the server may add defaults we did
// not ask for, so only non-nil fields of want are checked.
func sameConfig(got, want JobConfiguration) bool {
	g, w := reflect.ValueOf(got), reflect.ValueOf(want)
	for i := 0; i < w.NumField(); i++ {
		wf := w.Field(i)
		if wf.IsNil() {
			continue
		}
		if !reflect.DeepEqual(g.Field(i).Interface(), wf.Interface()) {
			return false
		}
	}
	return true
}

// StartJob starts a job whose document is uploaded and returns its new
// status. Like create, it is retried only on 429.
func (c *Client) StartJob(ctx context.Context, shareID, jobID string) (JobStatus, error) {
	var s JobStatus
	_, err := c.do(ctx, call{op: "start the print job", method: http.MethodPost,
		url: c.apiURL(c.version, jobPath(shareID, jobID)+"/start", nil), out: &s, class: retryThrottle})
	return s, err
}

// CancelJob cancels a job. Graph documents cancel only on the printer route,
// so it uses the share's printer id (SharePrinterID) and falls back to the
// share route when the printer cannot be read or the printer route answers
// 403 or 404, as it does for users who are not printer administrators.
func (c *Client) CancelJob(ctx context.Context, shareID, jobID string) error {
	const op = "cancel the print job"
	pid, err := c.SharePrinterID(ctx, shareID)
	if err == nil {
		_, err = c.do(ctx, call{op: op, method: http.MethodPost, class: retryThrottle,
			url: c.apiURL(c.version, "/print/printers/"+seg(pid)+"/jobs/"+seg(jobID)+"/cancel", nil)})
		if err == nil {
			return nil
		}
	}
	if st := statusOf(err); st != http.StatusForbidden && st != http.StatusNotFound {
		return err
	}
	_, err = c.do(ctx, call{op: op, method: http.MethodPost, class: retryThrottle,
		url: c.apiURL(c.version, jobPath(shareID, jobID)+"/cancel", nil)})
	return err
}

// DownloadDocument fetches a job's document bytes (for tests and tools).
// Graph answers 302 to a pre-authenticated URL on another host, which is
// fetched with UploadClient so the bearer cannot follow. The caller closes
// the body.
func (c *Client) DownloadDocument(ctx context.Context, shareID, jobID, docID string) (io.ReadCloser, error) {
	const op = "download the document"
	u := c.apiURL(c.version, jobPath(shareID, jobID)+"/documents/"+seg(docID)+"/$value", nil)
	hdr, err := c.do(ctx, call{op: op, method: http.MethodGet, url: u, class: retryRead, client: c.noFollow, redirect: true})
	if err != nil {
		return nil, err
	}
	loc := hdr.Get("Location")
	if loc == "" {
		return nil, fmt.Errorf("%s: Graph answered without a redirect to the document; report it", op)
	}
	resp, err := roundTrip(ctx, c.upload, c.to, exchange{op: op, method: http.MethodGet, url: loc, host: hostOf(loc),
		header: http.Header{"User-Agent": {c.ua}}, streamAnswer: true})
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		defer resp.Body.Close()
		return nil, errorFromResponse(op, resp, c.now())
	}
	return resp.Body, nil
}
