package ranges

import (
	"testing"
)

func FuzzParse(f *testing.F) {
	for _, s := range []string{"0-0", "0-1023", "5-", "01-2", "+1-2", " 1-2", "9-5", "0-9223372036854775807"} {
		f.Add(s, int64(4096))
		f.Add(s, int64(0))
	}
	f.Fuzz(func(t *testing.T, s string, size int64) {
		rg, err := Parse(s, size)
		if err != nil {
			return
		}
		if !rg.Valid() {
			t.Fatalf("Parse(%q, %d) accepted invalid %#v", s, size, rg)
		}
		if size > 0 && rg.End >= size {
			t.Fatalf("Parse(%q, %d) = %v, outside the file", s, size, rg)
		}
		// Canonical grammar: a closed range formats back to its input.
		if s[len(s)-1] != '-' && rg.String() != s {
			t.Fatalf("Parse(%q) formats as %q", s, rg.String())
		}
		again, err := Parse(rg.String(), size)
		if err != nil || again != rg {
			t.Fatalf("round trip of %v: %v, %v", rg, again, err)
		}
	})
}

func FuzzParseContentRange(f *testing.F) {
	for _, s := range []string{"bytes 0-1023/4096", "bytes=0-72796/4533322", "bytes 0-1/*", "bytes */10", "bytes 0-10/10"} {
		f.Add(s, true)
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, s string, lenient bool) {
		c, err := ParseContentRange(s, lenient)
		if err != nil {
			if !lenient {
				return
			}
			if _, strictErr := ParseContentRange(s, false); strictErr == nil {
				t.Fatalf("%q: strict accepts what lenient rejects", s)
			}
			return
		}
		if !c.Valid() || c.Total < -1 || (c.Total >= 0 && c.End >= c.Total) {
			t.Fatalf("%q parsed to impossible %#v", s, c)
		}
		again, err := ParseContentRange(c.String(), false)
		if err != nil || again != c {
			t.Fatalf("round trip of %q via %q: %#v, %v", s, c.String(), again, err)
		}
		if !lenient && c.String() != s {
			t.Fatalf("strict %q formats as %q", s, c.String())
		}
	})
}

// bits is a reference model: a Set over the small universe [0,64) as a bitmap.
type bits uint64

func toBits(s Set) bits {
	var b bits
	for _, r := range s {
		for i := r.Start; i <= r.End && i < 64; i++ {
			b |= 1 << i
		}
	}
	return b
}

// setFrom decodes fuzz bytes into ranges inside [0,64), in any order, with
// overlaps, adjacency and invalid (start > end) pairs all possible.
func setFrom(data []byte) Set {
	var s Set
	for i := 0; i+1 < len(data); i += 2 {
		s = s.Add(Range{int64(data[i] % 64), int64(data[i+1] % 64)})
	}
	return s
}

func checkNormal(t *testing.T, name string, s Set) {
	t.Helper()
	for i, r := range s {
		if !r.Valid() {
			t.Fatalf("%s: invalid range %v in %v", name, r, s)
		}
		if i > 0 && r.Start <= s[i-1].End+1 {
			t.Fatalf("%s: not sorted and merged: %v", name, s)
		}
	}
}

func FuzzSetOps(f *testing.F) {
	f.Add([]byte{0, 9, 20, 29}, []byte{5, 25}, uint8(40), uint8(3), uint8(12))
	f.Add([]byte{}, []byte{0, 63}, uint8(64), uint8(0), uint8(0))
	f.Add([]byte{9, 0, 10, 19}, []byte{}, uint8(0), uint8(63), uint8(62))
	f.Fuzz(func(t *testing.T, da, db []byte, size, qa, qb uint8) {
		a, b := setFrom(da), setFrom(db)
		n := int64(size % 65)
		q := Range{int64(qa % 64), int64(qb % 64)}
		union, diff, miss := a.Union(b), a.Subtract(b), a.Missing(n)
		for name, s := range map[string]Set{"a": a, "b": b, "union": union, "diff": diff, "missing": miss} {
			checkNormal(t, name, s)
		}
		A, B, N := toBits(a), toBits(b), toBits(Full(n))
		if toBits(union) != A|B {
			t.Fatalf("%v ∪ %v = %v", a, b, union)
		}
		if toBits(diff) != A&^B {
			t.Fatalf("%v \\ %v = %v", a, b, diff)
		}
		if toBits(miss) != N&^A {
			t.Fatalf("%v missing in %d = %v", a, n, miss)
		}
		// Algebra the uploader relies on.
		if !union.Subtract(b).Subtract(a).Equal(nil) {
			t.Fatalf("(a∪b)\\b ⊄ a")
		}
		if toBits(miss.Missing(n)) != A&N {
			t.Fatalf("Missing twice is not a∩[0,n): %v", miss.Missing(n))
		}
		if n == 64 && !miss.Missing(n).Equal(a) {
			t.Fatalf("Missing(Missing(a)) != a for a ⊆ [0,n)")
		}
		if miss.Size()+toBits(a).and(N).count() != n {
			t.Fatalf("missing + received != size")
		}
		if got, want := union.Size(), int64(popcount(A|B)); got != want {
			t.Fatalf("Size(%v) = %d, want %d", union, got, want)
		}
		if !union.Equal(b.Union(a)) {
			t.Fatal("union is not commutative")
		}
		if len(da) >= 2 && !a.Equal(Of(rangesOf(da)...)) {
			t.Fatalf("Add chain %v differs from Of", a)
		}
		// Queries against the model.
		var qb2 bits
		if q.Valid() {
			qb2 = toBits(Set{q})
		}
		if got := a.Covers(q); got != (q.Valid() && A&qb2 == qb2) {
			t.Fatalf("%v.Covers(%v) = %v", a, q, got)
		}
		if got := a.Overlaps(q); got != (A&qb2 != 0) {
			t.Fatalf("%v.Overlaps(%v) = %v", a, q, got)
		}
		if got := a.Contains(q.Start); got != (A&(1<<q.Start) != 0) {
			t.Fatalf("%v.Contains(%d) = %v", a, q.Start, got)
		}
	})
}

func (b bits) and(o bits) bits { return b & o }
func (b bits) count() int64    { return int64(popcount(b)) }

func popcount(b bits) int {
	n := 0
	for ; b != 0; b &= b - 1 {
		n++
	}
	return n
}

func rangesOf(data []byte) []Range {
	var rs []Range
	for i := 0; i+1 < len(data); i += 2 {
		rs = append(rs, Range{int64(data[i] % 64), int64(data[i+1] % 64)})
	}
	return rs
}
