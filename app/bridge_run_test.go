package main

import (
	"bufio"
	"context"
	"io"
	"testing"
	"time"
)

// runningBridge is printdrop bridge run in-process by a test.
type runningBridge struct {
	line   string // the JSON line it printed once serving
	cancel context.CancelFunc
	code   chan int
}

// startBridgeCommand runs printdrop bridge with args and waits for its JSON
// line; stderr gets what it says.
func startBridgeCommand(t *testing.T, args []string, stderr io.Writer) *runningBridge {
	t.Helper()
	return startBridgeWith(t, testDeps(), args, stderr)
}

// startBridgeWith is startBridgeCommand with the given dependencies.
func startBridgeWith(t *testing.T, d deps, args []string, stderr io.Writer) *runningBridge {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	outR, outW := io.Pipe()
	b := &runningBridge{cancel: cancel, code: make(chan int, 1)}
	go func() {
		b.code <- runBridge(ctx, d, args, outW, stderr)
		outW.Close()
	}()
	line, err := bufio.NewReader(outR).ReadString('\n')
	if err != nil {
		t.Fatalf("no JSON line (%v); stderr: %v", err, stderr)
	}
	b.line = line
	return b
}

// stop ends the bridge as SIGINT does and checks it exits 0 within 10 s.
func (b *runningBridge) stop(t *testing.T, stderr any) {
	t.Helper()
	b.cancel()
	select {
	case c := <-b.code:
		if c != exitOK {
			t.Fatalf("exit %d after being stopped; stderr: %v", c, stderr)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the bridge did not stop within 10 s")
	}
}
