package secret

import (
	"errors"
	"testing"
)

// failing is a Store whose calls fail with err, counting them.
type failing struct {
	err   error
	calls int
}

func (f *failing) Load(string) (string, error) { f.calls++; return "", f.err }
func (f *failing) Save(string, string) error   { f.calls++; return f.err }
func (f *failing) Delete(string) error         { f.calls++; return f.err }

func TestFallbackKeepsPrimaryOnNotFound(t *testing.T) {
	t.Parallel()
	primary := &failing{err: ErrNotFound}
	n := 0
	s := WithFallback(primary, Memory(), func(error) { n++ })
	for range 3 {
		if _, err := s.Load("k"); !errors.Is(err, ErrNotFound) {
			t.Fatalf("got %v, want ErrNotFound", err)
		}
	}
	if primary.calls != 3 || n != 0 {
		t.Fatalf("primary calls %d, onFallback %d: ErrNotFound must not switch", primary.calls, n)
	}
}

func TestFallbackSwitchesForGood(t *testing.T) {
	t.Parallel()
	primary := &failing{err: errors.New("bus gone")}
	fallback := Memory()
	_ = fallback.Save("k", "from-fallback")
	n := 0
	s := WithFallback(primary, fallback, func(err error) {
		n++
		if err.Error() != "bus gone" {
			t.Errorf("onFallback got %v", err)
		}
	})
	if v, err := s.Load("k"); err != nil || v != "from-fallback" {
		t.Fatalf("Load = %q, %v; the failed Load must be replayed on the fallback", v, err)
	}
	primary.err = nil // the keychain comes back; we still do not trust it this run
	if err := s.Save("k", "new"); err != nil {
		t.Fatal(err)
	}
	if v, _ := fallback.Load("k"); v != "new" {
		t.Fatalf("Save after the switch went to the primary, fallback has %q", v)
	}
	if primary.calls != 1 || n != 1 {
		t.Fatalf("primary calls %d, onFallback %d; want 1 and 1", primary.calls, n)
	}
}

func TestFallbackTooBig(t *testing.T) {
	t.Parallel()
	s := WithFallback(&failing{err: ErrTooBig}, Memory(), nil)
	if err := s.Save("k", "big"); err != nil {
		t.Fatalf("a value too big for the keychain must land in the fallback: %v", err)
	}
	if v, err := s.Load("k"); err != nil || v != "big" {
		t.Fatalf("Load = %q, %v", v, err)
	}
}
