// Package emulator is a local, faithful stand-in for Microsoft Graph's
// Universal Print API, its upload service and (through the identity
// subpackage) the Microsoft identity platform, so PrintDrop can be built,
// tested and demonstrated offline.
//
// Start runs two HTTP listeners on 127.0.0.1: the Graph host (/v1.0, /beta,
// the identity platform under /{tenant}/oauth2/v2.0/ and the control API
// under /_emulator/) and a separate upload host standing in for
// print.print.microsoft.com. It behaves as Universal Print's documented Graph
// API does, and where the documentation leaves a choice open, as Config
// switches it. The package shares no code with the PrintDrop client on purpose.
package emulator

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"printdrop/internal/emulator/identity"
	"printdrop/internal/emulator/link"
)

// Config configures an emulator. The zero value is a working emulator with
// the demo seed on OS-chosen ports.
type Config struct {
	GraphAddr           string        // Graph host listen address; "" = "127.0.0.1:0"
	UploadAddr          string        // upload host; "" = "127.0.0.1:0"
	UploadPublicURL     string        // base URL put into uploadUrls; "" = the upload listener's URL
	DataDir             string        // document storage; "" = a temp dir removed by Close
	SeedFile            string        // JSON seed file; "" = built-in demo seed
	Strict              bool          // strict mode; default lenient (tolerates documented doc typos)
	Link                link.Config   // shaping on the upload host
	GraphLink           link.Config   // shaping on the Graph host (API, identity and control routes alike)
	SeedShares          int           // > 0: replace the seed's printers with this many (LargeSeed), for large-tenant tests
	JobProcessing       time.Duration // processing -> completed; 0 = 3s
	SessionTTL          time.Duration // upload session lifetime; 0 = 60m
	MaxChunk            int64         // 0 = 10_000_000 bytes; a PUT body >= this -> 413
	SequentialOnly      bool          // upload host takes a range only at the first missing byte (416 fragmentOutOfOrder)
	ExpiredAs401        bool          // an upload URL whose session is gone answers 401 expiredToken, not 404
	Conflict409         bool          // a job in the wrong state for start, cancel or createUploadSession: 409, not 400
	ScopeAccessDenied   bool          // a token lacking a scope: 403 accessDenied, not the UnknownError seen in the wild
	JobLimits           bool          // enforce the service limits: 4 unfinished jobs per user per printer, 100/printer and 200/user per 10 min, 1 GB of upload per user per 15 min and 50 GB per 10 days (429)
	UploadBudget        int64         // with JobLimits: bytes of upload per user per 15 min; 0 = 1 GiB (the 10-day quota is 50 times it)
	AccessTokenTTL      time.Duration // 0 = 1h
	ShowDemoCredentials bool          // sign-in page shows the demo user/password (for --demo)
	Logger              *slog.Logger  // nil = discard

	files fileSystem // nil = the OS; tests hold it to Windows' rules
}

// Info tells clients where the emulator is and how to sign in to it.
type Info struct {
	GraphURL     string `json:"graph_url"`
	UploadURL    string `json:"upload_url"`
	AuthorityURL string `json:"authority_url"`
	ControlURL   string `json:"control_url"`
	ClientID     string `json:"client_id"`
	DemoUser     string `json:"demo_user"`
	DemoPassword string `json:"demo_password"`
	TenantID     string `json:"tenant_id"`
}

// maxDocumentSize is Universal Print's job size limit (1 GB). A variable
// only so the memory test can show a full 1 GiB (2^30) upload.
var maxDocumentSize int64 = 1_000_000_000

// maxConcurrentPuts is how many PUTs one upload session takes at once.
const maxConcurrentPuts = 4

// Server is a running emulator. Close stops it.
type Server struct {
	cfg      Config
	log      *slog.Logger
	idp      *identity.Provider
	info     Info
	dataDir  string
	tempData bool
	fs       fileSystem
	start    Seed // the seed Reset returns to

	graphSrv, uploadSrv *http.Server
	graphLn, uploadLn   net.Listener
	serveWG             sync.WaitGroup
	fresh               freshConns
	closeOnce           sync.Once
	closeErr            error

	mu    sync.Mutex // guards st
	st    *state
	reqs  requestLog
	flts  faults
	timer timers
}

