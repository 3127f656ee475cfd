package bridge

import (
	"bytes"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/OpenPrinting/goipp"

	"printdrop/internal/emulator"
	"printdrop/internal/emulator/emutest"
)

// TestFailedEndReadTwice: after one connection reads a failed job's end,
// its next request waits for a second connection to read it, as CUPS's
// backend needs (its main loop's last Get-Printer-Attributes must come
// after its monitor thread saw the abort, or CUPS calls the job printed).
func TestFailedEndReadTwice(t *testing.T) {
	b := startBridge(t, nil)
	b.Fault(emutest.Fault{Kind: "status", Status: 403, Host: "upload", Method: "PUT", Count: 1000})
	id := jobID(t, b.ipp(emulator.ShareDefault, goipp.OpPrintJob, owner(t), nil, bytes.NewReader(tinyPDF("fails"))))
	b.srv.mu.Lock()
	j := b.srv.jobs[id]
	b.srv.mu.Unlock()
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		b.srv.mu.Lock()
		ended := j.state == stateAborted
		b.srv.mu.Unlock()
		if ended {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the job did not fail")
		}
	}
	// Two clients, one connection each, as the backend's two threads.
	main, monitor := b.conn(), b.conn()
	gja := goipp.MakeAttribute("job-id", goipp.TagInteger, goipp.Integer(id))
	if st, _ := first(main.do(t, goipp.OpGetJobAttributes, gja).Job, "job-state").(goipp.Integer); st != stateAborted {
		t.Fatalf("job-state %d, want aborted", st)
	}
	answered := make(chan time.Time, 1)
	go func() {
		main.do(t, goipp.OpGetPrinterAttributes)
		answered <- time.Now()
	}()
	time.Sleep(500 * time.Millisecond)
	select {
	case <-answered:
		t.Fatal("the main connection's next request was answered before a second reader saw the end")
	default:
	}
	readAt := time.Now()
	monitor.do(t, goipp.OpGetJobAttributes, gja)
	select {
	case at := <-answered:
		if at.Before(readAt) {
			t.Fatal("answered before the second read")
		}
	case <-time.After(endWait):
		t.Fatal("the main connection was still held after the second read")
	}
}

// ippConn is an IPP client on its own keep-alive connection.
type ippConn struct {
	b *testBridge
	c *http.Client
}

func (b *testBridge) conn() *ippConn {
	tr := &http.Transport{MaxConnsPerHost: 1}
	b.t.Cleanup(tr.CloseIdleConnections)
	return &ippConn{b: b, c: &http.Client{Transport: tr, Timeout: 30 * time.Second}}
}

func (c *ippConn) do(t *testing.T, op goipp.Op, extra ...goipp.Attribute) *goipp.Message {
	req := c.b.request(emulator.ShareDefault, op, owner(t))
	for _, a := range extra {
		req.Operation.Add(a)
	}
	head, err := req.EncodeBytes()
	if err != nil {
		t.Error(err)
		return &goipp.Message{}
	}
	res, err := c.c.Post("http://"+c.b.addr+"/printers/"+emulator.ShareDefault, "application/ipp", bytes.NewReader(head))
	if err != nil {
		t.Error(err)
		return &goipp.Message{}
	}
	defer res.Body.Close()
	var m goipp.Message
	if err := m.Decode(res.Body); err != nil {
		t.Error(err)
	}
	_, _ = io.Copy(io.Discard, res.Body)
	return &m
}
