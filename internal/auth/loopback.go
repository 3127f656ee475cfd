package auth

import (
	"context"
	"crypto/subtle"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
	"time"

	"printdrop/internal/secret"
)

const (
	callbackPath = "/callback"
	// startPrefix begins the one-time start path: the browser is opened on
	// http://127.0.0.1:PORT/start/<random>, which redirects to the
	// authorize URL, so state and code challenge never appear on a command
	// line, where any local user can read them (/proc/PID/cmdline).
	startPrefix = "/start/"
	// maxCallbackBody caps a posted answer; a real one is a few KiB.
	maxCallbackBody = 64 << 10
	// verdictWait bounds how long the browser's request is held while the
	// code is exchanged, so the page it shows tells the truth.
	verdictWait = 40 * time.Second
	// shutdownGrace lets the result page reach the browser before the
	// listener is torn down.
	shutdownGrace = 2 * time.Second
)

// answer is what the browser brought back: a code, or the platform's error.
type answer struct {
	code secret.Value
	err  error
	// verdict receives the outcome of the code exchange (nil: signed in),
	// so the page the browser shows matches what PrintDrop concluded.
	verdict chan error
}

// loopback is a one-shot HTTP listener on 127.0.0.1 that waits for the
// identity platform's redirect (RFC 8252 §7.3). It is bound before the
// browser opens and closed as soon as an answer is in or the wait ends.
type loopback struct {
	ln       net.Listener
	srv      *http.Server
	host     string // "127.0.0.1:port", the only Host accepted
	state    secret.Value
	start    secret.Value                 // the one-time start path, "/start/<random>"
	authURL  atomic.Pointer[secret.Value] // where start redirects, set before the browser opens
	started  atomic.Bool
	formPost bool
	log      *slog.Logger

	handled   atomic.Bool   // the first valid answer wins
	answers   chan answer   // capacity 1; only the winner sends
	quit      chan struct{} // closed when the waiter stops waiting
	closeOnce sync.Once
}

// listenLoopback binds a fresh port on 127.0.0.1 (tcp4: never a host name
// that might resolve elsewhere, never all interfaces).
func listenLoopback(state secret.Value, mode ResponseMode, log *slog.Logger) (*loopback, error) {
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		return nil, &PortError{Err: err}
	}
	l := &loopback{
		ln:       ln,
		host:     ln.Addr().String(),
		state:    state,
		start:    secret.Value(startPrefix + newState().Reveal()),
		formPost: mode != Query,
		log:      log,
		answers:  make(chan answer, 1),
		quit:     make(chan struct{}),
	}
	l.srv = &http.Server{
		Handler:           http.HandlerFunc(l.onCallback),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      verdictWait + 10*time.Second,
		IdleTimeout:       10 * time.Second,
		MaxHeaderBytes:    16 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelDebug),
	}
	go func() { _ = l.srv.Serve(ln) }()
	return l, nil
}

// redirectURL is the redirect_uri for this attempt. Entra ignores the port
// of loopback redirect URIs, so one registration of http://127.0.0.1 covers
// every port.
func (l *loopback) redirectURL() string {
	return "http://" + l.host + callbackPath
}

// startURL is the one-time address the browser is opened on; it holds
// nothing but a random path.
func (l *loopback) startURL() string {
	return "http://" + l.host + l.start.Reveal()
}

// onStart redirects the first request for the start path to the authorize
// URL and refuses every later one: a second opener is either a reload or
// someone else, and the authorize URL is not given twice.
func (l *loopback) onStart(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", http.MethodGet)
		writePage(w, http.StatusMethodNotAllowed, pageNotFound)
		return
	}
	target := l.authURL.Load()
	if target == nil { // not ready: only a guess could get here this early
		writePage(w, http.StatusNotFound, pageNotFound)
		return
	}
	if !l.started.CompareAndSwap(false, true) {
		l.log.Warn("sign-in: the one-time start link was opened again; refused")
		writePage(w, http.StatusGone, pageStartUsed)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	w.Header().Set("Location", target.Reveal())
	w.WriteHeader(http.StatusFound)
}

