package secret

import (
	"fmt"
	"log/slog"
)

// Redacted is what a Value prints as, everywhere.
const Redacted = "[redacted]"

// Value is a credential held in memory: a code, a verifier, a refresh
// token, an upload URL (its tempauthtoken lets anyone write the document).
// Every way of printing it shows "[redacted]": each fmt verb, slog, and
// text or JSON encoding, so a struct holding one can be logged or dumped
// without leaking it. Reveal is the one deliberate way out, for the
// request that needs it and for a Store.
type Value string

// Reveal returns the credential itself. Never log or display it.
func (v Value) Reveal() string { return string(v) }

// String implements fmt.Stringer.
func (Value) String() string { return Redacted }

// GoString implements fmt.GoStringer, for %#v.
func (Value) GoString() string { return Redacted }

// Format implements fmt.Formatter so every verb (%s, %q, %x, %v) is redacted.
func (Value) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(Redacted)) }

// LogValue implements slog.LogValuer.
func (Value) LogValue() slog.Value { return slog.StringValue(Redacted) }

// MarshalText keeps the credential out of JSON and text dumps of structs
// holding it (encoding/json writes it as the string "[redacted]").
func (Value) MarshalText() ([]byte, error) { return []byte(Redacted), nil }
