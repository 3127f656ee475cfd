package capped

import (
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

func TestReader(t *testing.T) {
	for _, tc := range []struct {
		in    string
		limit int64
		err   error
	}{
		{"short", 10, nil},
		{"exactly10!", 10, nil}, // a stream that fits exactly is not too large
		{"eleven byte", 10, ErrTooLarge},
		{"", 0, nil},
		{"x", 0, ErrTooLarge},
	} {
		got, err := io.ReadAll(&Reader{R: iotest.OneByteReader(strings.NewReader(tc.in)), N: tc.limit})
		if !errors.Is(err, tc.err) {
			t.Errorf("%q with limit %d: error %v, want %v", tc.in, tc.limit, err, tc.err)
		}
		if tc.err == nil && string(got) != tc.in {
			t.Errorf("%q with limit %d: read %q", tc.in, tc.limit, got)
		}
	}
}
