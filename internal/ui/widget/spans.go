package widget

import (
	"math"

	"printdrop/internal/ranges"
)

// span is a horizontal run of whole pixels [x0, x1) on the bar.
type span struct{ x0, x1 float32 }

// pixelSpans maps byte ranges onto a bar width pixels wide. Each range is
// widened to whole pixels (so a small range still shows as one pixel) and
// runs that touch or overlap after rounding are merged: however many ranges
// the server reports, the bar never draws more rectangles than it has pixels,
// which keeps a gappy 1 GB upload as cheap to draw as a whole one.
func pixelSpans(set ranges.Set, size int64, width float32) []span {
	if size <= 0 || width <= 0 || len(set) == 0 {
		return nil
	}
	// Multiply before dividing: byte offsets on chunk boundaries then land
	// exactly on whole pixels instead of one pixel over.
	w, total := float64(width), float64(size)
	out := make([]span, 0, len(set))
	for _, r := range set {
		start, end := max(r.Start, 0), min(r.End, size-1)
		if end < start {
			continue
		}
		x0 := float32(math.Floor(float64(start) * w / total))
		x1 := float32(math.Ceil(float64(end+1) * w / total))
		if n := len(out); n > 0 && x0 <= out[n-1].x1 {
			out[n-1].x1 = max(out[n-1].x1, x1)
			continue
		}
		out = append(out, span{x0, x1})
	}
	return out
}
