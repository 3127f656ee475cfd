package bridge

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/user"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"printdrop/internal/bridgelink"
	"printdrop/internal/workflow"
)

// DefaultListen is where the bridge listens unless told otherwise: a fixed
// loopback port, so CUPS queues pointing at it survive a restart. 8631 is
// not registered to anything Debian ships (CUPS itself is 631).
// The window finds the bridge there too, so the value lives in workflow.
const DefaultListen = bridgelink.Listen

// MaxDocument is the largest document a job may carry, as in the window.
const MaxDocument int64 = 1 << 30

// maxAttributes bounds the IPP attributes before the document: real
// requests are a few kilobytes.
const maxAttributes = 256 << 10

// readIdle is how long a request may go without sending a byte.
const readIdle = time.Minute

// Config builds a Server.
type Config struct {
	// Service prints the jobs (signed in): a *workflow.Service.
	Service Service
	// Printers are the shares to serve, loaded with their capabilities.
	Printers []workflow.Printer
	// SpoolDir keeps documents and job manifests until their jobs end; it is
	// created 0700. Required.
	SpoolDir string
	// Owner is the user name jobs must be submitted for; "" is the current
	// user.
	Owner string
	// AllowedUIDs are the uids that may connect; nil is the current uid and
	// CUPS's backend user (lp).
	AllowedUIDs []int
	// Logger gets one line per refusal and job; nil discards.
	Logger *slog.Logger
	// MaxDocument bounds a document; 0 is MaxDocument.
	MaxDocument int64
	// RefreshEvery is how old a printer's status may be when asked for;
	// 0 is 30 s.
	RefreshEvery time.Duration
	// PollEvery paces following a job a previous run started; 0 is 2 s.
	PollEvery time.Duration
	// MaxConns bounds the connections served at once (more wait); 0 is 64.
	MaxConns int
	// BodyTimeout bounds the time a request's body may take in all,
	// however steadily it trickles; 0 is 20 min.
	BodyTimeout time.Duration

	// The feed of prints (GET /printdrop/prints): FeedEvery is the least
	// time between two snapshots to one subscriber (0 is 100 ms),
	// FeedKeepAlive the longest silence (0 is 15 s), FeedKeepEnded how
	// long ended prints stay listed (0 is 10 min; the last 20 at most),
	// FeedWriteTimeout how long a line may take to be taken before its
	// subscriber is dropped (0 is 30 s).
	FeedEvery, FeedKeepAlive, FeedKeepEnded, FeedWriteTimeout time.Duration

	// feedHook, for tests, runs before each line of the feed is written
	// (standing in for a subscriber that stopped reading).
	feedHook func()
}

// Server is the IPP printers of a set of shares.
type Server struct {
	cfg     Config
	log     *slog.Logger
	started time.Time
	http    *http.Server
	refused atomic.Int64
	port    atomic.Int32 // the port Serve listens on, which a request's Host must name

	printers map[string]*printer // by share id
	order    []string            // share ids as configured

	jobsCtx    context.Context // ends when the server closes
	cancelJobs context.CancelFunc
	wg         sync.WaitGroup

	mu     sync.Mutex // guards the fields below
	jobs   map[int]*job
	nextID int

	feedMu    sync.Mutex // guards subs
	subs      map[chan struct{}]struct{}
	ownerUID  atomic.Int64  // the uid the feed's routes serve (this process's)
	closing   chan struct{} // closed by Close: the feed's streams end
	closeOnce sync.Once
}

