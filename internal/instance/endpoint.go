package instance

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"path/filepath"
)

// listen opens the endpoint for the primary and returns the token clients
// must present and a function that removes what listen left on disk.
func listen(o options, name string) (net.Listener, string, func(), error) {
	switch o.transport {
	case transportUnix:
		return listenUnix(o.dir, name)
	case transportTCP:
		return listenTCP(o.dir, name)
	}
	return nil, "", nil, fmt.Errorf("instance: unknown transport %q", o.transport)
}

// dial connects to the primary's endpoint and returns the token to present.
func dial(ctx context.Context, o options, name string) (net.Conn, string, error) {
	switch o.transport {
	case transportUnix:
		var d net.Dialer
		conn, err := d.DialContext(ctx, "unix", socketPath(o.dir, name))
		return conn, "", err
	case transportTCP:
		return dialTCP(ctx, o.dir, name)
	}
	return nil, "", fmt.Errorf("instance: unknown transport %q", o.transport)
}

// lockPath is the file whose OS lock marks the primary instance.
func lockPath(o options, name string) string {
	return filepath.Join(o.dir, name+".lock")
}

// socketPath is short on purpose: a socket path must fit in sun_path (104
// bytes on macOS, whose per-user $TMPDIR is already long), so the file is
// named by a hash of the app ID rather than the ID itself.
func socketPath(dir, name string) string {
	sum := sha256.Sum256([]byte(name))
	return filepath.Join(dir, hex.EncodeToString(sum[:6])+".sock")
}

func listenUnix(dir, name string) (net.Listener, string, func(), error) {
	path := socketPath(dir, name)
	if len(path) > 100 {
		return nil, "", nil, fmt.Errorf("instance: socket path %s is too long for a Unix socket; set XDG_RUNTIME_DIR or TMPDIR to a shorter directory", path)
	}
	// We hold the lock, so whatever is at path was left by a primary that
	// died without cleaning up: a stale socket.
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, "", nil, fmt.Errorf("instance: cannot remove the stale socket: %w", err)
	}
	ln, err := net.Listen("unix", path)
	if err != nil {
		return nil, "", nil, fmt.Errorf("instance: cannot listen for other launches: %w", err)
	}
	// The directory is private already; the socket mode is a second fence.
	if err := os.Chmod(path, 0o600); err != nil {
		ln.Close()
		return nil, "", nil, fmt.Errorf("instance: %w", err)
	}
	// Close removes the socket itself: net.UnixListener unlinks on Close.
	return ln, "", func() {}, nil
}
