package bridge

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/OpenPrinting/goipp"
	"golang.org/x/oauth2"

	"printdrop/internal/emulator"
	"printdrop/internal/emulator/emutest"
	"printdrop/internal/secret"
	"printdrop/internal/workflow"
)

// testBridge is a bridge serving demo shares of an in-process emulator.
type testBridge struct {
	*emutest.Env
	t      *testing.T
	svc    *workflow.Service
	srv    *Server
	addr   string // host:port
	spool  string
	cfg    Config
	checks string
	done   chan error
	// upload tunes the service's uploads (chunk size, parallel PUTs).
	upload func(*workflow.Settings)
	// keepPort makes serve after stop listen on the same port again.
	keepPort bool
}

// startBridge starts an emulator and a bridge for shares (ShareDefault when
// none); edit may change the Config before the server starts.
func startBridge(t *testing.T, edit func(*Config), shares ...string) *testBridge {
	t.Helper()
	return startBridgeWith(t, nil, edit, shares...)
}

// startBridgeWith is startBridge with the service's upload settings tuned.
func startBridgeWith(t *testing.T, upload func(*workflow.Settings), edit func(*Config), shares ...string) *testBridge {
	t.Helper()
	env := emutest.Start(t, emulator.Config{JobProcessing: 30 * time.Millisecond})
	b := &testBridge{Env: env, t: t, spool: filepath.Join(t.TempDir(), "spool"), checks: t.TempDir(), upload: upload}
	b.svc = b.service()
	if len(shares) == 0 {
		shares = []string{emulator.ShareDefault}
	}
	ctx := context.Background()
	var printers []workflow.Printer
	for _, id := range shares {
		p, err := b.svc.Printer(ctx, id)
		if err != nil {
			t.Fatalf("load share %s: %v", id, err)
		}
		printers = append(printers, p)
	}
	b.cfg = Config{Service: b.svc, Printers: printers, SpoolDir: b.spool, PollEvery: 20 * time.Millisecond}
	if edit != nil {
		edit(&b.cfg)
	}
	b.serve()
	return b
}

// service is a workflow service signed in to the emulator.
func (b *testBridge) service() *workflow.Service {
	s := workflow.DefaultSettings()
	s.Cloud, s.GraphURL, s.AuthorityURL, s.ClientID = workflow.CloudCustom, b.Info.GraphURL, b.Info.AuthorityURL, b.Info.ClientID
	if b.upload != nil {
		b.upload(&s)
	}
	svc, err := workflow.New(workflow.Params{Settings: s, Secrets: secret.Memory(), CheckpointDir: b.checks,
		TokenSource: oauth2.StaticTokenSource(&oauth2.Token{AccessToken: b.Token(), TokenType: "Bearer"}),
		PollEvery:   10 * time.Millisecond, PollMax: 50 * time.Millisecond})
	if err != nil {
		b.t.Fatal(err)
	}
	return svc
}

// serve starts a server with b.cfg on a fresh loopback port, or with
// keepPort on the previous one (as the real bridge keeps its port).
func (b *testBridge) serve() {
	b.t.Helper()
	srv, err := New(b.cfg)
	if err != nil {
		b.t.Fatal(err)
	}
	addr := "127.0.0.1:0"
	if b.keepPort && b.addr != "" {
		addr = b.addr
	}
	l, err := net.Listen("tcp", addr)
	for deadline := time.Now().Add(5 * time.Second); err != nil && addr != "127.0.0.1:0" && time.Now().Before(deadline); {
		time.Sleep(50 * time.Millisecond) // the port may take a moment to be free again (Windows)
		l, err = net.Listen("tcp", addr)
	}
	if err != nil {
		b.t.Fatal(err)
	}
	b.srv, b.addr, b.done = srv, l.Addr().String(), make(chan error, 1)
	go func() { b.done <- srv.Serve(l) }()
	srv.Resume(context.Background())
	b.t.Cleanup(b.stop)
}

// stop closes the server (idempotent).
func (b *testBridge) stop() {
	if b.srv == nil {
		return
	}
	if err := b.srv.Close(); err != nil {
		b.t.Errorf("Close: %v", err)
	}
	if err := <-b.done; err != nil {
		b.t.Errorf("Serve: %v", err)
	}
	b.srv = nil
}

func (b *testBridge) uri(share string) string { return "ipp://" + b.addr + "/printers/" + share }

