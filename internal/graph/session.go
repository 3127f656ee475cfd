package graph

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"printdrop/internal/httpsonly"
	"printdrop/internal/ranges"
	"printdrop/internal/secret"
)

// UploadSession is a v1.0 upload session: an opaque upload URL on the upload
// host that takes the document in ranges. It satisfies the upload engine's
// Target interface. Its methods make one attempt each; retrying is the
// engine's job. No request it sends carries the bearer.
type UploadSession struct {
	client *http.Client
	to     Timeouts
	ua     string
	now    func() time.Time
	url    secret.Value
	host   string
	fresh  bool // just created: guarded by sessionState.mu
	sessionState
}

// sessionBody is uploadSession as Graph and the upload host send it.
type sessionBody struct {
	UploadURL          string   `json:"uploadUrl"`
	ExpirationDateTime Time     `json:"expirationDateTime"`
	NextExpectedRanges []string `json:"nextExpectedRanges"`
}

// CreateUploadSession opens an upload session for a job's document on the
// share route. Retrying it is safe (a new session supersedes the old), so
// it follows the retry policy like a read.
func (c *Client) CreateUploadSession(ctx context.Context, shareID, jobID, docID string, p DocumentProperties) (*UploadSession, error) {
	const op = "start the upload"
	if p.Size <= 0 {
		return nil, fmt.Errorf("%s: the document is empty; choose a file with content", op)
	}
	var b sessionBody
	_, err := c.do(ctx, call{op: op, method: http.MethodPost, class: retrySafe, limit: maxSessionBody,
		url: c.apiURL(c.version, jobPath(shareID, jobID)+"/documents/"+seg(docID)+"/createUploadSession", nil),
		in: struct {
			Properties DocumentProperties `json:"properties"`
		}{p}, out: &b})
	if err != nil {
		return nil, err
	}
	u, perr := url.Parse(b.UploadURL)
	if perr != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fmt.Errorf("%s: Graph sent an upload URL that is not usable; report it", op)
	}
	if err := httpsonly.Check("the upload URL", u); err != nil {
		return nil, fmt.Errorf("%s: %w", op, err) // before any byte of the document is sent
	}
	s := c.ResumeUploadSession(b.UploadURL, p.Size)
	if err := s.apply(op, b.ExpirationDateTime, b.NextExpectedRanges); err != nil {
		return nil, err
	}
	s.fresh = true
	return s, nil
}

// Fresh returns, once, what createUploadSession answered: the session is
// new, so its nextExpectedRanges need no status read to be believed. A
// resumed session, or a second call, gives ok false.
func (s *UploadSession) Fresh() (missing ranges.Set, expires time.Time, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.fresh {
		return nil, time.Time{}, false
	}
	s.fresh = false
	return s.missing, s.expires, true
}

// ResumeUploadSession rebuilds a session from a stored upload URL (see
// UploadSession.URL) and the document size. Call Status to learn what the
// server still needs.
func (c *Client) ResumeUploadSession(uploadURL string, size int64) *UploadSession {
	return &UploadSession{client: c.upload, to: c.to, ua: c.ua, now: c.now, url: secret.Value(uploadURL), host: hostOf(uploadURL),
		sessionState: newSessionState(size)}
}

// URL is the upload URL, a credential: keep it in memory or protected storage only.
func (s *UploadSession) URL() secret.Value { return s.url }

// Host is the upload host's name, safe to show.
func (s *UploadSession) Host() string { return s.host }

// apply records a status answer.
func (s *UploadSession) apply(op string, exp Time, next []string) error {
	set, err := ranges.ParseList(next, s.size)
	if err != nil {
		return fmt.Errorf("%s: %s sent ranges this client cannot read (%w); report it", op, s.host, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.record(set, exp.Time)
	return nil
}

// request sends one request to the upload URL, under the Timeouts: a body
// of length bytes is an upload, cut when it stops moving.
func (s *UploadSession) request(ctx context.Context, op, method string, body io.Reader, length int64, h http.Header) (*http.Response, error) {
	hdr := http.Header{}
	for k, v := range h {
		hdr[k] = v
	}
	hdr.Set("User-Agent", s.ua)
	hdr.Set("client-request-id", newRequestID())
	resp, err := roundTrip(ctx, s.client, s.to, exchange{op: op, method: method, url: s.url.Reveal(), host: s.host,
		header: hdr, body: body, stream: body != nil, length: length})
	if err != nil {
		return nil, err
	}
	return resp, nil
}

// Status asks the upload host what it still needs.
func (s *UploadSession) Status(ctx context.Context) (ranges.Set, time.Time, error) {
	const op = "check the upload"
	resp, err := s.request(ctx, op, http.MethodGet, nil, 0, http.Header{"Accept": {"application/json"}})
	if err != nil {
		return nil, time.Time{}, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, time.Time{}, errorFromResponse(op, resp, s.now())
	}
	var b sessionBody
	if err := decodeJSON(op, s.host, resp.Body, maxSessionBody, &b); err != nil {
		return nil, time.Time{}, err
	}
	if err := s.apply(op, b.ExpirationDateTime, b.NextExpectedRanges); err != nil {
		return nil, time.Time{}, err
	}
	return s.NextExpected(), s.Expires(), nil
}

// Put sends bytes r of the document, streaming body (exactly r.Len() bytes).
// It returns what the server still needs; done is true on 201, when the
// document is complete and the session is gone.
func (s *UploadSession) Put(ctx context.Context, r ranges.Range, body io.Reader) (ranges.Set, bool, error) {
	const op = "upload bytes"
	if err := s.checkRange(op, r); err != nil {
		return nil, false, err
	}
	h := http.Header{
		"Content-Range": {s.contentRange(r)},
		"Content-Type":  {"application/octet-stream"},
		"Accept":        {"application/json"},
	}
	resp, err := s.request(ctx, op, http.MethodPut, body, r.Len(), h)
	if err != nil {
		return nil, false, err
	}
	defer resp.Body.Close()
	switch resp.StatusCode {
	case http.StatusCreated, http.StatusOK:
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxErrorBody))
		s.completed()
		return nil, true, nil
	case http.StatusAccepted:
		var b sessionBody
		if err := decodeJSON(op, s.host, resp.Body, maxSessionBody, &b); err != nil {
			return nil, false, fmt.Errorf("%s: %s accepted bytes %v but its answer could not be read: %w", op, s.host, r, err)
		}
		if err := s.apply(op, b.ExpirationDateTime, b.NextExpectedRanges); err != nil {
			return nil, false, err
		}
		return s.NextExpected(), false, nil
	}
	return nil, false, errorFromResponse(op+" "+r.String(), resp, s.now())
}

// Delete cancels the session; the server discards what it received.
func (s *UploadSession) Delete(ctx context.Context) error {
	const op = "cancel the upload"
	resp, err := s.request(ctx, op, http.MethodDelete, nil, 0, nil)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return errorFromResponse(op, resp, s.now())
	}
	return nil
}

// String describes the session without its URL.
func (s *UploadSession) String() string {
	return "upload session on " + s.host + " for " + strconv.FormatInt(s.size, 10) + " bytes"
}
