package ranges

import (
	"errors"
	"math"
	"testing"
)

func TestParse(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		size int64
		want Range
		err  bool
	}{
		{"0-0", 1, Range{0, 0}, false},
		{"0-1023", 4096, Range{0, 1023}, false},
		{"1024-4095", 4096, Range{1024, 4095}, false},
		{"1024-", 4096, Range{1024, 4095}, false},
		{"0-", 1, Range{0, 0}, false},
		{"5-9", 0, Range{5, 9}, false}, // unknown size: unbounded
		{"0-9223372036854775806", 0, Range{0, math.MaxInt64 - 1}, false},
		{"0-9223372036854775807", 0, Range{}, true}, // End+1 would overflow
		{"0-9223372036854775808", 0, Range{}, true}, // past int64
		{"4096-4096", 4096, Range{}, true},          // end == size
		{"0-4096", 4096, Range{}, true},
		{"4096-", 4096, Range{}, true}, // open start past end
		{"5-", 0, Range{}, true},       // open needs size
		{"5-", -1, Range{}, true},
		{"9-5", 0, Range{}, true},
		{"", 10, Range{}, true},
		{"-", 10, Range{}, true},
		{"-5", 10, Range{}, true},
		{"5", 10, Range{}, true},
		{" 1-2", 10, Range{}, true},
		{"1-2 ", 10, Range{}, true},
		{"1 -2", 10, Range{}, true},
		{"+1-2", 10, Range{}, true},
		{"1-+2", 10, Range{}, true},
		{"-1-2", 10, Range{}, true},
		{"01-2", 10, Range{}, true}, // leading zero
		{"1-02", 10, Range{}, true},
		{"00-1", 10, Range{}, true},
		{"1-2-3", 10, Range{}, true},
		{"1--", 10, Range{}, true},
		{"0x1-2", 10, Range{}, true},
		{"١-٢", 10, Range{}, true}, // non-ASCII digits
		{"1_0-20", 100, Range{}, true},
	}
	for _, tt := range tests {
		got, err := Parse(tt.in, tt.size)
		if tt.err {
			if err == nil {
				t.Errorf("Parse(%q, %d) = %v, want an error", tt.in, tt.size, got)
			} else if !errors.Is(err, ErrSyntax) {
				t.Errorf("Parse(%q, %d) error %v does not wrap ErrSyntax", tt.in, tt.size, err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("Parse(%q, %d) = %v, %v; want %v", tt.in, tt.size, got, err, tt.want)
		}
	}
}

func TestRangeBasics(t *testing.T) {
	t.Parallel()
	tests := []struct {
		r     Range
		len   int64
		valid bool
		str   string
	}{
		{Range{0, 0}, 1, true, "0-0"},
		{Range{0, 1023}, 1024, true, "0-1023"},
		{Range{5, 4}, 0, false, "5-4"},
		{Range{-1, 4}, 0, false, "-1-4"},
		{Range{0, math.MaxInt64}, 0, false, "0-9223372036854775807"},
		{Range{0, math.MaxInt64 - 1}, math.MaxInt64, true, "0-9223372036854775806"},
	}
	for _, tt := range tests {
		if got := tt.r.Len(); got != tt.len {
			t.Errorf("%#v.Len() = %d, want %d", tt.r, got, tt.len)
		}
		if got := tt.r.Valid(); got != tt.valid {
			t.Errorf("%#v.Valid() = %v, want %v", tt.r, got, tt.valid)
		}
		if got := tt.r.String(); got != tt.str {
			t.Errorf("%#v.String() = %q, want %q", tt.r, got, tt.str)
		}
	}
}

func TestParseContentRange(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		lenient bool
		want    ContentRange
		err     bool
	}{
		{"bytes 0-1023/4096", false, ContentRange{Range{0, 1023}, 4096}, false},
		{"bytes 4095-4095/4096", false, ContentRange{Range{4095, 4095}, 4096}, false},
		{"bytes 0-0/1", false, ContentRange{Range{0, 0}, 1}, false},
		{"bytes 0-1023/*", false, ContentRange{Range{0, 1023}, -1}, false},
		{"bytes=0-72796/4533322", true, ContentRange{Range{0, 72796}, 4533322}, false},
		{"bytes 0-72796/4533322", true, ContentRange{Range{0, 72796}, 4533322}, false},
		{"bytes=0-72796/4533322", false, ContentRange{}, true}, // strict rejects "="
		{"bytes 0-4096/4096", false, ContentRange{}, true},     // end == total
		{"bytes 0-0/0", false, ContentRange{}, true},
		{"bytes 5-4/10", false, ContentRange{}, true},
		{"bytes */4096", false, ContentRange{}, true},
		{"bytes 0-/4096", false, ContentRange{}, true},
		{"bytes -5/4096", false, ContentRange{}, true},
		{"bytes 0-5", false, ContentRange{}, true},
		{"bytes 0-5/", false, ContentRange{}, true},
		{"bytes 0-5/+9", false, ContentRange{}, true},
		{"bytes 0-5/09", false, ContentRange{}, true},
		{"bytes 0-5/9 ", false, ContentRange{}, true},
		{"bytes  0-5/9", false, ContentRange{}, true},
		{"Bytes 0-5/9", false, ContentRange{}, true},
		{"0-5/9", true, ContentRange{}, true},
		{"items 0-5/9", true, ContentRange{}, true},
		{"bytes 0-5/9/9", false, ContentRange{}, true},
		{"bytes 0-5/99999999999999999999", false, ContentRange{}, true},
		{"bytes 0-9223372036854775806/9223372036854775807", false,
			ContentRange{Range{0, math.MaxInt64 - 1}, math.MaxInt64}, false},
		{"", true, ContentRange{}, true},
	}
	for _, tt := range tests {
		got, err := ParseContentRange(tt.in, tt.lenient)
		if tt.err {
			if err == nil {
				t.Errorf("ParseContentRange(%q, %v) = %v, want an error", tt.in, tt.lenient, got)
			} else if !errors.Is(err, ErrSyntax) {
				t.Errorf("ParseContentRange(%q) error %v does not wrap ErrSyntax", tt.in, err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseContentRange(%q, %v) = %v, %v; want %v", tt.in, tt.lenient, got, err, tt.want)
		}
	}
}

func TestContentRangeString(t *testing.T) {
	t.Parallel()
	if got := (ContentRange{Range{0, 1023}, 4096}).String(); got != "bytes 0-1023/4096" {
		t.Errorf("got %q", got)
	}
	if got := (ContentRange{Range{7, 8}, -1}).String(); got != "bytes 7-8/*" {
		t.Errorf("got %q", got)
	}
}
