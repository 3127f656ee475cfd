package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
)

// TestEmulatorCommand runs "printdrop emulator": one JSON line on stdout, a
// live Graph host, and exit 0 when the context (SIGINT/SIGTERM) ends.
func TestEmulatorCommand(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	var stderr strings.Builder
	code := make(chan int, 1)
	go func() {
		code <- runEmulator(ctx, testDeps(), []string{"--link-rate", "200Mbit", "--link-delay", "1ms", "--job-processing", "100ms"}, pw, &stderr)
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatalf("no JSON line: %v (stderr %s)", err, stderr.String())
	}
	var info map[string]string
	if err := json.Unmarshal([]byte(line), &info); err != nil {
		t.Fatalf("stdout line is not JSON: %q", line)
	}
	for _, k := range []string{"graph_url", "upload_url", "authority_url", "control_url", "client_id", "demo_user", "demo_password"} {
		if info[k] == "" {
			t.Errorf("the JSON line lacks %s: %s", k, line)
		}
	}
	if info["authority_url"] != info["graph_url"]+"/organizations" || strings.HasSuffix(info["graph_url"], "/v1.0") {
		t.Errorf("URLs: %s", line)
	}
	res, err := http.Get(info["control_url"] + "/info")
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("control API: %v %v", res, err)
	}
	res.Body.Close()
	go io.Copy(io.Discard, pr)
	cancel()
	if c := <-code; c != exitOK {
		t.Fatalf("exit code %d after the signal, want 0 (stderr %s)", c, stderr.String())
	}
}

func TestEmulatorCommandUsage(t *testing.T) {
	for _, args := range [][]string{{"--link-rate", "fast"}, {"--nope"}, {"extra"}} {
		var out, errOut strings.Builder
		if c := runEmulator(context.Background(), testDeps(), args, &out, &errOut); c != exitUsage {
			t.Errorf("%v: exit %d, want %d", args, c, exitUsage)
		}
		if out.Len() != 0 {
			t.Errorf("%v: wrote to stdout: %q", args, out.String())
		}
	}
}
