package auth

import (
	"errors"
	"sync"

	"printdrop/internal/secret"
)

func memoryStore() secret.Store { return secret.Memory() }

// countingStore counts the calls that reach a store, per key.
type countingStore struct {
	secret.Store
	mu    sync.Mutex
	saves map[string]int
}

func newCountingStore() *countingStore {
	return &countingStore{Store: secret.Memory(), saves: map[string]int{}}
}

func (c *countingStore) Save(key, value string) error {
	c.mu.Lock()
	c.saves[key]++
	c.mu.Unlock()
	return c.Store.Save(key, value)
}

func (c *countingStore) savesOf(key string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.saves[key]
}

// failingStore refuses saves while fail is set, like a locked keychain.
type failingStore struct {
	secret.Store
	mu   sync.Mutex
	fail bool
}

func (f *failingStore) setFailing(v bool) {
	f.mu.Lock()
	f.fail = v
	f.mu.Unlock()
}

func (f *failingStore) Save(key, value string) error {
	f.mu.Lock()
	fail := f.fail
	f.mu.Unlock()
	if fail {
		return errors.New("the keychain is locked")
	}
	return f.Store.Save(key, value)
}
