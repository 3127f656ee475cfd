package instance

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"reflect"
	"testing"
	"time"
)

// The tests in this file run the primary in a second process: this test
// binary started again with helperEnv set, which runs helperMain instead of
// the tests.
const helperEnv = "PRINTDROP_INSTANCE_TEST_HELPER"

func TestMain(m *testing.M) {
	if spec := os.Getenv(helperEnv); spec != "" {
		os.Exit(helperMain(spec))
	}
	os.Exit(m.Run())
}

// helperMain becomes the primary for the options in spec, says "ready", then
// prints every hand-off as a JSON line until its stdin closes.
func helperMain(spec string) int {
	var o options
	if err := json.Unmarshal([]byte(spec), &o); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	p, err := acquire(context.Background(), testID, o)
	if err != nil {
		fmt.Printf("error %v\n", err)
		return 1
	}
	go func() {
		io.Copy(io.Discard, os.Stdin)
		p.Close()
	}()
	fmt.Println("ready")
	for files := range p.Files() {
		b, _ := json.Marshal(files)
		fmt.Println(string(b))
	}
	return 0
}

func (o options) MarshalJSON() ([]byte, error) {
	return json.Marshal(map[string]string{"dir": o.dir, "transport": o.transport})
}

func (o *options) UnmarshalJSON(b []byte) error {
	var m map[string]string
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	o.dir, o.transport = m["dir"], m["transport"]
	return nil
}

type helper struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
	lines chan string
}

// startPrimaryProcess starts the helper and waits until it is the primary.
func startPrimaryProcess(t *testing.T, o options) *helper {
	t.Helper()
	spec, _ := json.Marshal(o)
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), helperEnv+"="+string(spec))
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	h := &helper{cmd: cmd, stdin: stdin, lines: make(chan string, 16)}
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			h.lines <- sc.Text()
		}
		close(h.lines)
	}()
	t.Cleanup(func() {
		stdin.Close()
		cmd.Process.Kill()
		cmd.Wait()
	})
	if line := h.next(t); line != "ready" {
		t.Fatalf("helper said %q, want ready", line)
	}
	return h
}

func (h *helper) next(t *testing.T) string {
	t.Helper()
	select {
	case line, ok := <-h.lines:
		if !ok {
			t.Fatal("helper exited")
		}
		return line
	case <-time.After(20 * time.Second):
		t.Fatal("helper said nothing")
	}
	return ""
}

func TestTwoProcesses(t *testing.T) {
	t.Parallel()
	transports(t, func(t *testing.T, o options) {
		h := startPrimaryProcess(t, o)
		if _, err := acquire(context.Background(), testID, o); !errors.Is(err, ErrAlreadyRunning) {
			t.Fatalf("acquire while another process is primary = %v, want ErrAlreadyRunning", err)
		}
		files := []string{root + "/srv/a.pdf", root + "/srv/b c.oxps"}
		if err := send(context.Background(), testID, files, o); err != nil {
			t.Fatalf("send: %v", err)
		}
		var got []string
		if err := json.Unmarshal([]byte(h.next(t)), &got); err != nil || !reflect.DeepEqual(got, files) {
			t.Fatalf("primary process got %q (%v), want %q", got, err, files)
		}
		// A clean exit hands over to the next launch.
		h.stdin.Close()
		if err := h.cmd.Wait(); err != nil {
			t.Fatalf("helper exit: %v", err)
		}
		mustAcquire(t, o)
	})
}

// TestCrashedPrimaryIsReplaced: SIGKILL leaves the socket or port file on
// disk, but the kernel drops the lock, so the next launch takes over at once.
func TestCrashedPrimaryIsReplaced(t *testing.T) {
	t.Parallel()
	transports(t, func(t *testing.T, o options) {
		h := startPrimaryProcess(t, o)
		if err := h.cmd.Process.Kill(); err != nil {
			t.Fatal(err)
		}
		h.cmd.Wait()
		left := socketPath(o.dir, testID)
		if o.transport == transportTCP {
			left = portFilePath(o.dir, testID)
		}
		if _, err := os.Stat(left); err != nil {
			t.Fatalf("the killed primary should have left %s behind: %v", left, err)
		}
		if err := send(context.Background(), testID, []string{root + "/a"}, o); !errors.Is(err, ErrNotRunning) {
			t.Fatalf("send to a crashed primary = %v, want ErrNotRunning", err)
		}
		p, err := acquireOrSend(context.Background(), testID, nil, o)
		if err != nil {
			t.Fatalf("launch after the crash = %v, want to become the primary", err)
		}
		defer p.Close()
		if err := send(context.Background(), testID, []string{root + "/b"}, o); err != nil {
			t.Fatalf("send to the new primary: %v", err)
		}
		if got := receive(t, p); !reflect.DeepEqual(got, []string{root + "/b"}) {
			t.Fatalf("new primary got %q", got)
		}
	})
}
