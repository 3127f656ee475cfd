package bridge

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"printdrop/internal/emulator"
	"printdrop/internal/testenv"
)

// dnssdEnv runs TestDNSSD: it needs a system bus and avahi-daemon, which
// the .ci/cups stage starts.
const dnssdEnv = "PRINTDROP_DNSSD_TEST"

// browsed is one printer as avahi-browse resolved it.
type browsed struct {
	iface, proto, name, port string
	txt                      map[string]string
}

// browseIPP lists the _ipp._tcp services avahi knows, resolved.
func browseIPP(t *testing.T) []browsed {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "avahi-browse", "-rpt", ServiceType).Output()
	if err != nil {
		t.Fatalf("avahi-browse: %v\n%s", err, out)
	}
	var list []browsed
	for _, line := range strings.Split(string(out), "\n") {
		// =;IFACE;PROTO;NAME;TYPE;DOMAIN;HOST;ADDRESS;PORT;"k=v" "k=v"
		f := strings.SplitN(line, ";", 10)
		if len(f) < 10 || f[0] != "=" {
			continue
		}
		b := browsed{iface: f[1], proto: f[2], name: unescapeBrowse(f[3]), port: f[8], txt: map[string]string{}}
		for _, kv := range strings.Split(f[9], `" "`) {
			k, v, _ := strings.Cut(strings.Trim(kv, `"`), "=")
			b.txt[k] = v
		}
		list = append(list, b)
	}
	return list
}

