package instance

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"time"
)

// send delivers files (already absolute) to the primary of appID.
func send(ctx context.Context, appID string, files []string, o options) error {
	name, err := baseName(appID)
	if err != nil {
		return err
	}
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, requestTimeout)
		defer cancel()
	}
	conn, token, err := dialPrimary(ctx, o, name)
	if err != nil {
		return err
	}
	defer conn.Close()
	deadline, _ := ctx.Deadline()
	conn.SetDeadline(deadline)
	// Cancelling ctx unblocks a read or write in progress.
	stop := context.AfterFunc(ctx, func() { conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()

	if err := encodeRequest(conn, request{V: protocolVersion, Token: token, Files: files}); err != nil {
		return talkError(ctx, o, name, err)
	}
	resp, err := decodeResponse(bufio.NewReader(conn))
	if err != nil {
		return talkError(ctx, o, name, err)
	}
	if !resp.OK {
		return &RefusedError{Reason: resp.Error}
	}
	return nil
}

// talkError explains a failed exchange with the primary.
func talkError(ctx context.Context, o options, name string, err error) error {
	// The connection's deadline is ctx's: when it fired, ctx is done or is
	// about to be, and the caller should see the context's error.
	if d, ok := ctx.Deadline(); ok && !time.Now().Before(d) {
		<-ctx.Done()
	}
	if ctx.Err() != nil {
		return fmt.Errorf("instance: handing the files to the running PrintDrop: %w", ctx.Err())
	}
	// A primary that exits (or crashes) while we talk resets the connection
	// and drops its lock. Then nobody is running: say so, and AcquireOrSend
	// makes this launch the primary instead of failing the hand-off.
	if !heldByOther(lockPath(o, name)) {
		return fmt.Errorf("instance: the running PrintDrop went away (%v): %w", err, ErrNotRunning)
	}
	return fmt.Errorf("instance: the running PrintDrop did not answer: %w", err)
}

// dialPrimary connects to the primary's endpoint. A primary that holds the
// lock but is not listening yet is starting up, so dialling is retried until
// ctx ends; when nobody holds the lock there is no primary at all.
func dialPrimary(ctx context.Context, o options, name string) (net.Conn, string, error) {
	for {
		conn, token, err := dial(ctx, o, name)
		if err == nil {
			return conn, token, nil
		}
		if !heldByOther(lockPath(o, name)) {
			return nil, "", ErrNotRunning
		}
		t := time.NewTimer(dialRetry)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, "", fmt.Errorf("instance: the running PrintDrop does not accept connections (%v): %w", err, ctx.Err())
		case <-t.C:
		}
	}
}

// heldByOther reports whether another process holds the lock at path. It
// takes and drops the lock to find out, which is harmless: a primary that
// starts in that instant retries through AcquireOrSend.
func heldByOther(path string) bool {
	l, err := lockFile(path)
	if err == nil {
		l.Close()
		return false
	}
	return errors.Is(err, errLocked)
}
