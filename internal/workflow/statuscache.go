package workflow

import (
	"sync"
	"time"
)

// StatusTTL is how long a share's status read is reused: long enough that
// scrolling back and forth through a list reads nothing twice, short
// enough that a printer that jammed a minute ago does not pass for ready.
const StatusTTL = 60 * time.Second

// statusCache keeps recent status reads by share id. Reads that failed
// are not kept: the next look tries again.
type statusCache struct {
	mu  sync.Mutex
	now func() time.Time // nil: time.Now
	m   map[string]statusEntry
}

type statusEntry struct {
	r         PrinterReadiness
	accepting *bool
	at        time.Time
}

func (c *statusCache) clock() time.Time {
	if c.now != nil {
		return c.now()
	}
	return time.Now()
}

// get returns a status read less than StatusTTL ago.
func (c *statusCache) get(id string) (statusEntry, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[id]
	if !ok || c.clock().Sub(e.at) >= StatusTTL {
		return statusEntry{}, false
	}
	return e, true
}

// put keeps what a read of the share said.
func (c *statusCache) put(id string, r PrinterReadiness, accepting *bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[string]statusEntry{}
	}
	now := c.clock()
	if len(c.m) > 4096 { // bound the map: drop what has expired
		for k, e := range c.m {
			if now.Sub(e.at) >= StatusTTL {
				delete(c.m, k)
			}
		}
	}
	c.m[id] = statusEntry{r: r, accepting: accepting, at: now}
}

// ForgetStatuses drops every kept status, so the next reads ask Graph
// (the window's Refresh).
func (s *Service) ForgetStatuses() {
	s.statuses.mu.Lock()
	s.statuses.m = nil
	s.statuses.mu.Unlock()
}
