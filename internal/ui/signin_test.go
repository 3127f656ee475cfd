package ui

import (
	"context"
	"errors"

	"printdrop/internal/workflow"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
)

// TestSignIn_Fallbacks: a browser that does not open leaves the link to
// copy and the device code one tap away; the code flow shows (and copies)
// the code, and signing in lists the printers.
func TestSignIn_Fallbacks(t *testing.T) {
	const link = "http://127.0.0.1:5555/organizations/oauth2/v2.0/authorize?client_id=x"
	f := signedInFake()
	f.account = workflow.Account{}
	f.signIn = func(ctx context.Context, h workflow.SignInHooks) (workflow.Account, error) {
		h.ShowURL(link)
		h.OpenFailed(errors.New("no browser"))
		<-ctx.Done()
		return workflow.Account{}, ctx.Err()
	}
	codeShown := make(chan struct{})
	f.signInCode = func(ctx context.Context, show func(code, url string)) (workflow.Account, error) {
		show("ABCD-1234", "http://127.0.0.1:5555/devicelogin")
		<-codeShown
		return workflow.Account{Name: "Adele Vance", UPN: "adele@contoso.example"}, nil
	}
	h := newHarness(t, f, Options{})
	h.until("signed out", func() bool { return h.w.state.account == "signed-out" })
	test.Tap(findButton(h.w.account.root, "Sign in"))
	copyLink := findButton(h.w.account.root, "Copy link")
	h.until("link shown", func() bool {
		return !copyLink.Disabled() && findLabel(h.w.account.root, "Your browser did not open. Copy the link into a browser, or use a code instead.") != nil
	})
	test.Tap(copyLink)
	if got := h.app.Clipboard().Content(); got != link {
		t.Fatalf("clipboard after Copy link = %q", got)
	}

	test.Tap(findButton(h.w.account.root, "Use a code instead"))
	h.until("code shown", func() bool { return findLabel(h.w.account.root, "ABCD-1234") != nil })
	if info := findLabel(h.w.account.root, "On any device, open http://127.0.0.1:5555/devicelogin and enter this code:"); info == nil {
		t.Fatal("the device-code page address is not shown")
	}
	if got := h.app.Clipboard().Content(); got != "ABCD-1234" {
		t.Fatalf("clipboard after the code = %q, want the code", got)
	}
	close(codeShown)
	h.until("printers", func() bool { return len(h.w.printers.all) == 4 })
	if findLabel(h.w.account.root, "Adele Vance") == nil {
		t.Fatal("the signed-in user is not shown")
	}
	if !h.w.errs.root.Hidden {
		t.Fatalf("an error shows after the cancelled browser sign-in: %q", h.w.errs.headline.Text)
	}
}

// TestSignIn_CancelIsQuiet: cancelling a sign-in goes back to "Sign in"
// without an error message.
func TestSignIn_CancelIsQuiet(t *testing.T) {
	f := signedInFake()
	f.account = workflow.Account{}
	f.signIn = func(ctx context.Context, h workflow.SignInHooks) (workflow.Account, error) {
		<-ctx.Done()
		return workflow.Account{}, ctx.Err()
	}
	h := newHarness(t, f, Options{})
	h.until("signed out", func() bool { return h.w.state.account == "signed-out" })
	test.Tap(findButton(h.w.account.root, "Sign in"))
	test.Tap(findButton(h.w.account.root, "Cancel"))
	h.until("back to sign in", func() bool { return h.w.state.account == "signed-out" })
	if !h.w.errs.root.Hidden {
		t.Fatalf("cancelling showed an error: %q", h.w.errs.headline.Text)
	}
	if !strings.Contains(h.w.printers.info.Text, "Sign in") {
		t.Fatalf("printers panel: %q", h.w.printers.info.Text)
	}
}

// TestSignIn_AnotherAccountIsSaid: when the sign-in came back as someone
// other than the account stored before, the account corner says so.
func TestSignIn_AnotherAccountIsSaid(t *testing.T) {
	f := signedInFake()
	f.account = workflow.Account{}
	f.signIn = func(context.Context, workflow.SignInHooks) (workflow.Account, error) {
		return workflow.Account{Name: "Ben Sample", UPN: "ben@contoso.example", SwitchedFrom: "Ana Example (ana@contoso.example)"}, nil
	}
	h := newHarness(t, f, Options{})
	h.until("signed out", func() bool { return h.w.state.account == "signed-out" })
	test.Tap(findButton(h.w.account.root, "Sign in"))
	h.until("signed in", func() bool { return h.w.state.account == "signed-in" })
	n := h.w.account.switched
	if n == nil || !strings.HasPrefix(n.Text, "This is not Ana Example (ana@contoso.example), who was signed in before.") ||
		!strings.Contains(n.Text, "sign out and sign in again") {
		t.Fatalf("no notice of the account switch in the account corner: %+v", n)
	}
	if findLabel(h.w.account.root, "Ben Sample") == nil {
		t.Fatal("the new account is not shown")
	}
}
