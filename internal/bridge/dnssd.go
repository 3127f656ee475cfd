package bridge

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/godbus/dbus/v5"
	avahi "github.com/holoplot/go-avahi"
)

// DNSSDError says why the printers could not be announced with DNS-SD.
// Announcing is optional: the printers are served anyway.
type DNSSDError struct {
	// Missing names what is not there ("the system bus", "avahi-daemon",
	// "a loopback interface", or "avahi" on a system other than Linux), or
	// is "" when avahi refused the service.
	Missing string
	Err     error
}

func (e *DNSSDError) Error() string {
	if e.Missing != "" {
		return fmt.Sprintf("not announced with DNS-SD: %s is not available (%v)", e.Missing, e.Err)
	}
	return fmt.Sprintf("not announced with DNS-SD: avahi refused the service (%v)", e.Err)
}

func (e *DNSSDError) Unwrap() error { return e.Err }

// errNotLinux is why a system without avahi announces nothing.
var errNotLinux = errors.New("the bridge announces printers through avahi, on Linux only")

// Publication is a set of printers announced through avahi; Close
// withdraws them. Follow keeps them announced when avahi-daemon restarts.
type Publication struct {
	once sync.Once
	ann  announcement
	// Instances are the names the printers were announced under, by share
	// id (avahi may have renamed one that clashed); a re-announcement
	// uses the same names.
	Instances map[string]string

	mu     sync.Mutex // guards sess and closed
	sess   *avahiSession
	closed bool

	watch *dbus.Conn    // the bus connection Follow listens on
	stop  chan struct{} // closed by Close
	done  chan struct{} // closed when Follow's loop has ended
}

// maxRenames bounds the attempts at a free instance name when two
// printers (or another host's) share one.
const maxRenames = 10

// PublishDNSSD announces each advert as an IPP printer at listen (the
// bridge's loopback address) on the loopback interface only, through the
// avahi daemon on the system bus: CUPS then lists the printers, and print
// dialogs show them, without anyone running lpadmin. It returns a
// *DNSSDError when the bus, avahi-daemon or the loopback interface is
// missing.
func PublishDNSSD(listen string, ads []Advert) (*Publication, error) {
	if runtime.GOOS != "linux" {
		// avahi is the Linux announcer; macOS has its own (mDNSResponder)
		// and Windows has no CUPS to browse for these printers.
		return nil, &DNSSDError{Missing: "avahi", Err: errNotLinux}
	}
	ap, err := netip.ParseAddrPort(listen)
	if err != nil {
		return nil, fmt.Errorf("DNS-SD: bridge address %q: %w", listen, err)
	}
	ann := announcement{proto: avahi.ProtoInet, port: ap.Port(), ads: slices.Clone(ads)}
	if ap.Addr().Unmap().Is6() {
		ann.proto = avahi.ProtoInet6
	}
	if ann.lo, err = loopbackIndex(); err != nil {
		return nil, &DNSSDError{Missing: "a loopback interface", Err: err}
	}
	sess, names, err := ann.publish()
	if err != nil {
		return nil, err
	}
	for i, ad := range ann.ads {
		ann.ads[i].Instance = names[ad.ShareID]
	}
	return &Publication{ann: ann, Instances: names, sess: sess, stop: make(chan struct{})}, nil
}

// Close withdraws the printers and leaves the bus. It is safe to call
// more than once, and on a nil Publication.
func (p *Publication) Close() error {
	if p == nil {
		return nil
	}
	var err error
	p.once.Do(func() {
		p.mu.Lock()
		p.closed = true
		sess := p.sess
		p.sess = nil
		p.mu.Unlock()
		close(p.stop)
		if p.watch != nil {
			p.watch.Close() // ends the signal channel, and so Follow's loop
			<-p.done
		}
		err = sess.close()
	})
	return err
}

// avahiName is avahi-daemon's name on the system bus.
const avahiName = "org.freedesktop.Avahi"

// Follow keeps the printers announced: each time avahi-daemon takes its
// bus name again (it restarted, and its records went with the old one),
// the printers are announced anew under the same names, and report (which
// runs on Follow's goroutine) is told how that went: nil, or why they are
// not announced. It returns an error when it cannot listen to the bus.
func (p *Publication) Follow(report func(error)) error {
	conn, err := dbus.ConnectSystemBus()
	if err != nil {
		return &DNSSDError{Missing: "the system bus", Err: err}
	}
	if err := conn.AddMatchSignal(dbus.WithMatchSender("org.freedesktop.DBus"), dbus.WithMatchInterface("org.freedesktop.DBus"),
		dbus.WithMatchMember("NameOwnerChanged"), dbus.WithMatchArg(0, avahiName)); err != nil {
		conn.Close()
		return &DNSSDError{Missing: "the system bus", Err: err}
	}
	signals := make(chan *dbus.Signal, 16)
	conn.Signal(signals)
	p.watch, p.done = conn, make(chan struct{})
	go func() {
		defer close(p.done)
		p.follow(owners(signals, p.stop), p.republish, report)
	}()
	return nil
}

// owners turns NameOwnerChanged signals for avahi's name into its new
// owners ("" when the daemon left); the channel closes with the bus
// connection, and stop ends a send nobody takes any more.
func owners(signals <-chan *dbus.Signal, stop <-chan struct{}) <-chan string {
	out := make(chan string)
	go func() {
		defer close(out)
		for sig := range signals {
			if sig.Name != "org.freedesktop.DBus.NameOwnerChanged" || len(sig.Body) != 3 {
				continue
			}
			if name, _ := sig.Body[0].(string); name == avahiName {
				owner, _ := sig.Body[2].(string)
				select {
				case out <- owner:
				case <-stop:
					return
				}
			}
		}
	}()
	return out
}

