package emulator

import "time"

// timers holds the job-processing timers by job id, guarded by Server.mu.
type timers struct{ m map[string]*time.Timer }

func (t *timers) after(id string, d time.Duration, f func()) {
	if t.m == nil {
		t.m = map[string]*time.Timer{}
	}
	t.stop(id)
	t.m[id] = time.AfterFunc(d, f)
}

func (t *timers) stop(id string) {
	if tm := t.m[id]; tm != nil {
		tm.Stop()
		delete(t.m, id)
	}
}

func (t *timers) stopAll() {
	for id := range t.m {
		t.stop(id)
	}
}
