package auth

import (
	"context"
	"testing"

	"printdrop/internal/emulator"
	"printdrop/internal/emulator/emutest"
)

// TestSignInAsAnotherAccountIsSaid: when a sign-in comes back as someone
// other than the account stored for this authority and client (the user
// picked another one, or someone else completed the sign-in first), the
// caller hears it before the stored account is replaced.
func TestSignInAsAnotherAccountIsSaid(t *testing.T) {
	t.Parallel()
	info := emutest.Start(t, emulator.Config{}).Info
	store := memoryStore()
	signIn := func(upn, pw string) (Account, []Account) {
		t.Helper()
		pages := make(chan webPage, 1)
		u := newHTTPUser(t, info, "accept")
		u.upn, u.pw = upn, pw
		m := emulatorManager(t, info, Config{Store: store, Open: u.opener(pages)})
		var heard []Account
		acct, err := m.SignIn(context.Background(), Hooks{AccountChanged: func(previous, now Account) {
			// Heard before the replacement: the store still names the previous one.
			if stored, _ := m.storedAccount(); !stored.Same(previous) {
				t.Errorf("AccountChanged after the stored account was replaced (store holds %v)", stored)
			}
			heard = append(heard, previous, now)
		}})
		<-pages
		if err != nil {
			t.Fatalf("SignIn as %s: %v", upn, err)
		}
		return acct, heard
	}
	ana, heard := signIn(info.DemoUser, info.DemoPassword)
	if heard != nil {
		t.Fatalf("first sign-in heard a change: %v", heard)
	}
	if _, heard = signIn(info.DemoUser, info.DemoPassword); heard != nil {
		t.Fatalf("the same account again heard a change: %v", heard)
	}
	ben, heard := signIn(emulator.SecondUserUPN, emulator.SecondPassword)
	if len(heard) != 2 || heard[0] != ana || heard[1] != ben || ben.Same(ana) {
		t.Fatalf("heard %v; want %v then %v", heard, ana, ben)
	}
}
