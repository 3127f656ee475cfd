package secret

import (
	"errors"
	"sync"
)

// WithFallback returns a Store that uses primary until primary first fails
// with anything other than ErrNotFound, then uses fallback for good. The
// failing call is replayed on fallback, so a Save still succeeds (for this
// run) and the caller need not care. onFallback, if not nil, is called once
// with primary's error so the UI can say why the user will be asked again
// next time ("Your system keyring isn't available...").
//
// It is honest rather than clever: after the switch Load reads fallback only,
// even if primary would answer again, so the app never mixes a stale keychain
// value with a fresh in-memory one.
func WithFallback(primary, fallback Store, onFallback func(error)) Store {
	return &fallbackStore{primary: primary, fallback: fallback, onFallback: onFallback}
}

type fallbackStore struct {
	primary, fallback Store
	onFallback        func(error)

	mu       sync.Mutex // guards switched
	switched bool
}

// do runs op on the active store and switches on the first real failure.
func (s *fallbackStore) do(op func(Store) (string, error)) (string, error) {
	s.mu.Lock()
	switched := s.switched
	s.mu.Unlock()
	if switched {
		return op(s.fallback)
	}
	v, err := op(s.primary)
	if err == nil || errors.Is(err, ErrNotFound) {
		return v, err
	}
	s.mu.Lock()
	first := !s.switched
	s.switched = true
	s.mu.Unlock()
	if first && s.onFallback != nil {
		s.onFallback(err)
	}
	return op(s.fallback)
}

func (s *fallbackStore) Load(key string) (string, error) {
	return s.do(func(st Store) (string, error) { return st.Load(key) })
}

func (s *fallbackStore) Save(key, value string) error {
	_, err := s.do(func(st Store) (string, error) { return "", st.Save(key, value) })
	return err
}

func (s *fallbackStore) Delete(key string) error {
	_, err := s.do(func(st Store) (string, error) { return "", st.Delete(key) })
	return err
}
