package bridge

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"
)

// peerUIDSupported reports whether peerUID can work here.
const peerUIDSupported = true

// peerUID finds the uid owning the other end of a loopback TCP connection
// in the kernel's socket tables (as OpenPrinting's ipp-usb does): the
// peer's socket is the entry whose local port is our remote port and whose
// remote port is our local port.
func peerUID(conn net.Conn) (int, error) {
	local, ok1 := conn.LocalAddr().(*net.TCPAddr)
	remote, ok2 := conn.RemoteAddr().(*net.TCPAddr)
	if !ok1 || !ok2 {
		return -1, fmt.Errorf("not a TCP connection")
	}
	for _, table := range []string{"/proc/net/tcp", "/proc/net/tcp6"} {
		uid, found, err := findUID(table, remote.Port, local.Port)
		if err != nil {
			return -1, err
		}
		if found {
			return uid, nil
		}
	}
	return -1, fmt.Errorf("no socket from port %d to port %d in the kernel's tables", remote.Port, local.Port)
}

// findUID scans one table for a socket from port localPort to port
// remotePort.
func findUID(table string, localPort, remotePort int) (uid int, found bool, err error) {
	f, err := os.Open(table)
	if os.IsNotExist(err) { // no IPv6
		return -1, false, nil
	}
	if err != nil {
		return -1, false, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Scan() // header
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 8 {
			continue
		}
		if portOf(fields[1]) != localPort || portOf(fields[2]) != remotePort {
			continue
		}
		n, err := strconv.Atoi(fields[7])
		if err != nil {
			return -1, false, fmt.Errorf("%s: bad uid %q", table, fields[7])
		}
		return n, true, nil
	}
	return -1, false, sc.Err()
}

// portOf reads the port of an "ADDR:PORT" field (hexadecimal).
func portOf(field string) int {
	_, hex, ok := strings.Cut(field, ":")
	if !ok {
		return -1
	}
	n, err := strconv.ParseUint(hex, 16, 16)
	if err != nil {
		return -1
	}
	return int(n)
}
