package auth

import (
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
