// Package instance keeps PrintDrop to one window per user: the first launch
// becomes the primary instance and listens on a local endpoint; a later
// launch ("Open with PrintDrop" on another file) hands its files to the
// primary and exits instead of opening a second window.
//
// Exclusivity comes from an OS file lock that the kernel drops when the
// process dies, so a crashed primary never blocks the next launch: whoever
// holds the lock is the primary, and any endpoint left behind without a lock
// holder is stale and replaced.
//
// The endpoint is a Unix socket in a private directory (0700, owned by the
// user: $XDG_RUNTIME_DIR/printdrop, else $TMPDIR/printdrop-UID) on Unix, and
// on Windows, where named pipes would need extra dependencies, a TCP port on
// 127.0.0.1 published with a random token in a per-user file under
// %LOCALAPPDATA%\PrintDrop: a client must present the token, so other users
// on the machine cannot inject files.
//
// The package has no Fyne dependency; app/window.go wires it to the window.
package instance

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"
)

// ErrAlreadyRunning means another process is the primary instance for the
// app ID. From AcquireOrSend it also means the files were handed to it.
var ErrAlreadyRunning = errors.New("PrintDrop is already running")

// ErrNotRunning means Send found no primary instance to hand the files to.
var ErrNotRunning = errors.New("no running PrintDrop to hand the files to")

// errLocked is what lockFile returns when another process holds the lock.
var errLocked = errors.New("lock held by another process")

// RefusedError is the primary's answer when it read a request and turned it
// down (a relative path, a wrong token, a primary that is closing).
type RefusedError struct {
	Reason string
}

func (e *RefusedError) Error() string {
	return "the running PrintDrop refused the files: " + e.Reason
}

// Timeouts that keep a hung peer from hanging a launch.
const (
	// requestTimeout bounds one hand-off on both sides when ctx has no deadline.
	requestTimeout = 10 * time.Second
	// dialRetry is the pause between attempts to reach a primary that holds
	// the lock but may not be listening yet (it is starting up).
	dialRetry = 25 * time.Millisecond
)

// options say where and how an instance listens; tests point them at a
// temporary directory and pick the transport, so the Windows TCP protocol is
// exercised on Linux too.
type options struct {
	dir       string // private directory for the lock, socket and port file
	transport string // transportUnix or transportTCP
}

const (
	transportUnix = "unix"
	transportTCP  = "tcp"
)

// Acquire makes this process the primary instance of appID (a reverse-DNS ID
// such as io.github.printdrop.PrintDrop) and starts listening for files from
// later launches. It returns ErrAlreadyRunning when another process already
// is the primary. The primary stops when ctx ends or Close is called.
func Acquire(ctx context.Context, appID string) (*Primary, error) {
	o, err := defaultOptions()
	if err != nil {
		return nil, err
	}
	return acquire(ctx, appID, o)
}

// Send hands files to the primary instance of appID and returns once it has
// accepted them. Relative paths are made absolute against the current
// directory first, since the primary runs elsewhere. An empty list asks the
// primary only to come to the front. It returns ErrNotRunning when there is no
// primary, and a *RefusedError when the primary turned the request down.
func Send(ctx context.Context, appID string, files []string) error {
	o, err := defaultOptions()
	if err != nil {
		return err
	}
	abs, err := absolute(files)
	if err != nil {
		return err
	}
	return send(ctx, appID, abs, o)
}

// AcquireOrSend is what a launch does: become the primary, or hand files to
// the primary and return ErrAlreadyRunning. It retries when the primary exits
// between the two steps. Any other error means single-instance hand-off is
// unavailable; the caller should then simply open its own window.
func AcquireOrSend(ctx context.Context, appID string, files []string) (*Primary, error) {
	o, err := defaultOptions()
	if err != nil {
		return nil, err
	}
	return acquireOrSend(ctx, appID, files, o)
}

func acquireOrSend(ctx context.Context, appID string, files []string, o options) (*Primary, error) {
	abs, err := absolute(files)
	if err != nil {
		return nil, err
	}
	for attempt := 0; ; attempt++ {
		p, err := acquire(ctx, appID, o)
		if !errors.Is(err, ErrAlreadyRunning) {
			return p, err
		}
		err = send(ctx, appID, abs, o)
		if err == nil {
			return nil, ErrAlreadyRunning
		}
		if !errors.Is(err, ErrNotRunning) || attempt == 2 {
			return nil, err
		}
	}
}

// absolute returns files as absolute, cleaned paths.
func absolute(files []string) ([]string, error) {
	abs := make([]string, 0, len(files))
	for _, f := range files {
		if f == "" {
			return nil, errors.New("instance: an empty file name cannot be handed over")
		}
		a, err := filepath.Abs(f)
		if err != nil {
			return nil, fmt.Errorf("instance: cannot make %q absolute: %w", f, err)
		}
		abs = append(abs, a)
	}
	return abs, nil
}

// baseName checks appID and returns the file name stem used for the lock and
// endpoint files. Only characters safe in file names on every OS pass.
func baseName(appID string) (string, error) {
	if appID == "" || len(appID) > 128 || strings.HasPrefix(appID, ".") {
		return "", fmt.Errorf("instance: invalid app ID %q", appID)
	}
	for _, r := range appID {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-' || r == '_'
		if !ok {
			return "", fmt.Errorf("instance: invalid app ID %q: use letters, digits, '.', '-' and '_'", appID)
		}
	}
	return appID, nil
}
