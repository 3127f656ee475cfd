package instance

import (
	"bufio"
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"
)

const testID = "io.github.printdrop.Test"

// transports runs a test for both endpoints: the Unix socket and the
// Windows TCP-with-token protocol (which builds everywhere).
func transports(t *testing.T, f func(t *testing.T, o options)) {
	t.Helper()
	for _, tr := range []string{transportUnix, transportTCP} {
		t.Run(tr, func(t *testing.T) {
			if tr == transportUnix && runtime.GOOS == "windows" {
				t.Skip("not on windows: PrintDrop uses the TCP transport there (and Wine has no AF_UNIX sockets)")
			}
			t.Parallel()
			f(t, testOptions(t, tr))
		})
	}
}

// testOptions gives each test its own private directory. It is short, under
// os.TempDir, because t.TempDir paths can outgrow a Unix socket path.
func testOptions(t *testing.T, transport string) options {
	t.Helper()
	dir, err := os.MkdirTemp("", "pdi")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return options{dir: filepath.Join(dir, "run"), transport: transport}
}

func mustAcquire(t *testing.T, o options) *Primary {
	t.Helper()
	p, err := acquire(context.Background(), testID, o)
	if err != nil {
		t.Fatalf("acquire: %v", err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

// receive waits for one hand-off on p.
func receive(t *testing.T, p *Primary) []string {
	t.Helper()
	select {
	case files, ok := <-p.Files():
		if !ok {
			t.Fatal("Files closed before a hand-off arrived")
		}
		return files
	case <-time.After(10 * time.Second):
		t.Fatal("no hand-off arrived")
	}
	return nil
}

func TestSecondLaunchHandsFilesToFirst(t *testing.T) {
	t.Parallel()
	transports(t, func(t *testing.T, o options) {
		p := mustAcquire(t, o)
		if _, err := acquire(context.Background(), testID, o); !errors.Is(err, ErrAlreadyRunning) {
			t.Fatalf("second acquire = %v, want ErrAlreadyRunning", err)
		}
		files := []string{root + "/home/ana/Report Q3.pdf", root + "/tmp/ticket.oxps"}
		if err := send(context.Background(), testID, files, o); err != nil {
			t.Fatalf("send: %v", err)
		}
		if got := receive(t, p); !reflect.DeepEqual(got, files) {
			t.Fatalf("primary got %q, want %q", got, files)
		}
		// A launch without files only asks for the window.
		if err := send(context.Background(), testID, nil, o); err != nil {
			t.Fatalf("send without files: %v", err)
		}
		if got := receive(t, p); len(got) != 0 {
			t.Fatalf("primary got %q, want no files", got)
		}
	})
}

func TestAcquireOrSendMakesPathsAbsolute(t *testing.T) {
	t.Parallel()
	transports(t, func(t *testing.T, o options) {
		p, err := acquireOrSend(context.Background(), testID, nil, o)
		if err != nil || p == nil {
			t.Fatalf("first launch = %v, %v; want the primary", p, err)
		}
		defer p.Close()
		_, err = acquireOrSend(context.Background(), testID, []string{"rel/a.pdf"}, o)
		if !errors.Is(err, ErrAlreadyRunning) {
			t.Fatalf("second launch = %v, want ErrAlreadyRunning", err)
		}
		wd, _ := os.Getwd()
		want := []string{filepath.Join(wd, "rel", "a.pdf")}
		if got := receive(t, p); !reflect.DeepEqual(got, want) {
			t.Fatalf("primary got %q, want %q", got, want)
		}
	})
}

func TestCloseHandsOver(t *testing.T) {
	t.Parallel()
	transports(t, func(t *testing.T, o options) {
		p := mustAcquire(t, o)
		if err := p.Close(); err != nil {
			t.Fatalf("close: %v", err)
		}
		if _, ok := <-p.Files(); ok {
			t.Fatal("Files still open after Close")
		}
		if err := send(context.Background(), testID, []string{root + "/a"}, o); !errors.Is(err, ErrNotRunning) {
			t.Fatalf("send after close = %v, want ErrNotRunning", err)
		}
		// The next launch becomes the primary and is reachable.
		q := mustAcquire(t, o)
		if err := send(context.Background(), testID, []string{root + "/b"}, o); err != nil {
			t.Fatalf("send to the new primary: %v", err)
		}
		if got := receive(t, q); !reflect.DeepEqual(got, []string{root + "/b"}) {
			t.Fatalf("new primary got %q", got)
		}
	})
}

func TestContextEndsPrimary(t *testing.T) {
	t.Parallel()
	transports(t, func(t *testing.T, o options) {
		ctx, cancel := context.WithCancel(context.Background())
		p, err := acquire(ctx, testID, o)
		if err != nil {
			t.Fatal(err)
		}
		cancel()
		select {
		case _, ok := <-p.Files():
			if ok {
				t.Fatal("unexpected hand-off")
			}
		case <-time.After(10 * time.Second):
			t.Fatal("cancelling ctx did not close the primary")
		}
		mustAcquire(t, o) // the lock was released
	})
}

func TestSendWithoutPrimary(t *testing.T) {
	t.Parallel()
	transports(t, func(t *testing.T, o options) {
		if err := send(context.Background(), testID, []string{root + "/a"}, o); !errors.Is(err, ErrNotRunning) {
			t.Fatalf("send = %v, want ErrNotRunning", err)
		}
	})
}

// TestPrimaryThatVanishesMidTalk: the endpoint answered a connection and hung
// up, and nobody holds the lock: the primary died as the launch reached it.
// That is "not running" (the launch becomes the primary), not a failure.
func TestPrimaryThatVanishesMidTalk(t *testing.T) {
	t.Parallel()
	transports(t, func(t *testing.T, o options) {
		if err := prepareDir(o.dir); err != nil {
			t.Fatal(err)
		}
		ln, _, cleanup, err := listen(o, testID)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(cleanup)
		t.Cleanup(func() { ln.Close() })
		go func() {
			for {
				conn, err := ln.Accept()
				if err != nil {
					return
				}
				conn.Close()
			}
		}()
		if err := send(context.Background(), testID, []string{root + "/a"}, o); !errors.Is(err, ErrNotRunning) {
			t.Fatalf("send = %v, want ErrNotRunning", err)
		}
	})
}

// rawExchange writes raw bytes to the primary's endpoint and returns its reply.
func rawExchange(t *testing.T, o options, raw string) response {
	t.Helper()
	conn, _, err := dial(context.Background(), o, testID)
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := conn.Write([]byte(raw)); err != nil {
		t.Fatalf("write: %v", err)
	}
	resp, err := decodeResponse(bufio.NewReader(conn))
	if err != nil {
		t.Fatalf("reading the reply to %q: %v", raw, err)
	}
	return resp
}

func TestPrimarySurvivesGarbage(t *testing.T) {
	t.Parallel()
	transports(t, func(t *testing.T, o options) {
		p := mustAcquire(t, o)
		token := p.token
		for _, raw := range []string{
			"\x00\x01\x02garbage\n",
			"GET / HTTP/1.1\r\nHost: x\r\n\r\n",
			`{"v":1,"token":"` + token + `","files":["relative.pdf"]}` + "\n",
			`{"v":9,"token":"` + token + `","files":["` + root + `/a"]}` + "\n",
		} {
			if resp := rawExchange(t, o, raw); resp.OK {
				t.Fatalf("primary accepted %q", raw)
			}
		}
		// A client that connects and sends nothing, then hangs up.
		if conn, _, err := dial(context.Background(), o, testID); err == nil {
			conn.Close()
		}
		if err := send(context.Background(), testID, []string{root + "/still/works.pdf"}, o); err != nil {
			t.Fatalf("send after garbage: %v", err)
		}
		if got := receive(t, p); !reflect.DeepEqual(got, []string{root + "/still/works.pdf"}) {
			t.Fatalf("primary got %q", got)
		}
		select {
		case got := <-p.Files():
			t.Fatalf("garbage reached the window: %q", got)
		default:
		}
	})
}

func TestTCPRefusesWrongToken(t *testing.T) {
	t.Parallel()
	o := testOptions(t, transportTCP)
	p := mustAcquire(t, o)
	if len(p.token) != 64 {
		t.Fatalf("token has %d hex digits, want 64 (32 random bytes)", len(p.token))
	}
	for _, token := range []string{"", "00", strings.Repeat("0", 64)} {
		resp := rawExchange(t, o, `{"v":1,"token":"`+token+`","files":["`+root+`/a"]}`+"\n")
		if resp.OK || resp.Error != "wrong token" {
			t.Fatalf("token %q: reply %+v, want a wrong-token refusal", token, resp)
		}
	}
	fi, err := os.Stat(portFilePath(o.dir, testID))
	if err != nil {
		t.Fatal(err)
	}
	// Windows has no mode bits: the folder under %LOCALAPPDATA% is private.
	if perm := fi.Mode().Perm(); perm != 0o600 && runtime.GOOS != "windows" {
		t.Fatalf("port file mode %04o, want 0600", perm)
	}
}

func TestRefusalReachesSender(t *testing.T) {
	t.Parallel()
	o := testOptions(t, localTransport)
	mustAcquire(t, o)
	// send trusts its caller to pass absolute paths; the primary checks anyway.
	err := send(context.Background(), testID, []string{"not/absolute"}, o)
	var refused *RefusedError
	if !errors.As(err, &refused) || !strings.Contains(refused.Reason, "not an absolute path") {
		t.Fatalf("send = %v, want a RefusedError about the path", err)
	}
}

func TestSendHonoursContext(t *testing.T) {
	t.Parallel()
	o := testOptions(t, localTransport)
	p := mustAcquire(t, o)
	// Nobody reads Files: fill its buffer, then the next hand-off waits.
	for i := 0; i < cap(p.files); i++ {
		if err := send(context.Background(), testID, []string{root + "/f"}, o); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if err := send(ctx, testID, []string{root + "/late"}, o); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("send = %v, want it to end with the context", err)
	}
}

func TestInvalidAppID(t *testing.T) {
	t.Parallel()
	o := testOptions(t, localTransport)
	for _, id := range []string{"", "../x", "a/b", `a\b`, ".hidden", "sp ace", strings.Repeat("a", 129)} {
		if _, err := acquire(context.Background(), id, o); err == nil || !strings.Contains(err.Error(), "invalid app ID") {
			t.Errorf("acquire(%q) = %v, want an invalid app ID error", id, err)
		}
	}
}

// TestListenerSocketIsPrivate: the socket itself is 0600 inside the 0700 dir.
func TestListenerSocketIsPrivate(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("not on windows: PrintDrop listens on TCP with a token there, not on a Unix socket")
	}
	t.Parallel()
	o := testOptions(t, transportUnix)
	mustAcquire(t, o)
	fi, err := os.Stat(socketPath(o.dir, testID))
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode()&os.ModeSocket == 0 || fi.Mode().Perm() != 0o600 {
		t.Fatalf("socket mode %v, want a 0600 socket", fi.Mode())
	}
	dfi, err := os.Stat(o.dir)
	if err != nil {
		t.Fatal(err)
	}
	if dfi.Mode().Perm() != 0o700 {
		t.Fatalf("dir mode %04o, want 0700", dfi.Mode().Perm())
	}
}
