package workflow

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestParsePageRanges(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want []PageRange
		err  string
	}{
		{"", nil, ""},
		{"   ", nil, ""},
		{"5", []PageRange{{5, 5}}, ""},
		{"1-3,5", []PageRange{{1, 3}, {5, 5}}, ""},
		{" 1 - 3 , 5 ", []PageRange{{1, 3}, {5, 5}}, ""},
		{"1-3;5", []PageRange{{1, 3}, {5, 5}}, ""},
		{"5,1-3", []PageRange{{1, 3}, {5, 5}}, ""},
		{"1-3,2-6", []PageRange{{1, 6}}, ""},
		{"1-3,4", []PageRange{{1, 4}}, ""}, // adjacent ranges merge
		{"2,2", []PageRange{{2, 2}}, ""},
		{"1,,3", []PageRange{{1, 1}, {3, 3}}, ""},
		{"007", []PageRange{{7, 7}}, ""},
		{"1000000", []PageRange{{1000000, 1000000}}, ""},
		{"0", nil, "pages count from 1"},
		{"3-1", nil, "goes backwards: write it as 1-3"},
		{"7-", nil, "not a page range"},
		{"-3", nil, "not a page range"},
		{"a", nil, "not a page range"},
		{"1-2-3", nil, "not a page range"},
		{"+1", nil, "not a page range"},
		{"1000001", nil, "not a page range"},
		{"99999999999999999999", nil, "not a page range"},
		{",", nil, "not a page range"},
		{strings.Repeat("1,", 101) + "1", nil, "at most 100"},
	}
	for _, tt := range tests {
		got, err := ParsePageRanges(tt.in)
		if tt.err != "" {
			var se *SettingError
			if err == nil || !strings.Contains(err.Error(), tt.err) || !errors.As(err, &se) || se.Field != FieldPages {
				t.Errorf("ParsePageRanges(%q) error = %v, want a pages SettingError containing %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ParsePageRanges(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

func FuzzParsePageRanges(f *testing.F) {
	for _, s := range []string{"1-3,5", "5,1-3", "", "0", "3-1", "1-", "1,,2", "007-9"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		rs, err := ParsePageRanges(s)
		if err != nil {
			return
		}
		// Sorted, merged, in bounds.
		for i, r := range rs {
			if r.Start < 1 || r.End < r.Start || r.End > maxPage {
				t.Fatalf("%q: bad range %v", s, r)
			}
			if i > 0 && r.Start <= rs[i-1].End+1 {
				t.Fatalf("%q: ranges not sorted and merged: %v", s, rs)
			}
		}
		// Formatting and parsing again is the identity.
		again, err := ParsePageRanges(FormatPageRanges(rs))
		if err != nil || !reflect.DeepEqual(again, rs) {
			t.Fatalf("%q: round trip %v -> %q -> %v, %v", s, rs, FormatPageRanges(rs), again, err)
		}
	})
}
