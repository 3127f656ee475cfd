package ui

import (
	"context"
	"testing"

	"printdrop/internal/emulator"
	"printdrop/internal/workflow"
)

// TestEmulator_RecentPrintersFirst: the printers the user printed to
// lately head the list, the latest first, each once; the others follow in
// the service's order.
func TestEmulator_RecentPrintersFirst(t *testing.T) {
	e := newEmuEnv(t)
	ctx := context.Background()
	for _, id := range []string{emulator.ShareLetter, emulator.ShareColor} { // Color last: it comes first
		p, err := e.svc.Printer(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		task, err := e.svc.Print(ctx, workflow.PrintRequest{Path: writePDF(t, t.TempDir(), "memo.pdf", 4000),
			Printer: p, JobSettings: p.Defaults, NoWait: true})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := task.Wait(); err != nil {
			t.Fatal(err)
		}
	}
	h := newHarness(t, workflow.NewDesktop(e.svc), Options{})
	h.until("shares listed", func() bool { return len(h.w.printers.all) > 0 && !h.w.printers.loading })
	all := h.w.printers.all
	if len(all) < 3 || all[0].ID != emulator.ShareColor || all[1].ID != emulator.ShareLetter {
		t.Fatalf("list begins %v, want the color printer, then the Letter one", ids(all[:min(3, len(all))]))
	}
	if all[0].LastUsed.IsZero() || all[0].LastUsed.Before(all[1].LastUsed) || !all[2].LastUsed.IsZero() {
		t.Fatalf("last used: %v, %v, %v", all[0].LastUsed, all[1].LastUsed, all[2].LastUsed)
	}
	if all[2].ID != emulator.ShareDefault {
		t.Fatalf("after the recent ones comes %s, want the service's first share", all[2].ID)
	}
	seen := map[string]bool{}
	for _, r := range all {
		if seen[r.ID] {
			t.Fatalf("%s is listed twice", r.ID)
		}
		seen[r.ID] = true
	}
}

func ids(rows []workflow.PrinterRow) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r.ID
	}
	return out
}
