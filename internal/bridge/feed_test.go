package bridge

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/OpenPrinting/goipp"

	"printdrop/internal/bridgelink"
	"printdrop/internal/emulator"
	"printdrop/internal/emulator/emutest"
	"printdrop/internal/workflow"
)

// feedLog is what a bridgelink.Watcher saw of a bridge's feed.
type feedLog struct {
	mu        sync.Mutex
	snapshots [][]bridgelink.Print
	errs      []error
}

// watch follows the feed at addr with the window's client until the test
// ends.
func watch(t *testing.T, addr string) *feedLog {
	t.Helper()
	log := &feedLog{}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	w := &bridgelink.Watcher{Addr: addr, MinBackoff: 20 * time.Millisecond, MaxBackoff: 100 * time.Millisecond,
		OnError: func(err error) { log.mu.Lock(); log.errs = append(log.errs, err); log.mu.Unlock() }}
	go func() {
		done <- w.Watch(ctx, func(ps []bridgelink.Print) {
			log.mu.Lock()
			log.snapshots = append(log.snapshots, ps)
			log.mu.Unlock()
		})
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; !errors.Is(err, context.Canceled) {
			t.Errorf("Watch returned %v, want context.Canceled", err)
		}
	})
	return log
}

// history is print id as each snapshot showed it, in order.
func (l *feedLog) history(id int) []bridgelink.Print {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []bridgelink.Print
	for _, s := range l.snapshots {
		for _, p := range s {
			if p.ID == id {
				out = append(out, p)
			}
		}
	}
	return out
}

