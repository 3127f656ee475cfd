package ranges

import (
	"slices"
	"strings"
)

// Set is sorted, non-overlapping and merged (adjacent ranges joined); the
// zero value is empty. Operations return new sets and never write into the
// receiver's backing array, so a Set can be shared between goroutines as
// long as nobody assigns into its elements directly.
type Set []Range

// Full is the set {0..size-1}; it is empty for size <= 0.
func Full(size int64) Set {
	if size <= 0 {
		return nil
	}
	return Set{{0, size - 1}}
}

// normalise sorts and merges rs in place, dropping invalid ranges.
func normalise(rs []Range) Set {
	rs = slices.DeleteFunc(rs, func(r Range) bool { return !r.Valid() })
	byStart := func(a, b Range) int {
		switch {
		case a.Start < b.Start:
			return -1
		case a.Start > b.Start:
			return 1
		}
		return 0
	}
	// Servers list ranges in order, so the check usually spares the sort.
	if !slices.IsSortedFunc(rs, byStart) {
		slices.SortFunc(rs, byStart)
	}
	out := rs[:0]
	for _, r := range rs {
		if n := len(out); n > 0 && r.Start <= out[n-1].End+1 {
			out[n-1].End = max(out[n-1].End, r.End)
			continue
		}
		out = append(out, r)
	}
	if len(out) == 0 {
		return nil
	}
	return Set(out)
}

// Add returns s ∪ {r}. An invalid range (negative, start after end) adds nothing.
func (s Set) Add(r Range) Set {
	rs := make([]Range, 0, len(s)+1)
	rs = append(rs, s...)
	rs = append(rs, r)
	return normalise(rs)
}

// Union returns s ∪ o.
func (s Set) Union(o Set) Set {
	rs := make([]Range, 0, len(s)+len(o))
	rs = append(rs, s...)
	rs = append(rs, o...)
	return normalise(rs)
}

// Subtract returns s \ o.
func (s Set) Subtract(o Set) Set {
	var out []Range
	j := 0
	for _, r := range s {
		cur := r
		for j < len(o) && o[j].End < cur.Start {
			j++
		}
		for k := j; k < len(o) && o[k].Start <= cur.End; k++ {
			if o[k].Start > cur.Start {
				out = append(out, Range{cur.Start, o[k].Start - 1})
			}
			if o[k].End >= cur.End {
				cur.Start = cur.End + 1 // consumed
				break
			}
			cur.Start = o[k].End + 1
		}
		if cur.Start <= cur.End {
			out = append(out, cur)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return Set(out)
}

// Missing returns the complement of s within [0, size): the bytes still to send.
func (s Set) Missing(size int64) Set {
	return Full(size).Subtract(s)
}

// Size is the number of bytes s covers.
func (s Set) Size() int64 {
	var n int64
	for _, r := range s {
		n += r.Len()
	}
	return n
}

// Covers reports whether every byte of r is in s. An invalid r is never covered.
func (s Set) Covers(r Range) bool {
	if !r.Valid() {
		return false
	}
	i := s.search(r.Start)
	return i < len(s) && s[i].Start <= r.Start && r.End <= s[i].End
}

// Overlaps reports whether any byte of r is in s.
func (s Set) Overlaps(r Range) bool {
	if !r.Valid() {
		return false
	}
	i := s.search(r.Start)
	return i < len(s) && s[i].Start <= r.End
}

// Contains reports whether byte off is in s.
func (s Set) Contains(off int64) bool {
	return s.Covers(Range{off, off})
}

// search returns the index of the first range whose End >= off.
func (s Set) search(off int64) int {
	i, _ := slices.BinarySearchFunc(s, off, func(r Range, off int64) int {
		if r.End < off {
			return -1
		}
		return 1
	})
	return i
}

// Strings gives the wire form, as in nextExpectedRanges.
func (s Set) Strings() []string {
	out := make([]string, len(s))
	for i, r := range s {
		out[i] = r.String()
	}
	return out
}

// String gives "0-9, 20-29" for humans and logs; "(none)" when empty.
func (s Set) String() string {
	if len(s) == 0 {
		return "(none)"
	}
	return strings.Join(s.Strings(), ", ")
}

// Equal reports whether s and o hold the same bytes (nil and empty are equal).
func (s Set) Equal(o Set) bool {
	return slices.Equal(s, o)
}

// Of builds a normalised Set from ranges in any order, dropping invalid
// ones. Prefer it to a Set literal: the methods assume sorted, merged input.
func Of(rs ...Range) Set {
	return normalise(slices.Clone(rs))
}
