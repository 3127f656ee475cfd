package ranges

import (
	"errors"
	"fmt"
	"strconv"
	"testing"
)

// gapList is n disjoint two-byte gaps, as a server with many holes would
// list them, in reverse order so the sort has work to do.
func gapList(n int) ([]string, int64) {
	list := make([]string, n)
	for i := range n {
		start := int64(n-1-i) * 4
		list[i] = strconv.FormatInt(start, 10) + "-" + strconv.FormatInt(start+1, 10)
	}
	return list, int64(n) * 4
}

// An answer longer than MaxListLen is a typed protocol error, found before
// any entry is parsed; one at the limit is read.
func TestParseListCap(t *testing.T) {
	list, size := gapList(MaxListLen + 1)
	_, err := ParseList(list, size)
	var tooMany *TooManyError
	if !errors.As(err, &tooMany) || tooMany.Count != MaxListLen+1 || tooMany.Max != MaxListLen {
		t.Fatalf("ParseList(%d ranges) error = %v, want *TooManyError{%d, %d}", len(list), err, MaxListLen+1, MaxListLen)
	}
	got, err := ParseList(list[1:], size)
	if err != nil || len(got) != MaxListLen {
		t.Fatalf("ParseList(%d ranges) = %d ranges, %v; want all of them", MaxListLen, len(got), err)
	}
}

// ParseList sorts and merges once: its allocations do not grow with the
// number of ranges. Adding ranges one by one (a copy and a sort each) made
// the cost quadratic; this guards that deterministically, without a clock.
func TestParseListAllocsFlat(t *testing.T) {
	for _, n := range []int{100, 5000} {
		list, size := gapList(n)
		allocs := testing.AllocsPerRun(5, func() {
			if _, err := ParseList(list, size); err != nil {
				t.Fatal(err)
			}
		})
		if allocs > 4 {
			t.Errorf("ParseList of %d ranges made %.0f allocations, want at most 4 (one slice, sorted and merged once)", n, allocs)
		}
	}
}

// BenchmarkParseList reports ns/range at 1k, 10k and 100k ranges (past the
// cap, through the uncapped parser): equal figures mean linear cost.
func BenchmarkParseList(b *testing.B) {
	for _, n := range []int{1_000, 10_000, 100_000} {
		list, size := gapList(n)
		b.Run(fmt.Sprintf("ranges=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := parseList(list, size); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/range")
		})
	}
	// The baseline in the same run: one Add per range, as ParseList did.
	// Quadratic, so only up to 10k.
	for _, n := range []int{1_000, 10_000} {
		list, size := gapList(n)
		b.Run(fmt.Sprintf("add-each/ranges=%d", n), func(b *testing.B) {
			for b.Loop() {
				var s Set
				for _, item := range list {
					r, err := Parse(item, size)
					if err != nil {
						b.Fatal(err)
					}
					s = s.Add(r)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/range")
		})
	}
}
