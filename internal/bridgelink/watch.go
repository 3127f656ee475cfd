package bridgelink

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"slices"
	"time"

	"printdrop/internal/httpsonly"
)

// Bounds of the feed's client. A bridge writes a keep-alive at least every
// 15 s, so 45 s of silence means it (or the connection) is gone.
const (
	appPrintsIdle       = 45 * time.Second
	appPrintsMinBackoff = time.Second
	appPrintsMaxBackoff = 30 * time.Second
	appPrintsMaxLine    = 1 << 20
	// MaxShown bounds the prints one snapshot hands on: the bridge
	// keeps at most 20 ended ones, and a window of rows for thousands (from
	// a hostile program on the port) would take hundreds of MiB.
	MaxShown          = 100
	bridgeCallTimeout = 10 * time.Second
)

// Watcher follows the bridge's feed of prints (see Watch);
// its fields bound it, and tests shorten them.
type Watcher struct {
	// Addr is the bridge's host:port; "" is Listen. Only loopback.
	Addr string
	// Idle is how long the feed may stay silent before the watcher
	// reconnects; 0 is 45 s.
	Idle time.Duration
	// MinBackoff and MaxBackoff pace reconnecting while the bridge is
	// absent: MinBackoff, doubling up to MaxBackoff; 0 is 1 s and 30 s.
	MinBackoff, MaxBackoff time.Duration
	// MaxLine bounds one line of the feed; 0 is 1 MiB.
	MaxLine int
	// OnError hears why each connection failed or ended (a *FeedError),
	// so a window can say the bridge is off; nil ignores. Called from the
	// watcher's goroutine.
	OnError func(error)
}

// Watch follows the prints of the bridge at addr ("" is
// Listen) and calls got with every snapshot, from its own goroutine
// (a window hands it to fyne.Do). While the bridge is absent it retries,
// 1 s doubling to 30 s. It returns only when ctx ends (with ctx's error),
// or at once when addr is not a loopback address.
func Watch(ctx context.Context, addr string, got func([]Print)) error {
	return (&Watcher{Addr: addr}).Watch(ctx, got)
}

// Watch is Watch with w's bounds.
func (w *Watcher) Watch(ctx context.Context, got func([]Print)) error {
	u, err := bridgeURL(w.Addr, FeedPath)
	if err != nil {
		return err
	}
	idle, minB, maxB, maxLine := w.Idle, w.MinBackoff, w.MaxBackoff, w.MaxLine
	if idle <= 0 {
		idle = appPrintsIdle
	}
	if minB <= 0 {
		minB = appPrintsMinBackoff
	}
	if maxB < minB {
		maxB = max(minB, appPrintsMaxBackoff)
	}
	if maxLine <= 0 {
		maxLine = appPrintsMaxLine
	}
	client := bridgeClient()
	defer client.CloseIdleConnections()
	wait := minB
	for {
		delivered, err := w.follow(ctx, client, u, idle, maxLine, got)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if delivered {
			wait = minB // it worked: a restarted bridge is found again quickly
		}
		if err != nil && w.OnError != nil {
			w.OnError(err)
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
		wait = min(wait*2, maxB)
	}
}

// follow reads one connection's lines until it fails; delivered reports
// whether a snapshot got through.
func (w *Watcher) follow(ctx context.Context, client *http.Client, u string, idle time.Duration, maxLine int, got func([]Print)) (delivered bool, err error) {
	addr := hostOf(u)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	silent := make(chan struct{})
	// The timer cancels the request when no line came within idle: a
	// bridge that stopped writing (or a connection that died quietly)
	// must not hold the watcher forever.
	timer := time.AfterFunc(idle, func() { close(silent); cancel() })
	defer timer.Stop()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return false, &FeedError{Kind: FeedBadAnswer, Addr: addr, Err: err}
	}
	req.Header.Set("Accept", FeedType)
	res, err := client.Do(req)
	if err != nil {
		return false, classifyBridgeErr(addr, err, silent)
	}
	defer res.Body.Close()
	if err := checkFeedAnswer(addr, res); err != nil {
		return false, err
	}
	sc := bufio.NewScanner(res.Body)
	// The bound is the larger of the buffer's capacity and maxLine.
	sc.Buffer(make([]byte, 0, min(64<<10, maxLine)), maxLine)
	for sc.Scan() {
		timer.Reset(idle)
		var line FeedLine
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			return delivered, &FeedError{Kind: FeedBadAnswer, Addr: addr, Err: fmt.Errorf("a line of the feed is not JSON: %w", err)}
		}
		if line.Prints != nil {
			got(newestPrints(*line.Prints, MaxShown))
			delivered = true
		}
	}
	err = sc.Err()
	if errors.Is(err, bufio.ErrTooLong) {
		return delivered, &FeedError{Kind: FeedBadAnswer, Addr: addr, Err: fmt.Errorf("a line of the feed is longer than %d bytes", maxLine)}
	}
	if err == nil {
		err = io.EOF // the bridge closed the feed (stopped or restarting)
	}
	return delivered, classifyBridgeErr(addr, err, silent)
}

