package graph

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"printdrop/internal/emulator"
	"printdrop/internal/emulator/emutest"
)

func TestJobLifecycle(t *testing.T) {
	t.Parallel()
	e := startEmu(t, emulator.Config{JobProcessing: time.Hour})
	c := e.client()
	ctx := t.Context()
	share := e.firstShare(c)

	cfg := JobConfiguration{Copies: Ptr(2), ColorMode: Ptr(share.Capabilities.ColorModes[0]), PageRanges: []IntRange{{1, 3}}}
	j, err := c.CreateJob(ctx, share.ID, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if j.ID == "" || j.Status.State != JobPaused || !j.Status.Has(JobUploadPending) || len(j.Documents) != 1 || *j.Configuration.Copies != 2 {
		t.Fatalf("created job = %+v", j)
	}
	jobs, err := c.Jobs(ctx, share.ID, JobQuery{CreatedBy: "me", Top: 1})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, x := range jobs {
		found = found || (x.ID == j.ID && len(x.Documents) == 1 && x.CreatedBy != nil && x.CreatedBy.UserPrincipalName == emulator.DemoUserUPN)
	}
	if !found {
		t.Fatalf("Jobs(me) does not list job %s with its document: %+v", j.ID, jobs)
	}
	if len(e.matching("GET", "/jobs")) < 1 {
		t.Fatal("no job listing logged")
	}

	data := pattern(1000)
	s, err := c.CreateUploadSession(ctx, share.ID, j.ID, j.Documents[0].ID, DocumentProperties{DocumentName: "memo.pdf", ContentType: "application/pdf", Size: int64(len(data))})
	if err != nil {
		t.Fatal(err)
	}
	if _, done, err := s.Put(ctx, rangeOf(0, 999), strings.NewReader(string(data))); err != nil || !done {
		t.Fatalf("put: %v %v", done, err)
	}
	st, err := c.StartJob(ctx, share.ID, j.ID)
	if err != nil || st.State != JobProcessing {
		t.Fatalf("start: %+v %v", st, err)
	}
	if err := c.CancelJob(ctx, share.ID, j.ID); err != nil {
		t.Fatal(err)
	}
	got, err := c.Job(ctx, share.ID, j.ID)
	if err != nil || got.Status.State != JobCanceled || !got.Status.Terminal() || len(got.Documents) != 1 || got.Documents[0].Size != 1000 {
		t.Fatalf("after cancel: %+v %v", got, err)
	}
	if n := len(e.matching("POST", "/cancel")); n < 1 {
		t.Fatal("cancel not logged")
	}
	// A second cancel of a terminal job is refused, not retried into success.
	if err := c.CancelJob(ctx, share.ID, j.ID); err == nil {
		t.Fatal("cancelling a canceled job must fail")
	}
}

func TestStartBeforeUploadFails(t *testing.T) {
	t.Parallel()
	e := startEmu(t, emulator.Config{})
	c := e.client()
	share := e.firstShare(c)
	j, err := c.CreateJob(t.Context(), share.ID, JobConfiguration{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.StartJob(t.Context(), share.ID, j.ID)
	var ge *Error
	if !errors.As(err, &ge) || ge.StatusCode < 400 || ge.StatusCode >= 500 {
		t.Fatalf("start before upload: want a 4xx, got %v", err)
	}
	if n := len(e.matching("POST", "/start")); n != 1 {
		t.Fatalf("start sent %d times", n)
	}
}

// TestRetryAfterForms: a GET throttled with each Retry-After form is retried
// and succeeds; the log shows the 429 then the 200.
func TestRetryAfterForms(t *testing.T) {
	t.Parallel()
	forms := map[string]string{
		"integer":  "1",
		"fraction": "0.2",
		"date":     time.Now().Add(time.Second).UTC().Format(http.TimeFormat),
	}
	for name, ra := range forms {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			e := startEmu(t, emulator.Config{})
			c := e.client()
			e.Fault(emutest.Fault{Kind: "status", Status: 429, RetryAfter: ra, Count: 1, Host: "graph", Method: "GET", PathPrefix: "/v1.0/me"})
			if _, err := c.Me(t.Context()); err != nil {
				t.Fatalf("Me after one 429: %v", err)
			}
			got := e.matching("GET", "/v1.0/me")
			if len(got) != 2 || got[0].Status != 429 || got[1].Status != 200 {
				t.Fatalf("log = %+v", got)
			}
		})
	}
}

func TestRetryLimits(t *testing.T) {
	t.Parallel()
	e := startEmu(t, emulator.Config{})
	c := e.clientWith(Options{
		TokenSource: oauth2.StaticTokenSource(&oauth2.Token{AccessToken: e.Token()}),
		Retry:       RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: time.Second},
	})
	ctx := t.Context()
	// 500 on a GET is retried until the attempts run out.
	e.Fault(emutest.Fault{Kind: "status", Status: 500, Count: 5, Host: "graph", Method: "GET", PathPrefix: "/v1.0/me"})
	_, err := c.Me(ctx)
	if statusOf(err) != 500 {
		t.Fatalf("want the last 500, got %v", err)
	}
	if n := len(e.matching("GET", "/v1.0/me")); n != 3 {
		t.Fatalf("MaxAttempts 3 sent %d requests", n)
	}
	e.ClearFaults()

	// A Retry-After beyond MaxDelay is not waited for: the error says when to come back.
	e.Fault(emutest.Fault{Kind: "status", Status: 503, RetryAfter: "120", Count: 1, Host: "graph", Method: "GET"})
	_, err = c.Shares(ctx, ShareQuery{})
	if d, ok := asRetryAfter(err); !ok || d != 120*time.Second || !IsThrottled(err) {
		t.Fatalf("want a throttled error with Retry-After 120s, got %v", err)
	}

	// Cancellation during a backoff ends quietly with the context's error.
	e.Fault(emutest.Fault{Kind: "status", Status: 503, RetryAfter: "0.9", Count: 1, Host: "graph", Method: "GET"})
	cctx, cancel := contextWithCancelAfterFirst(ctx, e)
	defer cancel()
	_, err = c.Shares(cctx, ShareQuery{})
	if !errors.Is(err, errCanceledForTest) && !errors.Is(err, cctx.Err()) {
		t.Fatalf("want the context error, got %v", err)
	}
}

