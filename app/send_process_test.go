package main

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"printdrop/internal/emulator"
	"printdrop/internal/emulator/link"
)

// These tests run the real printdrop binary as a user would. They need a
// real Secret Service, because an interrupted upload's URL is kept only in
// the keychain: the parent re-runs this test binary under dbus-run-session
// with gnome-keyring unlocked in a throwaway HOME (never the developer's
// keyring), and the child drives the binary.

const processChildEnv = "PRINTDROP_SEND_PROCESS_CHILD"

func TestSendProcess(t *testing.T) {
	if os.Getenv(processChildEnv) == "1" {
		t.Run("ResumeAfterSIGKILL", childResumeAfterSIGKILL)
		t.Run("MemoryFlat", childMemoryFlat)
		return
	}
	var missing []string
	for _, tool := range []string{"dbus-run-session", "gnome-keyring-daemon"} {
		if _, err := exec.LookPath(tool); err != nil {
			missing = append(missing, tool)
		}
	}
	if len(missing) > 0 {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI must run the printdrop send process tests, but %s not installed (apt-get install dbus gnome-keyring)", strings.Join(missing, ", "))
		}
		t.Skipf("%s not installed", strings.Join(missing, ", "))
	}
	home := t.TempDir()
	bin := filepath.Join(home, "printdrop")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	self, err := filepath.Abs(os.Args[0])
	if err != nil {
		t.Fatal(err)
	}
	script := `printf printdrop | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec "$0" -test.run='^TestSendProcess$' -test.v`
	cmd := exec.Command("dbus-run-session", "--", "sh", "-c", script, self)
	cmd.Env = []string{
		"PATH=/usr/bin:/bin", "HOME=" + home, "LANG=en_US.UTF-8",
		"XDG_DATA_HOME=" + filepath.Join(home, "data"), "XDG_RUNTIME_DIR=" + home,
		"XDG_CONFIG_HOME=" + filepath.Join(home, "config"),
		processChildEnv + "=1", "PRINTDROP_BIN=" + bin, "PRINTDROP_HEAVY=" + os.Getenv("PRINTDROP_HEAVY"),
	}
	cmd.Dir = home
	out, err := cmd.CombinedOutput()
	t.Logf("child output:\n%s", out)
	if err != nil || !strings.Contains(string(out), "--- PASS: TestSendProcess") {
		t.Fatalf("the process tests failed: %v", err)
	}
}

