package bridge

import (
	"mime"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
)

// A web page the user visits can reach the bridge too: its browser may
// POST a form to http://127.0.0.1:PORT (a "simple" request that needs no
// CORS preflight), or a hostile DNS name may be rebound to 127.0.0.1 so
// that the page's own origin is the bridge. The peer-uid check does not
// help (the browser runs as the owner). So the JSON routes are served only
// to requests that name the bridge by its loopback address in Host and
// carry no Origin (browsers send one on every cross-origin POST and on
// every fetch from a page; CUPS and the window never do), and IPP only to
// a Host that is this computer (a rebound name never is).

// hostIsLocal reports whether host (an HTTP Host header) names this
// bridge: localhost or a loopback address, with the port it listens on.
// ownNames adds the computer's own names (os.Hostname and name.local):
// CUPS may reach a printer announced with DNS-SD through the host name
// avahi published, which a rebinding page cannot make a browser send.
func (s *Server) hostIsLocal(host string, ownNames bool) bool {
	name, port, err := net.SplitHostPort(host)
	if err != nil {
		// No port: the client reached the scheme's default port, which
		// only a bridge listening there serves; the name must still fit.
		name, port = strings.Trim(host, "[]"), ""
	}
	if want := s.port.Load(); want != 0 && port != "" && strconv.Itoa(int(want)) != port {
		return false
	}
	name = strings.TrimSuffix(strings.ToLower(name), ".")
	if name == "localhost" {
		return true
	}
	if ip := net.ParseIP(name); ip != nil {
		return ip.IsLoopback()
	}
	if !ownNames {
		return false
	}
	if h, err := os.Hostname(); err == nil && h != "" {
		h = strings.ToLower(h)
		short, _, _ := strings.Cut(h, ".")
		if name == h || name == short+".local" {
			return true
		}
		// avahi renames the host "name-2" after a collision on the network.
		if n, ok := strings.CutSuffix(name, ".local"); ok {
			if i := strings.LastIndexByte(n, '-'); i > 0 && n[:i] == short {
				_, err := strconv.Atoi(n[i+1:])
				return err == nil
			}
		}
	}
	return false
}

// localOnly refuses a request to the JSON routes unless it names the
// bridge by its loopback address and carries no Origin, nor a body a
// browser could send without asking first (a form or plain text). It
// answers 403 and changes nothing.
func (s *Server) localOnly(w http.ResponseWriter, r *http.Request) bool {
	why := ""
	switch {
	case !s.hostIsLocal(r.Host, false):
		why = "the request does not name the bridge by its loopback address"
	case r.Header.Get("Origin") != "" || r.Header.Get("Sec-Fetch-Site") != "" && r.Header.Get("Sec-Fetch-Site") != "none":
		why = "the request comes from a web page"
	case formBody(r):
		why = "the request carries a web form"
	}
	if why == "" {
		return true
	}
	s.log.Warn("refused a request to the prints' routes", "why", why)
	http.Error(w, "PrintDrop bridge: "+why+"; only the PrintDrop window may use this address", http.StatusForbidden)
	return false
}

// formBody reports whether r has a content type a browser may send
// cross-origin without a preflight (RFC 9110's form and text types).
func formBody(r *http.Request) bool {
	ct := r.Header.Get("Content-Type")
	if ct == "" {
		return false
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return true
	}
	switch mt {
	case "application/x-www-form-urlencoded", "multipart/form-data", "text/plain":
		return true
	}
	return false
}
