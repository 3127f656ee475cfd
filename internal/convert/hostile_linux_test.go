package convert

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"printdrop/internal/testenv"
)

// childEnv names the input a re-run of this test binary converts.
const childEnv = "PRINTDROP_CONVERT_CHILD"

// childResult is what the child reports on stdout.
type childResult struct {
	Problem int    `json:"problem"` // -1 when the conversion succeeded
	Message string `json:"message"`
	// RSS is the child's own peak resident memory (VmHWM), and Helpers
	// the largest of the programs it ran (LibreOffice), in bytes.
	RSS     int64 `json:"rss"`
	Helpers int64 `json:"helpers"`
}

// peakRSS reads this process's high-water resident memory. Not rusage's
// Maxrss of the child: a child started with vfork counts its parent's
// memory, and the test binary holds the large inputs it wrote.
func peakRSS() int64 {
	b, _ := os.ReadFile("/proc/self/status")
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			var kb int64
			fmt.Sscanf(strings.TrimSpace(v), "%d", &kb)
			return kb << 10
		}
	}
	return 0
}

// TestMain lets a test re-run this binary as a child that converts one
// file and exits, so the parent can read the child's own peak RSS.
func TestMain(m *testing.M) {
	if spec := os.Getenv(childEnv); spec != "" {
		path, ct, _ := strings.Cut(spec, "|")
		res, err := ToPDF(context.Background(), path, ct, Options{})
		out := childResult{Problem: -1}
		var ce *Error
		switch {
		case errors.As(err, &ce):
			out = childResult{Problem: int(ce.Problem), Message: err.Error()}
		case err != nil:
			out = childResult{Problem: -2, Message: err.Error()}
		default:
			res.Close()
		}
		out.RSS = peakRSS()
		var ru syscall.Rusage
		if syscall.Getrusage(syscall.RUSAGE_CHILDREN, &ru) == nil {
			out.Helpers = ru.Maxrss << 10 // kilobytes on Linux
		}
		json.NewEncoder(os.Stdout).Encode(out)
		os.Exit(0)
	}
	code := m.Run()
	if child.path != "" {
		os.RemoveAll(filepath.Dir(child.path))
	}
	os.Exit(code)
}

// maxRSS is the bound the issue sets on a conversion of bad input.
const maxRSS = 200 << 20

var child struct {
	once sync.Once
	path string
	err  error
}

// childBinary is this test binary, or under the race detector (which
// multiplies memory) the same tests built without it, once.
func childBinary(t *testing.T) string {
	t.Helper()
	if !raceEnabled {
		return os.Args[0]
	}
	child.once.Do(func() {
		dir, err := os.MkdirTemp("", "printdrop-convert-child-*")
		if err != nil {
			child.err = err
			return
		}
		child.path = filepath.Join(dir, "convert.test")
		out, err := exec.Command("go", "test", "-c", "-o", child.path, ".").CombinedOutput()
		if err != nil {
			child.err = fmt.Errorf("building the child without -race: %v\n%s", err, out)
		}
	})
	if child.err != nil {
		t.Fatal(child.err)
	}
	return child.path
}

// convertInChild converts path in a child process, and returns its result
// (with its peak resident memory) and how long it took.
func convertInChild(t *testing.T, path, contentType string, limit time.Duration) (childResult, time.Duration) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	cmd := exec.CommandContext(ctx, childBinary(t), "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+path+"|"+contentType)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err := cmd.Run()
	took := time.Since(start)
	if ctx.Err() != nil {
		t.Fatalf("converting %s took more than %s", path, limit)
	}
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out.String())
	}
	var res childResult
	if err := json.Unmarshal(out.Bytes(), &res); err != nil {
		t.Fatalf("child said %q: %v", out.String(), err)
	}
	if res.RSS == 0 {
		t.Fatal("the child could not read its peak RSS")
	}
	return res, took
}