// waitFor waits until print id satisfies ok in a snapshot, and returns it.
func (l *feedLog) waitFor(t *testing.T, id int, what string, ok func(bridgelink.Print) bool) bridgelink.Print {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		h := l.history(id)
		for i := len(h) - 1; i >= 0; i-- {
			if ok(h[i]) {
				return h[i]
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("the feed never showed print %d %s; it showed %+v", id, what, l.history(id))
	return bridgelink.Print{}
}

func (l *feedLog) errKinds() []bridgelink.FeedErrorKind {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []bridgelink.FeedErrorKind
	for _, err := range l.errs {
		var be *bridgelink.FeedError
		if errors.As(err, &be) {
			out = append(out, be.Kind)
		}
	}
	return out
}

// paddedPDF is a valid PDF of about size bytes.
func paddedPDF(size int) []byte {
	doc := tinyPDF("padded")
	return append(doc, bytes.Repeat([]byte{'\n'}, size-len(doc))...)
}

// TestFeedFollowsPrint: a print sent by IPP appears in the feed with its
// printer and document, acked growing and missing shrinking as chunks are
// acknowledged, then ended and succeeded; as a workflow.Event it reads as
// the window's own prints do.
func TestFeedFollowsPrint(t *testing.T) {
	b := startBridgeWith(t, func(s *workflow.Settings) { s.ChunkSize, s.Parallel = workflow.ChunkUnit, 1 },
		func(c *Config) { c.FeedEvery = 5 * time.Millisecond })
	feed := watch(t, b.addr)
	// The first two chunks' answers come slowly, so the feed sees the
	// upload part way.
	b.Fault(emutest.Fault{Kind: "trickle", Host: "upload", Method: "PUT", Count: 2, IntervalMS: 3})
	doc := paddedPDF(3 * workflow.ChunkUnit)
	id := jobID(t, b.ipp(emulator.ShareDefault, goipp.OpPrintJob, owner(t), nil, bytes.NewReader(doc),
		goipp.MakeAttribute("job-name", goipp.TagName, goipp.String("quarterly report"))))
	final := feed.waitFor(t, id, "ended", func(p bridgelink.Print) bool { return p.Ended })
	if !final.Succeeded || final.Outcome != "Printed." || final.JobState != "completed" || final.Acked != int64(len(doc)) || len(final.Missing) != 0 {
		t.Fatalf("final %+v, want succeeded, Printed., all acked, nothing missing", final)
	}
	if final.Printer != "Lyon HQ – Floor 2 Copy Room" && final.Printer == "" || final.Document != "quarterly report" || final.ShareID != emulator.ShareDefault {
		t.Errorf("final names: printer %q document %q share %q", final.Printer, final.Document, final.ShareID)
	}
	if e := final.Event(); e.Job() == nil || !e.Job().Terminal || !e.Job().Succeeded || e.Upload.Acked != e.Upload.Total || e.Words() != "Printed." {
		t.Errorf("Event() of the ended print: %+v, job %+v", e, e.Job())
	}
	var partWay bool
	var lastAcked, lastMissing int64 = -1, int64(len(doc)) + 1
	for _, p := range feed.history(id) {
		if p.Acked < lastAcked {
			t.Errorf("acked went back from %d to %d", lastAcked, p.Acked)
		}
		if p.Total > 0 {
			missing := p.Missing.Size()
			if p.Acked > 0 && missing > lastMissing {
				t.Errorf("missing grew from %d to %d bytes", lastMissing, missing)
			}
			if p.Acked > 0 && p.Acked < p.Total && missing > 0 && missing < p.Total && !p.Ended {
				partWay = true
				if !strings.HasPrefix(p.Phase, "Uploading") && !strings.HasPrefix(p.Phase, "Retrying") {
					t.Errorf("phase part way: %q", p.Phase)
				}
			}
			if p.Acked > 0 {
				lastMissing = missing
			}
		}
		lastAcked = p.Acked
	}
	if !partWay {
		t.Fatalf("no snapshot showed the upload part way: %+v", feed.history(id))
	}
}

// TestFeedFailureSentence: a failing upload ends in the feed with the
// sentence the IPP job-state-message carries.
func TestFeedFailureSentence(t *testing.T) {
	b := startBridge(t, nil)
	feed := watch(t, b.addr)
	b.Fault(emutest.Fault{Kind: "status", Status: 403, Host: "upload", Method: "PUT", Count: 100})
	id := jobID(t, b.ipp(emulator.ShareDefault, goipp.OpPrintJob, owner(t), nil, bytes.NewReader(tinyPDF("doomed"))))
	msg, _ := first(b.waitJob(emulator.ShareDefault, id), "job-state-message").(goipp.String)
	final := feed.waitFor(t, id, "ended", func(p bridgelink.Print) bool { return p.Ended })
	if final.Succeeded || final.Outcome != string(msg) || len(msg) < 10 || final.JobState != "aborted" {
		t.Fatalf("final %+v; IPP job-state-message %q", final, msg)
	}
	if j := final.Event().Job(); j == nil || !j.Terminal || j.Succeeded || j.Description != string(msg) {
		t.Errorf("Event() of the failed print: job %+v", j)
	}
}

// TestFeedCancel: POST /printdrop/prints/{id}/cancel ends the IPP job as
// canceled and cancels the Universal Print job; then, and for an unknown
// id, it answers 404.
func TestFeedCancel(t *testing.T) {
	b := startBridge(t, nil)
	feed := watch(t, b.addr)
	hold := b.Fault(emutest.Fault{Kind: "hold", Host: "upload", Method: "PUT", Count: 100})
	id := jobID(t, b.ipp(emulator.ShareDefault, goipp.OpPrintJob, owner(t), nil, bytes.NewReader(tinyPDF("cancel me"))))
	feed.waitFor(t, id, "uploading", func(p bridgelink.Print) bool { return !p.Ended && p.Total > 0 })
	b.srv.mu.Lock()
	upJob := b.srv.jobs[id].upJobID
	b.srv.mu.Unlock()
	if upJob == "" {
		t.Fatal("no Universal Print job while uploading")
	}
	ctx := context.Background()
	if err := bridgelink.Cancel(ctx, b.addr, id); err != nil {
		t.Fatalf("CancelAppPrint: %v", err)
	}
	b.DeleteFault(hold)
	final := b.waitJob(emulator.ShareDefault, id)
	if st := first(final, "job-state"); st != goipp.Integer(stateCanceled) {
		t.Fatalf("job-state %v (%v), want canceled", st, first(final, "job-state-message"))
	}
	if st := b.JobState(upJob); st != "canceled" {
		t.Errorf("Universal Print job %s, want canceled", st)
	}
	ended := feed.waitFor(t, id, "ended", func(p bridgelink.Print) bool { return p.Ended })
	if ended.Succeeded || ended.JobState != "canceled" || ended.Outcome != "Canceled." {
		t.Errorf("feed after cancel: %+v", ended)
	}
	for _, n := range []int{id, 999} {
		var be *bridgelink.FeedError
		if err := bridgelink.Cancel(ctx, b.addr, n); !errors.As(err, &be) || be.Kind != bridgelink.FeedNoSuchPrint {
			t.Errorf("cancel %d again: %v, want BridgeNoSuchPrint", n, err)
		}
	}
}

// TestFeedSlowSubscriber: a subscriber whose lines are not taken does not
// hold up printing (the print ends while its write is stuck), and once it
// reads again it gets the latest snapshot, not every one it missed.
func TestFeedSlowSubscriber(t *testing.T) {
	release := make(chan struct{})
	var calls, blocked atomic.Int32
	b := startBridge(t, func(c *Config) {
		c.FeedEvery = time.Millisecond
		c.feedHook = func() {
			if calls.Add(1) == 2 { // the first change after the snapshot
				blocked.Store(1)
				<-release
			}
		}
	})
	defer func() {
		select {
		case <-release:
		default:
			close(release)
		}
	}()
	client := &http.Client{Timeout: 30 * time.Second}
	res, err := client.Get("http://" + b.addr + bridgelink.FeedPath)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	lines := bufio.NewScanner(res.Body)
	if !lines.Scan() {
		t.Fatalf("no first snapshot: %v", lines.Err())
	}
	var ids []int
	for i := range 3 {
		ids = append(ids, jobID(t, b.ipp(emulator.ShareDefault, goipp.OpPrintJob, owner(t), nil, bytes.NewReader(tinyPDF("p"+string(rune('a'+i)))))))
	}
	for _, id := range ids {
		if st := first(b.waitJob(emulator.ShareDefault, id), "job-state"); st != goipp.Integer(stateCompleted) {
			t.Fatalf("job %d: %v while a subscriber was stuck", id, st)
		}
	}
	if blocked.Load() != 1 {
		t.Fatal("the subscriber's write was never stuck: the test proves nothing")
	}
	close(release)
	n := 0
	for lines.Scan() {
		n++
		var line bridgelink.FeedLine
		if err := json.Unmarshal(lines.Bytes(), &line); err != nil {
			t.Fatal(err)
		}
		if line.Prints == nil {
			continue
		}
		done := 0
		for _, p := range *line.Prints {
			if p.Ended && p.Succeeded {
				done++
			}
		}
		if done == len(ids) {
			break
		}
		if n > 3 {
			t.Fatalf("line %d after the subscriber woke is still not the latest: %s", n, lines.Bytes())
		}
	}
	if n == 0 {
		t.Fatalf("no line after waking: %v", lines.Err())
	}
}

// TestFeedKeepAlive: an idle feed writes a keep-alive line at least every
// FeedKeepAlive.
func TestFeedKeepAlive(t *testing.T) {
	b := startBridge(t, func(c *Config) { c.FeedKeepAlive = 30 * time.Millisecond })
	client := &http.Client{Timeout: 10 * time.Second} // a feed that stays silent fails the test, bounded
	res, err := client.Get("http://" + b.addr + bridgelink.FeedPath)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if ct := res.Header.Get("Content-Type"); ct != "application/x-ndjson" {
		t.Errorf("Content-Type %q", ct)
	}
	lines := bufio.NewScanner(res.Body)
	lines.Scan()
	if got := lines.Text(); got != `{"prints":[]}` {
		t.Errorf("first line %s, want an empty snapshot", got)
	}
	for range 3 {
		if !lines.Scan() || lines.Text() != `{"keepalive":true}` {
			t.Fatalf("want keep-alive lines, got %q (%v)", lines.Text(), lines.Err())
		}
	}
}

// TestFeedReconnects: the window's watcher finds the bridge again after it
// restarts, and sees the prints of the new run.
func TestFeedReconnects(t *testing.T) {
	b := startBridge(t, nil)
	b.keepPort = true
	feed := watch(t, b.addr)
	first := jobID(t, b.ipp(emulator.ShareDefault, goipp.OpPrintJob, owner(t), nil, bytes.NewReader(tinyPDF("before"))))
	feed.waitFor(t, first, "ended", func(p bridgelink.Print) bool { return p.Ended })
	b.stop()
	deadline := time.Now().Add(10 * time.Second)
	for !containsKind(feed.errKinds(), bridgelink.FeedUnreachable) {
		if time.Now().After(deadline) {
			t.Fatalf("no BridgeUnreachable while the bridge was down: %v", feed.errKinds())
		}
		time.Sleep(10 * time.Millisecond)
	}
	b.serve()
	second := jobID(t, b.ipp(emulator.ShareDefault, goipp.OpPrintJob, owner(t), nil, bytes.NewReader(tinyPDF("after"))))
	if second == first {
		t.Fatalf("the restarted bridge reused job id %d", first)
	}
	if p := feed.waitFor(t, second, "ended", func(p bridgelink.Print) bool { return p.Ended }); !p.Succeeded {
		t.Errorf("after the restart: %+v", p)
	}
}

func containsKind(kinds []bridgelink.FeedErrorKind, k bridgelink.FeedErrorKind) bool {
	for _, x := range kinds {
		if x == k {
			return true
		}
	}
	return false
}

// TestFeedOwnerOnly: the feed's routes refuse a connection of a user the
// listener serves for IPP (CUPS's lp) but who is not the bridge's owner.
func TestFeedOwnerOnly(t *testing.T) {
	if !peerUIDSupported {
		t.Skip("the peer uid check needs Linux")
	}
	b := startBridge(t, nil)
	// This process now counts as lp: allowed to print, not the owner.
	b.srv.ownerUID.Store(int64(os.Getuid() + 4242))
	res, err := http.Get("http://" + b.addr + bridgelink.FeedPath)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("feed for another uid: HTTP %d, want 403", res.StatusCode)
	}
	var be *bridgelink.FeedError
	if err := bridgelink.Cancel(context.Background(), b.addr, 1); !errors.As(err, &be) || be.Kind != bridgelink.FeedRefused {
		t.Errorf("cancel for another uid: %v, want BridgeRefused", err)
	}
	m := b.ipp(emulator.ShareDefault, goipp.OpGetPrinterAttributes, owner(t), nil, nil)
	if goipp.Status(m.Code) != goipp.StatusOk {
		t.Errorf("IPP for the same connection user: %v", goipp.Status(m.Code))
	}
}
