package graph

import (
	"fmt"
	"log/slog"
)

// Secret holds a credential such as an upload URL (its tempauthtoken lets
// anyone write the document). Every way of printing or logging it shows
// "[redacted]"; Reveal is the one deliberate way out, for the HTTP request
// and for protected storage.
type Secret string

const redacted = "[redacted]"

// Reveal returns the credential itself. Never log or display it.
func (s Secret) Reveal() string { return string(s) }

// String implements fmt.Stringer.
func (Secret) String() string { return redacted }

// GoString implements fmt.GoStringer, for %#v.
func (Secret) GoString() string { return redacted }

// Format implements fmt.Formatter so every verb (%s, %q, %x, %v) is redacted.
func (Secret) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(redacted)) }

// LogValue implements slog.LogValuer.
func (Secret) LogValue() slog.Value { return slog.StringValue(redacted) }

// MarshalJSON keeps the credential out of JSON dumps of structs holding it.
func (Secret) MarshalJSON() ([]byte, error) { return []byte(`"` + redacted + `"`), nil }
