package secret

import (
	"errors"
	"fmt"
	"time"

	"github.com/zalando/go-keyring"
)

// DefaultTimeout bounds each keychain call. A Secret Service that answers at
// all answers in milliseconds; one that hangs (a locked collection waiting
// for a prompt nobody sees, a wedged D-Bus) must not hang PrintDrop.
const DefaultTimeout = 3 * time.Second

// backend is the part of go-keyring the store uses; tests swap in a fake
// that blocks.
type backend interface {
	Set(service, user, password string) error
	Get(service, user string) (string, error)
	Delete(service, user string) error
}

// goKeyring calls the package-level go-keyring functions so that
// keyring.MockInit in tests takes effect.
type goKeyring struct{}

func (goKeyring) Set(s, u, p string) error        { return keyring.Set(s, u, p) }
func (goKeyring) Get(s, u string) (string, error) { return keyring.Get(s, u) }
func (goKeyring) Delete(s, u string) error        { return keyring.Delete(s, u) }

// Keyring returns a Store in the OS keychain (Secret Service on Linux,
// Keychain on macOS, Credential Manager on Windows) under the given service
// name; keys are the account names. Each call gives up after DefaultTimeout
// with an *UnavailableError; the abandoned call finishes (or not) in its own
// goroutine, which is the price of never blocking the caller.
func Keyring(service string) Store {
	return &keyringStore{service: service, b: goKeyring{}, timeout: DefaultTimeout}
}

type keyringStore struct {
	service string
	b       backend
	timeout time.Duration
}

type result struct {
	v   string
	err error
}

// call runs f under the store's timeout and maps go-keyring's errors onto
// this package's.
func (k *keyringStore) call(op string, f func() (string, error)) (string, error) {
	done := make(chan result, 1) // buffered: a late answer must not block the goroutine forever
	go func() {
		v, err := f()
		done <- result{v, err}
	}()
	t := time.NewTimer(k.timeout)
	defer t.Stop()
	select {
	case r := <-done:
		switch {
		case r.err == nil:
			return r.v, nil
		case errors.Is(r.err, keyring.ErrNotFound):
			return "", ErrNotFound
		case errors.Is(r.err, keyring.ErrSetDataTooBig):
			return "", fmt.Errorf("%w (%w)", ErrTooBig, r.err) // both sentinels match errors.Is
		default:
			return "", &UnavailableError{Op: op, Err: r.err}
		}
	case <-t.C:
		return "", &UnavailableError{Op: op, Timeout: true, After: k.timeout}
	}
}

func (k *keyringStore) Load(key string) (string, error) {
	return k.call("load", func() (string, error) { return k.b.Get(k.service, key) })
}

func (k *keyringStore) Save(key, value string) error {
	_, err := k.call("save", func() (string, error) { return "", k.b.Set(k.service, key, value) })
	return err
}

func (k *keyringStore) Delete(key string) error {
	_, err := k.call("delete", func() (string, error) { return "", k.b.Delete(k.service, key) })
	return err
}
