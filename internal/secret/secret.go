// Package secret keeps small credentials (refresh tokens, upload URLs) out of
// plain files: in the operating system's keychain when it answers, else in
// memory for this run only.
//
// Every implementation satisfies Store. Keyring talks to the OS keychain with
// a timeout on every call, because a hung D-Bus must never hang the app;
// Memory is the honest fallback; WithFallback joins the two and says once,
// through a callback, why secrets will not outlive this run.
package secret

import (
	"errors"
	"fmt"
	"time"
)

// ErrNotFound means the store holds nothing under the key. It is the normal
// answer for a first run, not a failure of the store.
var ErrNotFound = errors.New("secret not found")

// ErrTooBig means the keychain refused the value because of its size
// (Windows allows 2560 bytes, macOS about 3000).
var ErrTooBig = errors.New("the secret is too big for the system keychain")

// Store keeps secrets under string keys. Implementations are safe for
// concurrent use. Load returns ErrNotFound (possibly wrapped) when the key is
// absent; Delete of an absent key returns ErrNotFound too, which callers
// usually ignore.
type Store interface {
	Load(key string) (string, error)
	Save(key, value string) error
	Delete(key string) error
}

// UnavailableError says the system keychain could not be used: it failed, or
// it did not answer in time (Timeout is then true). The message never holds
// the secret itself.
type UnavailableError struct {
	Op      string        // "load", "save" or "delete"
	Timeout bool          // the call did not return within After
	After   time.Duration // the timeout that was spent, when Timeout
	Err     error         // the keychain's own error, when not Timeout
}

func (e *UnavailableError) Error() string {
	if e.Timeout {
		return fmt.Sprintf("the system keychain did not answer within %s (%s); "+
			"check that a keyring service is running and unlocked", e.After, e.Op)
	}
	return fmt.Sprintf("the system keychain is not available (%s: %v); "+
		"check that a keyring service is running and unlocked", e.Op, e.Err)
}

func (e *UnavailableError) Unwrap() error { return e.Err }
