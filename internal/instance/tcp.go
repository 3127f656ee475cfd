package instance

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"

	"printdrop/internal/atomicfile"
)

// The TCP transport is what Windows uses: a port on 127.0.0.1 and a random
// token, both published in a file only the user can read. It builds on every
// OS so the tests exercise it on Linux as well.

type portFile struct {
	Port  int    `json:"port"`
	Token string `json:"token"`
}

func portFilePath(dir, name string) string { return filepath.Join(dir, name+".port") }

func listenTCP(dir, name string) (net.Listener, string, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, "", nil, fmt.Errorf("instance: cannot listen for other launches: %w", err)
	}
	raw := make([]byte, 32)
	rand.Read(raw)
	token := hex.EncodeToString(raw)
	info, _ := json.Marshal(portFile{Port: ln.Addr().(*net.TCPAddr).Port, Token: token})
	path := portFilePath(dir, name)
	// Written whole, so a client never reads half a file.
	err = atomicfile.Write(path, info, 0o600)
	if err != nil {
		ln.Close()
		return nil, "", nil, fmt.Errorf("instance: cannot publish the port for other launches: %w", err)
	}
	return ln, token, func() { os.Remove(path) }, nil
}

func dialTCP(ctx context.Context, dir, name string) (net.Conn, string, error) {
	b, err := os.ReadFile(portFilePath(dir, name))
	if err != nil {
		return nil, "", err
	}
	var pf portFile
	if err := json.Unmarshal(b, &pf); err != nil || pf.Port <= 0 || pf.Port > 65535 {
		return nil, "", fmt.Errorf("instance: unreadable port file %s", portFilePath(dir, name))
	}
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(pf.Port)))
	return conn, pf.Token, err
}
