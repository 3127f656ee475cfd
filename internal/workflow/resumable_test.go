package workflow

import (
	"context"
	"os"
	"testing"
	"time"

	"printdrop/internal/emulator"
	"printdrop/internal/graph"
)

// TestResumableOffersOnlyWhatCanResume: an interrupted upload of a file
// still as it was is offered; one whose file changed is forgotten and its
// job cancelled; one another account on this machine left is neither
// offered nor touched.
func TestResumableOffersOnlyWhatCanResume(t *testing.T) {
	t.Parallel()
	e := newEnv(t, emulator.Config{})
	ctx := context.Background()
	if _, err := e.svc.Restore(ctx); err != nil {
		t.Fatal(err)
	}
	me, _ := e.svc.Account()
	dir := t.TempDir()
	keep, _ := writeFile(t, dir, "keep.pdf", 3*ChunkUnit)
	changed, _ := writeFile(t, dir, "changed.pdf", 3*ChunkUnit)
	theirs, _ := writeFile(t, dir, "theirs.pdf", 3*ChunkUnit)
	keepJob := interrupted(t, e, keep)
	changedJob := interrupted(t, e, changed)
	interrupted(t, e, theirs)
	cps, _ := e.svc.checks.List()
	for _, cp := range cps {
		switch cp.FilePath {
		case theirs:
			cp.Account = "someone-else"
		default:
			cp.Account = me.ID
		}
		if err := e.svc.checks.Save(cp); err != nil {
			t.Fatal(err)
		}
	}
	later := time.Now().Add(time.Minute)
	if err := os.Chtimes(changed, later, later); err != nil {
		t.Fatal(err)
	}

	got, err := e.svc.Resumable(ctx)
	if err != nil || len(got) != 1 || got[0].JobID != keepJob {
		t.Fatalf("Resumable = %+v, %v; want only the upload of keep.pdf", got, err)
	}
	if all, _ := e.svc.Interrupted(); len(all) != 2 {
		t.Fatalf("%d records left, want 2: keep.pdf's and the other account's", len(all))
	}
	j, err := e.svc.graph.Job(ctx, emulator.ShareDefault, changedJob)
	if err != nil && !graph.IsNotFound(err) {
		t.Fatal(err)
	}
	if err == nil && j.Status.State != graph.JobCanceled {
		t.Fatalf("the job of the changed file is %q, want it cancelled", j.Status.State)
	}
}