// Start loads the seed, binds both listeners and serves until Close.
func Start(cfg Config) (*Server, error) {
	if cfg.JobProcessing <= 0 {
		cfg.JobProcessing = 3 * time.Second
	}
	if cfg.SessionTTL <= 0 {
		cfg.SessionTTL = 60 * time.Minute
	}
	if cfg.MaxChunk <= 0 {
		cfg.MaxChunk = 10_000_000
	}
	if cfg.AccessTokenTTL <= 0 {
		cfg.AccessTokenTTL = time.Hour
	}
	if cfg.GraphAddr == "" {
		cfg.GraphAddr = "127.0.0.1:0"
	}
	if cfg.UploadAddr == "" {
		cfg.UploadAddr = "127.0.0.1:0"
	}
	s := &Server{cfg: cfg, log: cfg.Logger, fs: cfg.files}
	if s.fs == nil {
		s.fs = osFiles{}
	}
	if s.log == nil {
		s.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	seed := DemoSeed()
	if cfg.SeedFile != "" {
		var err error
		if seed, err = LoadSeed(cfg.SeedFile); err != nil {
			return nil, err
		}
	}
	if cfg.SeedShares > 0 {
		seed = LargeSeed(seed, cfg.SeedShares)
	}
	s.start = seed

	if err := s.openDataDir(); err != nil {
		return nil, err
	}
	var err error
	if s.graphLn, err = net.Listen("tcp", cfg.GraphAddr); err != nil {
		s.removeDataDir()
		return nil, fmt.Errorf("listen for the Graph host on %s: %w", cfg.GraphAddr, err)
	}
	if s.uploadLn, err = net.Listen("tcp", cfg.UploadAddr); err != nil {
		s.graphLn.Close()
		s.removeDataDir()
		return nil, fmt.Errorf("listen for the upload host on %s: %w", cfg.UploadAddr, err)
	}
	graphURL := "http://" + s.graphLn.Addr().String()
	uploadURL := "http://" + s.uploadLn.Addr().String()
	s.info = Info{
		GraphURL:     graphURL,
		UploadURL:    uploadURL,
		AuthorityURL: graphURL + "/organizations",
		ControlURL:   graphURL + "/_emulator",
	}
	s.idp = identity.New(identity.Options{
		ClientID:            seed.ClientID,
		TenantID:            seed.TenantID,
		Users:               identityUsers(seed.Users),
		AccessTokenTTL:      cfg.AccessTokenTTL,
		ShowDemoCredentials: cfg.ShowDemoCredentials,
	})
	s.applySeed(seed)

	s.graphSrv = newHTTPServer(s.graphHandler(), s.log, s.fresh.track)
	s.uploadSrv = newHTTPServer(s.uploadHandler(), s.log, s.fresh.track)
	s.serve(s.graphSrv, link.Wrap(s.graphLn, cfg.GraphLink))
	s.serve(s.uploadSrv, link.Wrap(s.uploadLn, cfg.Link))
	s.log.Info("emulator started", "graph", graphURL, "upload", uploadURL, "data", s.dataDir)
	return s, nil
}

// newHTTPServer sets timeouts that keep a slow or hostile client from pinning
// resources, but leave room for a 10 MB chunk on a slow shaped link.
func newHTTPServer(h http.Handler, log *slog.Logger, connState func(net.Conn, http.ConnState)) *http.Server {
	return &http.Server{
		Handler:           h,
		ConnState:         connState,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelDebug),
	}
}

func (s *Server) serve(srv *http.Server, ln net.Listener) {
	s.serveWG.Add(1)
	go func() {
		defer s.serveWG.Done()
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.log.Error("emulator listener stopped", "err", err)
		}
	}()
}

// Info reports the emulator's URLs and demo sign-in.
func (s *Server) Info() Info {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.info
}

