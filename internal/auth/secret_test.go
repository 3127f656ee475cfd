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
)

func TestSecretsAreRedactedEverywhere(t *testing.T) {
	t.Parallel()
	const at, rt, code = "AT-very-secret", "RT-very-secret", "CODE-very-secret"
	tok := WrapToken(&oauth2.Token{AccessToken: at, RefreshToken: rt, Expiry: time.Now()})
	holder := struct {
		Code  Secret
		Token Token
		Ptr   *Secret
	}{Code: Secret(code), Token: tok}
	s := Secret(code)
	holder.Ptr = &s
	a := answer{code: Secret(code)}
	lb := &loopback{state: Secret(code)}
	ps := &persistingSource{saved: Secret(rt)}

	var out []string
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%10s", "%-8v"} {
		for _, v := range []any{Secret(code), tok, holder, &holder, a, []Secret{Secret(code)}, map[string]Token{"t": tok}, lb, ps, []any{a, lb}} {
			out = append(out, fmt.Sprintf(verb, v))
		}
	}
	out = append(out, Secret(code).String(), Secret(code).GoString(), tok.String(), tok.GoString(), fmt.Sprint(tok), fmt.Sprintln(holder))

	var logs bytes.Buffer
	for _, h := range []slog.Handler{slog.NewTextHandler(&logs, nil), slog.NewJSONHandler(&logs, nil)} {
		l := slog.New(h)
		l.Info("x", "code", Secret(code), "token", tok, "holder", holder, slog.Any("ptr", &s))
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
