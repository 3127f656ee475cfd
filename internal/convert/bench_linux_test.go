package convert

import (
	"context"
	"fmt"
	"image"
	"image/jpeg"
	"os"
	"runtime"
	"strings"
	"testing"
)

// Benchmarks of the two heavy in-process conversions, reporting the peak
// resident memory of the conversion (the high-water mark is reset first
// through /proc/self/clear_refs):
//
//	go test ./internal/convert -run '^$' -bench . -benchtime 3x
func BenchmarkJPEG12Megapixels(b *testing.B) {
	img := image.NewYCbCr(image.Rect(0, 0, 4000, 3000), image.YCbCrSubsampleRatio420)
	x := uint32(7)
	for _, p := range [][]byte{img.Y, img.Cb, img.Cr} {
		for i := range p {
			x = x*1664525 + 1013904223
			p[i] = byte(x >> 24)
		}
	}
	f, err := os.Create(b.TempDir() + "/camera.jpg")
	if err != nil {
		b.Fatal(err)
	}
	if err := jpeg.Encode(f, img, &jpeg.Options{Quality: 90}); err != nil {
		b.Fatal(err)
	}
	f.Close()
	benchConvert(b, f.Name(), "image/jpeg")
}

func BenchmarkText1000Pages(b *testing.B) {
	var text strings.Builder
	for i := range 64 * 1000 {
		fmt.Fprintf(&text, "%06d\t%s\n", i, strings.Repeat("Lorem ipsum Ωψ Жж ", 4))
	}
	path := b.TempDir() + "/long.txt"
	if err := os.WriteFile(path, []byte(text.String()), 0o600); err != nil {
		b.Fatal(err)
	}
	benchConvert(b, path, "text/plain")
}

func benchConvert(b *testing.B, path, contentType string) {
	fi, _ := os.Stat(path)
	b.SetBytes(fi.Size())
	runtime.GC()
	base := peakRSS()
	resetPeakRSS(b)
	b.ResetTimer()
	var pages int
	for range b.N {
		res, err := ToPDF(context.Background(), path, contentType, Options{})
		if err != nil {
			b.Fatal(err)
		}
		pages = res.Pages
		res.Close()
	}
	b.StopTimer()
	b.ReportMetric(float64(pages), "pages")
	b.ReportMetric(mib(peakRSS()), "peak-RSS-MiB")
	b.ReportMetric(mib(base), "RSS-before-MiB")
}

// resetPeakRSS makes VmHWM start again from the current RSS (Linux 4.0+).
func resetPeakRSS(b *testing.B) {
	if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
		b.Fatalf("resetting the peak RSS: %v", err)
	}
}