// New checks cfg, creates the spool folder and loads the jobs a previous
// run left in it (call Resume to continue them).
func New(cfg Config) (*Server, error) {
	if cfg.Service == nil || cfg.SpoolDir == "" {
		return nil, errors.New("bridge: Service and SpoolDir are required")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if cfg.MaxDocument <= 0 {
		cfg.MaxDocument = MaxDocument
	}
	if cfg.RefreshEvery <= 0 {
		cfg.RefreshEvery = 30 * time.Second
	}
	if cfg.PollEvery <= 0 {
		cfg.PollEvery = 2 * time.Second
	}
	if cfg.MaxConns <= 0 {
		cfg.MaxConns = maxConns
	}
	if cfg.BodyTimeout <= 0 {
		cfg.BodyTimeout = maxBodyTime
	}
	for _, d := range []struct {
		v   *time.Duration
		def time.Duration
	}{{&cfg.FeedEvery, feedEvery}, {&cfg.FeedKeepAlive, feedKeepAlive}, {&cfg.FeedKeepEnded, feedKeepEnded}, {&cfg.FeedWriteTimeout, feedWriteLimit}} {
		if *d.v <= 0 {
			*d.v = d.def
		}
	}
	if cfg.Owner == "" {
		u, err := user.Current()
		if err != nil {
			return nil, fmt.Errorf("bridge: who is the owner: %w", err)
		}
		cfg.Owner = u.Username
	}
	if cfg.AllowedUIDs == nil {
		cfg.AllowedUIDs = []int{os.Getuid()}
		if lp, err := user.Lookup("lp"); err == nil {
			if uid, err := strconv.Atoi(lp.Uid); err == nil {
				cfg.AllowedUIDs = append(cfg.AllowedUIDs, uid)
			}
		}
	}
	if err := os.MkdirAll(cfg.SpoolDir, 0o700); err != nil {
		return nil, fmt.Errorf("bridge: create the spool folder: %w", err)
	}
	if err := os.Chmod(cfg.SpoolDir, 0o700); err != nil {
		return nil, fmt.Errorf("bridge: protect the spool folder: %w", err)
	}
	s := &Server{cfg: cfg, log: cfg.Logger, started: time.Now(), printers: map[string]*printer{},
		jobs: map[int]*job{}, nextID: 1, subs: map[chan struct{}]struct{}{}, closing: make(chan struct{})}
	s.ownerUID.Store(int64(os.Getuid()))
	s.jobsCtx, s.cancelJobs = context.WithCancel(context.Background())
	for _, p := range cfg.Printers {
		if _, dup := s.printers[p.ID()]; dup {
			continue
		}
		s.printers[p.ID()] = &printer{id: p.ID(), p: p, opts: optionsOf(p), loaded: time.Now()}
		s.order = append(s.order, p.ID())
	}
	if err := s.loadSpool(); err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/printers/{share}", s.serveIPP)
	mux.HandleFunc("GET "+bridgelink.FeedPath, s.serveFeed)
	mux.HandleFunc("POST "+bridgelink.FeedPath+"/{id}/cancel", s.serveCancel)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "PrintDrop bridge: IPP printers are at /printers/{shareId}", http.StatusNotFound)
	})
	s.http = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute,
		ErrorLog:    slog.NewLogLogger(cfg.Logger.Handler(), slog.LevelDebug),
		ConnContext: withConnState}
	return s, nil
}

// Serve accepts IPP requests on l until Close. Only loopback peers of an
// allowed uid are served (on Linux; see peerUIDSupported).
func (s *Server) Serve(l net.Listener) error {
	if a, ok := l.Addr().(*net.TCPAddr); ok {
		s.port.Store(int32(a.Port))
	}
	// The cap is under the owner check, so the connections it refuses
	// free their slots at once, and withPeerUID still sees a *peerConn.
	ol := &ownerListener{Listener: s.capConnections(l), allowed: s.cfg.AllowedUIDs, log: s.log, refused: func() { s.refused.Add(1) },
		refusing: make(chan struct{}, maxRefusing)}
	err := s.http.Serve(ol)
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

// Refused counts the connections refused so far (another user, not loopback).
func (s *Server) Refused() int64 { return s.refused.Load() }

// Close stops serving and stops the jobs under way, keeping their spooled
// documents, manifests and Universal Print jobs so the next run resumes
// them. It waits for the jobs' goroutines.
func (s *Server) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	s.closeOnce.Do(func() { close(s.closing) }) // the feed's streams never go idle by themselves
	err := s.http.Shutdown(ctx)
	s.cancelJobs()
	s.wg.Wait()
	return err
}

// Printers lists the served shares, in the configured order.
func (s *Server) Printers() []workflow.Printer {
	out := make([]workflow.Printer, 0, len(s.order))
	for _, id := range s.order {
		out = append(out, s.printers[id].current())
	}
	return out
}

// printer is one served share with its status, refreshed when stale.
type printer struct {
	id     string // the share id, which never changes
	mu     sync.Mutex
	p      workflow.Printer
	opts   options
	loaded time.Time
	err    error // the last refresh's error; nil once the service answers
}

// lastError is the last refresh's error, nil when it worked.
func (p *printer) lastError() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.err
}

// retryRefresh is how soon a failed refresh is tried again, so a printer
// that said the service is down says otherwise soon after it is back.
const retryRefresh = 5 * time.Second

func (p *printer) current() workflow.Printer {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.p
}

// refresh reloads the share when its status is older than RefreshEvery
// (retryRefresh after a failure); a failure keeps the last known status
// and is remembered, so the printer says the service is not answering
// (CUPS polls; Graph being slow must not stall it).
func (s *Server) refresh(ctx context.Context, p *printer) (workflow.Printer, options) {
	p.mu.Lock()
	every := s.cfg.RefreshEvery
	if p.err != nil {
		every = min(every, retryRefresh)
	}
	stale := time.Since(p.loaded) > every
	if stale {
		p.loaded = time.Now() // one refresh at a time
	}
	cur, opts := p.p, p.opts
	p.mu.Unlock()
	if !stale {
		return cur, opts
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	fresh, err := s.cfg.Service.Printer(ctx, cur.ID())
	if err != nil {
		s.log.Debug("printer status refresh failed", "share", cur.ID(), "err", err)
		if ctx.Err() == nil || errors.Is(ctx.Err(), context.DeadlineExceeded) {
			p.mu.Lock()
			p.err = err // not when the asking request went away
			p.mu.Unlock()
		}
		return cur, opts
	}
	p.mu.Lock()
	p.err = nil
	p.p, p.opts = fresh, optionsOf(fresh)
	cur, opts = p.p, p.opts
	p.mu.Unlock()
	return cur, opts
}
