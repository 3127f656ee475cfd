package bridge

import (
	"bytes"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/OpenPrinting/goipp"

	"printdrop/internal/bridgelink"
	"printdrop/internal/emulator"
	"printdrop/internal/emulator/emutest"
)

// send makes one raw HTTP request to the bridge with the given Host and
// headers and returns the status code.
func (b *testBridge) send(method, path, host string, hdr map[string]string, body []byte) int {
	b.t.Helper()
	req, err := http.NewRequest(method, "http://"+b.addr+path, bytes.NewReader(body))
	if err != nil {
		b.t.Fatal(err)
	}
	if host != "" {
		req.Host = host
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	res, err := (&http.Client{Timeout: 10 * time.Second}).Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode
}

// TestJSONRoutesRefuseWebPages: a page in the user's browser can neither
// cancel a print (a cross-origin form POST) nor read the feed through a
// rebound DNS name; the window's own requests still work.
func TestJSONRoutesRefuseWebPages(t *testing.T) {
	b := startBridge(t, nil)
	hold := b.Fault(emutest.Fault{Kind: "hold", Host: "upload", Method: "PUT", Count: 100})
	defer b.DeleteFault(hold)
	id := jobID(t, b.ipp(emulator.ShareDefault, goipp.OpPrintJob, owner(t), nil, bytes.NewReader(tinyPDF("keep me"))))
	cancel := bridgelink.FeedPath + "/" + strconv.Itoa(id) + "/cancel"
	_, port, _ := strings.Cut(b.addr, ":")
	for _, c := range []struct {
		name, method, path, host string
		hdr                      map[string]string
	}{
		{"form post from a page", http.MethodPost, cancel, "", map[string]string{"Origin": "http://evil.example", "Content-Type": "application/x-www-form-urlencoded"}},
		{"fetch from a page", http.MethodPost, cancel, "", map[string]string{"Origin": "null"}},
		{"text body without Origin", http.MethodPost, cancel, "", map[string]string{"Content-Type": "text/plain"}},
		{"rebound name cancels", http.MethodPost, cancel, "evil.example:" + port, nil},
		{"rebound name reads the feed", http.MethodGet, bridgelink.FeedPath, "evil.example:" + port, nil},
		{"another port's name", http.MethodGet, bridgelink.FeedPath, "127.0.0.1:1", nil},
	} {
		if got := b.send(c.method, c.path, c.host, c.hdr, nil); got != http.StatusForbidden {
			t.Errorf("%s: HTTP %d, want 403", c.name, got)
		}
	}
	m := b.ipp(emulator.ShareDefault, goipp.OpGetJobAttributes, owner(t), nil, nil, intAttr("job-id", id))
	if st := first(m.Job, "job-state"); st == goipp.Integer(stateCanceled) {
		t.Fatal("a refused request cancelled the print")
	}
	if got := b.send(http.MethodPost, cancel, "localhost:"+port, nil, nil); got != http.StatusNoContent {
		t.Errorf("the window's cancel: HTTP %d, want 204", got)
	}
}

// TestIPPRefusesForeignHost: an IPP request whose Host is not this
// computer (DNS rebinding) or that a web page sent is refused before its
// body is read; CUPS's names for the bridge are served.
func TestIPPRefusesForeignHost(t *testing.T) {
	b := startBridge(t, nil)
	req := b.request(emulator.ShareDefault, goipp.OpGetPrinterAttributes, "")
	body, _ := req.EncodeBytes()
	_, port, _ := strings.Cut(b.addr, ":")
	path := "/printers/" + emulator.ShareDefault
	ipp := map[string]string{"Content-Type": "application/ipp"}
	if got := b.send(http.MethodPost, path, "attacker.example:"+port, ipp, body); got != http.StatusForbidden {
		t.Errorf("rebound Host: HTTP %d, want 403", got)
	}
	withOrigin := map[string]string{"Content-Type": "application/ipp", "Origin": "http://evil.example"}
	if got := b.send(http.MethodPost, path, "", withOrigin, body); got != http.StatusForbidden {
		t.Errorf("from a web page: HTTP %d, want 403", got)
	}
	host, _ := os.Hostname()
	short, _, _ := strings.Cut(host, ".")
	for _, h := range []string{"localhost:" + port, "127.0.0.1:" + port, strings.ToLower(short) + ".local:" + port} {
		if got := b.send(http.MethodPost, path, h, ipp, body); got != http.StatusOK {
			t.Errorf("Host %s: HTTP %d, want 200", h, got)
		}
	}
}

// TestUnsupportedHugeValueStillAnswers: an unsupported attribute with a
// 40,000-byte value (over the 32,767 an IPP value may have) is echoed cut
// short, so the answer encodes and the job it accepted is reported.
func TestUnsupportedHugeValueStillAnswers(t *testing.T) {
	b := startBridge(t, nil)
	const marker = 30000
	req := b.request(emulator.ShareDefault, goipp.OpPrintJob, owner(t))
	req.Job.Add(goipp.MakeAttribute("sides", goipp.TagKeyword, goipp.String(strings.Repeat("x", marker))))
	head, err := req.EncodeBytes()
	if err != nil {
		t.Fatal(err)
	}
	// goipp will not encode a value past 32,767 bytes: grow it by hand,
	// as a hostile client would.
	i := bytes.Index(head, bytes.Repeat([]byte("x"), marker))
	if i < 2 || head[i-2] != byte(marker>>8) || head[i-1] != byte(marker&0xff) {
		t.Fatal("could not find the value's length in the encoded request")
	}
	const huge = 40000
	raw := append([]byte{}, head[:i-2]...)
	raw = append(raw, byte(huge>>8), byte(huge&0xff))
	raw = append(raw, bytes.Repeat([]byte("x"), huge)...)
	raw = append(raw, head[i+marker:]...)
	raw = append(raw, tinyPDF("huge attribute")...)
	res, err := http.Post("http://"+b.addr+"/printers/"+emulator.ShareDefault, "application/ipp", bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		msg, _ := io.ReadAll(res.Body)
		t.Fatalf("HTTP %d (%s), want an IPP answer", res.StatusCode, msg)
	}
	var m goipp.Message
	if err := m.Decode(res.Body); err != nil {
		t.Fatal(err)
	}
	if st := goipp.Status(m.Code); st != goipp.StatusOkIgnoredOrSubstituted {
		t.Fatalf("status %v, want successful-ok-ignored-or-substituted", st)
	}
	for _, a := range m.Unsupported {
		if s, ok := a.Values[0].V.(goipp.String); a.Name == "sides" && (!ok || len(s) > maxEchoValue) {
			t.Errorf("echoed %d bytes, want at most %d", len(s), maxEchoValue)
		}
	}
	id, ok := first(m.Job, "job-id").(goipp.Integer)
	if !ok {
		t.Fatal("the answer names no job")
	}
	final := b.waitJob(emulator.ShareDefault, int(id))
	if st := first(final, "job-state"); st != goipp.Integer(stateCompleted) {
		t.Errorf("job-state %v, want completed", st)
	}
}

// TestSpoolFilesAreNotTrusted: what a restarted bridge finds in its spool
// is read as untrusted: symlinks are not followed (a /dev/zero next-id
// once took memory without end), manifests are size-capped, ids checked.
func TestSpoolFilesAreNotTrusted(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("needs /dev/zero")
	}
	b := startBridge(t, nil)
	b.stop()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.Symlink("/dev/zero", filepath.Join(b.spool, nextIDFile)))
	must(os.Symlink("/dev/zero", filepath.Join(b.spool, "job-7.json")))
	writeFile(t, b.spool, "job-8.json", bytes.Repeat([]byte(" "), maxManifest+1))
	writeFile(t, b.spool, "job-9.json", []byte(`{"id":9,"share_id":"`+emulator.ShareDefault+`","up_job_id":"../../print/shares","started":true}`))
	writeFile(t, b.spool, "job-10.json", []byte(`{"id":2147483648,"share_id":"`+emulator.ShareDefault+`"}`))
	started := make(chan struct{})
	go func() { b.serve(); close(started) }()
	select {
	case <-started:
	case <-time.After(20 * time.Second):
		t.Fatal("the bridge did not start within 20 s with a hostile spool")
	}
	b.srv.mu.Lock()
	n := len(b.srv.jobs)
	b.srv.mu.Unlock()
	if n != 0 {
		t.Errorf("%d jobs taken from hostile manifests, want 0", n)
	}
	if id := jobID(t, b.ipp(emulator.ShareDefault, goipp.OpCreateJob, owner(t), nil, nil)); id != 1 {
		t.Errorf("first job id %d, want 1", id)
	}
}

