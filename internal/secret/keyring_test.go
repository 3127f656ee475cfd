package secret

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/zalando/go-keyring"
)

// The go-keyring mock is a package-level provider, so these tests do not run
// in parallel with each other.

func TestKeyringMock(t *testing.T) {
	keyring.MockInit()
	s := Keyring("printdrop-test")
	if _, err := s.Load("alice"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Load of an absent key: got %v, want ErrNotFound", err)
	}
	if err := s.Save("alice", "refresh-token"); err != nil {
		t.Fatal(err)
	}
	if v, err := s.Load("alice"); err != nil || v != "refresh-token" {
		t.Fatalf("Load = %q, %v", v, err)
	}
	if err := s.Delete("alice"); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete("alice"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("second Delete: got %v, want ErrNotFound", err)
	}
}

func TestKeyringErrorsAreMapped(t *testing.T) {
	tests := []struct {
		name     string
		err      error
		want     error
		wantType bool
	}{
		{"not found", keyring.ErrNotFound, ErrNotFound, false},
		{"too big", keyring.ErrSetDataTooBig, ErrTooBig, false},
		{"no bus", errors.New(`exec: "dbus-launch": executable file not found in $PATH`), nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			keyring.MockInitWithError(tt.err)
			err := Keyring("printdrop-test").Save("k", "v")
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Fatalf("got %v, want %v", err, tt.want)
			}
			var ue *UnavailableError
			if errors.As(err, &ue) != tt.wantType {
				t.Fatalf("got %T %v; UnavailableError expected: %v", err, err, tt.wantType)
			}
			if (tt.wantType || tt.want == ErrTooBig) && !errors.Is(err, tt.err) {
				t.Fatalf("the keychain's own error is lost: %v", err)
			}
		})
	}
}

// blocking is a keychain that never answers until released, like a D-Bus call
// waiting on an unlock prompt nobody sees.
type blocking struct{ release chan struct{} }

func (b blocking) Set(string, string, string) error { <-b.release; return nil }
func (b blocking) Get(string, string) (string, error) {
	<-b.release
	return "", nil
}
func (b blocking) Delete(string, string) error { <-b.release; return nil }

func TestKeyringTimeout(t *testing.T) {
	t.Parallel()
	b := blocking{release: make(chan struct{})}
	defer close(b.release)
	s := &keyringStore{service: "x", b: b, timeout: 20 * time.Millisecond}
	for name, call := range map[string]func() error{
		"load":   func() error { _, err := s.Load("k"); return err },
		"save":   func() error { return s.Save("k", "secret-value") },
		"delete": func() error { return s.Delete("k") },
	} {
		err := call()
		var ue *UnavailableError
		if !errors.As(err, &ue) || !ue.Timeout || ue.Op != name {
			t.Fatalf("%s: got %#v, want a timeout UnavailableError", name, err)
		}
		if strings.Contains(err.Error(), "secret-value") {
			t.Fatalf("the error message leaks the secret: %v", err)
		}
	}
}

func TestKeyringFallsBackOnce(t *testing.T) {
	keyring.MockInitWithError(errors.New("org.freedesktop.secrets was not provided"))
	var calls []error
	s := WithFallback(Keyring("printdrop-test"), Memory(), func(err error) { calls = append(calls, err) })
	if err := s.Save("k", "v"); err != nil {
		t.Fatalf("Save through the fallback: %v", err)
	}
	if v, err := s.Load("k"); err != nil || v != "v" {
		t.Fatalf("Load after the switch = %q, %v; want the fallback's value", v, err)
	}
	if err := s.Delete("k"); err != nil {
		t.Fatal(err)
	}
	if len(calls) != 1 {
		t.Fatalf("onFallback called %d times, want once", len(calls))
	}
	var ue *UnavailableError
	if !errors.As(calls[0], &ue) {
		t.Fatalf("onFallback got %v, want the keychain's UnavailableError", calls[0])
	}
}
