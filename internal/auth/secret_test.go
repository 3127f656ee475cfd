package auth

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"printdrop/internal/secret"
)

func TestSecretsAreRedactedEverywhere(t *testing.T) {
	t.Parallel()
	const at, rt, code = "AT-very-secret", "RT-very-secret", "CODE-very-secret"
	tok := WrapToken(&oauth2.Token{AccessToken: at, RefreshToken: rt, Expiry: time.Now()})
	holder := struct {
		Code  secret.Value
		Token Token
		Ptr   *secret.Value
	}{Code: secret.Value(code), Token: tok}
	s := secret.Value(code)
	holder.Ptr = &s
	a := answer{code: secret.Value(code)}
	lb := &loopback{state: secret.Value(code)}
	ps := &persistingSource{saved: secret.Value(rt)}

	var out []string
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%10s", "%-8v"} {
		for _, v := range []any{secret.Value(code), tok, holder, &holder, a, []secret.Value{secret.Value(code)}, map[string]Token{"t": tok}, lb, ps, []any{a, lb}} {
			out = append(out, fmt.Sprintf(verb, v))
		}
	}
	out = append(out, secret.Value(code).String(), secret.Value(code).GoString(), tok.String(), tok.GoString(), fmt.Sprint(tok), fmt.Sprintln(holder))

	var logs bytes.Buffer
	for _, h := range []slog.Handler{slog.NewTextHandler(&logs, nil), slog.NewJSONHandler(&logs, nil)} {
		l := slog.New(h)
		l.Info("x", "code", secret.Value(code), "token", tok, "holder", holder, slog.Any("ptr", &s))
		l.Info("group", slog.Group("g", "token", tok))
	}
	out = append(out, logs.String())
	j, _ := json.Marshal(holder)
	out = append(out, string(j))

	all := strings.Join(out, "\n")
	for _, secret := range []string{at, rt, code, fmt.Sprintf("%x", code)} {
		if strings.Contains(all, secret) {
			t.Fatalf("%q leaked in:\n%s", secret, all)
		}
	}
	if !strings.Contains(logs.String(), "[redacted]") {
		t.Fatalf("slog shows no [redacted]:\n%s", logs.String())
	}
	if s.Reveal() != code || tok.OAuth2().AccessToken != at {
		t.Fatal("Reveal/OAuth2 must give the real value")
	}
}

func TestAuthErrorMessages(t *testing.T) {
	t.Parallel()
	denied := &AuthError{Code: "access_denied", Description: "AADSTS65004: User declined to consent"}
	if !strings.Contains(denied.Error(), "cancelled") || !strings.Contains(ErrCancelled.Error(), "cancelled") {
		t.Fatalf("cancel messages: %q / %q", denied, ErrCancelled)
	}
	other := &AuthError{Code: "invalid_scope", Description: "AADSTS70011: bad scope"}
	if fmt.Sprint(other) == "" || !strings.Contains(other.Error(), "invalid_scope") {
		t.Fatalf("other: %q", other)
	}
	if isCancel := (&AuthError{Code: "invalid_scope"}).Is(ErrCancelled); isCancel {
		t.Fatal("invalid_scope must not count as cancelled")
	}
	if !(&AuthError{Code: "authorization_declined"}).Is(ErrCancelled) {
		t.Fatal("a declined device code must count as cancelled")
	}
}
