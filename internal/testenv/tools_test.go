package testenv

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
)

// recorder stands in for *testing.T to see what RequireTools decides;
// like the real one, Fatalf and Skipf end the calling goroutine.
type recorder struct {
	testing.TB
	fatal, skip string
}

func (r *recorder) Helper()      {}
func (r *recorder) Name() string { return "TestSomething" }
func (r *recorder) Fatalf(format string, args ...any) {
	r.fatal = fmt.Sprintf(format, args...)
	runtime.Goexit()
}
func (r *recorder) Skipf(format string, args ...any) {
	r.skip = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

func requireTools(tools ...string) *recorder {
	r := &recorder{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		RequireTools(r, tools...)
	}()
	<-done
	return r
}

func TestRequireTools(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("not on windows: RequireTools always skips there (TestRequireToolsSkipsOnWindows)")
	}
	const missing = "printdrop-no-such-tool"
	tests := []struct {
		name, ci     string
		tools        []string
		fatal, skip  bool
		wantInReason []string
	}{
		{"all present", "", []string{"sh", "/bin/sh"}, false, false, nil},
		{"all present under CI", "true", []string{"sh"}, false, false, nil},
		{"missing locally skips", "", []string{"sh", missing, "Xvfb-" + missing}, false, true, []string{missing, "apt-get install " + missing}},
		{"missing under CI fails", "true", []string{missing}, true, false, []string{"CI must run TestSomething", missing}},
		{"CI names the apt packages", "1", []string{"/nonexistent/Xvfb", "/nonexistent/import", "/nonexistent/convert"}, true, false, []string{"apt-get install xvfb imagemagick"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("CI", tt.ci)
			r := requireTools(tt.tools...)
			if (r.fatal != "") != tt.fatal || (r.skip != "") != tt.skip {
				t.Fatalf("fatal %q, skip %q; want fatal %v, skip %v", r.fatal, r.skip, tt.fatal, tt.skip)
			}
			for _, want := range tt.wantInReason {
				if !strings.Contains(r.fatal+r.skip, want) {
					t.Errorf("reason %q lacks %q", r.fatal+r.skip, want)
				}
			}
		})
	}
}