// unescapeBrowse undoes avahi-browse -p's \DDD escapes in names.
func unescapeBrowse(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+3 < len(s) {
			if n, err := strconv.Atoi(s[i+1 : i+4]); err == nil {
				b.WriteByte(byte(n))
				i += 3
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// waitBrowse polls avahi-browse until ok holds, for up to 20 s.
func waitBrowse(t *testing.T, ok func([]browsed) bool) []browsed {
	t.Helper()
	var list []browsed
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(300 * time.Millisecond) {
		if list = browseIPP(t); ok(list) {
			return list
		}
	}
	return list
}

// TestDNSSD announces two bridge printers through the real avahi-daemon,
// sees them browsed on the loopback interface with the bridge's port and
// path and no printer-type key, sees libcups list them (lpstat -e), and
// sees them withdrawn on Close.
func TestDNSSD(t *testing.T) {
	if os.Getenv(dnssdEnv) == "" {
		t.Skipf("set %s=1 with a system bus and avahi-daemon running (the .ci/cups stage starts them)", dnssdEnv)
	}
	testenv.RequireTools(t, "avahi-browse", "cupsd", "lp", "lpstat", "xvfb-run", "xauth", systemPython, "pdftotext")
	if os.Getuid() != 0 {
		t.Fatal("TestDNSSD runs a private cupsd: run it as root")
	}
	// Two printers with the same name: avahi must rename the second.
	b := startBridge(t, nil, emulator.ShareDefault, emulator.ShareColor)
	ads := b.srv.Adverts()
	ads[1].Instance = ads[0].Instance
	pub, err := PublishDNSSD(b.addr, ads)
	if err != nil {
		t.Fatalf("PublishDNSSD: %v", err)
	}
	defer pub.Close()
	_, port, _ := strings.Cut(b.addr, ":")
	// mine is what avahi-browse saw of our printers, by share id: one
	// entry each (interface and protocol) where it was announced.
	mine := func(list []browsed) map[string][]browsed {
		got := map[string][]browsed{}
		for _, e := range list {
			for id, name := range pub.Instances {
				if e.name == name && e.port == port {
					got[id] = append(got[id], e)
				}
			}
		}
		return got
	}
	list := waitBrowse(t, func(l []browsed) bool { return len(mine(l)) == 2 })
	got := mine(list)
	if len(got) != 2 || pub.Instances[emulator.ShareDefault] == pub.Instances[emulator.ShareColor] {
		t.Fatalf("browsed %d of 2 printers (instances %q):\n%+v", len(got), pub.Instances, list)
	}
	for id, es := range got {
		for _, e := range es {
			if e.iface != "lo" || e.proto != "IPv4" {
				t.Errorf("%s announced on %s %s, want lo IPv4 only", id, e.iface, e.proto)
			}
			if e.txt["rp"] != "printers/"+id || e.txt["pdl"] != "application/pdf" {
				t.Errorf("%s: rp=%q pdl=%q", id, e.txt["rp"], e.txt["pdl"])
			}
			if _, bad := e.txt["printer-type"]; bad {
				t.Errorf("%s: announced with printer-type", id)
			}
		}
	}

	// libcups browses DNS-SD itself: lpstat -e lists the printers as
	// destinations a print dialog offers, with no queue made.
	c := startCupsd(t)
	t.Setenv("CUPS_SERVER", c.sock)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	out, _ := exec.CommandContext(ctx, "lpstat", "-e").CombinedOutput()
	cancel()
	for id, name := range pub.Instances {
		if !strings.Contains(string(out), QueueName(name)) {
			t.Errorf("lpstat -e does not list %s (%q):\n%s", id, QueueName(name), out)
		}
	}

	// Printing to it: CUPS makes a temporary queue from the announcement
	// (no lpadmin, no admin rights) and the job reaches Universal Print.
	dir := t.TempDir()
	pdf := writeFile(t, dir, "dnssd.pdf", tinyPDF("through DNS-SD"))
	_ = os.Chmod(dir, 0o755) // cupsd's filters run as lp
	c.t = t
	before := b.jobCreations()
	id := c.lp("-d", QueueName(pub.Instances[emulator.ShareDefault]), pdf)
	if !c.waitDone(id) || b.jobCreations() != before+1 {
		t.Errorf("CUPS job %s to the announced printer did not print (%d Universal Print jobs made):\n%s", id, b.jobCreations()-before, c.run("lpstat", "-l", "-W", "all", "-o"))
	}
	// The announcement names this host (HOST.local), which resolves only
	// with nss-mdns; CUPS takes a service of this host for localhost, so
	// the queue needs no .local name to resolve (CI has no nss-mdns).
	if v := c.run("lpstat", "-v", QueueName(pub.Instances[emulator.ShareDefault])); !strings.Contains(v, "ipp://localhost:"+port+"/printers/"+emulator.ShareDefault) {
		t.Errorf("the temporary queue does not print to localhost:\n%s", v)
	}

	// A GTK application prints to the announced printer by its name, as
	// its dialog lists it: through the address avahi resolved and the
	// temporary queue, with no nss-mdns.
	before = b.jobCreations()
	out = []byte(runApp(t, t.TempDir(), "xvfb-run", "-a", systemPython, filepath.Join(testdataDir(t), "gtkprint.py"),
		pub.Instances[emulator.ShareDefault], "GTK test page via DNS-SD", "2", "horizontal"))
	t.Logf("gtkprint.py: %s", out)
	gj := b.waitAppJob(t, c, QueueName(pub.Instances[emulator.ShareDefault]), before)
	b.checkAppJob(t, gj, "GTK test page via DNS-SD", "GTK test page via DNS-SD", 2, "flipOnLongEdge")

	// Never both: once a queue points at a printer, lpstat -v shows it and
	// the bridge would not announce that printer.
	if err := AddQueue(context.Background(), "pdq", b.uri(emulator.ShareDefault)); err != nil {
		t.Fatal(err)
	}
	uris, err := QueuedURIs(context.Background())
	n, _ := strconv.Atoi(port)
	if err != nil || !Queued(uris, n, emulator.ShareDefault) || Queued(uris, n, emulator.ShareColor) {
		t.Errorf("QueuedURIs = %q, %v: want the queue for %s only", uris, err, emulator.ShareDefault)
	}

	if err := pub.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	list = waitBrowse(t, func(l []browsed) bool { return len(mine(l)) == 0 })
	if n := len(mine(list)); n != 0 {
		t.Errorf("%d printers still announced after Close", n)
	}
}

// TestDNSSDNoAvahi: without a system bus the error names what is missing.
func TestDNSSDNoAvahi(t *testing.T) {
	if runtime.GOOS != "linux" {
		_, err := PublishDNSSD("127.0.0.1:8631", nil)
		if de := (*DNSSDError)(nil); !errors.As(err, &de) || de.Missing != "avahi" {
			t.Fatalf("err = %v, want a DNSSDError naming avahi (Linux only)", err)
		}
		return
	}
	t.Setenv("DBUS_SYSTEM_BUS_ADDRESS", "unix:path="+t.TempDir()+"/none")
	pub, err := PublishDNSSD("127.0.0.1:8631", []Advert{{ShareID: "s", Instance: "x", TXT: []string{"rp=printers/s"}}})
	var de *DNSSDError
	if !errors.As(err, &de) || de.Missing != "the system bus" {
		pub.Close()
		t.Fatalf("err = %v, want a DNSSDError naming the system bus", err)
	}
}
