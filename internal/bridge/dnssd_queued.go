package bridge

import (
	"bufio"
	"context"
	"errors"
	"net"
	"net/url"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// QueuedURIs lists the device URIs of CUPS's queues (lpstat -v), to tell
// which printers already have a queue: those are not announced with
// DNS-SD, or print dialogs would show each of them twice. Without CUPS
// (no lpstat, or no scheduler) the list is empty.
func QueuedURIs(ctx context.Context) ([]string, error) {
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "lpstat", "-v")
	// lpstat's words are translated; its "device for" lines must be read
	// in English.
	cmd.Env = append(os.Environ(), "LC_ALL=C", "LANG=C")
	out, err := cmd.Output()
	if errors.Is(err, exec.ErrNotFound) {
		return nil, nil
	}
	var uris []string
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	for sc.Scan() {
		rest, ok := strings.CutPrefix(sc.Text(), "device for ")
		if !ok {
			continue
		}
		if _, uri, ok := strings.Cut(rest, ": "); ok {
			uris = append(uris, strings.TrimSpace(uri))
		}
	}
	if ctx.Err() != nil {
		return uris, ctx.Err()
	}
	// lpstat exits 1 with no queue at all, or no scheduler: nothing queued.
	return uris, nil
}

// Queued tells whether one of uris (CUPS device URIs) prints to the
// share shareID of the bridge listening on port, on a loopback address.
// Queues that reach the bridge by host name (cups-browsed's, made from the
// announcement itself) do not count.
func Queued(uris []string, port int, shareID string) bool {
	for _, raw := range uris {
		u, err := url.Parse(raw)
		if err != nil || (u.Scheme != "ipp" && u.Scheme != "ipps") {
			continue
		}
		p := 631
		if u.Port() != "" {
			if p, err = strconv.Atoi(u.Port()); err != nil {
				continue
			}
		}
		host := u.Hostname()
		ip := net.ParseIP(host)
		if p == port && (host == "localhost" || (ip != nil && ip.IsLoopback())) && u.Path == "/printers/"+shareID {
			return true
		}
	}
	return false
}
