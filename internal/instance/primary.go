package instance

import (
	"bufio"
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"time"
)

// Primary is the running first instance. Files handed over by later launches
// arrive on Files; Close stops listening and lets the next launch take over.
type Primary struct {
	ln      net.Listener
	lock    io.Closer
	token   string // empty for Unix sockets, whose directory permissions do the job
	cleanup func() // removes the socket or port file
	files   chan []string
	done    chan struct{}
	wg      sync.WaitGroup
	once    sync.Once
	stop    func() bool // unregisters the ctx watcher
}

// Files delivers, in arrival order, the absolute paths each later launch
// handed over. An empty slice is a launch without files: bring the window to
// the front. The channel is closed after Close.
func (p *Primary) Files() <-chan []string { return p.files }

// Close stops listening, removes the endpoint and releases the lock, so a
// new launch becomes the primary. It is safe to call more than once.
func (p *Primary) Close() error {
	var err error
	p.once.Do(func() {
		p.stop()
		close(p.done)
		err = p.ln.Close()
		p.wg.Wait()
		// The endpoint goes before the lock: once the lock is free, a new
		// primary may create its own endpoint, which must not be removed.
		p.cleanup()
		if lerr := p.lock.Close(); err == nil {
			err = lerr
		}
		close(p.files)
	})
	if errors.Is(err, net.ErrClosed) {
		err = nil
	}
	return err
}

func acquire(ctx context.Context, appID string, o options) (*Primary, error) {
	name, err := baseName(appID)
	if err != nil {
		return nil, err
	}
	if err := prepareDir(o.dir); err != nil {
		return nil, err
	}
	lock, err := lockFile(lockPath(o, name))
	if errors.Is(err, errLocked) {
		return nil, ErrAlreadyRunning
	}
	if err != nil {
		return nil, fmt.Errorf("instance: cannot take the single-instance lock: %w", err)
	}
	ln, token, cleanup, err := listen(o, name)
	if err != nil {
		lock.Close()
		return nil, err
	}
	p := &Primary{
		ln:      ln,
		lock:    lock,
		token:   token,
		cleanup: cleanup,
		// A few launches may arrive before the window reads; more wait in
		// their handlers until it does (or time out).
		files: make(chan []string, 8),
		done:  make(chan struct{}),
	}
	p.stop = context.AfterFunc(ctx, func() { p.Close() })
	p.wg.Add(1)
	go p.serve()
	return p, nil
}

func (p *Primary) serve() {
	defer p.wg.Done()
	for {
		conn, err := p.ln.Accept()
		if err != nil {
			select {
			case <-p.done:
				return
			default:
			}
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				continue
			}
			// A listener that fails for another reason will not recover;
			// later launches then find no answer and open their own window.
			return
		}
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			p.onConn(conn)
		}()
	}
}

// onConn answers one hand-off. Anything malformed gets a refusal and is
// otherwise ignored: the primary must survive garbage on its endpoint.
func (p *Primary) onConn(conn net.Conn) {
	defer conn.Close()
	deadline := time.Now().Add(requestTimeout)
	conn.SetDeadline(deadline)
	req, err := decodeRequest(bufio.NewReader(conn))
	if err != nil {
		writeResponse(conn, response{Error: err.Error()})
		return
	}
	if subtle.ConstantTimeCompare([]byte(req.Token), []byte(p.token)) != 1 {
		writeResponse(conn, response{Error: "wrong token"})
		return
	}
	timer := time.NewTimer(time.Until(deadline))
	defer timer.Stop()
	select {
	case p.files <- req.Files:
		writeResponse(conn, response{OK: true})
	case <-p.done:
		writeResponse(conn, response{Error: "PrintDrop is closing"})
	case <-timer.C:
		writeResponse(conn, response{Error: "PrintDrop is busy and did not take the files in time"})
	}
}
