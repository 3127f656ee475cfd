// Package auth signs a PrintDrop user in to Microsoft Graph and keeps them
// signed in.
//
// Sign-in is the OAuth 2.0 authorization code flow with PKCE (S256) and a
// fresh 32-byte state, run in the user's own browser (RFC 8252). The answer
// comes back to a one-shot loopback listener on 127.0.0.1 that is bound before
// the browser opens and closed as soon as the answer arrives, the wait is
// cancelled or five minutes pass. A device-code sign-in is the fallback for
// machines with no usable browser.
//
// The access token lives in memory only. The refresh token is kept in a
// secret.Store (the OS keychain, else memory for this run), saved again each
// time the identity platform rotates it, and deleted on sign-out. When the
// platform refuses it (invalid_grant) the stored copy is dropped and callers
// get ErrSignInRequired.
//
// Manager is the entry point the window and the command line share. Nothing
// in this package prints a token, code, verifier or state: the types that
// hold them (secret.Value, Token) format as "[redacted]" in every fmt verb and in
// log/slog.
package auth
