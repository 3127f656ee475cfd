package upload_test

import (
	"cmp"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"printdrop/internal/emulator/emutest"
	"printdrop/internal/emulator/link"
	"printdrop/internal/upload"
)

// A service that never lets an upload end, however it answers, is stopped
// by a bound with a *StuckError that names what it did, having put at most
// the byte budget (2 x size + parallel x chunk, at most 3 x size) on the wire. Before the
// bounds, each of these looped until killed.
func TestEmulatorHostileUploadEnds(t *testing.T) {
	t.Parallel()
	const window = 5 * time.Second // long enough that a busy machine hits the bound under test first
	tests := []struct {
		name   string
		fault  emutest.Fault
		reason upload.StuckReason // 0: any bound
		says   string             // in the error's sentence
		window time.Duration      // the no-progress window, when not the short one
	}{
		{"whole file missing", emutest.Fault{Kind: "missing_all"}, 0, "asked for the same bytes", 0},
		{"just-sent range missing", emutest.Fault{Kind: "missing_sent"}, 0, "asked for the same bytes", 0},
		{"overlapping ranges", emutest.Fault{Kind: "missing_overlap"}, 0, "asked for the same bytes", 0},
		{"nothing missing then 0-", emutest.Fault{Kind: "missing_none"}, 0, "acknowledged bytes and then asked for them again", 0},
		{"session vanishes after the last chunk", emutest.Fault{Kind: "vanish_last", Status: 500}, 0, "after the last chunk",
			10 * time.Second}, // the bytes or renewal bound, not the clock, on a busy machine
		{"20,000 ranges", emutest.Fault{Kind: "many_ranges", Ranges: 20_000}, upload.TooManyRanges, "20000 missing byte ranges",
			20 * time.Second}, // twice the cap is proof enough; the matrix in app/ sends 200,000
		{"PUT never answered", emutest.Fault{Kind: "hold"}, upload.NoProgress, "acknowledged no new byte for 5s", 0},
	}
	for _, tt := range tests {
		for _, protocol := range []string{"v1", "draft"} {
			if protocol == "draft" && tt.fault.Kind == "many_ranges" {
				continue // the draft reads at most 64 KiB of a PUT answer: a body-size matter, not a range one
			}
			t.Run(tt.name+"/"+protocol, func(t *testing.T) {
				t.Parallel()
				e := startEnv(t, link.Config{})
				ctx := context.Background()
				size := int64(8*upload.ChunkUnit + 5)
				data := randomData(size, 5)
				s := e.newSession(ctx, protocol, size)
				f := tt.fault
				f.Probability = 1 // every matching request, until cleared
				f.Method = "PUT"
				if protocol == "draft" {
					f.PathPrefix, f.Host = "/beta/", "graph"
				}
				e.Fault(f)
				renewals := 0
				o := upload.Options{ChunkSize: upload.ChunkUnit, Parallel: 4, RetryFor: cmp.Or(tt.window, window),
					Renew: func(ctx context.Context, why error) (upload.Target, error) {
						renewals++
						e.renew(ctx, s, size)
						return s.target, nil
					}}
				eng, err := upload.New(upload.Bytes("doc.pdf", data), s.target, o)
				if err != nil {
					t.Fatal(err)
				}
				rctx, cancel := context.WithTimeout(ctx, 60*time.Second)
				defer cancel()
				err = eng.Run(rctx)
				if rctx.Err() != nil {
					t.Fatalf("the upload did not end by itself within 60 s (window %s)", o.RetryFor)
				}
				var stuck *upload.StuckError
				if !errors.As(err, &stuck) {
					t.Fatalf("Run = %v (%T), want a *upload.StuckError", err, err)
				}
				if tt.reason != 0 && stuck.Reason != tt.reason {
					t.Errorf("reason %d, want %d", stuck.Reason, tt.reason)
				}
				if !strings.Contains(err.Error(), tt.says) {
					t.Errorf("error %q does not say %q", err, tt.says)
				}
				budget := 2*size + min(4*upload.ChunkUnit, size)
				if got := wireBytes(e); got > budget {
					t.Errorf("the upload host read %d bytes for a %d-byte file, more than the budget %d", got, size, budget)
				}
				t.Logf("%s after %d renewals, %d bytes: %v", protocol, renewals, wireBytes(e), err)
			})
		}
	}
}

// wireBytes is what the emulator read in chunk PUTs of either protocol: the
// upload host's, and the draft's PUT .../uploadSession/$value on Graph.
func wireBytes(e *env) int64 {
	var n int64
	for _, r := range e.Requests() {
		if r.Method == "PUT" && (r.Host == "upload" || strings.HasSuffix(r.Path, "/uploadSession/$value")) {
			n += r.Bytes
		}
	}
	return n
}
