package upload

import "printdrop/internal/ranges"

// nextChunk picks the next range to send from todo (what is missing and not
// in flight). Chunks sit on a grid of chunk-sized cells from offset 0, so a
// resumed or resynced plan cuts the file the same way as the first one did;
// only a cell the server holds part of gives a shorter piece.
func nextChunk(todo ranges.Set, chunk int64, order Order) (ranges.Range, bool) {
	if len(todo) == 0 {
		return ranges.Range{}, false
	}
	if order == Reverse {
		r := todo[len(todo)-1]
		start := max(r.Start, r.End/chunk*chunk)
		return ranges.Range{Start: start, End: r.End}, true
	}
	r := todo[0]
	end := min(r.End, (r.Start/chunk+1)*chunk-1)
	return ranges.Range{Start: r.Start, End: end}, true
}

// intersect returns a ∩ b within [0, size).
func intersect(a, b ranges.Set, size int64) ranges.Set {
	return a.Subtract(b.Missing(size))
}
