package auth

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"printdrop/internal/emulator"
	"printdrop/internal/emulator/emutest"
	"printdrop/internal/graph"
	"printdrop/internal/upload"
)

// recordingTransport keeps every secret that crosses the token endpoint:
// codes, verifiers and refresh tokens going out, tokens coming back.
type recordingTransport struct {
	mu      sync.Mutex
	secrets []string
}

func (rt *recordingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		b, _ := io.ReadAll(req.Body)
		req.Body = io.NopCloser(bytes.NewReader(b))
		if v, err := url.ParseQuery(string(b)); err == nil {
			rt.add(v.Get("code"), v.Get("code_verifier"), v.Get("refresh_token"), v.Get("device_code"))
		}
	}
	if h := req.Header.Get("Authorization"); h != "" {
		rt.add(strings.TrimPrefix(h, "Bearer "))
	}
	return http.DefaultTransport.RoundTrip(req)
}

func (rt *recordingTransport) add(vs ...string) {
	rt.mu.Lock()
	defer rt.mu.Unlock()
	for _, v := range vs {
		if len(v) >= 8 { // ignore empty and trivial values
			rt.secrets = append(rt.secrets, v)
		}
	}
}

// TestLogsHoldNoSecrets captures everything a full sign-in, token refreshes
// and a print upload log (auth, graph and upload at debug level, and the
// emulator's own log) and finds none of the secrets that were exchanged:
// access and refresh tokens, the code, the verifier, the state, the upload
// URL.
func TestLogsHoldNoSecrets(t *testing.T) {
	t.Parallel()
	var logs bytes.Buffer
	var mu sync.Mutex
	logger := bufferLogger(&lockedWriter{w: &logs, mu: &mu})
	info := emutest.Start(t, emulator.Config{Logger: logger, AccessTokenTTL: time.Second}).Info
	rec := &recordingTransport{}
	pages := make(chan webPage, 1)
	var link string
	m := emulatorManager(t, info, Config{
		Logger:      logger,
		HTTPClient:  NewHTTPClient(rec),
		ExpiryDelta: time.Hour, // every Token() refreshes: rotation gets logged too
		Open:        newHTTPUser(t, info, "accept").opener(pages),
	})
	ctx := context.Background()
	if _, err := m.SignIn(ctx, Hooks{ShowURL: func(u string) { link = u }}); err != nil {
		t.Fatal(err)
	}
	<-pages
	u, _ := url.Parse(link)
	rec.add(u.Query().Get("state"))

	gc, err := graph.New(graph.Options{BaseURL: info.GraphURL, TokenSource: m.TokenSource(), Logger: logger})
	if err != nil {
		t.Fatal(err)
	}
	shares, err := gc.Shares(ctx, graph.ShareQuery{Top: 5})
	if err != nil || len(shares) == 0 {
		t.Fatalf("shares: %d, %v", len(shares), err)
	}
	job, err := gc.CreateJob(ctx, shares[0].ID, graph.JobConfiguration{})
	if err != nil || len(job.Documents) == 0 {
		t.Fatalf("create job: %+v, %v", job, err)
	}
	body := []byte("%PDF-1.4\n" + strings.Repeat("x", 300_000))
	sess, err := gc.CreateUploadSession(ctx, shares[0].ID, job.ID, job.Documents[0].ID,
		graph.DocumentProperties{DocumentName: "report.pdf", ContentType: "application/pdf", Size: int64(len(body))})
	if err != nil {
		t.Fatal(err)
	}
	rec.add(sess.URL().Reveal())
	eng, err := upload.New(upload.Bytes("report.pdf", body), sess, upload.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := eng.Run(ctx); err != nil {
		t.Fatalf("upload: %v", err)
	}
	if _, err := gc.StartJob(ctx, shares[0].ID, job.ID); err != nil {
		t.Fatal(err)
	}
	tok, err := m.TokenSource().Token()
	if err != nil {
		t.Fatal(err)
	}
	rec.add(tok.AccessToken, tok.RefreshToken)
	if err := m.SignOut(ctx); err != nil {
		t.Fatal(err)
	}

	mu.Lock()
	all := logs.String()
	mu.Unlock()
	if !strings.Contains(all, "sign-in: signed in") || !strings.Contains(all, "refresh token rotated") {
		t.Fatalf("the capture missed the sign-in lines; is the logger wired?\n%s", all)
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if len(rec.secrets) < 8 {
		t.Fatalf("only %d secrets recorded; the test would prove little", len(rec.secrets))
	}
	for _, s := range rec.secrets {
		if strings.Contains(all, s) {
			t.Errorf("a secret (%d chars, starting %.4q) appears in the logs", len(s), s)
		}
	}
}

type lockedWriter struct {
	w  io.Writer
	mu *sync.Mutex
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
