package graph

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"printdrop/internal/emulator"
	"printdrop/internal/emulator/emutest"
	"printdrop/internal/ranges"
)

// target restates the upload engine's Target, so the compiler proves both
// session types satisfy it without graph importing the engine.
type target interface {
	Status(ctx context.Context) (missing ranges.Set, expires time.Time, err error)
	Put(ctx context.Context, r ranges.Range, body io.Reader) (missing ranges.Set, done bool, err error)
	Delete(ctx context.Context) error
}

var (
	_ target = (*UploadSession)(nil)
	_ target = (*DraftSession)(nil)
)

// newDoc creates a job and returns it with its document id.
func newDoc(t *testing.T, c *Client, share Share) (Job, string) {
	t.Helper()
	j, err := c.CreateJob(t.Context(), share.ID, JobConfiguration{})
	if err != nil {
		t.Fatal(err)
	}
	return j, j.Documents[0].ID
}

func checkStored(t *testing.T, e *emu, jobID string, data []byte) {
	t.Helper()
	size, sha, ok := e.Document(jobID)
	sum := sha256.Sum256(data)
	if !ok || size != int64(len(data)) || sha != hex.EncodeToString(sum[:]) {
		t.Fatalf("stored document %d bytes %s (complete %v); want %d bytes %x", size, sha, ok, len(data), sum)
	}
}

// chunks cuts [0,size) into pieces of at most n bytes.
func chunks(size, n int64) []ranges.Range {
	var out []ranges.Range
	for a := int64(0); a < size; a += n {
		out = append(out, ranges.Range{Start: a, End: min(a+n, size) - 1})
	}
	return out
}

func TestUploadSessionV1(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		size    int64
		chunk   int64
		reverse bool
	}{
		{"1 byte", 1, 204800, false},
		{"204800 one chunk", 204800, 204800, false},
		{"204801 two chunks", 204801, 204800, false},
		{"204801 out of order", 204801, 204800, true},
		{"1000000 five chunks reversed", 1000000, 204800, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := startEmu(t, emulator.Config{})
			c := e.client()
			ctx := t.Context()
			share := e.firstShare(c)
			j, docID := newDoc(t, c, share)
			data := pattern(int(tc.size))
			s, err := c.CreateUploadSession(ctx, share.ID, j.ID, docID, DocumentProperties{DocumentName: "a.pdf", ContentType: "application/pdf", Size: tc.size})
			if err != nil {
				t.Fatal(err)
			}
			if !s.NextExpected().Equal(ranges.Full(tc.size)) || s.Expires().IsZero() || s.Size() != tc.size {
				t.Fatalf("new session: next %v expires %v", s.NextExpected(), s.Expires())
			}
			parts := chunks(tc.size, tc.chunk)
			if tc.reverse {
				for i, k := 0, len(parts)-1; i < k; i, k = i+1, k-1 {
					parts[i], parts[k] = parts[k], parts[i]
				}
			}
			want := ranges.Full(tc.size)
			for i, r := range parts {
				missing, done, err := s.Put(ctx, r, bytes.NewReader(data[r.Start:r.End+1]))
				if err != nil {
					t.Fatalf("put %v: %v", r, err)
				}
				want = want.Subtract(ranges.Set{r})
				last := i == len(parts)-1
				if done != last || !missing.Equal(want) {
					t.Fatalf("put %v: done %v missing %v; want done %v missing %v", r, done, missing, last, want)
				}
			}
			checkStored(t, e, j.ID, data)
			// The finished session is gone.
			if _, _, err := s.Status(ctx); !IsNotFound(err) {
				t.Fatalf("status after completion: want 404, got %v", err)
			}
			for _, r := range e.Requests() {
				if r.Host == "upload" && r.Authorization {
					t.Fatalf("the bearer reached the upload host: %+v", r)
				}
			}
			if puts := e.matching("PUT", "/uploadSessions/"); len(puts) != len(parts) {
				t.Fatalf("%d PUTs logged, want %d", len(puts), len(parts))
			}
		})
	}
}

