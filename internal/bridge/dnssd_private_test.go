package bridge

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"printdrop/internal/emulator"
	"printdrop/internal/testenv"
)

// privateAvahi is an avahi-daemon of the test's own, on a system bus of
// its own, so the test can stop and start it without touching the
// machine's. It runs in a mount namespace with a private /run/avahi-daemon
// (its pid file and socket have fixed paths there) and a network namespace
// with a loopback interface of its own: beside the machine's avahi on the
// same loopback, the two claim 127.0.0.1's reverse name and the second
// never gets past registering. The bus is a socket file, which reaches
// across network namespaces.
type privateAvahi struct {
	t    *testing.T
	dir  string
	cmd  *exec.Cmd
	exit chan struct{}
}

// startPrivateAvahi starts the bus and the daemon, and points this
// process's (and its children's) system bus at them.
func startPrivateAvahi(t *testing.T) *privateAvahi {
	t.Helper()
	testenv.RequireTools(t, "dbus-daemon", "avahi-daemon", "unshare", "mount", "ip", "avahi-browse")
	dir, err := os.MkdirTemp("", "pdavahi") // short: a Unix socket's path is limited
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	bus := filepath.Join(dir, "bus")
	writeFile(t, dir, "bus.conf", []byte(`<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path=`+bus+`</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/>
    <allow own="*"/>
    <allow send_type="method_call"/>
    <allow send_type="signal"/>
    <allow send_requested_reply="true" send_type="method_return"/>
    <allow send_requested_reply="true" send_type="error"/>
    <allow receive_type="method_call"/>
    <allow receive_type="method_return"/>
    <allow receive_type="error"/>
    <allow receive_type="signal"/>
  </policy>
</busconfig>
`))
	writeFile(t, dir, "avahi.conf", []byte(`[server]
host-name=printdrop-test
use-ipv4=yes
use-ipv6=yes
allow-interfaces=lo
enable-dbus=yes
ratelimit-interval-usec=1000000
ratelimit-burst=1000
[wide-area]
enable-wide-area=no
[publish]
publish-hinfo=no
publish-workstation=no
`))
	busCmd := exec.Command("dbus-daemon", "--config-file="+filepath.Join(dir, "bus.conf"), "--nofork")
	var busOut bytes.Buffer
	busCmd.Stdout, busCmd.Stderr = &busOut, &busOut
	if err := busCmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = busCmd.Process.Kill(); _ = busCmd.Wait() })
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if _, err := os.Stat(bus); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("dbus-daemon made no socket: %s", busOut.String())
		}
	}
	t.Setenv("DBUS_SYSTEM_BUS_ADDRESS", "unix:path="+bus)
	a := &privateAvahi{t: t, dir: dir}
	a.start()
	t.Cleanup(a.stop)
	return a
}

// start runs avahi-daemon and waits until it answers on the bus.
func (a *privateAvahi) start() {
	a.t.Helper()
	script := `ip link set lo up && mount -t tmpfs tmpfs /run/avahi-daemon && exec avahi-daemon --no-drop-root --no-chroot --no-rlimits -f "$0"`
	if err := os.MkdirAll("/run/avahi-daemon", 0o755); err != nil {
		a.t.Fatal(err)
	}
	a.cmd = exec.Command("unshare", "--mount", "--net", "sh", "-c", script, filepath.Join(a.dir, "avahi.conf"))
	var out bytes.Buffer
	a.cmd.Stdout, a.cmd.Stderr = &out, &out
	if err := a.cmd.Start(); err != nil {
		a.t.Fatal(err)
	}
	a.exit = make(chan struct{})
	go func(cmd *exec.Cmd, exit chan struct{}) { _ = cmd.Wait(); close(exit) }(a.cmd, a.exit)
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		err := exec.CommandContext(ctx, "dbus-send", "--system", "--print-reply", "--dest=org.freedesktop.Avahi", "/",
			"org.freedesktop.Avahi.Server.GetVersionString").Run()
		cancel()
		if err == nil {
			return
		}
		select {
		case <-a.exit:
			a.t.Fatalf("avahi-daemon exited: %s", out.String())
		default:
		}
		if time.Now().After(deadline) {
			a.t.Fatalf("avahi-daemon did not answer on the bus in 20 s: %s", out.String())
		}
	}
}

// stop kills the daemon (as a crash or a restart would) and waits for it.
func (a *privateAvahi) stop() {
	if a.cmd == nil {
		return
	}
	_ = a.cmd.Process.Kill()
	<-a.exit
	a.cmd = nil
}

// TestDNSSDReannounce restarts a real avahi-daemon under a bridge's
// announcement: the printers come back by themselves, under the same
// names, and Close withdraws them from the new daemon.
func TestDNSSDReannounce(t *testing.T) {
	if os.Getenv(dnssdEnv) == "" {
		t.Skipf("set %s=1 to run a private system bus and avahi-daemon (the .ci/cups stage does)", dnssdEnv)
	}
	if os.Getuid() != 0 {
		t.Fatal("TestDNSSDReannounce runs avahi-daemon in a mount namespace: run it as root")
	}
	a := startPrivateAvahi(t)
	b := startBridge(t, nil, emulator.ShareDefault)
	pub, err := PublishDNSSD(b.addr, b.srv.Adverts())
	if err != nil {
		t.Fatalf("PublishDNSSD: %v", err)
	}
	defer pub.Close()
	reports := make(chan error, 8)
	if err := pub.Follow(func(err error) { reports <- err }); err != nil {
		t.Fatalf("Follow: %v", err)
	}
	name := pub.Instances[emulator.ShareDefault]
	_, port, _ := strings.Cut(b.addr, ":")
	announced := func(l []browsed) bool {
		for _, e := range l {
			if e.name == name && e.port == port && e.txt["rp"] == "printers/"+emulator.ShareDefault {
				return true
			}
		}
		return false
	}
	if !announced(waitBrowse(t, announced)) {
		t.Fatalf("%q (port %s) is not announced: %+v", name, port, browseIPP(t))
	}

	a.stop()
	a.start()
	select {
	case err := <-reports:
		if err != nil {
			t.Fatalf("announcing again after the restart: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("no announcement after avahi-daemon restarted")
	}
	if !announced(waitBrowse(t, announced)) {
		t.Fatalf("%q is not announced after avahi-daemon restarted", name)
	}

	if err := pub.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	if announced(waitBrowse(t, func(l []browsed) bool { return !announced(l) })) {
		t.Errorf("%q still announced after Close", name)
	}
}
