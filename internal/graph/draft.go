package graph

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"printdrop/internal/ranges"
)

// DraftSession is an upload session of the 2020 printUploadSession draft
// (never shipped by Microsoft; served by the emulator's legacy mode): it
// lives on Graph itself under the printer route, data goes to
// ".../uploadSession/$value" WITH the bearer and an If-Match of the
// session's ETag. It satisfies the upload engine's Target interface; like
// UploadSession its methods make one attempt each.
type DraftSession struct {
	c                       *Client
	printerID, jobID, docID string
	sessionState
	etag string // guarded by sessionState.mu
}

// flexInt64 accepts 1535 and "1535": the draft's examples quote numbers.
type flexInt64 int64

func (f *flexInt64) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(bytes.TrimSpace(b)), `"`)
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return fmt.Errorf("%s is not an integer", b)
	}
	*f = flexInt64(n)
	return nil
}

// draftBody is printUploadSession as drafted.
type draftBody struct {
	ID             string `json:"id"`
	Size           int64  `json:"size"`
	ExpiryDateTime Time   `json:"expiryDateTime"`
	MissingRanges  []struct {
		Start flexInt64 `json:"start"`
		End   flexInt64 `json:"end"`
	} `json:"missingRanges"`
	// NextExpectedRanges is the name before the draft's last revision.
	NextExpectedRanges []struct {
		Start flexInt64 `json:"start"`
		End   flexInt64 `json:"end"`
	} `json:"nextExpectedRanges"`
}

func (b draftBody) set(size int64) (ranges.Set, bool, error) {
	list := b.MissingRanges
	if list == nil {
		list = b.NextExpectedRanges
	}
	if list == nil {
		return nil, false, nil
	}
	if err := ranges.CheckListLen(len(list)); err != nil {
		return nil, false, err
	}
	rs := make([]ranges.Range, 0, len(list))
	for _, r := range list {
		rr := ranges.Range{Start: int64(r.Start), End: int64(r.End)}
		if !rr.Valid() || rr.End >= size {
			return nil, false, fmt.Errorf("missing range %v is outside the %d-byte document", rr, size)
		}
		rs = append(rs, rr)
	}
	return ranges.Of(rs...), true, nil // one sort and merge, not one per range
}

func (c *Client) draftURL(printerID, jobID, docID, suffix string) string {
	return c.apiURL("beta", "/print/printers/"+seg(printerID)+"/jobs/"+seg(jobID)+"/documents/"+seg(docID)+"/uploadSession"+suffix, nil)
}

// CreateDraftUploadSession opens a draft-protocol session (PUT .../uploadSession).
func (c *Client) CreateDraftUploadSession(ctx context.Context, printerID, jobID, docID string, p DocumentProperties) (*DraftSession, error) {
	const op = "start the upload (2020 draft protocol)"
	if p.Size <= 0 {
		return nil, fmt.Errorf("%s: the document is empty; choose a file with content", op)
	}
	var b draftBody
	hdr, err := c.do(ctx, call{op: op, method: http.MethodPut, class: retrySafe, limit: maxSessionBody,
		url: c.draftURL(printerID, jobID, docID, ""), in: p, out: &b})
	if err != nil {
		return nil, err
	}
	etag := hdr.Get("ETag")
	if etag == "" {
		return nil, fmt.Errorf("%s: Graph sent no ETag for the session; report it", op)
	}
	s := c.ResumeDraftSession(printerID, jobID, docID, etag, p.Size)
	if err := s.apply(op, b, etag); err != nil {
		return nil, err
	}
	return s, nil
}

// ResumeDraftSession rebuilds a draft session from its ids, ETag and size.
func (c *Client) ResumeDraftSession(printerID, jobID, docID, etag string, size int64) *DraftSession {
	return &DraftSession{c: c, printerID: printerID, jobID: jobID, docID: docID, etag: etag, sessionState: newSessionState(size)}
}

// ETag is the session's entity tag, sent as If-Match with every upload.
func (s *DraftSession) ETag() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.etag
}

func (s *DraftSession) apply(op string, b draftBody, etag string) error {
	set, ok, err := b.set(s.size)
	if err != nil {
		return fmt.Errorf("%s: %w; report it", op, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if !ok {
		set = s.missing
	}
	s.record(set, b.ExpiryDateTime.Time)
	if etag != "" {
		s.etag = etag
	}
	return nil
}

// Status reads the session (GET .../uploadSession).
func (s *DraftSession) Status(ctx context.Context) (ranges.Set, time.Time, error) {
	const op = "check the upload"
	var b draftBody
	hdr, err := s.c.do(ctx, call{op: op, method: http.MethodGet, class: retryNever, limit: maxSessionBody,
		url: s.c.draftURL(s.printerID, s.jobID, s.docID, ""), out: &b})
	if err != nil {
		return nil, time.Time{}, err
	}
	if err := s.apply(op, b, hdr.Get("ETag")); err != nil {
		return nil, time.Time{}, err
	}
	return s.NextExpected(), s.Expires(), nil
}

// Put sends bytes r (PUT .../uploadSession/$value with the bearer and
// If-Match). When the answer carries no missing ranges, the bytes just
// accepted are taken off the last known set.
func (s *DraftSession) Put(ctx context.Context, r ranges.Range, body io.Reader) (ranges.Set, bool, error) {
	const op = "upload bytes"
	if err := s.checkRange(op, r); err != nil {
		return nil, false, err
	}
	h := http.Header{
		"Content-Range":     {s.contentRange(r)},
		"Content-Type":      {"application/octet-stream"},
		"If-Match":          {s.ETag()},
		"Accept":            {"application/json"},
		"User-Agent":        {s.c.ua},
		"Client-Request-Id": {newRequestID()},
	}
	u := s.c.draftURL(s.printerID, s.jobID, s.docID, "/$value")
	resp, err := roundTrip(ctx, s.c.api, s.c.to, exchange{op: op, method: http.MethodPut, url: u, host: hostOf(u),
		header: h, body: body, stream: true, length: r.Len()})
	if err != nil {
		return nil, false, err
	}
	defer resp.Body.Close()
	switch resp.StatusCode {
	case http.StatusCreated:
		s.completed()
		return nil, true, nil
	case http.StatusAccepted, http.StatusOK:
		var b draftBody
		raw, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
		if len(bytes.TrimSpace(raw)) > 0 {
			if err := json.Unmarshal(raw, &b); err != nil {
				return nil, false, fmt.Errorf("%s: Graph accepted bytes %v but its answer is not JSON (%v); check the upload status", op, r, err)
			}
		}
		set, ok, err := b.set(s.size)
		if err != nil {
			return nil, false, fmt.Errorf("%s: %w; report it", op, err)
		}
		s.mu.Lock()
		if !ok {
			set = s.missing.Subtract(ranges.Set{r})
		}
		s.record(set, b.ExpiryDateTime.Time)
		if et := resp.Header.Get("ETag"); et != "" {
			s.etag = et
		}
		s.mu.Unlock()
		if resp.StatusCode == http.StatusOK && len(set) == 0 {
			return nil, true, nil
		}
		return set, false, nil
	}
	return nil, false, errorFromResponse(op+" "+r.String(), resp, s.c.now())
}

// Delete cancels the session (DELETE .../uploadSession).
func (s *DraftSession) Delete(ctx context.Context) error {
	_, err := s.c.do(ctx, call{op: "cancel the upload", method: http.MethodDelete, class: retryNever,
		url: s.c.draftURL(s.printerID, s.jobID, s.docID, ""), header: http.Header{"If-Match": {s.ETag()}}})
	return err
}
