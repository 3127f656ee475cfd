package emulator

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

// TestMemoryChild is the emulator process of TestUploadMemoryStaysFlat: it
// runs only when that test starts it, serves until stdin closes, then
// prints its peak resident set (VmHWM) in KiB.
func TestMemoryChild(t *testing.T) {
	if os.Getenv("PRINTDROP_EMULATOR_MEMORY_CHILD") != "1" {
		t.Skip("started by TestUploadMemoryStaysFlat")
	}
	maxDocumentSize = 1 << 30
	srv, err := Start(Config{})
	if err != nil {
		t.Fatal(err)
	}
	line, _ := json.Marshal(srv.Info())
	fmt.Println(string(line))
	io.Copy(io.Discard, os.Stdin)
	hwm := vmHWM(t)
	srv.Close()
	fmt.Println("VmHWM-KiB", hwm)
}

func vmHWM(t *testing.T) int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			n, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return n
		}
	}
	t.Fatal("no VmHWM in /proc/self/status")
	return 0
}

// TestUploadMemoryStaysFlat uploads a large document into an emulator in a
// child process and checks the child's peak RSS stays under 64 MiB: bytes
// are streamed to a sparse file, never buffered. 256 MiB by default; set
// PRINTDROP_HEAVY=1 for the full 1 GiB (2^30 bytes).
func TestUploadMemoryStaysFlat(t *testing.T) {
	if _, err := os.Stat("/proc/self/status"); err != nil {
		t.Skip("needs /proc to read the peak RSS")
	}
	size := int64(256 << 20)
	if os.Getenv("PRINTDROP_HEAVY") == "1" {
		size = 1 << 30
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestMemoryChild$", "-test.v")
	cmd.Env = append(os.Environ(), "PRINTDROP_EMULATOR_MEMORY_CHILD=1")
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	out := bufio.NewScanner(stdout)
	var info Info
	for out.Scan() {
		if json.Unmarshal(out.Bytes(), &info) == nil && info.GraphURL != "" {
			break
		}
	}
	if info.GraphURL == "" {
		t.Fatal("the child emulator printed no Info line")
	}
	e := &env{t: t, info: info, hc: http.DefaultClient}
	e.tok = e.token("", "PrintJob.ReadWrite")
	j := e.createJob(ShareDefault)
	s := e.session(ShareDefault, j, "big.pdf", "application/pdf", size)

	const chunkSize = 4_000_000
	buf := pattern(chunkSize)
	// Four streams in parallel, as a client would send them.
	errs := make(chan error, 4)
	for w := int64(0); w < 4; w++ {
		go func() {
			for start := w * chunkSize; start < size; start += 4 * chunkSize {
				end := min(start+chunkSize, size) - 1
				req, _ := http.NewRequest("PUT", s.UploadURL, bytes.NewReader(buf[:end-start+1]))
				req.Header.Set("Content-Range", fmt.Sprintf("bytes %d-%d/%d", start, end, size))
				res, err := http.DefaultClient.Do(req)
				if err != nil {
					errs <- err
					return
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if res.StatusCode != 202 && res.StatusCode != 201 {
					errs <- fmt.Errorf("PUT %d-%d: %d", start, end, res.StatusCode)
					return
				}
			}
			errs <- nil
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	var sum struct{ Size int64 }
	e.decode(e.do("GET", info.ControlURL+"/jobs/"+j.ID+"/document", "", nil, nil), 200, &sum)
	if sum.Size != size {
		t.Fatalf("stored %d bytes, want %d", sum.Size, size)
	}
	stdin.Close()
	var hwm int64 = -1
	for out.Scan() {
		if v, ok := strings.CutPrefix(out.Text(), "VmHWM-KiB "); ok {
			hwm, _ = strconv.ParseInt(v, 10, 64)
		}
	}
	cmd.Wait()
	if hwm <= 0 {
		t.Fatal("the child did not report its peak RSS")
	}
	t.Logf("emulator peak RSS while receiving %d bytes: %.1f MiB", size, float64(hwm)/1024)
	if hwm > 64<<10 {
		t.Fatalf("emulator peak RSS %.1f MiB, want < 64 MiB", float64(hwm)/1024)
	}
}