// Close stops both listeners, releases held requests, waits for running
// handlers, stops job timers and removes a temporary data directory. Calling
// it again returns the first result.
func (s *Server) Close() error {
	s.closeOnce.Do(func() { s.closeErr = s.close() })
	return s.closeErr
}

func (s *Server) close() error {
	s.mu.Lock()
	s.flts.clear()
	s.timer.stopAll()
	s.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- errors.Join(s.graphSrv.Shutdown(ctx), s.uploadSrv.Shutdown(ctx)) }()
	// Shutdown stops accepting, closes idle connections and waits for busy
	// ones; connections that never sent a request are closed here, again
	// until it returns, since one may have been accepted just before.
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	var err error
wait:
	for {
		s.fresh.closeAll()
		select {
		case err = <-done:
			break wait
		case <-tick.C:
		}
	}
	if err != nil {
		// Handlers that did not finish in time (a stuck client) are cut off.
		s.graphSrv.Close()
		s.uploadSrv.Close()
	}
	s.serveWG.Wait()
	s.mu.Lock()
	s.st.closeSessions()
	s.timer.stopAll()
	s.mu.Unlock()
	if s.tempData {
		err = errors.Join(err, os.RemoveAll(s.dataDir))
	}
	return err
}

func (s *Server) openDataDir() error {
	s.dataDir = s.cfg.DataDir
	if s.dataDir == "" {
		d, err := os.MkdirTemp("", "printdrop-emulator-")
		if err != nil {
			return fmt.Errorf("create a temporary data directory: %w", err)
		}
		s.dataDir, s.tempData = d, true
	}
	for _, sub := range []string{"sessions", "documents"} {
		if err := os.MkdirAll(filepath.Join(s.dataDir, sub), 0o700); err != nil {
			s.removeDataDir()
			return fmt.Errorf("prepare the data directory: %w", err)
		}
	}
	return nil
}

func (s *Server) removeDataDir() {
	if s.tempData {
		os.RemoveAll(s.dataDir)
	}
}

// applySeed replaces all data with seed (jobs and sessions are dropped).
func (s *Server) applySeed(seed Seed) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.timer.stopAll()
	if s.st != nil {
		s.st.closeSessions()
	}
	s.st = newState(seed, s.dataDir, s.fs)
	s.idp.SetUsers(identityUsers(seed.Users))
	first := seed.Users[0]
	s.info.ClientID = seed.ClientID
	s.info.TenantID = seed.TenantID
	s.info.DemoUser = first.UserPrincipalName
	s.info.DemoPassword = first.Password
}

func identityUsers(us []SeedUser) []identity.User {
	out := make([]identity.User, len(us))
	for i, u := range us {
		out[i] = identity.User{ID: u.ID, UPN: u.UserPrincipalName, DisplayName: u.DisplayName, Password: u.Password, PrinterAdmin: u.PrinterAdmin, HomeTenant: u.HomeTenant}
	}
	return out
}

// graphHandler routes the Graph host: Graph API, identity platform, control API.
func (s *Server) graphHandler() http.Handler {
	api := decodeContent(s.graphRoutes())
	ctl := s.controlRoutes()
	idp := s.idp.Handler()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := r.URL.Path
		switch {
		case strings.HasPrefix(p, "/_emulator/") || p == "/_emulator":
			ctl.ServeHTTP(w, r)
		case strings.HasPrefix(p, "/v1.0/") || strings.HasPrefix(p, "/beta/"):
			s.observe("graph", api).ServeHTTP(w, r)
		case p == "/devicelogin" || strings.HasPrefix(p, "/devicelogin/") || isIdentityPath(p):
			s.observe("graph", idp).ServeHTTP(w, r)
		default:
			s.observe("graph", http.HandlerFunc(s.onUnknownRoute)).ServeHTTP(w, r)
		}
	})
}

// isIdentityPath matches "/{tenant}/oauth2/v2.0/...".
func isIdentityPath(p string) bool {
	parts := strings.SplitN(strings.TrimPrefix(p, "/"), "/", 4)
	return len(parts) >= 3 && parts[0] != "" && parts[1] == "oauth2" && parts[2] == "v2.0"
}
