package main

import (
	"encoding/json"
	"image"
	"image/color"
	"image/jpeg"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"printdrop/internal/emulator"
	"printdrop/internal/emulator/link"
)

// childConvertedResumeAfterSIGKILL: printdrop send of a photo to a share
// that takes only PDF, killed with SIGKILL half way through the PDF's
// upload, resumes on the next run into the same job, from the PDF the
// first run made (converting again would make other bytes, and start
// over), and leaves no PDF behind once printed.
func childConvertedResumeAfterSIGKILL(t *testing.T) {
	pdfOnly := emulator.DemoShareID(8)
	photo, size := noiseJPEG(t, t.TempDir(), 2400, 1600)
	// A shaped link makes the upload last seconds, so the kill lands mid-way.
	emu := startEmulator(t, emulator.Config{Link: link.Config{Delay: 2 * time.Millisecond, Rate: 2 << 20}})
	args := []string{"--share", pdfOnly, "--json", "--quiet", "--parallel", "1", "--chunk-size", "409600", photo}

	first := sendCmd(emu, args...)
	var stderr strings.Builder
	first.Stderr = &stderr
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- first.Wait() }()
	deadline := time.After(60 * time.Second)
	for emu.UploadedBytes() < size/2 {
		select {
		case err := <-exited:
			t.Fatalf("the first run ended before half way (%v): %s", err, stderr.String())
		case <-deadline:
			first.Process.Kill()
			t.Fatalf("the first run never reached half way: %s", stderr.String())
		case <-time.After(10 * time.Millisecond):
		}
	}
	if err := first.Process.Kill(); err != nil { // SIGKILL: no cleanup at all
		t.Fatal(err)
	}
	<-exited
	kept := keptPDFs(t)
	if len(kept) != 1 {
		t.Fatalf("after the kill %d PDFs are kept (%v), want the one being uploaded", len(kept), kept)
	}

	out, err := sendCmd(emu, args...).Output()
	if err != nil {
		t.Fatalf("second run: %v (%s)", err, out)
	}
	var res struct {
		sendResult
		ConvertedFrom string `json:"converted_from"`
	}
	if err := json.Unmarshal(out, &res); err != nil || !res.Resumed || res.State != "completed" || res.ConvertedFrom != "image/jpeg" {
		t.Fatalf("second run result = %s (%v); want a converted JPEG, resumed and completed", out, err)
	}
	creates := 0
	for _, r := range emu.Requests() {
		if r.Method == http.MethodPost && strings.HasSuffix(r.Path, "/jobs") {
			creates++
		}
	}
	if creates != 1 {
		t.Errorf("%d jobs were created, want the one the first run made", creates)
	}
	if left := keptPDFs(t); len(left) != 0 {
		t.Errorf("PDFs left after printing: %v", left)
	}
}

// noiseJPEG writes a w x h picture of noise (which compresses badly, so
// its PDF is a few MB) and returns its path and size.
func noiseJPEG(t *testing.T, dir string, w, h int) (string, int64) {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	r := rand.New(rand.NewPCG(3, 4))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(r.Uint32()), uint8(r.Uint32()), uint8(r.Uint32()), 255})
		}
	}
	path := filepath.Join(dir, "photo.jpg")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := jpeg.Encode(f, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	fi, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	return path, fi.Size()
}

// keptPDFs are the converted documents printdrop keeps for uploads that
// may resume, in this (throwaway) home's configuration folder.
func keptPDFs(t *testing.T) []string {
	t.Helper()
	base, err := os.UserConfigDir()
	if err != nil {
		t.Fatal(err)
	}
	paths, err := filepath.Glob(filepath.Join(base, "PrintDrop", "uploads", "converted", "*.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	return paths
}
