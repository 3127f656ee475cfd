package bridgelink

import (
	"bytes"
	"context"
	"errors"
	"os/exec"
	"strings"
	"time"

	"printdrop/internal/safetext"
)

// UnitName is the systemd user service the .deb installs to run
// printdrop bridge whenever the user is logged in.
const UnitName = "printdrop-bridge.service"

// unitTimeout bounds every systemctl call: a wedged user manager must not
// hold the switch in the window.
const unitTimeout = 10 * time.Second

// Unit switches the bridge's user service on and off with
// systemctl --user. The zero value runs the systemctl found on PATH.
type Unit struct {
	// Run runs systemctl with args and returns what it wrote (stdout and
	// stderr together); nil runs "systemctl" from PATH. Tests replace it,
	// or put a fake systemctl first on PATH.
	Run func(ctx context.Context, args ...string) ([]byte, error)
	// Timeout bounds each call; 0 is 10 s.
	Timeout time.Duration
}

// UnitState is what systemd says of the bridge's service.
type UnitState struct {
	Installed bool // the unit file exists (the .deb installed it)
	Enabled   bool // it starts at login
	Active    bool // it runs now (or is starting)
	// Activity is systemd's word for it ("active", "inactive", "failed",
	// "activating"...), for a status line.
	Activity string
}

// State asks systemd whether the service is installed, enabled and
// running.
func (u Unit) State(ctx context.Context) (UnitState, error) {
	out, err := u.systemctl(ctx, "state", "show", UnitName, "--property=LoadState,UnitFileState,ActiveState")
	if err != nil {
		return UnitState{}, err
	}
	props := map[string]string{}
	for _, line := range strings.Split(string(out), "\n") {
		if k, v, ok := strings.Cut(strings.TrimSpace(line), "="); ok {
			props[k] = v
		}
	}
	load, file, active := props["LoadState"], props["UnitFileState"], props["ActiveState"]
	if load == "" && active == "" {
		return UnitState{}, &UnitError{Kind: UnitFailed, Op: "state", Line: lastLine(out)}
	}
	st := UnitState{Installed: load != "not-found" && load != "", Activity: active}
	// enabled-runtime and linked count: the service starts at login either way.
	st.Enabled = file == "enabled" || file == "enabled-runtime" || file == "linked" || file == "linked-runtime"
	st.Active = active == "active" || active == "activating" || active == "reloading"
	return st, nil
}

// Enable switches the service on: it starts now and at every login
// (systemctl --user enable --now).
func (u Unit) Enable(ctx context.Context) error {
	_, err := u.systemctl(ctx, "enable", "enable", "--now", UnitName)
	return err
}

// Disable stops the service and keeps it from starting at login
// (systemctl --user disable --now). Spooled jobs stay for the next run.
func (u Unit) Disable(ctx context.Context) error {
	_, err := u.systemctl(ctx, "disable", "disable", "--now", UnitName)
	return err
}

// Reload restarts the service if it runs (systemctl --user try-restart),
// so it serves the shares chosen since; it resumes the jobs under way. A
// service that is not running stays stopped. Call it once the preference
// is on disk: Fyne saves a change at once, but a second change within
// 100 ms only on its event loop ~100 ms later, so a window calls Reload
// after a short pause (say 500 ms) following the last change.
func (u Unit) Reload(ctx context.Context) error {
	_, err := u.systemctl(ctx, "reload", "try-restart", UnitName)
	return err
}

// systemctl runs systemctl --user args under the deadline and classifies
// its failures.
func (u Unit) systemctl(ctx context.Context, op string, args ...string) ([]byte, error) {
	timeout := u.Timeout
	if timeout <= 0 {
		timeout = unitTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	run := u.Run
	if run == nil {
		run = runSystemctl
	}
	out, err := run(ctx, append([]string{"--user"}, args...)...)
	if err == nil {
		return out, nil
	}
	switch {
	case errors.Is(err, exec.ErrNotFound):
		return out, &UnitError{Kind: UnitNoSystemd, Op: op, Err: err}
	case ctx.Err() != nil && errors.Is(ctx.Err(), context.DeadlineExceeded):
		return out, &UnitError{Kind: UnitTimedOut, Op: op, Err: ctx.Err()}
	case ctx.Err() != nil:
		return out, ctx.Err()
	}
	text := string(out)
	switch {
	case strings.Contains(text, "Failed to connect to bus") || strings.Contains(text, "Failed to connect to user scope bus"):
		return out, &UnitError{Kind: UnitNoSystemd, Op: op, Line: lastLine(out), Err: err}
	case strings.Contains(text, "does not exist") || strings.Contains(text, "not found") ||
		strings.Contains(text, "No such file or directory"):
		return out, &UnitError{Kind: UnitNotInstalled, Op: op, Line: lastLine(out), Err: err}
	}
	return out, &UnitError{Kind: UnitFailed, Op: op, Line: lastLine(out), Err: err}
}

// runSystemctl runs the systemctl found on PATH.
func runSystemctl(ctx context.Context, args ...string) ([]byte, error) {
	path, err := exec.LookPath("systemctl")
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, path, args...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	// A child left holding the output (a pager, a helper) must not keep
	// Wait past the deadline.
	cmd.WaitDelay = time.Second
	cmd.Env = append(cmd.Environ(), "SYSTEMD_PAGER=", "SYSTEMD_COLORS=0", "LC_ALL=C")
	err = cmd.Run()
	return out.Bytes(), err
}

// lastLine is the last non-blank line of out, shown safely and bounded:
// systemctl's own words for what went wrong.
func lastLine(out []byte) string {
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	line := strings.TrimSpace(lines[len(lines)-1])
	if r := []rune(line); len(r) > 200 {
		line = string(r[:200]) + "…"
	}
	return safetext.Show(line)
}