// TestJobIDsStayPositive: after job 2^31-1 the ids start again at 1, never
// at a negative job-id.
func TestJobIDsStayPositive(t *testing.T) {
	b := startBridge(t, nil)
	b.stop()
	writeFile(t, b.spool, nextIDFile, []byte("2147483647"))
	b.serve()
	if id := jobID(t, b.ipp(emulator.ShareDefault, goipp.OpCreateJob, owner(t), nil, nil)); id != maxJobID {
		t.Errorf("job id %d, want %d", id, maxJobID)
	}
	if id := jobID(t, b.ipp(emulator.ShareDefault, goipp.OpCreateJob, owner(t), nil, nil)); id != 1 {
		t.Errorf("job id after the largest: %d, want 1", id)
	}
}

// TestConnectionsAreCapped: idle connections beyond Config.MaxConns wait
// for a free slot instead of taking a file descriptor and a handler each.
func TestConnectionsAreCapped(t *testing.T) {
	b := startBridge(t, func(c *Config) { c.MaxConns = 2 })
	var idle []net.Conn
	for range 2 {
		c, err := net.Dial("tcp", b.addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		idle = append(idle, c)
	}
	get := func(timeout time.Duration) error {
		c := &http.Client{Timeout: timeout, Transport: &http.Transport{DisableKeepAlives: true}}
		res, err := c.Get("http://" + b.addr + "/")
		if err == nil {
			res.Body.Close()
		}
		return err
	}
	if err := get(500 * time.Millisecond); err == nil {
		t.Fatal("a third connection was served while two held every slot")
	}
	idle[0].Close()
	if err := get(10 * time.Second); err != nil {
		t.Fatalf("no slot freed by a closed connection: %v", err)
	}
}

// trickle yields one byte per gap, for at most n bytes: a client that
// keeps a body alive without ever finishing it.
type trickle struct {
	gap  time.Duration
	left int
}

func (r *trickle) Read(p []byte) (int, error) {
	if r.left == 0 {
		return 0, io.EOF
	}
	time.Sleep(r.gap)
	r.left--
	p[0] = '%'
	return 1, nil
}

// TestSlowBodyEnds: a body that sends a byte now and then (never idle
// long enough to be dropped) still ends at Config.BodyTimeout.
func TestSlowBodyEnds(t *testing.T) {
	b := startBridge(t, func(c *Config) { c.BodyTimeout = time.Second })
	req := b.request(emulator.ShareDefault, goipp.OpPrintJob, owner(t))
	head, _ := req.EncodeBytes()
	// 30 s of trickle: far past the 1 s the bridge allows.
	body := io.MultiReader(bytes.NewReader(head), &trickle{gap: 100 * time.Millisecond, left: 300})
	done := make(chan error, 1)
	go func() {
		res, err := http.Post("http://"+b.addr+"/printers/"+emulator.ShareDefault, "application/ipp", body)
		if err == nil {
			res.Body.Close()
		}
		done <- err
	}()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("a trickling body still held its request after 20 s (limit 1 s)")
	}
}
