package ranges

import (
	"slices"
	"testing"
)

func r(a, b int64) Range { return Range{a, b} }

func TestParseList(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   []string
		size int64
		want Set
		err  bool
	}{
		{nil, 10, nil, false},
		{[]string{"0-9"}, 10, Set{r(0, 9)}, false},
		{[]string{"0-"}, 10, Set{r(0, 9)}, false},
		{[]string{"5-9", "0-2"}, 10, Set{r(0, 2), r(5, 9)}, false},
		{[]string{"0-2", "3-5"}, 10, Set{r(0, 5)}, false},       // adjacent merge
		{[]string{"0-5", "3-7", "7-"}, 10, Set{r(0, 9)}, false}, // overlap merge
		{[]string{"1024000-2047999", "0-1023999"}, 2621440, Set{r(0, 2047999)}, false},
		{[]string{"72797-4533322"}, 4533322, Set{r(72797, 4533321)}, false}, // documented end==size defect
		{[]string{"0-11"}, 10, nil, true},                                   // further out is an error
		{[]string{"0-9", "x"}, 10, nil, true},
		{[]string{"10-"}, 10, nil, true},
		{[]string{"3-1"}, 10, nil, true},
	}
	for _, tt := range tests {
		got, err := ParseList(tt.in, tt.size)
		if (err != nil) != tt.err {
			t.Errorf("ParseList(%q, %d) error = %v, want error %v", tt.in, tt.size, err, tt.err)
			continue
		}
		if !got.Equal(tt.want) {
			t.Errorf("ParseList(%q, %d) = %v, want %v", tt.in, tt.size, got, tt.want)
		}
	}
}

func TestSetAlgebra(t *testing.T) {
	t.Parallel()
	a := Set{r(0, 9), r(20, 29), r(40, 49)}
	tests := []struct {
		name string
		got  Set
		want Set
	}{
		{"add disjoint", a.Add(r(60, 61)), Set{r(0, 9), r(20, 29), r(40, 49), r(60, 61)}},
		{"add before", a.Add(r(0, 0)), a},
		{"add bridges", a.Add(r(10, 19)), Set{r(0, 29), r(40, 49)}},
		{"add spans all", a.Add(r(5, 45)), Set{r(0, 49)}},
		{"add invalid", a.Add(r(5, 4)), a},
		{"add negative", a.Add(r(-5, 4)), a},
		{"add to empty", Set(nil).Add(r(3, 3)), Set{r(3, 3)}},
		{"union", a.Union(Set{r(10, 10), r(30, 39)}), Set{r(0, 10), r(20, 49)}},
		{"union empty", a.Union(nil), a},
		{"subtract middle", a.Subtract(Set{r(22, 25)}), Set{r(0, 9), r(20, 21), r(26, 29), r(40, 49)}},
		{"subtract edges", a.Subtract(Set{r(0, 0), r(29, 40)}), Set{r(1, 9), r(20, 28), r(41, 49)}},
		{"subtract all", a.Subtract(Set{r(0, 100)}), nil},
		{"subtract many in one", Set{r(0, 99)}.Subtract(Set{r(10, 19), r(30, 39), r(90, 99)}),
			Set{r(0, 9), r(20, 29), r(40, 89)}},
		{"subtract nothing", a.Subtract(Set{r(100, 200)}), a},
		{"missing", a.Missing(50), Set{r(10, 19), r(30, 39)}},
		{"missing clipped", a.Missing(25), Set{r(10, 19)}},
		{"missing empty size", a.Missing(0), nil},
		{"missing of empty", Set(nil).Missing(5), Set{r(0, 4)}},
		{"full", Full(3), Set{r(0, 2)}},
		{"full zero", Full(0), nil},
		{"full negative", Full(-1), nil},
		{"of unsorted", Of(r(20, 29), r(5, 1), r(0, 9), r(10, 12)), Set{r(0, 12), r(20, 29)}},
	}
	for _, tt := range tests {
		if !tt.got.Equal(tt.want) {
			t.Errorf("%s: got %v, want %v", tt.name, tt.got, tt.want)
		}
	}
}

func TestSetQueries(t *testing.T) {
	t.Parallel()
	a := Set{r(0, 9), r(20, 29)}
	tests := []struct {
		q                Range
		covers, overlaps bool
	}{
		{r(0, 9), true, true},
		{r(3, 4), true, true},
		{r(9, 10), false, true},
		{r(10, 19), false, false},
		{r(15, 20), false, true},
		{r(0, 29), false, true},
		{r(29, 29), true, true},
		{r(30, 40), false, false},
		{r(5, 4), false, false},
	}
	for _, tt := range tests {
		if got := a.Covers(tt.q); got != tt.covers {
			t.Errorf("Covers(%v) = %v", tt.q, got)
		}
		if got := a.Overlaps(tt.q); got != tt.overlaps {
			t.Errorf("Overlaps(%v) = %v", tt.q, got)
		}
	}
	for off, want := range map[int64]bool{-1: false, 0: true, 9: true, 10: false, 19: false, 20: true, 29: true, 30: false} {
		if got := a.Contains(off); got != want {
			t.Errorf("Contains(%d) = %v", off, got)
		}
	}
	if got := a.Size(); got != 20 {
		t.Errorf("Size = %d", got)
	}
	if got := a.String(); got != "0-9, 20-29" {
		t.Errorf("String = %q", got)
	}
	if got := Set(nil).String(); got != "(none)" {
		t.Errorf("empty String = %q", got)
	}
	if got := a.Strings(); !slices.Equal(got, []string{"0-9", "20-29"}) {
		t.Errorf("Strings = %q", got)
	}
	if !Set(nil).Equal(Set{}) {
		t.Error("nil and empty sets differ")
	}
}

// TestNoAliasing guards the promise that operations never write into the
// receiver's backing array, which callers rely on when sharing a Set.
func TestNoAliasing(t *testing.T) {
	t.Parallel()
	backing := make([]Range, 2, 8)
	backing[0], backing[1] = r(0, 9), r(20, 29)
	s := Set(backing)
	orig := slices.Clone(backing[:cap(backing)])
	_ = s.Add(r(10, 19))
	_ = s.Add(r(100, 110))
	_ = s.Union(Set{r(5, 25)})
	_ = s.Subtract(Set{r(3, 4)})
	_ = s.Missing(50)
	if !slices.Equal(backing[:cap(backing)], orig) {
		t.Fatalf("backing array changed: %v -> %v", orig, backing[:cap(backing)])
	}
}