// newestPrints keeps the n prints updated last, in the feed's order.
func newestPrints(prints []Print, n int) []Print {
	if len(prints) <= n {
		return prints
	}
	byTime := slices.Clone(prints)
	slices.SortStableFunc(byTime, func(a, b Print) int { return b.Updated.Compare(a.Updated) })
	cut := byTime[n-1].Updated
	ties := 0 // how many of those updated at cut fit beside the newer ones
	for _, ap := range byTime[:n] {
		if ap.Updated.Equal(cut) {
			ties++
		}
	}
	kept := make([]Print, 0, n)
	for _, ap := range prints {
		switch {
		case ap.Updated.After(cut):
			kept = append(kept, ap)
		case ap.Updated.Equal(cut) && ties > 0:
			ties--
			kept = append(kept, ap)
		}
	}
	return kept
}

// checkFeedAnswer accepts only a 200 with the feed's content type.
func checkFeedAnswer(addr string, res *http.Response) error {
	if err := statusErr(addr, res.StatusCode); err != nil {
		return err
	}
	if res.StatusCode != http.StatusOK {
		return &FeedError{Kind: FeedBadAnswer, Addr: addr, Status: res.StatusCode}
	}
	if mt, _, _ := mime.ParseMediaType(res.Header.Get("Content-Type")); mt != FeedType {
		return &FeedError{Kind: FeedBadAnswer, Addr: addr, Status: res.StatusCode,
			Err: fmt.Errorf("the feed's content type is %q, not %s", res.Header.Get("Content-Type"), FeedType)}
	}
	return nil
}

// Cancel asks the bridge at addr ("" is Listen) to cancel
// print id, as IPP Cancel-Job would: the job ends canceled and its
// Universal Print job is canceled. It takes at most 10 s. A print that
// already ended (or is unknown) gives a *FeedError of kind
// FeedNoSuchPrint.
func Cancel(ctx context.Context, addr string, id int) error {
	u, err := bridgeURL(addr, CancelPath(id))
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, bridgeCallTimeout)
	defer cancel()
	client := bridgeClient()
	defer client.CloseIdleConnections()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, nil)
	if err != nil {
		return &FeedError{Kind: FeedBadAnswer, Addr: hostOf(u), Err: err}
	}
	res, err := client.Do(req)
	if err != nil {
		return classifyBridgeErr(hostOf(u), err, nil)
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(res.Body, 4<<10))
	res.Body.Close()
	if err := statusErr(hostOf(u), res.StatusCode); err != nil {
		return err
	}
	if res.StatusCode != http.StatusNoContent {
		return &FeedError{Kind: FeedBadAnswer, Addr: hostOf(u), Status: res.StatusCode}
	}
	return nil
}

// statusErr names the statuses the bridge's routes answer with on purpose.
func statusErr(addr string, code int) error {
	switch code {
	case http.StatusForbidden:
		return &FeedError{Kind: FeedRefused, Addr: addr, Status: code}
	case http.StatusNotFound:
		return &FeedError{Kind: FeedNoSuchPrint, Addr: addr, Status: code}
	}
	return nil
}

// bridgeURL is the plain-http URL of path on the bridge at addr, refused
// unless addr is this computer (httpsonly's rule).
func bridgeURL(addr, path string) (string, error) {
	if addr == "" {
		addr = Listen
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return "", &FeedError{Kind: FeedBadAddress, Addr: addr, Err: err}
	}
	u := &url.URL{Scheme: "http", Host: addr, Path: path}
	// The feed is plain http: httpsonly's rule allows it to this computer
	// only.
	if httpsonly.Check("the bridge's address", u) != nil || host == "" {
		return "", &FeedError{Kind: FeedBadAddress, Addr: addr}
	}
	return u.String(), nil
}

func hostOf(u string) string {
	if p, err := url.Parse(u); err == nil {
		return p.Host
	}
	return ""
}

// bridgeClient talks to the bridge on loopback: never through a proxy,
// plain http only to this computer, bounded connect and first answer
// (the feed itself streams, so there is no overall timeout).
func bridgeClient() *http.Client {
	tr := &http.Transport{
		Proxy:                 nil,
		DialContext:           (&net.Dialer{Timeout: 5 * time.Second}).DialContext,
		ResponseHeaderTimeout: 10 * time.Second,
		MaxIdleConns:          1,
		IdleConnTimeout:       30 * time.Second,
	}
	return &http.Client{Transport: httpsonly.Transport(tr),
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// classifyBridgeErr turns a transport failure into a *FeedError.
// silent is closed when the idle timer fired.
func classifyBridgeErr(addr string, err error, silent chan struct{}) error {
	if silent != nil {
		select {
		case <-silent:
			return &FeedError{Kind: FeedSilent, Addr: addr, Err: err}
		default:
		}
	}
	var opErr *net.OpError
	if errors.As(err, &opErr) && opErr.Op == "dial" {
		return &FeedError{Kind: FeedUnreachable, Addr: addr, Err: err}
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return &FeedError{Kind: FeedSilent, Addr: addr, Err: err}
	}
	return &FeedError{Kind: FeedGone, Addr: addr, Err: err}
}