func TestUploadSessionErrors(t *testing.T) {
	t.Parallel()
	e := startEmu(t, emulator.Config{MaxChunk: 300000})
	c := e.client()
	ctx := t.Context()
	share := e.firstShare(c)
	j, docID := newDoc(t, c, share)
	const size = 700000
	data := pattern(size)
	props := DocumentProperties{DocumentName: "a.pdf", ContentType: "application/pdf", Size: size}
	s, err := c.CreateUploadSession(ctx, share.ID, j.ID, docID, props)
	if err != nil {
		t.Fatal(err)
	}
	body := func(r ranges.Range) io.Reader { return bytes.NewReader(data[r.Start : r.End+1]) }

	if _, _, err := s.Put(ctx, rangeOf(0, 204799), body(rangeOf(0, 204799))); err != nil {
		t.Fatal(err)
	}
	// Overlap with received bytes -> 416, and Status tells the truth.
	_, _, err = s.Put(ctx, rangeOf(204000, 204999), body(rangeOf(204000, 204999)))
	if statusOf(err) != http.StatusRequestedRangeNotSatisfiable {
		t.Fatalf("overlap: want 416, got %v", err)
	}
	missing, exp, err := s.Status(ctx)
	if err != nil || !missing.Equal(ranges.Set{rangeOf(204800, size-1)}) || exp.IsZero() {
		t.Fatalf("status after 416: %v %v %v", missing, exp, err)
	}
	// A chunk at the size limit -> 413.
	big := rangeOf(204800, 204800+300000-1)
	if _, _, err := s.Put(ctx, big, body(big)); statusOf(err) != http.StatusRequestEntityTooLarge {
		t.Fatalf("oversized chunk: want 413, got %v", err)
	}
	// A body shorter than the range is refused by the client before it is sent whole.
	if _, _, err := s.Put(ctx, rangeOf(204800, 204899), strings.NewReader("short")); err == nil {
		t.Fatal("a short body must fail")
	}
	// Out-of-bounds ranges never leave the client.
	if _, _, err := s.Put(ctx, rangeOf(0, size), body(rangeOf(0, 9))); err == nil {
		t.Fatal("a range past the end must fail")
	}
	// Resume from the URL alone.
	r2 := c.ResumeUploadSession(s.URL().Reveal(), size)
	if m, _, err := r2.Status(ctx); err != nil || !m.Equal(missing) {
		t.Fatalf("resumed status: %v %v", m, err)
	}
	// Delete, then every method answers 404.
	if err := s.Delete(ctx); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Status(ctx); !IsNotFound(err) {
		t.Fatalf("status after delete: %v", err)
	}
	if _, _, err := s.Put(ctx, rangeOf(204800, 204899), body(rangeOf(204800, 204899))); !IsNotFound(err) {
		t.Fatalf("put after delete: %v", err)
	}
	if err := s.Delete(ctx); !IsNotFound(err) {
		t.Fatalf("delete after delete: %v", err)
	}
	// Errors name the host only: the URL is a credential.
	_, _, err = s.Status(ctx)
	if strings.Contains(err.Error(), s.URL().Reveal()) || strings.Contains(err.Error(), "tempauthtoken") {
		t.Fatalf("error leaks the upload URL: %v", err)
	}

	// Expiry: a new session, expired by a fault, answers 404.
	s2, err := c.CreateUploadSession(ctx, share.ID, j.ID, docID, props)
	if err != nil {
		t.Fatal(err)
	}
	e.Fault(emutest.Fault{Kind: "expire", Host: "upload", Method: "GET"})
	if _, _, err := s2.Status(ctx); !IsNotFound(err) {
		t.Fatalf("status of an expired session: want 404, got %v", err)
	}
	for _, r := range e.Requests() {
		if r.Host == "upload" && r.Authorization {
			t.Fatalf("the bearer reached the upload host: %+v", r)
		}
	}
}