// onCallback handles every request to the listener. Only a request with the
// right Host, path, method and state can end the wait; anything else is
// refused without disturbing it, so a stray tab or a hostile page cannot
// cancel or hijack the real sign-in.
func (l *loopback) onCallback(w http.ResponseWriter, r *http.Request) {
	if r.Host != l.host { // DNS rebinding: a page on another name reaching our port
		writePage(w, http.StatusMisdirectedRequest, pageWrongHost)
		return
	}
	if r.URL.Path == l.start.Reveal() {
		l.onStart(w, r)
		return
	}
	if r.URL.Path != callbackPath {
		writePage(w, http.StatusNotFound, pageNotFound)
		return
	}
	want := http.MethodGet
	if l.formPost {
		want = http.MethodPost
	}
	if r.Method != want {
		w.Header().Set("Allow", want)
		writePage(w, http.StatusMethodNotAllowed, pageUsePost)
		return
	}
	params, ok := l.params(w, r)
	if !ok {
		return
	}
	got := params.Get("state")
	if got == "" || subtle.ConstantTimeCompare([]byte(got), []byte(l.state.Reveal())) != 1 {
		l.log.Info("sign-in: ignored an answer with a missing or wrong state; still waiting")
		writePage(w, http.StatusBadRequest, pageWrongState)
		return
	}
	if !l.handled.CompareAndSwap(false, true) {
		writePage(w, http.StatusConflict, pageAlreadyHandled)
		return
	}
	a := answer{verdict: make(chan error, 1)}
	switch {
	case params.Get("error") != "":
		a.err = &AuthError{Code: params.Get("error"), Description: params.Get("error_description")}
	case params.Get("code") == "":
		a.err = &AuthError{Code: "invalid_response", Description: "the answer held neither a code nor an error"}
	default:
		a.code = secret.Value(params.Get("code"))
	}
	l.answers <- a

	var err error
	select {
	case err = <-a.verdict:
	case <-l.quit:
		// The waiter sends the verdict before it closes quit, so a verdict
		// may be ready too; it wins over "stopped waiting".
		select {
		case err = <-a.verdict:
		default:
			writePage(w, http.StatusServiceUnavailable, pageStopped)
			return
		}
	case <-r.Context().Done():
		return
	case <-time.After(verdictWait):
		writePage(w, http.StatusGatewayTimeout, pageStopped)
		return
	}
	var ae *AuthError
	switch {
	case err == nil:
		writePage(w, http.StatusOK, pageSignedIn)
	case errors.Is(err, ErrCancelled):
		writePage(w, http.StatusOK, pageCancelled)
	case errors.As(err, &ae):
		p := pageFailed
		p.Code = ae.Code
		writePage(w, http.StatusOK, p)
	default:
		writePage(w, http.StatusOK, pageFailed)
	}
}

// params reads the answer from the body (form_post) or the query, with the
// body capped.
func (l *loopback) params(w http.ResponseWriter, r *http.Request) (url.Values, bool) {
	if !l.formPost {
		return r.URL.Query(), true
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxCallbackBody)
	if err := r.ParseForm(); err != nil {
		status := http.StatusBadRequest
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			status = http.StatusRequestEntityTooLarge
		}
		writePage(w, status, pageBadRequest)
		return nil, false
	}
	return r.PostForm, true
}

// close stops waiting and closes the port: pages already being written get
// shutdownGrace to finish, then every connection is cut. After close returns
// a dial to the port is refused.
func (l *loopback) close() {
	l.closeOnce.Do(func() {
		close(l.quit)
		ctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
		defer cancel()
		_ = l.srv.Shutdown(ctx)
		_ = l.srv.Close()
		// Shutdown closes only the listeners Serve has taken over: if the
		// Serve goroutine has not run yet, the port would stay open until
		// it does. Closing it here keeps the promise above.
		_ = l.ln.Close()
	})
}