// bigFile writes size bytes of varied content (each 64 KiB block differs)
// and returns its path and SHA-256.
func bigFile(t *testing.T, dir string, size int64) (string, string) {
	t.Helper()
	path := filepath.Join(dir, fmt.Sprintf("doc-%d.pdf", size))
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	h := sha256.New()
	w := bufio.NewWriterSize(f, 1<<20)
	block := make([]byte, 64<<10)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range block {
		block[i] = byte(r.Uint32())
	}
	copy(block, "%PDF-")
	for off, n := int64(0), int64(0); off < size; off += n {
		binary.BigEndian.PutUint64(block[8:], uint64(off))
		n = min(int64(len(block)), size-off)
		w.Write(block[:n])
		h.Write(block[:n])
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	return path, hex.EncodeToString(h.Sum(nil))
}

func startEmulator(t *testing.T, cfg emulator.Config) emulator.Info {
	t.Helper()
	cfg.JobProcessing = 20 * time.Millisecond
	srv, err := emulator.Start(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return srv.Info()
}

func sendCmd(t *testing.T, info emulator.Info, args ...string) *exec.Cmd {
	cmd := exec.Command(os.Getenv("PRINTDROP_BIN"), append([]string{"send"}, args...)...)
	cmd.Env = append(os.Environ(),
		"PRINTDROP_GRAPH_URL="+info.GraphURL, "PRINTDROP_AUTHORITY="+info.AuthorityURL,
		"PRINTDROP_CLIENT_ID="+info.ClientID, "PRINTDROP_ACCESS_TOKEN="+controlToken(t, info.ControlURL))
	return cmd
}

// putBytes sums the body bytes the upload host received in PUTs.
func putBytes(t *testing.T, info emulator.Info) int64 {
	var log []struct {
		Method, Host string
		Bytes        int64
	}
	controlJSON(t, "GET", info.ControlURL+"/requests", nil, &log)
	var n int64
	for _, r := range log {
		if r.Host == "upload" && r.Method == "PUT" {
			n += r.Bytes
		}
	}
	return n
}

func childResumeAfterSIGKILL(t *testing.T) {
	const size = 256 << 20
	const chunk, parallel = 4_096_000, 4
	// A shaped link makes the upload last seconds, so the kill lands mid-way.
	info := startEmulator(t, emulator.Config{Link: link.Config{Delay: 2 * time.Millisecond, Rate: 48 << 20}})
	path, sum := bigFile(t, t.TempDir(), size)
	args := []string{"--share", emulator.ShareDefault, "--json", "--quiet", "--parallel", strconv.Itoa(parallel), "--chunk-size", strconv.Itoa(chunk), path}

	first := sendCmd(t, info, args...)
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(60 * time.Second)
	for putBytes(t, info) < size/2 {
		if time.Now().After(deadline) {
			first.Process.Kill()
			t.Fatal("the first run never reached half way")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := first.Process.Kill(); err != nil { // SIGKILL: no cleanup at all
		t.Fatal(err)
	}
	first.Wait()
	atKill := putBytes(t, info)

	out, err := sendCmd(t, info, args...).Output()
	if err != nil {
		t.Fatalf("second run: %v (%s)", err, out)
	}
	var res sendResult
	if err := json.Unmarshal(out, &res); err != nil || !res.Resumed || res.State != "completed" {
		t.Fatalf("second run result = %s (%v); want resumed and completed", out, err)
	}
	var doc struct {
		Size   int64
		SHA256 string
	}
	controlJSON(t, "GET", info.ControlURL+"/jobs/"+res.JobID+"/document", nil, &doc)
	if doc.Size != size || doc.SHA256 != sum {
		t.Fatalf("server document %d bytes %s, want %d bytes %s", doc.Size, doc.SHA256, size, sum)
	}
	total := putBytes(t, info)
	t.Logf("killed at %d bytes received (%.0f%%); total received %d = file size + %d (bound parallel x chunk = %d)",
		atKill, 100*float64(atKill)/size, total, total-size, parallel*chunk)
	if total-size > parallel*chunk {
		t.Fatalf("the server received %d bytes for a %d-byte file: %d more than parallel x chunk (%d)", total, size, total-size, parallel*chunk)
	}
}

// peakRSS runs cmd and polls /proc/<pid>/status for VmHWM (the peak
// resident set) until it exits.
func peakRSS(t *testing.T, cmd *exec.Cmd) int64 {
	t.Helper()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var peak int64
	status := fmt.Sprintf("/proc/%d/status", cmd.Process.Pid)
	for {
		if data, err := os.ReadFile(status); err == nil {
			for _, line := range strings.Split(string(data), "\n") {
				if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmHWM:" {
					if kb, _ := strconv.ParseInt(f[1], 10, 64); kb*1024 > peak {
						peak = kb * 1024
					}
				}
			}
		}
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("printdrop send: %v", err)
			}
			return peak
		case <-time.After(5 * time.Millisecond):
		}
	}
}

func childMemoryFlat(t *testing.T) {
	info := startEmulator(t, emulator.Config{Link: link.Config{Rate: 200 << 20}})
	dir := t.TempDir()
	measure := func(size int64) int64 {
		path, _ := bigFile(t, dir, size)
		defer os.Remove(path)
		peak := peakRSS(t, sendCmd(t, info, "--share", emulator.ShareDefault, "--quiet", "--no-wait", path))
		t.Logf("peak RSS of printdrop send for %d bytes: %.1f MiB", size, float64(peak)/(1<<20))
		return peak
	}
	small := measure(64 << 20)
	if small > 48<<20 {
		t.Fatalf("peak RSS %.1f MiB for 64 MiB, want at most 48 MiB", float64(small)/(1<<20))
	}
	if os.Getenv("PRINTDROP_HEAVY") != "1" {
		t.Log("the 1 GB case is opt-in: PRINTDROP_HEAVY=1")
		return
	}
	big := measure(1_000_000_000) // the job size limit (1 GB); 1 GiB would be refused
	if big > 48<<20 || float64(big) > 1.1*float64(small) {
		t.Fatalf("peak RSS %.1f MiB for 1 GB vs %.1f MiB for 64 MiB: want at most 48 MiB and within 10%%",
			float64(big)/(1<<20), float64(small)/(1<<20))
	}
}
