package secret

import (
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// wincredChildEnv marks the fresh process TestKeyringCredentialManager runs in.
const wincredChildEnv = "PRINTDROP_WINCRED_TEST"

// TestKeyringCredentialManager stores, reads and deletes a 2000-byte value
// (a long refresh token) in the Windows Credential Manager through Keyring,
// which go-keyring backs with wincred (CredWriteW, CredReadW, CredDeleteW).
// Wine implements those too, so the Windows CI stage runs this for real.
// Other tests of this binary replace go-keyring's provider with a mock for
// good (keyring.MockInit), so the test re-runs itself in a fresh process.
func TestKeyringCredentialManager(t *testing.T) {
	if os.Getenv(wincredChildEnv) != "1" {
		cmd := exec.Command(os.Args[0], "-test.run=^TestKeyringCredentialManager$", "-test.v")
		cmd.Env = append(os.Environ(), wincredChildEnv+"=1")
		out, err := cmd.CombinedOutput()
		if err != nil || !strings.Contains(string(out), "--- PASS: TestKeyringCredentialManager") {
			t.Fatalf("the Credential Manager run failed: %v\n%s", err, out)
		}
		return
	}
	s := Keyring("printdrop-test-wincred")
	value := strings.Repeat("0123456789", 200)
	if err := s.Save("upload-url", value); err != nil {
		t.Fatalf("Save: %v", err)
	}
	t.Cleanup(func() { s.Delete("upload-url") })
	got, err := s.Load("upload-url")
	if err != nil || got != value {
		t.Fatalf("Load = %d bytes, %v; want the %d bytes saved", len(got), err, len(value))
	}
	if err := s.Save("upload-url", "replaced"); err != nil {
		t.Fatalf("Save over an existing value: %v", err)
	}
	if got, err := s.Load("upload-url"); err != nil || got != "replaced" {
		t.Fatalf("Load after replace = %q, %v", got, err)
	}
	if err := s.Delete("upload-url"); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if _, err := s.Load("upload-url"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Load after Delete: %v, want ErrNotFound", err)
	}
	if err := s.Delete("upload-url"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Delete of a missing value: %v, want ErrNotFound", err)
	}
}
