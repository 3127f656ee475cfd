package graph

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"
)

// Time is a Graph timestamp. Graph writes 7 fractional digits and "Z", but
// also offsets and, inside error envelopes, no zone at all; Time accepts all
// of them (a missing zone means UTC) and null or "" as the zero time.
type Time struct{ time.Time }

// layouts are tried in order; Go's parser accepts any fraction length after
// the seconds even when the layout has none.
var layouts = []string{time.RFC3339Nano, "2006-01-02T15:04:05"}

// UnmarshalJSON implements json.Unmarshaler.
func (t *Time) UnmarshalJSON(b []byte) error {
	if bytes.Equal(b, []byte("null")) {
		t.Time = time.Time{}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("timestamp is not a string: %s", b)
	}
	if s == "" {
		t.Time = time.Time{}
		return nil
	}
	for _, l := range layouts {
		if v, err := time.Parse(l, s); err == nil {
			t.Time = v
			return nil
		}
	}
	return fmt.Errorf("timestamp %q is not ISO 8601", s)
}

// MarshalJSON writes RFC 3339 in UTC, or null for the zero time.
func (t Time) MarshalJSON() ([]byte, error) {
	if t.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(t.UTC().Format(time.RFC3339Nano))
}
