package bridgelink

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"printdrop/internal/workflow"
	"runtime"
	"strings"
	"testing"
	"time"
)

// fakeSystemctl puts a systemctl script first on PATH that records its
// arguments and plays the answer set with answer. A real systemd user
// manager cannot run in CI containers (no user session, no bus), so this
// is the one place a fake stands in; the runner, PATH lookup, deadline
// and output handling are the real ones.
type fakeSystemctl struct {
	t   *testing.T
	dir string
}

func newFakeSystemctl(t *testing.T) *fakeSystemctl {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("systemd is Linux's; the fake is a shell script")
	}
	dir := t.TempDir()
	script := `#!/bin/sh
d="$(dirname "$0")"
printf '%s\n' "$*" >> "$d/args"
if [ -f "$d/sleep" ]; then exec sleep "$(cat "$d/sleep")"; fi
cat "$d/out"
exit "$(cat "$d/code")"
`
	if err := os.WriteFile(filepath.Join(dir, "systemctl"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+"/usr/bin"+string(os.PathListSeparator)+"/bin")
	f := &fakeSystemctl{t: t, dir: dir}
	f.answer(0, "")
	return f
}

// answer makes the next calls print out and exit with code.
func (f *fakeSystemctl) answer(code int, out string) {
	f.t.Helper()
	for name, v := range map[string]string{"out": out, "code": string(rune('0' + code))} {
		if err := os.WriteFile(filepath.Join(f.dir, name), []byte(v), 0o644); err != nil {
			f.t.Fatal(err)
		}
	}
}

// calls are the argument lists seen so far, one per call.
func (f *fakeSystemctl) calls() []string {
	b, _ := os.ReadFile(filepath.Join(f.dir, "args"))
	return strings.Split(strings.TrimSpace(string(b)), "\n")
}

// TestBridgeUnitCommands: the switch runs exactly the systemctl --user
// commands the issue names, and reads the unit's state.
func TestBridgeUnitCommands(t *testing.T) {
	f := newFakeSystemctl(t)
	ctx := context.Background()
	u := Unit{}
	if err := u.Enable(ctx); err != nil {
		t.Fatal(err)
	}
	if err := u.Reload(ctx); err != nil {
		t.Fatal(err)
	}
	if err := u.Disable(ctx); err != nil {
		t.Fatal(err)
	}
	f.answer(0, "LoadState=loaded\nUnitFileState=enabled\nActiveState=active\n")
	st, err := u.State(ctx)
	if err != nil || st != (UnitState{Installed: true, Enabled: true, Active: true, Activity: "active"}) {
		t.Fatalf("State = %+v, %v", st, err)
	}
	want := []string{
		"--user enable --now printdrop-bridge.service",
		"--user try-restart printdrop-bridge.service",
		"--user disable --now printdrop-bridge.service",
		"--user show printdrop-bridge.service --property=LoadState,UnitFileState,ActiveState",
	}
	if got := f.calls(); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("systemctl calls:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for out, want := range map[string]UnitState{
		"LoadState=not-found\nUnitFileState=\nActiveState=inactive\n":     {Activity: "inactive"},
		"LoadState=loaded\nUnitFileState=disabled\nActiveState=failed\n":  {Installed: true, Activity: "failed"},
		"LoadState=loaded\nUnitFileState=enabled\nActiveState=activating": {Installed: true, Enabled: true, Active: true, Activity: "activating"},
	} {
		f.answer(0, out)
		if st, err := u.State(ctx); err != nil || st != want {
			t.Errorf("State for %q = %+v, %v; want %+v", out, st, err, want)
		}
	}
}

// TestBridgeUnitErrors: each way systemctl fails gives its kind, and
// Explain says what to do; systemd's own words are shown safely.
func TestBridgeUnitErrors(t *testing.T) {
	f := newFakeSystemctl(t)
	ctx := context.Background()
	cases := []struct {
		code     int
		out      string
		kind     UnitErrorKind
		headline string
	}{
		{1, "Failed to connect to bus: No medium found\n", UnitNoSystemd, "cannot switch"},
		{1, "Failed to connect to user scope bus via local transport: $DBUS_SESSION_BUS_ADDRESS and $XDG_RUNTIME_DIR not defined\n", UnitNoSystemd, "cannot switch"},
		{1, "Failed to enable unit: Unit file printdrop-bridge.service does not exist.\n", UnitNotInstalled, "not installed"},
		{5, "Failed to try-restart printdrop-bridge.service: Unit printdrop-bridge.service not found.\n", UnitNotInstalled, "not installed"},
		{1, "some warning\nJob for printdrop-bridge.service failed \x1b[31mbadly\x1b[0m\n", UnitFailed, `failed \x1b[31mbadly`},
	}
	for _, c := range cases {
		f.answer(c.code, c.out)
		err := Unit{}.Enable(ctx)
		var ue *UnitError
		if !errors.As(err, &ue) || ue.Kind != c.kind {
			t.Errorf("%q: %v, want kind %d", c.out, err, c.kind)
			continue
		}
		x := workflow.ExplainError(err)
		if !strings.Contains(x.Headline, c.headline) || x.NextStep == "" || x.Unclassified {
			t.Errorf("%q: explained as %+v, want headline with %q", c.out, x, c.headline)
		}
		if strings.ContainsAny(x.Headline+x.Details, "\x1b") {
			t.Errorf("%q: raw control characters in %+v", c.out, x)
		}
	}
	// A manager that does not answer: the call ends at the deadline.
	if err := os.WriteFile(filepath.Join(f.dir, "sleep"), []byte("30"), 0o644); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	err := Unit{Timeout: 200 * time.Millisecond}.Reload(ctx)
	var ue *UnitError
	if !errors.As(err, &ue) || ue.Kind != UnitTimedOut {
		t.Fatalf("a hung systemctl: %v, want UnitTimedOut", err)
	}
	if took := time.Since(start); took > 10*time.Second {
		t.Errorf("a hung systemctl held the call %s", took)
	}
}

// TestBridgeUnitNoSystemctl: without systemctl on PATH the kind says so.
func TestBridgeUnitNoSystemctl(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	_, err := Unit{}.State(context.Background())
	var ue *UnitError
	if !errors.As(err, &ue) || ue.Kind != UnitNoSystemd {
		t.Fatalf("no systemctl: %v, want UnitNoSystemd", err)
	}
}

// TestShowInPrintDialogs: choosing shares keeps their order and never
// repeats one; removing keeps the others.
func TestShowInPrintDialogs(t *testing.T) {
	p := workflow.NewMemoryPreferences()
	for _, step := range []struct {
		id   string
		on   bool
		want string
	}{
		{"a", true, "a"}, {"b", true, "a,b"}, {"a", true, "a,b"}, {"c", true, "a,b,c"},
		{"b", false, "a,c"}, {"zz", false, "a,c"}, {"x,y", true, "a,c"}, {" ", true, "a,c"},
		{"a", false, "c"}, {"c", false, ""},
	} {
		Show(p, step.id, step.on)
		if got := p.StringWithFallback(KeyShares, ""); got != step.want {
			t.Fatalf("after %q on=%v: %q, want %q", step.id, step.on, got, step.want)
		}
		for _, id := range []string{"a", "b", "c"} {
			if Shown(p, id) != strings.Contains(","+step.want+",", ","+id+",") {
				t.Errorf("after %q on=%v: Shown(%q) = %v", step.id, step.on, id, !Shown(p, id))
			}
		}
	}
}
