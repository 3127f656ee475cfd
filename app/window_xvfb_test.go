package main

import (
	"bufio"
	"context"
	"fmt"
	"image"
	"image/png"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"printdrop/internal/testenv"
)

// TestWindowUnderXvfb runs the real window: it builds printdrop with the
// scripted run (-tags scripted), starts its own Xvfb, runs "printdrop --demo" with the scripted run (sign in through
// the emulator's pages, pick a printer, upload, start, completed) and
// screenshots each step. The 24 MB PDF arrives by a real drag and drop:
// testdata/xdnd/xdnd_drop.c speaks the file manager's side of XDND, so the
// drop goes through X11, GLFW and Fyne to the window's handler. It fails
// when a step does not come, the run reports a failure, or a screenshot of
// the window is blank. Screenshots are kept (path in the log) on failure.
func TestWindowUnderXvfb(t *testing.T) {
	testenv.RequireTools(t, "Xvfb", "import", "cc")
	home := t.TempDir()
	bin := filepath.Join(home, "printdrop")
	if out, err := exec.Command("go", "build", "-tags", "scripted", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	dropper := filepath.Join(home, "xdnd_drop")
	if out, err := exec.Command("cc", "-O2", "-o", dropper, "testdata/xdnd/xdnd_drop.c", "-lX11").CombinedOutput(); err != nil {
		t.Fatalf("building the XDND drag source: %v\n%s", err, out)
	}
	shots, err := os.MkdirTemp("", "printdrop-shots-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("screenshots kept in %s", shots)
			return
		}
		os.RemoveAll(shots)
	})

	runtimeDir := filepath.Join(home, "run") // not home itself: the binary there is named printdrop too
	if err := os.Mkdir(runtimeDir, 0o700); err != nil {
		t.Fatal(err)
	}
	display := startXvfb(t)
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "--demo")
	cmd.Env = []string{
		"PATH=" + os.Getenv("PATH"), "HOME=" + home, "LANG=en_US.UTF-8", "DISPLAY=" + display,
		"XDG_RUNTIME_DIR=" + runtimeDir, "XDG_CONFIG_HOME=" + filepath.Join(home, "config"),
		"PRINTDROP_SCRIPT=xdnd",
	}
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		cancel()
		_ = cmd.Wait()
		if t.Failed() {
			t.Logf("printdrop stderr:\n%s", stderr.String())
		}
	}()

	want := []string{"signed-out", "signed-in", "printer-chosen", "file-queued", "uploading", "completed"}
	var seen []string
	var dropPath string
	done := false
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		line := sc.Text()
		t.Log(line)
		switch {
		case strings.HasPrefix(line, "STEP "):
			step := strings.TrimPrefix(line, "STEP ")
			seen = append(seen, step)
			shot := filepath.Join(shots, fmt.Sprintf("%d-%s.png", len(seen), step))
			if out, err := exec.Command("import", "-display", display, "-window", "root", shot).CombinedOutput(); err != nil {
				t.Fatalf("screenshot of %s: %v\n%s", step, err, out)
			}
			checkNotBlank(t, step, shot)
			fmt.Fprintln(stdin)
		case strings.HasPrefix(line, "DROP "):
			// Drag the file from "outside" onto the middle of the window.
			dropPath = strings.TrimPrefix(line, "DROP ")
			drag := exec.Command(dropper, dropPath, "490", "340")
			drag.Env = []string{"DISPLAY=" + display}
			if out, err := drag.CombinedOutput(); err != nil {
				t.Fatalf("XDND drop of %s: %v\n%s", dropPath, err, out)
			}
		case strings.HasPrefix(line, "FAIL"):
			t.Fatalf("scripted run: %s", line)
		case line == "DONE":
			done = true
		}
	}
	if strings.Join(seen, " ") != strings.Join(want, " ") || !done || dropPath == "" {
		t.Fatalf("steps seen %v (done %v, dropped %q), want %v", seen, done, dropPath, want)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("printdrop --demo exited with %v", err)
	}
}

// startXvfb starts a private X server on a free display and returns it.
func startXvfb(t *testing.T) string {
	t.Helper()
	for n := 91; n < 140; n++ {
		if _, err := os.Stat(fmt.Sprintf("/tmp/.X11-unix/X%d", n)); err == nil {
			continue
		}
		if _, err := os.Stat(fmt.Sprintf("/tmp/.X%d-lock", n)); err == nil {
			continue
		}
		display := fmt.Sprintf(":%d", n)
		x := exec.Command("Xvfb", display, "-screen", "0", "1280x800x24", "-nolisten", "tcp")
		if err := x.Start(); err != nil {
			t.Fatalf("Xvfb: %v", err)
		}
		t.Cleanup(func() { _ = x.Process.Kill(); _ = x.Wait() })
		for range 100 {
			if _, err := os.Stat(fmt.Sprintf("/tmp/.X11-unix/X%d", n)); err == nil {
				return display
			}
			time.Sleep(50 * time.Millisecond)
		}
		t.Fatalf("Xvfb on %s did not come up", display)
	}
	t.Fatal("no free X display between :91 and :139")
	return ""
}

// checkNotBlank fails when the window area of a screenshot is one flat
// colour (a black or empty window): rendered text and widgets give a
// clearly spread luminance and many pixels off the dominant colour.
func checkNotBlank(t *testing.T, step, path string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("%s: %v", step, err)
	}
	area := img.Bounds().Intersect(image.Rect(0, 0, 980, 680)) // the window's default size
	counts := map[uint32]int{}
	var sum, sumSq float64
	n := 0
	for y := area.Min.Y; y < area.Max.Y; y += 2 {
		for x := area.Min.X; x < area.Max.X; x += 2 {
			r, g, b, _ := img.At(x, y).RGBA()
			l := (0.299*float64(r) + 0.587*float64(g) + 0.114*float64(b)) / 257
			sum += l
			sumSq += l * l
			counts[r>>8<<16|g>>8<<8|b>>8]++
			n++
		}
	}
	mean := sum / float64(n)
	std := math.Sqrt(sumSq/float64(n) - mean*mean)
	top := 0
	for _, c := range counts {
		top = max(top, c)
	}
	offDominant := 1 - float64(top)/float64(n)
	t.Logf("%s: luminance mean %.1f sd %.1f, %d colours, %.1f%% off the dominant colour", step, mean, std, len(counts), offDominant*100)
	if std < 8 || len(counts) < 20 || offDominant < 0.05 {
		t.Errorf("%s: the window looks blank in %s", step, path)
	}
}
