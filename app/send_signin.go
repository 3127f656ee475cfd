package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"golang.org/x/oauth2"

	"printdrop/internal/auth"
)

// sendSignIn gets send a token source: PRINTDROP_ACCESS_TOKEN as is (like
// GH_TOKEN for gh), else the stored sign-in, else (interactive) the
// browser sign-in with the link also printed on stderr. The returned
// Manager is nil with a fixed token.
func sendSignIn(ctx context.Context, flags accountFlags, interactive bool, stderr io.Writer) (oauth2.TokenSource, *auth.Manager, error) {
	if tok := os.Getenv("PRINTDROP_ACCESS_TOKEN"); tok != "" {
		return oauth2.StaticTokenSource(&oauth2.Token{AccessToken: tok, TokenType: "Bearer"}), nil, nil
	}
	m, err := auth.New(auth.Config{
		ClientID:  flags.clientID,
		Authority: flags.authority,
		GraphURL:  flags.graphURL,
		OnNotice:  func(msg string) { fmt.Fprintln(stderr, "printdrop: "+msg) },
	})
	if err != nil {
		return nil, nil, err
	}
	_, err = m.Restore(ctx)
	if err == nil {
		return m.TokenSource(), m, nil
	}
	if !errors.Is(err, auth.ErrSignInRequired) || !interactive {
		return nil, nil, err
	}
	fmt.Fprintln(stderr, "printdrop: nobody is signed in; opening the browser to sign in.")
	acct, err := m.SignIn(ctx, auth.Hooks{
		ShowURL: func(u string) { fmt.Fprintln(stderr, "If no browser opens, open this link to sign in:\n  "+u) },
	})
	if err != nil {
		return nil, nil, err
	}
	fmt.Fprintf(stderr, "printdrop: signed in as %s\n", acct)
	return m.TokenSource(), m, nil
}
