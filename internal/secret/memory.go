package secret

import "sync"

// Memory returns a Store that keeps secrets in this process only. It is safe
// for concurrent use; everything in it is gone when the process exits.
func Memory() Store {
	return &memoryStore{m: make(map[string]string)}
}

type memoryStore struct {
	mu sync.Mutex // guards m
	m  map[string]string
}

func (s *memoryStore) Load(key string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.m[key]
	if !ok {
		return "", ErrNotFound
	}
	return v, nil
}

func (s *memoryStore) Save(key, value string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[key] = value
	return nil
}

func (s *memoryStore) Delete(key string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.m[key]; !ok {
		return ErrNotFound
	}
	delete(s.m, key)
	return nil
}
