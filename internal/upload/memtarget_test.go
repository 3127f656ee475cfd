package upload

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"

	"printdrop/internal/ranges"
)

// httpErr is an upload-host answer, classified as graph's errors are:
// through HTTPStatus and RetryAfter only.
type httpErr struct {
	status int
	ra     time.Duration
	hasRA  bool
}

func (e *httpErr) Error() string                     { return fmt.Sprintf("status %d", e.status) }
func (e *httpErr) HTTPStatus() int                   { return e.status }
func (e *httpErr) RetryAfter() (time.Duration, bool) { return e.ra, e.hasRA }

// fault is armed on a memTarget and hits the next matching calls.
type fault struct {
	kind   string // "status", "drop", "store_then_fail", "expire"
	op     string // "PUT" or "GET"
	status int
	ra     time.Duration
	hasRA  bool
	count  int // how many calls it hits; -1 forever
}

// memTarget is a faithful in-memory upload session, as Graph's
// behave: gaps in any order, 416 on any overlap, 201 on the last byte
// then gone (404), 404 once deleted or expired.
type memTarget struct {
	mu            sync.Mutex
	size          int64
	data          []byte
	have          ranges.Set
	gone          bool // completed, deleted or expired
	deleted       bool
	completed     bool
	faults        []*fault
	puts, gets    int
	bytesReceived int64
	conc, maxConc int
	order         []ranges.Range // PUTs as they arrived
	lie           bool           // next 202 claims byte 0 is missing again
	onPut         func(r ranges.Range)
}

func newMemTarget(size int64) *memTarget {
	return &memTarget{size: size, data: make([]byte, size)}
}

func (m *memTarget) arm(f fault) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.faults = append(m.faults, &f)
}

// take returns the first armed fault for op and uses up one of its hits.
func (m *memTarget) take(op string) *fault {
	for _, f := range m.faults {
		if f.count != 0 && (f.op == "" || f.op == op) {
			if f.count > 0 {
				f.count--
			}
			return f
		}
	}
	return nil
}

func (m *memTarget) missingLocked() ranges.Set { return m.have.Missing(m.size) }

func (m *memTarget) Status(ctx context.Context) (ranges.Set, time.Time, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.gets++
	if f := m.take("GET"); f != nil {
		switch f.kind {
		case "status":
			return nil, time.Time{}, &httpErr{status: f.status, ra: f.ra, hasRA: f.hasRA}
		case "drop":
			return nil, time.Time{}, errors.New("connection reset by peer")
		case "expire":
			m.gone = true
		}
	}
	if m.gone {
		return nil, time.Time{}, &httpErr{status: http.StatusNotFound}
	}
	return m.missingLocked(), time.Now().Add(time.Hour), nil
}

func (m *memTarget) Put(ctx context.Context, r ranges.Range, body io.Reader) (ranges.Set, bool, error) {
	m.mu.Lock()
	m.puts++
	m.conc++
	m.maxConc = max(m.maxConc, m.conc)
	m.order = append(m.order, r)
	f := m.take("PUT")
	hook := m.onPut
	m.mu.Unlock()
	defer func() {
		m.mu.Lock()
		m.conc--
		m.mu.Unlock()
	}()
	if hook != nil {
		hook(r)
	}
	if f != nil && f.kind == "drop" {
		n, _ := io.CopyN(io.Discard, body, r.Len()/2)
		m.mu.Lock()
		m.bytesReceived += n
		m.mu.Unlock()
		return nil, false, errors.New("unexpected EOF")
	}
	buf, err := io.ReadAll(body)
	if err != nil {
		return nil, false, err
	}
	if err := ctx.Err(); err != nil {
		return nil, false, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.bytesReceived += int64(len(buf))
	if f != nil {
		switch f.kind {
		case "status":
			return nil, false, &httpErr{status: f.status, ra: f.ra, hasRA: f.hasRA}
		case "expire":
			m.gone = true
		}
	}
	if m.gone {
		return nil, false, &httpErr{status: http.StatusNotFound}
	}
	if int64(len(buf)) != r.Len() || r.End >= m.size {
		return nil, false, &httpErr{status: http.StatusBadRequest}
	}
	if m.have.Overlaps(r) {
		return nil, false, &httpErr{status: http.StatusRequestedRangeNotSatisfiable}
	}
	copy(m.data[r.Start:], buf)
	m.have = m.have.Add(r)
	if f != nil && f.kind == "store_then_fail" {
		return nil, false, &httpErr{status: http.StatusServiceUnavailable}
	}
	if m.have.Size() == m.size {
		m.gone, m.completed = true, true
		return nil, true, nil
	}
	missing := m.missingLocked()
	if m.lie {
		m.lie = false
		missing = missing.Add(ranges.Range{Start: 0, End: 0})
	}
	return missing, false, nil
}

func (m *memTarget) Delete(ctx context.Context) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.gone {
		return &httpErr{status: http.StatusNotFound}
	}
	m.gone, m.deleted = true, true
	return nil
}

func (m *memTarget) stats() (puts, gets int, received int64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.puts, m.gets, m.bytesReceived
}