// ipp sends one request and decodes the answer; doc, when not nil, follows
// the attributes (chunked, as CUPS sends it).
func (b *testBridge) ipp(share string, op goipp.Op, user string, job goipp.Attributes, doc io.Reader, extra ...goipp.Attribute) *goipp.Message {
	b.t.Helper()
	m, err := b.tryIPP(share, op, user, job, doc, extra...)
	if err != nil {
		b.t.Fatal(err)
	}
	return m
}

// request is an IPP request for share with the operation attributes
// every request carries (and requesting-user-name, unless user is "").
func (b *testBridge) request(share string, op goipp.Op, user string) *goipp.Message {
	req := goipp.NewRequest(goipp.MakeVersion(2, 0), op, 1)
	req.Operation.Add(goipp.MakeAttribute("attributes-charset", goipp.TagCharset, goipp.String("utf-8")))
	req.Operation.Add(goipp.MakeAttribute("attributes-natural-language", goipp.TagLanguage, goipp.String("en")))
	req.Operation.Add(goipp.MakeAttribute("printer-uri", goipp.TagURI, goipp.String(b.uri(share))))
	if user != "" {
		req.Operation.Add(goipp.MakeAttribute("requesting-user-name", goipp.TagName, goipp.String(user)))
	}
	return req
}

func (b *testBridge) tryIPP(share string, op goipp.Op, user string, job goipp.Attributes, doc io.Reader, extra ...goipp.Attribute) (*goipp.Message, error) {
	req := b.request(share, op, user)
	for _, a := range extra {
		req.Operation.Add(a)
	}
	req.Job = job
	head, err := req.EncodeBytes()
	if err != nil {
		return nil, err
	}
	var body io.Reader = bytes.NewReader(head)
	if doc != nil {
		body = io.MultiReader(body, doc)
	}
	// A reader of unknown length makes net/http send a chunked body.
	hreq, err := http.NewRequest(http.MethodPost, "http://"+b.addr+"/printers/"+share, struct{ io.Reader }{body})
	if err != nil {
		return nil, err
	}
	hreq.Header.Set("Content-Type", "application/ipp")
	c := &http.Client{Timeout: 30 * time.Second}
	res, err := c.Do(hreq)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	if res.StatusCode != 200 {
		raw, _ := io.ReadAll(res.Body)
		return nil, fmt.Errorf("HTTP %d: %s", res.StatusCode, raw)
	}
	var out goipp.Message
	if err := out.Decode(res.Body); err != nil {
		return nil, err
	}
	return &out, nil
}

// waitJob polls Get-Job-Attributes until the job's state is final and
// returns its attributes.
func (b *testBridge) waitJob(share string, id int) goipp.Attributes {
	b.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		m := b.ipp(share, goipp.OpGetJobAttributes, owner(b.t), nil, nil,
			goipp.MakeAttribute("job-id", goipp.TagInteger, goipp.Integer(id)))
		if st, _ := first(m.Job, "job-state").(goipp.Integer); st >= stateCanceled {
			return m.Job
		}
		time.Sleep(20 * time.Millisecond)
	}
	b.t.Fatalf("job %d did not end in 30 s", id)
	return nil
}

// owner is the user name the bridge expects (the current user).
func owner(t testing.TB) string {
	s, err := New(Config{Service: &workflow.Service{}, SpoolDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	return s.cfg.Owner
}

// tinyPDF is a valid one-page PDF saying text.
func tinyPDF(text string) []byte {
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
		"", // the content stream, below
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	}
	stream := fmt.Sprintf("BT /F1 24 Tf 72 720 Td (%s) Tj ET", text)
	objs[3] = fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(stream), stream)
	var buf bytes.Buffer
	buf.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = buf.Len()
		fmt.Fprintf(&buf, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := buf.Len()
	fmt.Fprintf(&buf, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&buf, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&buf, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return buf.Bytes()
}

// writeFile writes b to dir/name and returns the path.
func writeFile(t testing.TB, dir, name string, b []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// spoolJobs lists the spool's files but the next job id: what jobs left.
func spoolJobs(dir string) []string {
	entries, _ := os.ReadDir(dir)
	var out []string
	for _, e := range entries {
		if e.Name() != nextIDFile {
			out = append(out, e.Name())
		}
	}
	return out
}

// jobCount is how many IPP jobs the bridge has, ended or not.
func (s *Server) jobCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.jobs)
}
