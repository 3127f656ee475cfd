package bridge

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"runtime"
	"sync"

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
// withdraws them.
type Publication struct {
	once  sync.Once
	srv   *avahi.Server
	group *avahi.EntryGroup
	// Instances are the names the printers were announced under, by share
	// id (avahi may have renamed one that clashed).
	Instances map[string]string
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
	proto := int32(avahi.ProtoInet)
	if ap.Addr().Unmap().Is6() {
		proto = avahi.ProtoInet6
	}
	lo, err := loopbackIndex()
	if err != nil {
		return nil, &DNSSDError{Missing: "a loopback interface", Err: err}
	}
	conn, err := dbus.ConnectSystemBus()
	if err != nil {
		return nil, &DNSSDError{Missing: "the system bus", Err: err}
	}
	srv, err := avahi.ServerNew(conn)
	if err != nil {
		conn.Close()
		return nil, &DNSSDError{Missing: "avahi-daemon", Err: err}
	}
	pub := &Publication{srv: srv, Instances: map[string]string{}}
	// ServerNew asks nothing of the daemon: this is the first call that
	// finds out whether avahi-daemon is there.
	if _, err := srv.GetVersionString(); err != nil {
		pub.Close()
		return nil, &DNSSDError{Missing: "avahi-daemon", Err: err}
	}
	pub.group, err = srv.EntryGroupNew()
	if err != nil {
		pub.Close()
		return nil, &DNSSDError{Err: err}
	}
	for _, ad := range ads {
		txt := make([][]byte, len(ad.TXT))
		for i, t := range ad.TXT {
			txt[i] = []byte(t)
		}
		name := ad.Instance
		for try := 0; ; try++ {
			err = pub.group.AddService(lo, proto, 0, name, ServiceType, "", "", ap.Port(), txt)
			var de dbus.Error
			if err == nil || try >= maxRenames || !errors.As(err, &de) || !collision(de) {
				break
			}
			if name, err = srv.GetAlternativeServiceName(name); err != nil {
				break
			}
		}
		if err != nil {
			pub.Close()
			return nil, &DNSSDError{Err: fmt.Errorf("printer %q: %w", ad.Instance, err)}
		}
		pub.Instances[ad.ShareID] = name
	}
	if err := pub.group.Commit(); err != nil {
		pub.Close()
		return nil, &DNSSDError{Err: err}
	}
	return pub, nil
}

// Close withdraws the printers and leaves the bus. It is safe to call
// more than once, and on a nil Publication.
func (p *Publication) Close() error {
	if p == nil {
		return nil
	}
	var err error
	p.once.Do(func() {
		if p.group != nil {
			// Freeing the group withdraws its services at once (goodbye
			// packets); closing the bus connection would too, but later.
			err = p.group.Reset()
			p.srv.EntryGroupFree(p.group)
		}
		// go-avahi's Close stops its signal loop, then closes the bus.
		p.srv.Close()
	})
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
