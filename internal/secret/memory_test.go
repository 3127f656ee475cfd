package secret

import (
	"errors"
	"fmt"
	"sync"
	"testing"
)

func TestMemory(t *testing.T) {
	t.Parallel()
	s := Memory()
	if _, err := s.Load("k"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Load of an absent key: got %v, want ErrNotFound", err)
	}
	if err := s.Save("k", "v1"); err != nil {
		t.Fatal(err)
	}
	if err := s.Save("k", "v2"); err != nil {
		t.Fatal(err)
	}
	if v, err := s.Load("k"); err != nil || v != "v2" {
		t.Fatalf("Load = %q, %v; want v2 (the last Save wins)", v, err)
	}
	if err := s.Delete("k"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Load("k"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Load after Delete: got %v, want ErrNotFound", err)
	}
	if err := s.Delete("k"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Delete of an absent key: got %v, want ErrNotFound", err)
	}
}

// TestMemoryConcurrent is meaningful under -race: the map must be guarded.
func TestMemoryConcurrent(t *testing.T) {
	t.Parallel()
	s := Memory()
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			key := fmt.Sprint("k", i)
			for j := range 100 {
				_ = s.Save(key, fmt.Sprint(j))
				_, _ = s.Load(key)
				_, _ = s.Load("shared")
				_ = s.Save("shared", key)
			}
		}()
	}
	wg.Wait()
	for i := range 8 {
		if v, err := s.Load(fmt.Sprint("k", i)); err != nil || v != "99" {
			t.Fatalf("k%d = %q, %v; want 99", i, v, err)
		}
	}
}
