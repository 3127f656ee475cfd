package emulator

import (
	"reflect"
	"strconv"
	"testing"
)

func TestParseContentRange(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in      string
		lenient bool
		want    contentRange
		ok      bool
	}{
		{"bytes 0-1023/1536", false, contentRange{span{0, 1023}, 1536}, true},
		{"bytes 5-5/6", false, contentRange{span{5, 5}, 6}, true},
		{"bytes=0-72796/4533322", true, contentRange{span{0, 72796}, 4533322}, true},
		{"bytes=0-72796/4533322", false, contentRange{}, false},
		{"bytes 10-5/20", true, contentRange{}, false},
		{"bytes 0-1/*", true, contentRange{}, false},
		{"bytes */20", true, contentRange{}, false},
		{"bytes -1-5/20", true, contentRange{}, false},
		{"bytes 0-5", true, contentRange{}, false},
		{"bytes 0 -5/20", true, contentRange{}, false},
		{"bytes +0-5/20", true, contentRange{}, false},
		{"items 0-5/20", true, contentRange{}, false},
		{"", true, contentRange{}, false},
		{"bytes 0-99999999999999999999/1", true, contentRange{}, false},
		{"bytes 0-5/20/30", true, contentRange{}, false},
	}
	for _, c := range cases {
		got, err := parseContentRange(c.in, c.lenient)
		if (err == nil) != c.ok || (c.ok && got != c.want) {
			t.Errorf("parseContentRange(%q, %v) = %+v, %v; want %+v ok=%v", c.in, c.lenient, got, err, c.want, c.ok)
		}
	}
}

// FuzzContentRange checks that any accepted header round-trips and is sane.
func FuzzContentRange(f *testing.F) {
	for _, s := range []string{"bytes 0-1023/1536", "bytes=1-2/3", "bytes 9-8/10", "bytes 0-0/0", "bytes 1-/2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, lenient := range []bool{false, true} {
			cr, err := parseContentRange(s, lenient)
			if err != nil {
				continue
			}
			if cr.start < 0 || cr.end < cr.start || cr.total < 0 {
				t.Fatalf("%q parsed to an impossible range %+v", s, cr)
			}
			back := "bytes " + strconv.FormatInt(cr.start, 10) + "-" + strconv.FormatInt(cr.end, 10) + "/" + strconv.FormatInt(cr.total, 10)
			again, err := parseContentRange(back, false)
			if err != nil || again != cr {
				t.Fatalf("%q -> %+v does not round-trip through %q (%v)", s, cr, back, err)
			}
		}
	})
}

func TestSpanSet(t *testing.T) {
	t.Parallel()
	var s spanSet
	s = s.add(span{10, 19})
	s = s.add(span{30, 39})
	if g := s.gaps(50).strings(); !reflect.DeepEqual(g, []string{"0-9", "20-29", "40-49"}) {
		t.Fatalf("gaps %v", g)
	}
	s = s.add(span{20, 29}) // adjacent on both sides: one span
	if !reflect.DeepEqual(s, spanSet{{10, 39}}) {
		t.Fatalf("merge %v", s)
	}
	if !s.overlaps(span{39, 45}) || s.overlaps(span{40, 45}) || !s.overlaps(span{0, 10}) {
		t.Fatal("overlaps at the edges is wrong")
	}
	if s = s.remove(span{15, 24}); !reflect.DeepEqual(s, spanSet{{10, 14}, {25, 39}}) {
		t.Fatalf("remove %v", s)
	}
	if s.total() != 20 {
		t.Fatalf("total %d", s.total())
	}
	if g := (spanSet{}).gaps(0); len(g) != 0 {
		t.Fatalf("gaps of empty doc %v", g)
	}
}

// FuzzSpanSet checks add/remove against a byte map.
func FuzzSpanSet(f *testing.F) {
	f.Add([]byte{1, 5, 3, 9, 0, 2})
	f.Fuzz(func(t *testing.T, ops []byte) {
		const size = 64
		var set spanSet
		var have [size]bool
		for i := 0; i+2 < len(ops); i += 3 {
			a, b := int64(ops[i]%size), int64(ops[i+1]%size)
			if a > b {
				a, b = b, a
			}
			if ops[i+2]%2 == 0 {
				set = set.add(span{a, b})
			} else {
				set = set.remove(span{a, b})
			}
			for k := a; k <= b; k++ {
				have[k] = ops[i+2]%2 == 0
			}
		}
		var n int64
		for k := int64(0); k < size; k++ {
			if have[k] {
				n++
			}
			if have[k] != set.overlaps(span{k, k}) {
				t.Fatalf("byte %d: map %v, set %v", k, have[k], set)
			}
		}
		if set.total() != n || set.gaps(size).total() != size-n {
			t.Fatalf("totals: set %d gaps %d, want %d", set.total(), set.gaps(size).total(), n)
		}
		for i := 1; i < len(set); i++ {
			if set[i].start <= set[i-1].end+1 {
				t.Fatalf("not sorted and coalesced: %v", set)
			}
		}
	})
}
