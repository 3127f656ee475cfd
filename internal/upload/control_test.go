package upload

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"printdrop/internal/ranges"
)

func TestPauseResume(t *testing.T) {
	t.Parallel()
	size := int64(10 * ChunkUnit)
	data := randomBytes(size, 11)
	tgt := newMemTarget(size)
	o := testOptions(newClock())
	o.Parallel = 2
	var e *Engine
	paused := make(chan struct{})
	var once sync.Once
	o.OnEvent = func(p Progress) {
		if p.Acked >= 2*ChunkUnit {
			once.Do(e.Pause)
		}
		if p.Phase == Paused {
			close(paused)
		}
	}
	e, _ = New(Bytes("a.pdf", data), tgt, o)
	done := make(chan error, 1)
	go func() { done <- e.Run(context.Background()) }()
	<-paused
	putsAtPause, getsAtPause, _ := tgt.stats()
	if n := len(e.Snapshot().InFlight); n != 0 {
		t.Fatalf("%d ranges in flight while paused", n)
	}
	time.Sleep(20 * time.Millisecond) // a running engine would send more in this time
	if puts, _, _ := tgt.stats(); puts != putsAtPause {
		t.Fatalf("%d PUTs during the pause", puts-putsAtPause)
	}
	e.Resume()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(tgt.data, data) {
		t.Fatal("the server's bytes differ")
	}
	if _, gets, recv := tgt.stats(); gets != getsAtPause+1 || recv != size {
		t.Fatalf("resume made %d status requests (want 1) and %d bytes went out (want %d)", gets-getsAtPause, recv, size)
	}
}

func TestCancel(t *testing.T) {
	t.Parallel()
	for _, keep := range []bool{false, true} {
		size := int64(10 * ChunkUnit)
		tgt := newMemTarget(size)
		ctx, cancel := context.WithCancel(context.Background())
		tgt.onPut = func(r ranges.Range) {
			if r.Start == 2*ChunkUnit {
				cancel()
			}
		}
		o := testOptions(newClock())
		o.Parallel = 1
		o.KeepJob = keep
		jobCancelled := false
		o.CancelJob = func(ctx context.Context) error {
			if ctx.Err() != nil {
				t.Error("CancelJob got a dead context")
			}
			jobCancelled = true
			return nil
		}
		e, _ := New(Bytes("a.pdf", make([]byte, size)), tgt, o)
		err := e.Run(ctx)
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("got %v, want context.Canceled", err)
		}
		if !tgt.deleted {
			t.Fatal("the session was not DELETEd")
		}
		if jobCancelled == keep {
			t.Fatalf("keep=%v but job cancelled=%v", keep, jobCancelled)
		}
		if puts, _, _ := tgt.stats(); puts != 3 {
			t.Fatalf("%d PUTs, want none after the cancel", puts)
		}
		if e.Snapshot().Phase != Cancelled {
			t.Fatalf("phase %v", e.Snapshot().Phase)
		}
	}
}

// Cancelling while paused or while waiting to retry is just as quiet.
func TestCancelWhilePaused(t *testing.T) {
	t.Parallel()
	tgt := newMemTarget(10)
	o := testOptions(newClock())
	e, _ := New(Bytes("a.pdf", make([]byte, 10)), tgt, o)
	e.Pause()
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		for e.Snapshot().Phase != Paused {
			time.Sleep(time.Millisecond)
		}
		cancel()
	}()
	if err := e.Run(ctx); !errors.Is(err, context.Canceled) || !tgt.deleted {
		t.Fatalf("got %v, deleted %v", err, tgt.deleted)
	}
}

func TestFileChangedMidUpload(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "report.pdf")
	size := int64(8 * ChunkUnit)
	f := writeFile(t, path, randomBytes(size, 1))
	tgt := newMemTarget(size)
	o := testOptions(newClock())
	o.Parallel = 1
	tgt.onPut = func(r ranges.Range) {
		if r.Start == 2*ChunkUnit { // someone saves a new version in place
			w, _ := os.OpenFile(path, os.O_WRONLY, 0)
			_, _ = w.WriteAt([]byte("new version"), 3*ChunkUnit)
			_ = w.Close()
		}
	}
	e, _ := New(f, tgt, o)
	err := e.Run(context.Background())
	var ce *ChangedError
	if !errors.As(err, &ce) || err.Error() != "report.pdf changed while it was uploading; print it again" {
		t.Fatalf("got %v, want a *ChangedError", err)
	}
	if tgt.completed {
		t.Fatal("the server completed a mix of two versions")
	}
}

// Even a change that keeps size and modification time is caught by the
// fingerprint before the last chunk goes out.
func TestFileChangedSameMtime(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "report.pdf")
	size := int64(3 * ChunkUnit)
	f := writeFile(t, path, randomBytes(size, 1))
	tgt := newMemTarget(size)
	o := testOptions(newClock())
	o.Parallel, o.CheckEvery = 1, time.Hour
	tgt.onPut = func(r ranges.Range) {
		if r.Start == 0 {
			w, _ := os.OpenFile(path, os.O_WRONLY, 0)
			_, _ = w.WriteAt([]byte("XXXX"), 10)
			_ = w.Close()
			_ = os.Chtimes(path, f.ModTime(), f.ModTime())
		}
	}
	e, _ := New(f, tgt, o)
	var ce *ChangedError
	if err := e.Run(context.Background()); !errors.As(err, &ce) || tgt.completed {
		t.Fatalf("got %v, completed %v", err, tgt.completed)
	}
}
