package upload

import (
	"encoding/binary"
	"testing"

	"printdrop/internal/ranges"
)

func TestNextChunk(t *testing.T) {
	t.Parallel()
	r := func(a, b int64) ranges.Range { return ranges.Range{Start: a, End: b} }
	tests := []struct {
		name  string
		todo  ranges.Set
		order Order
		want  ranges.Range
		ok    bool
	}{
		{"empty", nil, Sequential, ranges.Range{}, false},
		{"one byte", ranges.Set{r(0, 0)}, Sequential, r(0, 0), true},
		{"first cell", ranges.Set{r(0, 999)}, Sequential, r(0, 99), true},
		{"misaligned start stops at the grid", ranges.Set{r(150, 999)}, Sequential, r(150, 199), true},
		{"short gap", ranges.Set{r(10, 20), r(500, 999)}, Sequential, r(10, 20), true},
		{"reverse takes the last cell", ranges.Set{r(0, 999)}, Reverse, r(900, 999), true},
		{"reverse short tail", ranges.Set{r(0, 1000)}, Reverse, r(1000, 1000), true},
		{"reverse misaligned", ranges.Set{r(0, 50), r(120, 130)}, Reverse, r(120, 130), true},
	}
	for _, tt := range tests {
		got, ok := nextChunk(tt.todo, 100, tt.order)
		if ok != tt.ok || got != tt.want {
			t.Fatalf("%s: got %v %v, want %v %v", tt.name, got, ok, tt.want, tt.ok)
		}
	}
}

func TestOptionsValidation(t *testing.T) {
	t.Parallel()
	tests := []struct {
		o  Options
		ok bool
	}{
		{Options{}, true},
		{Options{ChunkSize: ChunkUnit}, true},
		{Options{ChunkSize: 48 * ChunkUnit}, true}, // 9,830,400 < 10,000,000
		{Options{ChunkSize: 49 * ChunkUnit}, false},
		{Options{ChunkSize: 4_000_000}, false},
		{Options{ChunkSize: -ChunkUnit}, false},
		{Options{Parallel: -1}, false},
		{Options{Parallel: 17}, false},
	}
	for _, tt := range tests {
		o, err := tt.o.withDefaults()
		if (err == nil) != tt.ok {
			t.Fatalf("%+v: err %v", tt.o, err)
		}
		if err == nil && (o.ChunkSize == 0 || o.Parallel == 0 || o.RetryFor == 0) {
			t.Fatalf("defaults not applied: %+v", o)
		}
	}
	if o, _ := (Options{}).withDefaults(); o.ChunkSize != 4_096_000 || o.Parallel != 4 {
		t.Fatalf("defaults %d x %d", o.ChunkSize, o.Parallel)
	}
}

// FuzzPlan drains random missing sets chunk by chunk: the chunks must cover
// the set exactly, never overlap, never exceed the chunk size and never
// cross the grid.
func FuzzPlan(f *testing.F) {
	f.Add([]byte{0, 10, 20, 5, 40, 200}, uint16(7), false)
	f.Add([]byte{1, 1}, uint16(1), true)
	f.Add([]byte{255, 255, 0, 1}, uint16(100), true)
	f.Fuzz(func(t *testing.T, data []byte, chunk uint16, reverse bool) {
		if chunk == 0 {
			return
		}
		var todo ranges.Set
		for i := 0; i+3 < len(data) && i < 64; i += 4 {
			a := int64(binary.BigEndian.Uint16(data[i:]))
			n := int64(binary.BigEndian.Uint16(data[i+2:]))
			todo = todo.Add(ranges.Range{Start: a, End: a + n})
		}
		order := Sequential
		if reverse {
			order = Reverse
		}
		want := todo
		var got ranges.Set
		c := int64(chunk)
		for steps := 0; ; steps++ {
			r, ok := nextChunk(todo, c, order)
			if !ok {
				break
			}
			if r.Len() > c || r.Start/c != r.End/c || !todo.Covers(r) || got.Overlaps(r) {
				t.Fatalf("bad chunk %v (chunk %d) from %v", r, c, todo)
			}
			got = got.Add(r)
			todo = todo.Subtract(ranges.Set{r})
			if steps > 1<<20 {
				t.Fatal("planning does not end")
			}
		}
		if !got.Equal(want) {
			t.Fatalf("chunks cover %v, want %v", got, want)
		}
	})
}