func TestCreateUploadSessionRetried(t *testing.T) {
	t.Parallel()
	e := startEmu(t, emulator.Config{})
	c := e.client()
	share := e.firstShare(c)
	j, docID := newDoc(t, c, share)
	e.Fault(emutest.Fault{Kind: "status", Status: 503, Count: 1, Host: "graph", Method: "POST", PathPrefix: "/v1.0/print/shares/" + share.ID + "/jobs/" + j.ID + "/documents"})
	s, err := c.CreateUploadSession(t.Context(), share.ID, j.ID, docID, DocumentProperties{DocumentName: "a.pdf", ContentType: "application/pdf", Size: 10})
	if err != nil {
		t.Fatalf("createUploadSession supersedes, so a 503 is retried: %v", err)
	}
	if n := len(e.matching("POST", "/createUploadSession")); n != 2 {
		t.Fatalf("%d createUploadSession calls, want 2", n)
	}
	if _, done, err := s.Put(t.Context(), rangeOf(0, 9), bytes.NewReader(pattern(10))); err != nil || !done {
		t.Fatalf("put: %v %v", done, err)
	}
	// Unsupported content type is a clear 415, not retried.
	j2, doc2 := newDoc(t, c, share)
	_, err = c.CreateUploadSession(t.Context(), share.ID, j2.ID, doc2, DocumentProperties{DocumentName: "a.xyz", ContentType: "application/x-nothing", Size: 10})
	if statusOf(err) != http.StatusUnsupportedMediaType {
		t.Fatalf("want 415, got %v", err)
	}
}

func TestDownloadDocumentFollowsRedirectWithoutBearer(t *testing.T) {
	t.Parallel()
	e := startEmu(t, emulator.Config{})
	c := e.client()
	ctx := t.Context()
	share := e.firstShare(c)
	j, docID := newDoc(t, c, share)
	data := pattern(5000)
	s, err := c.CreateUploadSession(ctx, share.ID, j.ID, docID, DocumentProperties{DocumentName: "a.pdf", ContentType: "application/pdf", Size: 5000})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Put(ctx, rangeOf(0, 4999), bytes.NewReader(data)); err != nil {
		t.Fatal(err)
	}
	rc, err := c.DownloadDocument(ctx, share.ID, j.ID, docID)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(rc)
	rc.Close()
	if !bytes.Equal(got, data) {
		t.Fatalf("downloaded %d bytes, not the uploaded ones", len(got))
	}
	var sawValue, sawDownload bool
	for _, r := range e.Requests() {
		if r.Host == "upload" && r.Authorization {
			t.Fatalf("the bearer reached the upload host: %+v", r)
		}
		sawValue = sawValue || (r.Host == "graph" && strings.HasSuffix(r.Path, "/$value") && r.Status == http.StatusFound && r.Authorization)
		sawDownload = sawDownload || (r.Host == "upload" && strings.HasPrefix(r.Path, "/downloads/"))
	}
	if !sawValue || !sawDownload {
		t.Fatalf("want a 302 from Graph then a download from the upload host; value %v download %v", sawValue, sawDownload)
	}
}

// TestBearerStaysOnGraphOrigin: a redirect and a next link to another
// origin (127.0.0.2, another port) are followed without the token.
func TestBearerStaysOnGraphOrigin(t *testing.T) {
	t.Parallel()
	other, err := net.Listen("tcp", "127.0.0.2:0")
	if err != nil {
		t.Skipf("127.0.0.2 is not available here: %v", err)
	}
	var foreignAuth, foreignHits atomic.Int32
	foreign := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		foreignHits.Add(1)
		if r.Header.Get("Authorization") != "" {
			foreignAuth.Add(1)
		}
		w.Header().Set("Content-Type", "application/json")
		if strings.HasPrefix(r.URL.Path, "/page2") {
			_, _ = io.WriteString(w, `{"value":[{"id":"s3","displayName":"Three"}]}`)
			return
		}
		_, _ = io.WriteString(w, `{"id":"u1","displayName":"Ana","userPrincipalName":"ana@contoso.example"}`)
	})}
	go foreign.Serve(other)
	t.Cleanup(func() { foreign.Close() })
	foreignURL := "http://" + other.Addr().String()

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var homeAuth atomic.Int32
	home := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") == "Bearer tok-123" {
			homeAuth.Add(1)
		}
		switch r.URL.Path {
		case "/v1.0/me":
			http.Redirect(w, r, foreignURL+"/me", http.StatusFound)
		case "/v1.0/print/shares":
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, `{"@odata.nextLink":"`+foreignURL+`/page2","value":[{"id":"s1","displayName":"One"},{"id":"s2","displayName":"Two"}]}`)
		}
	})}
	go home.Serve(ln)
	t.Cleanup(func() { home.Close() })

	c, err := New(Options{BaseURL: "http://" + ln.Addr().String(), TokenSource: oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "tok-123"})})
	if err != nil {
		t.Fatal(err)
	}
	me, err := c.Me(t.Context())
	if err != nil || me.ID != "u1" {
		t.Fatalf("redirected Me: %+v %v", me, err)
	}
	shares, err := c.Shares(t.Context(), ShareQuery{})
	if err != nil || len(shares) != 3 {
		t.Fatalf("shares across origins: %v %v", shares, err)
	}
	if homeAuth.Load() != 2 || foreignHits.Load() != 2 || foreignAuth.Load() != 0 {
		t.Fatalf("bearer on Graph %d times (want 2); foreign hits %d, with bearer %d (want 0)", homeAuth.Load(), foreignHits.Load(), foreignAuth.Load())
	}
	// A token put on a foreign request by someone else is stripped too.
	req, _ := http.NewRequest("GET", foreignURL+"/me", nil)
	req.Header.Set("Authorization", "Bearer stray")
	resp, err := c.api.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if foreignAuth.Load() != 0 {
		t.Fatal("a stray Authorization header reached the foreign host")
	}
	// And the upload client never has a token to give.
	if c.UploadClient().Transport == c.api.Transport {
		t.Fatal("the upload client shares the bearer transport")
	}
}

