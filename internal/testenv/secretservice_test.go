package testenv

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/zalando/go-keyring"
)

// TestRunInSecretService re-runs itself: the child must see a clean
// environment with its own HOME, the extra variables it was given, and a
// working Secret Service (go-keyring talks to it over D-Bus).
func TestRunInSecretService(t *testing.T) {
	if InSecretService(t) {
		secretServiceChild(t)
		return
	}
	t.Setenv("PRINTDROP_TESTENV_LEAK", "must not reach the child")
	out := RunInSecretService(t, "PRINTDROP_TESTENV_PARENT_HOME="+os.Getenv("HOME"))
	if !strings.Contains(out, "child checks done") {
		t.Fatalf("the child did not run its checks:\n%s", out)
	}
}

func secretServiceChild(t *testing.T) {
	if v, ok := os.LookupEnv("PRINTDROP_TESTENV_LEAK"); ok {
		t.Fatalf("the parent's environment leaked into the child: %q", v)
	}
	home := os.Getenv("HOME")
	if parent := os.Getenv("PRINTDROP_TESTENV_PARENT_HOME"); home == "" || home == parent {
		t.Fatalf("HOME %q, the parent's %q: want a temporary one", home, parent)
	}
	for _, k := range []string{"XDG_RUNTIME_DIR", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"} {
		if v := os.Getenv(k); !strings.HasPrefix(v, home) {
			t.Fatalf("%s = %q, want it under HOME %s", k, v, home)
		}
	}
	if os.Getenv("DBUS_SESSION_BUS_ADDRESS") == "" {
		t.Fatal("no session bus")
	}
	// The daemon registers on the bus shortly after it forks.
	var err error
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if err = keyring.Set("printdrop-testenv", "k", "v"); err == nil || time.Now().After(deadline) {
			break
		}
	}
	if err != nil {
		t.Fatalf("Secret Service Set: %v", err)
	}
	if got, err := keyring.Get("printdrop-testenv", "k"); err != nil || got != "v" {
		t.Fatalf("Secret Service Get = %q, %v", got, err)
	}
	if err := keyring.Delete("printdrop-testenv", "k"); err != nil {
		t.Fatalf("Secret Service Delete: %v", err)
	}
	t.Log("child checks done")
}