func asRetryAfter(err error) (time.Duration, bool) {
	var ra interface{ RetryAfter() (time.Duration, bool) }
	if errors.As(err, &ra) {
		return ra.RetryAfter()
	}
	return 0, false
}

// TestCreateJobNeverRetriedBlindly: a 503 on create is not repeated (the
// job may exist), a 429 is (Graph throttles before acting), and a GET is
// retried on 503.
func TestCreateJobNeverRetriedBlindly(t *testing.T) {
	t.Parallel()
	e := startEmu(t, emulator.Config{})
	c := e.client()
	ctx := t.Context()
	share := e.firstShare(c)
	jobsPrefix := "/v1.0/print/shares/" + share.ID + "/jobs"

	e.Fault(emutest.Fault{Kind: "status", Status: 503, Count: 1, Host: "graph", Method: "POST", PathPrefix: jobsPrefix})
	_, err := c.CreateJob(ctx, share.ID, JobConfiguration{Copies: Ptr(1)})
	if !errors.Is(err, ErrJobMayExist) || statusOf(err) != 503 {
		t.Fatalf("create on 503: want ErrJobMayExist wrapping the 503, got %v", err)
	}
	if n := len(e.matching("POST", jobsPrefix)); n != 1 {
		t.Fatalf("create was sent %d times after a 503", n)
	}

	e.Fault(emutest.Fault{Kind: "status", Status: 429, RetryAfter: "0", Count: 1, Host: "graph", Method: "POST", PathPrefix: jobsPrefix})
	if _, err := c.CreateJob(ctx, share.ID, JobConfiguration{Copies: Ptr(1)}); err != nil {
		t.Fatalf("create after a 429: %v", err)
	}
	if n := len(e.matching("POST", jobsPrefix)); n != 3 {
		t.Fatalf("429 then success should make 3 POSTs in all, got %d", n)
	}

	e.Fault(emutest.Fault{Kind: "status", Status: 503, Count: 1, Host: "graph", Method: "GET", PathPrefix: "/v1.0/print/shares/" + share.ID})
	if _, err := c.Share(ctx, share.ID); err != nil {
		t.Fatalf("a GET must be retried on 503: %v", err)
	}
}

// loseAnswer passes a create-job POST to the emulator, then drops the
// answer: the job exists but the client never hears of it.
type loseAnswer struct{ base http.RoundTripper }

func (l loseAnswer) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := l.base.RoundTrip(r)
	if err == nil && r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/jobs") {
		resp.Body.Close()
		return nil, errors.New("connection reset by peer")
	}
	return resp, err
}

func TestCreateJobLostAnswerFindsJob(t *testing.T) {
	t.Parallel()
	e := startEmu(t, emulator.Config{})
	tok := oauth2.StaticTokenSource(&oauth2.Token{AccessToken: e.Token()})
	plain := e.clientWith(Options{TokenSource: tok})
	share := e.firstShare(plain)
	lossy := e.clientWith(Options{TokenSource: tok, Transport: loseAnswer{http.DefaultTransport}})
	ctx := t.Context()

	// An older job with another configuration must not be mistaken for ours.
	if _, err := plain.CreateJob(ctx, share.ID, JobConfiguration{Copies: Ptr(3)}); err != nil {
		t.Fatal(err)
	}
	j, err := lossy.CreateJob(ctx, share.ID, JobConfiguration{Copies: Ptr(2)})
	if err != nil {
		t.Fatalf("lost answer with the job on the server: want it found, got %v", err)
	}
	if j.ID == "" || *j.Configuration.Copies != 2 {
		t.Fatalf("found %+v", j)
	}
	if n := len(e.matching("POST", "/jobs")); n != 2 {
		t.Fatalf("the create must not be re-sent: %d POSTs", n)
	}
	// Two identical lost creates are ambiguous: say so instead of guessing.
	if _, err := lossy.CreateJob(ctx, share.ID, JobConfiguration{Copies: Ptr(2)}); !errors.Is(err, ErrJobMayExist) {
		t.Fatalf("ambiguous recovery: want ErrJobMayExist, got %v", err)
	}
}
