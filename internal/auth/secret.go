package auth

import (
	"fmt"
	"log/slog"
	"time"

	"golang.org/x/oauth2"

	"printdrop/internal/secret"
)

// redacted is how everything secret prints.
const redacted = secret.Redacted

// Token wraps an oauth2.Token so it prints as "[redacted]" in every fmt verb,
// in slog and in JSON or text encoders. oauth2.Token itself has no such
// method, so %+v of it would print both tokens.
type Token struct {
	t *oauth2.Token
}

// WrapToken returns t wrapped for safe logging. t may be nil.
func WrapToken(t *oauth2.Token) Token { return Token{t: t} }

// OAuth2 returns the wrapped token.
func (t Token) OAuth2() *oauth2.Token { return t.t }

// Expiry returns when the access token expires (zero if unknown).
func (t Token) Expiry() time.Time {
	if t.t == nil {
		return time.Time{}
	}
	return t.t.Expiry
}

func (t Token) String() string               { return redacted }
func (t Token) GoString() string             { return redacted }
func (t Token) Format(f fmt.State, _ rune)   { _, _ = f.Write([]byte(redacted)) }
func (t Token) LogValue() slog.Value         { return slog.StringValue(redacted) }
func (t Token) MarshalText() ([]byte, error) { return []byte(redacted), nil }

// fmt cannot call the Format method of an unexported field, so %v of a
// struct that keeps a Secret in one would print it. The internal types that
// hold secrets therefore redact themselves as a whole.

func (a answer) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte("{answer " + redacted + "}")) }
func (a answer) LogValue() slog.Value       { return slog.StringValue(redacted) }

func (l *loopback) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte("{loopback " + redacted + "}")) }
func (l *loopback) LogValue() slog.Value       { return slog.StringValue(redacted) }

func (p *persistingSource) Format(f fmt.State, _ rune) {
	_, _ = f.Write([]byte("{token source " + redacted + "}"))
}
func (p *persistingSource) LogValue() slog.Value { return slog.StringValue(redacted) }
