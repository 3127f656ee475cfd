package secret

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// childEnv marks the re-run of this test binary inside a private session bus.
const childEnv = "PRINTDROP_SECRET_SERVICE_CHILD"

// TestKeyringSecretService stores, reads and deletes a 2000-byte value in a
// real Secret Service (gnome-keyring) through Keyring. The parent re-runs
// this test binary under dbus-run-session with a clean environment and a
// temporary HOME, so the developer's own keyring is never touched.
func TestKeyringSecretService(t *testing.T) {
	if os.Getenv(childEnv) == "1" {
		secretServiceChild(t)
		return
	}
	var missing []string
	for _, tool := range []string{"dbus-run-session", "gnome-keyring-daemon"} {
		if _, err := exec.LookPath(tool); err != nil {
			missing = append(missing, tool)
		}
	}
	if len(missing) > 0 {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI must run the Secret Service test, but %s not installed (apt-get install dbus gnome-keyring)", strings.Join(missing, ", "))
		}
		t.Skipf("%s not installed", strings.Join(missing, ", "))
	}
	t.Parallel()
	home := t.TempDir()
	bin, err := filepath.Abs(os.Args[0])
	if err != nil {
		t.Fatal(err)
	}
	// An empty unlock password fails, so pipe one in.
	script := `printf printdrop | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec "$0" -test.run='^TestKeyringSecretService$' -test.v`
	cmd := exec.Command("dbus-run-session", "--", "sh", "-c", script, bin)
	cmd.Env = []string{
		"PATH=/usr/bin:/bin",
		"HOME=" + home,
		"XDG_DATA_HOME=" + filepath.Join(home, "data"),
		"XDG_RUNTIME_DIR=" + home,
		childEnv + "=1",
	}
	cmd.Dir = home
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS: TestKeyringSecretService") {
		t.Fatalf("the Secret Service run failed: %v\n%s", err, out)
	}
}

func secretServiceChild(t *testing.T) {
	s := Keyring("printdrop-test")
	value := strings.Repeat("0123456789", 200) // 2000 bytes, the size of a long refresh token
	// The daemon registers on the bus shortly after it forks; give it a moment.
	var err error
	for deadline := time.Now().Add(5 * time.Second); ; {
		if err = s.Save("upload-url", value); err == nil || time.Now().After(deadline) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err != nil {
		t.Fatalf("Save: %v", err)
	}
	got, err := s.Load("upload-url")
	if err != nil || got != value {
		t.Fatalf("Load = %d bytes, %v; want the 2000 bytes saved", len(got), err)
	}
	if err := s.Delete("upload-url"); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if _, err := s.Load("upload-url"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Load after Delete: got %v, want ErrNotFound", err)
	}
}