func TestDraftSession(t *testing.T) {
	t.Parallel()
	e := startEmu(t, emulator.Config{})
	c := e.client()
	ctx := t.Context()
	share := e.firstShare(c)
	pid, err := c.SharePrinterID(ctx, share.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, size := range []int64{1, 204800, 204801} {
		j, docID := newDoc(t, c, share)
		data := pattern(int(size))
		s, err := c.CreateDraftUploadSession(ctx, pid, j.ID, docID, DocumentProperties{DocumentName: "d.pdf", ContentType: "application/pdf", Size: size})
		if err != nil {
			t.Fatalf("size %d: %v", size, err)
		}
		if s.ETag() == "" || !s.NextExpected().Equal(ranges.Full(size)) || s.Expires().IsZero() {
			t.Fatalf("draft session: etag %q missing %v expires %v", s.ETag(), s.NextExpected(), s.Expires())
		}
		parts := chunks(size, 204800)
		for i := len(parts) - 1; i >= 0; i-- { // out of order
			r := parts[i]
			_, done, err := s.Put(ctx, r, bytes.NewReader(data[r.Start:r.End+1]))
			if err != nil || done != (i == 0) {
				t.Fatalf("size %d put %v: done %v err %v", size, r, done, err)
			}
		}
		checkStored(t, e, j.ID, data)
	}
	// Status, resume, wrong ETag, overlap and delete.
	j, docID := newDoc(t, c, share)
	data := pattern(1000)
	s, err := c.CreateDraftUploadSession(ctx, pid, j.ID, docID, DocumentProperties{DocumentName: "d.pdf", ContentType: "application/pdf", Size: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Put(ctx, rangeOf(0, 99), bytes.NewReader(data[:100])); err != nil {
		t.Fatal(err)
	}
	if m, _, err := s.Status(ctx); err != nil || !m.Equal(ranges.Set{rangeOf(100, 999)}) {
		t.Fatalf("draft status: %v %v", m, err)
	}
	if _, _, err := s.Put(ctx, rangeOf(50, 149), bytes.NewReader(data[50:150])); statusOf(err) != http.StatusRequestedRangeNotSatisfiable {
		t.Fatalf("draft overlap: want 416, got %v", err)
	}
	wrong := c.ResumeDraftSession(pid, j.ID, docID, `"not-the-etag"`, 1000)
	if _, _, err := wrong.Put(ctx, rangeOf(100, 199), bytes.NewReader(data[100:200])); statusOf(err) != http.StatusPreconditionFailed {
		t.Fatalf("wrong If-Match: want 412, got %v", err)
	}
	if err := s.Delete(ctx); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Status(ctx); !IsNotFound(err) {
		t.Fatalf("draft status after delete: %v", err)
	}
	// The draft protocol talks to Graph only, with the bearer.
	for _, r := range e.matching("PUT", "/uploadSession/$value") {
		if r.Host != "graph" || !r.Authorization {
			t.Fatalf("draft upload must go to Graph with the bearer: %+v", r)
		}
	}
}
