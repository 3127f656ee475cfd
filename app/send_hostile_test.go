package main

import (
	"bytes"
	"cmp"
	"errors"
	"os/exec"
	"strings"
	"testing"
	"time"

	"printdrop/internal/emulator"
	"printdrop/internal/emulator/emutest"
)

// hostileMode is one way a service can keep a print from ending: the
// emulator faults that set it up, what the binary must say, and the
// protocol.
type hostileMode struct {
	name     string
	protocol string // "v1" or "draft"
	faults   []emutest.Fault
	says     string // on stderr
	window   string // the no-progress window, when not the short default
	// ownPace rows run with the binary's own deadlines, untouched by any
	// test setting, so they prove the shipped bounds; they take minutes, so
	// they run in parallel with each other after the other rows.
	ownPace bool
}

// upload-host faults for v1, Graph faults for the draft (its PUTs go there).
func putFault(protocol string, f emutest.Fault) emutest.Fault {
	f.Method, f.Probability = "PUT", 1
	if protocol == "draft" {
		f.Host, f.PathPrefix, f.PathSuffix = "graph", "/beta/", "/$value"
	}
	return f
}

func hostileModes() []hostileMode {
	var modes []hostileMode
	for _, protocol := range []string{"v1", "draft"} {
		modes = append(modes,
			hostileMode{"202 whole file missing", protocol, []emutest.Fault{putFault(protocol, emutest.Fault{Kind: "missing_all"})}, "asked for the same bytes", "", false},
			hostileMode{"202 just-sent range missing", protocol, []emutest.Fault{putFault(protocol, emutest.Fault{Kind: "missing_sent"})}, "asked for the same bytes", "", false},
			hostileMode{"202 overlapping ranges", protocol, []emutest.Fault{putFault(protocol, emutest.Fault{Kind: "missing_overlap"})}, "asked for the same bytes", "", false},
			hostileMode{"202 nothing missing then 0-", protocol, []emutest.Fault{putFault(protocol, emutest.Fault{Kind: "missing_none"})}, "asked for them again", "", false},
			hostileMode{"last PUT 500 and the session forgotten", protocol, []emutest.Fault{putFault(protocol, emutest.Fault{Kind: "vanish_last", Status: 500})}, "vanished", "", false},
			hostileMode{"PUT never answered", protocol, []emutest.Fault{putFault(protocol, emutest.Fault{Kind: "hold"})}, "stopped getting through", "", false},
		)
	}
	// The draft reads at most 64 KiB of a PUT's answer, so a many-ranged
	// answer there is a body-size matter; v1 reads the ranges. 20,000 is
	// past the range cap and under the 1 MiB answer limit; 200,000 (3 MB)
	// is past the answer limit.
	modes = append(modes,
		hostileMode{"202 with 20,000 ranges", "v1",
			[]emutest.Fault{putFault("v1", emutest.Fault{Kind: "many_ranges", Ranges: 20_000})}, "20000 missing byte ranges", "", false},
		hostileMode{"202 with 200,000 ranges", "v1",
			[]emutest.Fault{putFault("v1", emutest.Fault{Kind: "many_ranges", Ranges: 200_000})}, "far more than expected",
			"60s", false}) // building the 3 MB answer takes seconds in a -race test binary on a busy machine
	// Graph itself misbehaving, on the first request send makes (the
	// share's read): these end by the request deadlines and the retry
	// policy's time limit, not by the upload's window.
	shareRead := emutest.Fault{Host: "graph", Method: "GET", PathPrefix: "/v1.0/print/shares", Probability: 1}
	with := func(kind string, set func(*emutest.Fault)) []emutest.Fault {
		f := shareRead
		f.Kind = kind
		if set != nil {
			set(&f)
		}
		return []emutest.Fault{f}
	}
	modes = append(modes,
		hostileMode{"Graph never answers", "v1", with("hold", nil), "stopped answering", "", true},
		hostileMode{"Graph answers at 1 byte/s", "v1", with("trickle", func(f *emutest.Fault) { f.IntervalMS = 1000 }), "stopped answering", "", true},
		hostileMode{"Graph answers with 200 MB", "v1", with("pad", func(f *emutest.Fault) { f.Bytes = 200 << 20 }), "far more than expected", "", true},
	)
	return modes
}

// Every hostile upload mode ends by itself, run as a user would run it:
// the real binary against the real emulator, with a short no-progress
// window (a user keeps 2 minutes). Each must exit non-zero with a sentence
// on stderr within 4 minutes, having put at most 3 x the file on the wire,
// with a peak RSS under 200 MiB. Before the bounds, the first modes looped
// until killed (tens of GB for a 5 MB file).
func childHostileUploads(t *testing.T) {
	const (
		size    = 3 << 20
		limit   = 4 * time.Minute
		maxRSS  = 200 << 20
		window  = "8s" // short, yet long enough that a busy machine hits the bound under test first
		maxSent = 3 * size
	)
	path, _ := bigFile(t, t.TempDir(), size)
	for _, m := range hostileModes() {
		t.Run(m.protocol+"/"+m.name, func(t *testing.T) {
			if m.ownPace {
				t.Parallel()
			}
			emu := startEmulator(t, emulator.Config{})
			for _, f := range m.faults {
				emu.Fault(f)
			}
			cmd := sendCmd(emu, "--share", emulator.ShareDefault, "--quiet", "--no-wait", "--restart", "--protocol", m.protocol, path)
			if !m.ownPace {
				cmd.Env = append(cmd.Env, noProgressEnv+"="+cmp.Or(m.window, window))
			}
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			start := time.Now()
			peak, err := measure(t, cmd, limit)
			took := time.Since(start)
			emu.ClearFaults() // release held requests before the wire count is read
			sent := wireBytes(emu)
			msg := strings.TrimSpace(stderr.String())
			t.Logf("exit %v after %s, %d bytes sent (%.2f x the file), peak RSS %.1f MiB\n%s",
				err, took.Round(time.Millisecond), sent, float64(sent)/size, float64(peak)/(1<<20), msg)
			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() == 0 {
				t.Errorf("exit %v, want a non-zero exit code", err)
			}
			last := msg[strings.LastIndexByte(msg, '\n')+1:]
			if !strings.HasPrefix(last, "printdrop send: ") || !strings.HasSuffix(last, ".") || !strings.Contains(msg, m.says) {
				t.Errorf("stderr ends with %q, want a sentence saying %q", last, m.says)
			}
			if sent > maxSent {
				t.Errorf("%d bytes sent for a %d-byte file, more than 3 x", sent, size)
			}
			if peak > maxRSS {
				t.Errorf("peak RSS %.1f MiB, want under %d MiB", float64(peak)/(1<<20), maxRSS>>20)
			}
		})
	}
}

// wireBytes is what the emulator read in chunk PUTs of either protocol:
// emutest's UploadedBytes (the upload host) plus the draft's PUTs of
// .../uploadSession/$value on Graph.
func wireBytes(emu *emutest.Env) int64 {
	n := emu.UploadedBytes()
	for _, r := range emu.Requests() {
		if r.Host == "graph" && r.Method == "PUT" && strings.HasSuffix(r.Path, "/uploadSession/$value") {
			n += r.Bytes
		}
	}
	return n
}
