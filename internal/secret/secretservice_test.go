package secret

import (
	"errors"
	"strings"
	"testing"
	"time"

	"printdrop/internal/testenv"
)

// TestKeyringSecretService stores, reads and deletes a 2000-byte value in a
// real Secret Service (gnome-keyring) through Keyring. The test binary
// re-runs this test inside a private D-Bus session with a clean environment
// and a temporary HOME (testenv.RunInSecretService), so the developer's own
// keyring is never touched.
func TestKeyringSecretService(t *testing.T) {
	if testenv.InSecretService(t) {
		secretServiceChild(t)
		return
	}
	t.Parallel()
	testenv.RunInSecretService(t)
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
