package testenv

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// secretServiceEnv marks the re-run; its value is the name of the test
// being re-run, so no other test of the binary takes itself for the child.
const secretServiceEnv = "PRINTDROP_SECRET_SERVICE_TEST"

// InSecretService reports whether this process is the re-run that
// RunInSecretService made for the test t: the test then does its real work.
func InSecretService(t testing.TB) bool {
	return os.Getenv(secretServiceEnv) == t.Name()
}

// RunInSecretService re-runs the top-level test t from this test binary
// inside a private D-Bus session with gnome-keyring unlocked, so the test
// gets a real Secret Service without ever touching the developer's own
// keyring. The child starts from an empty environment (only PATH, LANG, a
// temporary HOME and XDG directories under it, plus env, as "KEY=value")
// and InSecretService(t) is true in it. It returns the child's output and
// fails t unless the child's test passed. Missing tools are handled as by
// RequireTools.
func RunInSecretService(t testing.TB, env ...string) string {
	t.Helper()
	if strings.Contains(t.Name(), "/") {
		t.Fatalf("RunInSecretService re-runs top-level tests only, not %s", t.Name())
	}
	if v := os.Getenv(secretServiceEnv); v != "" {
		t.Fatalf("%s is already inside the Secret Service run of %s; call InSecretService first", t.Name(), v)
	}
	RequireTools(t, "dbus-run-session", "gnome-keyring-daemon", "sh")
	self, err := filepath.Abs(os.Args[0])
	if err != nil {
		t.Fatal(err)
	}
	home := t.TempDir()
	// gnome-keyring will not unlock with an empty password, so one is piped
	// in; the daemon is started inside the session bus the test then uses.
	const script = `printf printdrop | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec "$0" -test.run="$1" -test.v`
	cmd := exec.Command("dbus-run-session", "--", "sh", "-c", script, self, "^"+regexp.QuoteMeta(t.Name())+"$")
	cmd.Env = append([]string{
		"PATH=" + os.Getenv("PATH"), // where RequireTools found the tools
		"HOME=" + home,
		"LANG=en_US.UTF-8",
		"XDG_RUNTIME_DIR=" + home,
		"XDG_DATA_HOME=" + filepath.Join(home, "data"),
		"XDG_CONFIG_HOME=" + filepath.Join(home, "config"),
		"XDG_CACHE_HOME=" + filepath.Join(home, "cache"),
		secretServiceEnv + "=" + t.Name(),
	}, env...)
	cmd.Dir = home
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS: "+t.Name()+" (") {
		t.Fatalf("%s failed inside its Secret Service session: %v\n%s", t.Name(), err, out)
	}
	return string(out)
}