func TestHostileInputIsRefusedInBoundedMemory(t *testing.T) {
	// A chain of a million empty TIFF directories after a real first page:
	// six bytes each.
	tiff := testenv.TIFFPages([2]int{8, 8})
	const frames = 1_000_000
	next := len(tiff)
	binary.LittleEndian.PutUint32(tiff[8+2+8*12:], uint32(next))
	for i := range frames {
		var ifd [6]byte
		if i < frames-1 {
			binary.LittleEndian.PutUint32(ifd[2:], uint32(next+6*(i+1)))
		}
		tiff = append(tiff, ifd[:]...)
	}
	binary := make([]byte, 64<<10)
	for i := range binary {
		binary[i] = byte(i * 31)
	}
	testenv.RequireTools(t, "soffice")
	for _, c := range []struct {
		name, file, ct string
		data           []byte
		want           Problem
		limit          time.Duration
	}{
		{"PNG claiming 100000 x 100000", "bomb.png", "image/png", pngHeaderOnly(100_000, 100_000), TooLarge, 20 * time.Second},
		{"TIFF of a million frames", "pages.tiff", "image/tiff", tiff, TooLarge, 20 * time.Second},
		{"truncated PNG", "cut.png", "image/png", pngBytes(t, halves(300, 300))[:400], BadImage, 20 * time.Second},
		{"binary named .txt", "notes.txt", "text/plain", binary, NotText, 20 * time.Second},
		{"damaged .docx", "letter.docx", "application/zip", append([]byte("PK\x03\x04"), binary[:4096]...), OfficeFailed, OfficeTimeout + 30*time.Second},
		{"random bytes named .docx", "random.docx", "application/octet-stream", binary[:4096], OfficeFailed, 20 * time.Second},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := write(t, c.file, c.data)
			res, took := convertInChild(t, path, c.ct, c.limit)
			rss := res.RSS
			t.Logf("%s: %.1f MiB peak RSS (LibreOffice %.1f MiB), %s: %s", c.name, mib(rss), mib(res.Helpers), took.Round(time.Millisecond), res.Message)
			if res.Problem != int(c.want) {
				t.Fatalf("problem = %d (%s), want %d", res.Problem, res.Message, c.want)
			}
			oneSentence(t, errors.New(res.Message))
			if !strings.HasPrefix(res.Message, c.file) {
				t.Fatalf("the message does not name the file: %q", res.Message)
			}
			if rss > maxRSS {
				t.Fatalf("peak RSS %d MiB, over %d MiB", rss>>20, maxRSS>>20)
			}
			// LibreOffice is its own program: about 210 MiB here to refuse
			// a file, bounded in time by OfficeTimeout, not by PrintDrop.
			if res.Helpers > 2*maxRSS+maxRSS/2 {
				t.Fatalf("LibreOffice peaked at %d MiB", res.Helpers>>20)
			}
		})
	}
}

func TestLargeGoodInputStaysUnder200MiB(t *testing.T) {
	// The largest picture accepted and a long text file convert within
	// the same bound as the refusals.
	var text strings.Builder
	for i := range 64 * 1000 {
		fmt.Fprintf(&text, "%06d %s\n", i, strings.Repeat("Ωψ", 40))
	}
	for _, c := range []struct {
		name, file, ct string
		data           []byte
	}{
		{"12-megapixel RGBA PNG", "big.png", "image/png", pngBytes(t, noisy(4240, 2960))},
		{"1,000-page text", "long.txt", "text/plain", []byte(text.String())},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := write(t, c.file, c.data)
			res, took := convertInChild(t, path, c.ct, 2*time.Minute)
			rss := res.RSS
			t.Logf("%s: %.1f MiB peak RSS, %s", c.name, mib(rss), took.Round(time.Millisecond))
			if res.Problem != -1 {
				t.Fatalf("conversion failed: %s", res.Message)
			}
			if rss > maxRSS {
				t.Fatalf("peak RSS %d MiB, over %d MiB", rss>>20, maxRSS>>20)
			}
		})
	}
}

func mib(n int64) float64 { return float64(n) / (1 << 20) }
