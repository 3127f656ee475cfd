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
	"printdrop/internal/emulator/emutest"
	"printdrop/internal/emulator/link"
	"printdrop/internal/testenv"
)

// These tests run the real printdrop binary as a user would. They need a
// real Secret Service, because an interrupted upload's URL is kept only in
// the keychain: the parent re-runs this test binary in a private D-Bus
// session with gnome-keyring unlocked in a throwaway HOME (never the
// developer's keyring; testenv.RunInSecretService), and the child drives
// the binary.
func TestSendProcess(t *testing.T) {
	if testenv.InSecretService(t) {
		t.Run("ResumeAfterSIGKILL", childResumeAfterSIGKILL)
		t.Run("ConvertedResumeAfterSIGKILL", childConvertedResumeAfterSIGKILL)
		t.Run("MemoryFlat", childMemoryFlat)
		t.Run("HostileUploads", childHostileUploads)
		return
	}
	runBinaryInSecretService(t, "PRINTDROP_HEAVY="+os.Getenv("PRINTDROP_HEAVY"))
}

// runBinaryInSecretService builds printdrop and re-runs the calling test
// in a private Secret Service with PRINTDROP_BIN naming the binary (and
// env), logging what the child printed.
func runBinaryInSecretService(t *testing.T, env ...string) {
	t.Helper()
	testenv.RequireTools(t, "dbus-run-session", "gnome-keyring-daemon") // before the build, not after
	bin := filepath.Join(t.TempDir(), "printdrop")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out := testenv.RunInSecretService(t, append([]string{"PRINTDROP_BIN=" + bin}, env...)...)
	t.Logf("child output:\n%s", out)
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

func startEmulator(t *testing.T, cfg emulator.Config) *emutest.Env {
	t.Helper()
	cfg.JobProcessing = 20 * time.Millisecond
	return emutest.Start(t, cfg)
}

// sendCmd is printdrop send pointed at the emulator, with a token from it.
func sendCmd(emu *emutest.Env, args ...string) *exec.Cmd {
	cmd := exec.Command(os.Getenv("PRINTDROP_BIN"), append([]string{"send"}, args...)...)
	cmd.Env = append(os.Environ(),
		"PRINTDROP_GRAPH_URL="+emu.Info.GraphURL, "PRINTDROP_AUTHORITY="+emu.Info.AuthorityURL,
		"PRINTDROP_CLIENT_ID="+emu.Info.ClientID, "PRINTDROP_ACCESS_TOKEN="+emu.Token())
	return cmd
}

func childResumeAfterSIGKILL(t *testing.T) {
	const size = 256 << 20
	const chunk, parallel = 4_096_000, 4
	// A shaped link makes the upload last seconds, so the kill lands mid-way.
	emu := startEmulator(t, emulator.Config{Link: link.Config{Delay: 2 * time.Millisecond, Rate: 48 << 20}})
	path, sum := bigFile(t, t.TempDir(), size)
	args := []string{"--share", emulator.ShareDefault, "--json", "--quiet", "--parallel", strconv.Itoa(parallel), "--chunk-size", strconv.Itoa(chunk), path}

	first := sendCmd(emu, args...)
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(60 * time.Second)
	for emu.UploadedBytes() < size/2 {
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
	atKill := emu.UploadedBytes()

	out, err := sendCmd(emu, args...).Output()
	if err != nil {
		t.Fatalf("second run: %v (%s)", err, out)
	}
	var res sendResult
	if err := json.Unmarshal(out, &res); err != nil || !res.Resumed || res.State != "completed" {
		t.Fatalf("second run result = %s (%v); want resumed and completed", out, err)
	}
	if gotSize, gotSum, ok := emu.Document(res.JobID); !ok || gotSize != size || gotSum != sum {
		t.Fatalf("server document %d bytes %s (complete %v), want %d bytes %s", gotSize, gotSum, ok, size, sum)
	}
	total := emu.UploadedBytes()
	t.Logf("killed at %d bytes received (%.0f%%); total received %d = file size + %d (bound parallel x chunk = %d)",
		atKill, 100*float64(atKill)/size, total, total-size, parallel*chunk)
	if total-size > parallel*chunk {
		t.Fatalf("the server received %d bytes for a %d-byte file: %d more than parallel x chunk (%d)", total, size, total-size, parallel*chunk)
	}
}

// peakRSS runs cmd and polls /proc/<pid>/status for VmHWM (the peak
// resident set) until it exits; the command must succeed.
func peakRSS(t *testing.T, cmd *exec.Cmd) int64 {
	t.Helper()
	peak, err := measure(t, cmd, time.Hour)
	if err != nil {
		t.Fatalf("printdrop send: %v", err)
	}
	return peak
}

// measure runs cmd, polling /proc/<pid>/status for VmHWM (the peak resident
// set), and returns the peak and how cmd ended. After limit it kills cmd and
// fails the test.
func measure(t *testing.T, cmd *exec.Cmd, limit time.Duration) (int64, error) {
	t.Helper()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	kill := time.NewTimer(limit)
	defer kill.Stop()
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
			return peak, err
		case <-kill.C:
			_ = cmd.Process.Kill()
			<-done
			t.Fatalf("printdrop send did not end by itself within %s", limit)
		case <-time.After(5 * time.Millisecond):
		}
	}
}

func childMemoryFlat(t *testing.T) {
	emu := startEmulator(t, emulator.Config{Link: link.Config{Rate: 200 << 20}})
	dir := t.TempDir()
	measure := func(size int64) int64 {
		path, _ := bigFile(t, dir, size)
		defer os.Remove(path)
		peak := peakRSS(t, sendCmd(emu, "--share", emulator.ShareDefault, "--quiet", "--no-wait", path))
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
