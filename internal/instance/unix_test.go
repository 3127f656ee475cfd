//go:build unix

package instance

import (
	"context"
	"errors"
	"net"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// TestStaleSocketIsReplaced: a primary that died left its socket behind
// (and nobody holds the lock); the next launch takes over.
func TestStaleSocketIsReplaced(t *testing.T) {
	t.Parallel()
	o := testOptions(t, transportUnix)
	if err := prepareDir(o.dir); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("unix", socketPath(o.dir, testID))
	if err != nil {
		t.Fatal(err)
	}
	ln.(*net.UnixListener).SetUnlinkOnClose(false)
	// The socket file stays, with nobody listening: a crash. (A process
	// forked by a parallel test can hold the listener for an instant before
	// it execs; send must then still report ErrNotRunning, not a failure.)
	ln.Close()
	if _, err := os.Stat(socketPath(o.dir, testID)); err != nil {
		t.Fatalf("the stale socket should exist: %v", err)
	}
	if err := send(context.Background(), testID, []string{"/a"}, o); !errors.Is(err, ErrNotRunning) {
		t.Fatalf("send to a stale socket = %v, want ErrNotRunning", err)
	}
	p := mustAcquire(t, o)
	if err := send(context.Background(), testID, []string{"/a"}, o); err != nil {
		t.Fatalf("send after takeover: %v", err)
	}
	if got := receive(t, p); !reflect.DeepEqual(got, []string{"/a"}) {
		t.Fatalf("got %q", got)
	}
}

func TestUnsafeDirectoryIsRefused(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		setup   func(dir string) error
		wantErr string
	}{
		{"open to others", func(dir string) error { return os.Mkdir(dir, 0o755) }, "open to other users"},
		{"group writable", func(dir string) error {
			if err := os.Mkdir(dir, 0o700); err != nil {
				return err
			}
			return os.Chmod(dir, 0o770)
		}, "open to other users"},
		{"symlink", func(dir string) error {
			target := dir + "-target"
			if err := os.Mkdir(target, 0o700); err != nil {
				return err
			}
			return os.Symlink(target, dir)
		}, "not a directory"},
		{"file", func(dir string) error { return os.WriteFile(dir, nil, 0o600) }, "not a directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			o := testOptions(t, transportUnix)
			if err := os.MkdirAll(filepath.Dir(o.dir), 0o700); err != nil {
				t.Fatal(err)
			}
			if err := tt.setup(o.dir); err != nil {
				t.Fatal(err)
			}
			_, err := acquire(context.Background(), testID, o)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("acquire = %v, want an error containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestDefaultDirectory(t *testing.T) {
	// Not parallel: it changes the environment.
	t.Setenv("XDG_RUNTIME_DIR", "/run/user/1234")
	o, err := defaultOptions()
	if err != nil || o.dir != "/run/user/1234/printdrop" || o.transport != transportUnix {
		t.Fatalf("with XDG_RUNTIME_DIR: %+v, %v", o, err)
	}
	t.Setenv("XDG_RUNTIME_DIR", "relative/ignored")
	o, _ = defaultOptions()
	if !strings.HasPrefix(o.dir, os.TempDir()) || !strings.HasSuffix(o.dir, "printdrop-"+strconv.Itoa(os.Getuid())) {
		t.Fatalf("without a usable XDG_RUNTIME_DIR: %+v", o)
	}
}
