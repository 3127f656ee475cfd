package emulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"
)

// env is a running emulator and a plain HTTP client for one test.
type env struct {
	t    *testing.T
	srv  *Server
	info Info
	tok  string // demo user, PrintJob.ReadWrite + PrinterShare.ReadBasic.All + User.Read
	hc   *http.Client
}

func start(t *testing.T, cfg Config) *env {
	t.Helper()
	if cfg.JobProcessing == 0 {
		cfg.JobProcessing = 50 * time.Millisecond
	}
	if cfg.files == nil {
		cfg.files = newWindowsRules(t)
	}
	srv, err := Start(cfg)
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() {
		if err := srv.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	e := &env{t: t, srv: srv, info: srv.Info(), hc: &http.Client{
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
	e.tok = e.token("", "PrintJob.ReadWrite", "PrinterShare.ReadBasic.All", "User.Read")
	return e
}

func (e *env) token(user string, scopes ...string) string {
	e.t.Helper()
	var out struct {
		AccessToken string `json:"access_token"`
		ExpiresIn   int    `json:"expires_in"`
	}
	res := e.do("POST", e.info.ControlURL+"/tokens", "", map[string]any{"user": user, "scopes": scopes}, nil)
	e.decode(res, 200, &out)
	if out.AccessToken == "" || out.ExpiresIn <= 0 {
		e.t.Fatalf("token: empty answer %+v", out)
	}
	return out.AccessToken
}

// do sends a request; body may be nil, []byte (sent raw) or a value (JSON).
func (e *env) do(method, url, tok string, body any, hdr map[string]string) *http.Response {
	e.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case []byte:
		rd = bytes.NewReader(b)
	default:
		j, _ := json.Marshal(b)
		rd = bytes.NewReader(j)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		e.t.Fatal(err)
	}
	if tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	if _, ok := body.([]byte); !ok && body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	res, err := e.hc.Do(req)
	if err != nil {
		e.t.Fatalf("%s %s: %v", method, url, err)
	}
	return res
}

// graph calls a Graph path ("/v1.0/...") with the demo token.
func (e *env) graph(method, path string, body any) *http.Response {
	e.t.Helper()
	return e.do(method, e.info.GraphURL+path, e.tok, body, nil)
}

// decode checks the status and decodes the JSON body into v (if not nil).
func (e *env) decode(res *http.Response, want int, v any) {
	e.t.Helper()
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != want {
		e.t.Fatalf("%s %s: status %d, want %d; body %s", res.Request.Method, res.Request.URL.Path, res.StatusCode, want, b)
	}
	if v != nil {
		if err := json.Unmarshal(b, v); err != nil {
			e.t.Fatalf("decode %s: %v", b, err)
		}
	}
}

// graphErr checks status and error code of an error envelope.
func (e *env) graphErr(res *http.Response, status int, code string) string {
	e.t.Helper()
	var env struct {
		Error struct {
			Code       string
			Message    string
			InnerError map[string]any
		}
	}
	e.decode(res, status, &env)
	if env.Error.Code != code {
		e.t.Fatalf("error code %q, want %q (message %q)", env.Error.Code, code, env.Error.Message)
	}
	if env.Error.InnerError["request-id"] == "" || env.Error.InnerError["date"] == nil {
		e.t.Fatalf("innerError lacks request-id/date: %v", env.Error.InnerError)
	}
	return env.Error.Message
}

type jobJSON struct {
	ID        string `json:"id"`
	Status    statusJSONT
	Documents []docJSON `json:"documents"`
}

type statusJSONT struct {
	State               string   `json:"state"`
	Details             []string `json:"details"`
	Description         string   `json:"description"`
	IsAcquiredByPrinter bool     `json:"isAcquiredByPrinter"`
}

type docJSON struct {
	ID          string `json:"id"`
	DisplayName string `json:"displayName"`
	ContentType string `json:"contentType"`
	Size        int64  `json:"size"`
}

type sessionJSON struct {
	UploadURL          string   `json:"uploadUrl"`
	ExpirationDateTime string   `json:"expirationDateTime"`
	NextExpectedRanges []string `json:"nextExpectedRanges"`
}

// createJob creates a job on a share with an empty configuration.
func (e *env) createJob(share string) jobJSON {
	e.t.Helper()
	var j jobJSON
	e.decode(e.graph("POST", "/v1.0/print/shares/"+share+"/jobs", map[string]any{"configuration": map[string]any{}}), 201, &j)
	return j
}

func (e *env) session(share string, j jobJSON, name, ctype string, size int64) sessionJSON {
	e.t.Helper()
	var s sessionJSON
	path := fmt.Sprintf("/v1.0/print/shares/%s/jobs/%s/documents/%s/createUploadSession", share, j.ID, j.Documents[0].ID)
	e.decode(e.graph("POST", path, map[string]any{"properties": map[string]any{"documentName": name, "contentType": ctype, "size": size}}), 200, &s)
	return s
}

// put sends data[start:end+1] as one chunk.
func (e *env) put(url string, data []byte, start, end int64) *http.Response {
	e.t.Helper()
	return e.do("PUT", url, "", data[start:end+1], map[string]string{
		"Content-Range": fmt.Sprintf("bytes %d-%d/%d", start, end, len(data)),
	})
}

func (e *env) jobState(share, id string) statusJSONT {
	e.t.Helper()
	var j jobJSON
	e.decode(e.graph("GET", "/v1.0/print/shares/"+share+"/jobs/"+id, nil), 200, &j)
	return j.Status
}

// waitState polls until the job reaches state (the processing timer is 50ms).
func (e *env) waitState(share, id, state string) statusJSONT {
	e.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		st := e.jobState(share, id)
		if st.State == state {
			return st
		}
		if time.Now().After(deadline) {
			e.t.Fatalf("job %s stayed %s, want %s", id, st.State, state)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func pattern(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i*7 + i/251)
	}
	return b
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

func statErr(path string) (any, error) { return os.Stat(path) }