// republishTries and republishWait bound the attempts at announcing
// through a daemon that has just taken its name and may still be starting
// (a variable, so tests can make it short).
const republishTries = 5

var republishWait = time.Second

// follow announces again through each new owner of avahi's name, until
// owners closes or the publication does.
func (p *Publication) follow(owners <-chan string, republish func() error, report func(error)) {
	for owner := range owners {
		if owner == "" {
			continue // the daemon left; its records went with it
		}
		var err error
		for try := 1; ; try++ {
			if err = republish(); err == nil || try == republishTries {
				break
			}
			select {
			case <-time.After(republishWait):
			case <-p.stop:
				return
			}
		}
		if report != nil {
			report(err)
		}
	}
}

// republish announces the printers through the daemon now on the bus,
// leaving the session with the one that went away.
func (p *Publication) republish() error {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return nil
	}
	old := p.sess
	p.sess = nil
	p.mu.Unlock()
	// Its daemon is gone, and its entry group with it: what is left to
	// close is this end of the bus connection.
	_ = old.close()
	sess, _, err := p.ann.publish()
	if err != nil {
		return err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return sess.close()
	}
	p.sess = sess
	return nil
}

// announcement is what PublishDNSSD announces, and where.
type announcement struct {
	lo, proto int32
	port      uint16
	ads       []Advert
}

// avahiSession is one connection to avahi-daemon and the entry group of
// the printers announced through it.
type avahiSession struct {
	srv   *avahi.Server
	group *avahi.EntryGroup
}

// publish connects to avahi-daemon and announces the printers in one
// entry group; it returns the names avahi took for them, by share id.
func (a announcement) publish() (*avahiSession, map[string]string, error) {
	conn, err := dbus.ConnectSystemBus()
	if err != nil {
		return nil, nil, &DNSSDError{Missing: "the system bus", Err: err}
	}
	srv, err := avahi.ServerNew(conn)
	if err != nil {
		conn.Close()
		return nil, nil, &DNSSDError{Missing: "avahi-daemon", Err: err}
	}
	s := &avahiSession{srv: srv}
	if err := waitRunning(srv); err != nil {
		s.close()
		return nil, nil, err
	}
	if s.group, err = srv.EntryGroupNew(); err != nil {
		s.close()
		return nil, nil, &DNSSDError{Err: err}
	}
	names := map[string]string{}
	for _, ad := range a.ads {
		txt := make([][]byte, len(ad.TXT))
		for i, t := range ad.TXT {
			txt[i] = []byte(t)
		}
		name := ad.Instance
		for try := 0; ; try++ {
			err = s.group.AddService(a.lo, a.proto, 0, name, ServiceType, "", "", a.port, txt)
			var de dbus.Error
			if err == nil || try >= maxRenames || !errors.As(err, &de) || !collision(de) {
				break
			}
			if name, err = srv.GetAlternativeServiceName(name); err != nil {
				break
			}
		}
		if err != nil {
			s.close()
			return nil, nil, &DNSSDError{Err: fmt.Errorf("printer %q: %w", ad.Instance, err)}
		}
		names[ad.ShareID] = name
	}
	if err := s.group.Commit(); err != nil {
		s.close()
		return nil, nil, &DNSSDError{Err: err}
	}
	return s, names, nil
}

// startWait bounds the wait for a daemon that is starting: avahi probes
// its host name for about a second before it serves.
const startWait = 10 * time.Second

// waitRunning waits until avahi-daemon serves. ServerNew asks nothing of
// the daemon: this is the first call that finds out whether it is there.
// Services added while it still registers its host name are lost when
// it goes on to run, as happens just after a restart.
func waitRunning(srv *avahi.Server) error {
	deadline := time.Now().Add(startWait)
	for {
		state, err := srv.GetState()
		if err != nil {
			return &DNSSDError{Missing: "avahi-daemon", Err: err}
		}
		if state == avahi.ServerRunning {
			return nil
		}
		if time.Now().After(deadline) {
			return &DNSSDError{Err: fmt.Errorf("avahi-daemon is not running after %s (state %d)", startWait, state)}
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// close withdraws the session's printers and leaves the bus; a nil
// session has nothing to close.
func (s *avahiSession) close() error {
	if s == nil {
		return nil
	}
	var err error
	if s.group != nil {
		// Freeing the group withdraws its services at once (goodbye
		// packets); closing the bus connection would too, but later.
		err = s.group.Reset()
		s.srv.EntryGroupFree(s.group)
	}
	// go-avahi's Close stops its signal loop, then closes the bus.
	s.srv.Close()
	return err
}

// loopbackIndex is the kernel's index of the loopback interface, which is
// avahi's interface index too.
func loopbackIndex() (int32, error) {
	ifs, err := net.Interfaces()
	if err != nil {
		return 0, err
	}
	for _, i := range ifs {
		if i.Flags&net.FlagLoopback != 0 && i.Flags&net.FlagUp != 0 {
			return int32(i.Index), nil
		}
	}
	return 0, errors.New("no loopback interface is up")
}

// collision tells whether avahi refused a name because it is taken, here
// or on the network.
func collision(e dbus.Error) bool {
	return e.Name == "org.freedesktop.Avahi.CollisionError" || e.Name == "org.freedesktop.Avahi.LocalCollisionError"
}
