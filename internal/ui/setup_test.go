package ui

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"printdrop/internal/emulator"
	"printdrop/internal/emulator/emutest"
	"printdrop/internal/secret"
	"printdrop/internal/workflow"
)

// scriptedBrowser plays the person at the browser (emutest's scripted
// browser, accepting as the demo user) and counts each opened link.
func scriptedBrowser(t *testing.T, info emulator.Info, opened *atomic.Int32) func(string) error {
	open := emutest.ScriptedBrowser(t, info.DemoUser, info.DemoPassword, "accept")
	return func(link string) error {
		opened.Add(1)
		return open(link)
	}
}

// setupWorld is what survives between two launches of the app: the user's
// preferences, the keychain, and the machine policy.
type setupWorld struct {
	t       *testing.T
	prefs   *workflow.MemoryPreferences
	secrets secret.Store
	policy  workflow.Layer
	open    func(string) error
	opened  atomic.Int32
}

func newSetupWorld(t *testing.T, info emulator.Info) *setupWorld {
	w := &setupWorld{t: t, prefs: workflow.NewMemoryPreferences(), secrets: secret.Memory(),
		policy: workflow.Layer{Source: workflow.SourcePolicy}}
	w.open = scriptedBrowser(t, info, &w.opened)
	return w
}

// launch does what the app does at start: resolve the settings, build the
// backend on them, and give the window a Setup that saves into the
// preferences and builds the backend again.
func (w *setupWorld) launch() (Backend, *Setup) {
	dir := w.t.TempDir()
	build := func(s workflow.Settings) (Backend, error) {
		if s.ClientID == "" {
			return NoClientBackend{}, nil
		}
		svc, err := workflow.New(workflow.Params{Settings: s, Prefs: w.prefs, Secrets: w.secrets, OpenURL: w.open,
			CheckpointDir: dir, PollEvery: 10 * time.Millisecond, PollMax: 50 * time.Millisecond})
		if err != nil {
			return nil, err
		}
		return workflow.NewDesktop(svc), nil
	}
	res := workflow.Resolve(w.prefs, w.policy)
	setup := &Setup{Current: res, PolicyWhere: "/etc/printdrop/printdrop.conf"}
	setup.Apply = func(l workflow.Layer) (Backend, workflow.Resolved, error) {
		locked, _ := workflow.Resolve(w.prefs, w.policy).Locked()
		workflow.SaveRegistration(w.prefs, l, locked)
		now := workflow.Resolve(w.prefs, w.policy)
		b, err := build(now.Settings)
		return b, now, err
	}
	b, err := build(res.Settings)
	if err != nil {
		w.t.Fatal(err)
	}
	return b, setup
}

// fill types the registration into the form: the client ID, and the
// emulator's addresses behind Advanced.
func fill(h *harness, clientID, authority, graph string) *setupForm {
	h.t.Helper()
	h.until("the setup form", func() bool { return h.w.state.account == "setup" && h.w.account.form != nil })
	f := h.w.account.form
	f.clientID.SetText("")
	test.Type(f.clientID, clientID)
	if !f.advanced.Checked {
		test.Tap(f.advanced)
	}
	f.auth.SetText("")
	test.Type(f.auth, authority)
	f.graph.SetText("")
	test.Type(f.graph, graph)
	return f
}

// TestSetup_FirstRunSignsInAndNextLaunchIsSignedIn: a first run with
// nothing configured shows the form; filled with the emulator's client ID
// and addresses, Sign in completes through the browser; a new window over
// the same preferences and keychain is signed in without a flag and without
// a browser.
func TestSetup_FirstRunSignsInAndNextLaunchIsSignedIn(t *testing.T) {
	emu := emutest.Start(t, emulator.Config{JobProcessing: 50 * time.Millisecond})
	info := emu.Info
	world := newSetupWorld(t, info)

	b, setup := world.launch()
	if !b.NeedsClientID() {
		t.Fatal("a first run has a client ID")
	}
	demo := 0
	h := newHarness(t, b, Options{Setup: setup, OnTryDemo: func() { demo++ }})
	f := fill(h, info.ClientID, info.AuthorityURL, info.GraphURL)
	if findButton(h.w.Content(), "Try the demo") == nil {
		t.Fatal("the first-run form lost Try the demo")
	}
	if f.signIn.Disabled() {
		t.Fatalf("Sign in disabled with a valid form: id %q, tenant %q", f.idError.Text, f.tenErr.Text)
	}
	test.Tap(f.signIn)
	h.until("signed in", func() bool { return h.w.state.account == "signed-in" })
	if findLabel(h.w.account.root, "Ana Example") == nil {
		t.Fatal("the signed-in user is not shown")
	}
	h.until("printers listed", func() bool { return len(h.w.printers.all) > 0 && !h.w.printers.loading })
	if findButton(h.w.account.root, "App registration…") == nil {
		t.Fatal("no settings entry to change the registration later")
	}
	if got := world.prefs.StringWithFallback(workflow.KeyClientID, ""); got != info.ClientID {
		t.Fatalf("saved client ID %q", got)
	}
	if world.opened.Load() != 1 {
		t.Fatalf("browser opened %d times, want 1", world.opened.Load())
	}
	h.w.Close()

	// The next launch: nothing on the command line, the same preferences
	// and keychain.
	b2, setup2 := world.launch()
	if b2.NeedsClientID() {
		t.Fatal("the next launch forgot the client ID")
	}
	h2 := newHarness(t, b2, Options{Setup: setup2})
	h2.until("signed in again", func() bool { return h2.w.state.account == "signed-in" })
	if findLabel(h2.w.account.root, "Ana Example") == nil {
		t.Fatal("the next launch does not show the user")
	}
	if world.opened.Load() != 1 {
		t.Fatalf("the next launch opened a browser (%d opens)", world.opened.Load())
	}
	if demo != 0 {
		t.Fatal("the demo started")
	}
}

// TestSetup_ClientIDCheckedAsTyped: a client ID that is not a GUID is said
// in place and Sign in stays off; a tenant that is neither a domain nor a
// GUID likewise.
func TestSetup_ClientIDCheckedAsTyped(t *testing.T) {
	world := newSetupWorld(t, emulator.Info{})
	b, setup := world.launch()
	h := newHarness(t, b, Options{Setup: setup})
	h.until("the setup form", func() bool { return h.w.account.form != nil })
	f := h.w.account.form
	if !f.idError.Hidden || !f.signIn.Disabled() {
		t.Fatal("an empty form shows an error or can be submitted")
	}
	test.Type(f.clientID, "4f5e6d7c-8b9a")
	if f.idError.Hidden || !strings.Contains(f.idError.Text, "4f5e6d7c-8b9a-4c1d-8e2f-3a4b5c6d7e80") || !f.signIn.Disabled() {
		t.Fatalf("a half-typed client ID: error %q (hidden %v), sign in disabled %v", f.idError.Text, f.idError.Hidden, f.signIn.Disabled())
	}
	test.Type(f.clientID, "-4c1d-8e2f-3a4b5c6d7e80")
	if !f.idError.Hidden || f.signIn.Disabled() {
		t.Fatalf("a whole client ID: error %q (hidden %v), sign in disabled %v", f.idError.Text, f.idError.Hidden, f.signIn.Disabled())
	}
	test.Type(f.tenant, "not a tenant")
	if f.tenErr.Hidden || !f.signIn.Disabled() {
		t.Fatal("a bad tenant is not said in place")
	}
	f.tenant.SetText("contoso.onmicrosoft.com")
	if !f.tenErr.Hidden || f.signIn.Disabled() {
		t.Fatalf("a domain tenant refused: %q", f.tenErr.Text)
	}
}

// TestSetup_PolicyLocksTheForm: values set by the administrator are shown
// greyed, the corner says who set them, and saving keeps the user's own
// value out of them.
func TestSetup_PolicyLocksTheForm(t *testing.T) {
	world := newSetupWorld(t, emulator.Info{})
	world.policy.ClientID = "11111111-2222-4333-8444-555555555555"
	world.policy.Tenant = "contoso.onmicrosoft.com"
	world.prefs.SetString(workflow.KeyClientID, "99999999-2222-4333-8444-555555555555") // the user's own, older
	f := signedInFake()
	f.account = workflow.Account{}
	_, setup := world.launch()
	if setup.Current.ClientID != world.policy.ClientID {
		t.Fatalf("client ID %q: the policy did not win over the preference", setup.Current.ClientID)
	}
	h := newHarness(t, f, Options{Setup: setup})
	h.until("signed out", func() bool { return h.w.state.account == "signed-out" })
	test.Tap(findButton(h.w.account.root, "App registration…"))
	form := h.w.account.form
	if form == nil || h.w.state.account != "setup" {
		t.Fatal("App registration… did not open the form")
	}
	if !form.clientID.Disabled() || !form.tenant.Disabled() {
		t.Fatal("fields set by the administrator can be edited")
	}
	if form.cloud.Disabled() {
		t.Fatal("the cloud, which the policy leaves alone, is locked")
	}
	if form.clientID.Text != world.policy.ClientID || form.tenant.Text != world.policy.Tenant {
		t.Fatalf("the form shows %q / %q, not the policy's values", form.clientID.Text, form.tenant.Text)
	}
	want := "Set by your administrator for this computer (/etc/printdrop/printdrop.conf): the greyed fields cannot be changed here."
	if form.lockNote.Hidden || form.lockNote.Text != want {
		t.Fatalf("lock note %q (hidden %v)", form.lockNote.Text, form.lockNote.Hidden)
	}
	// Saving through the form leaves the locked keys alone.
	if _, _, err := setup.Apply(form.layer()); err != nil {
		t.Fatal(err)
	}
	if got := world.prefs.StringWithFallback(workflow.KeyClientID, ""); got != "99999999-2222-4333-8444-555555555555" {
		t.Fatalf("saving the form overwrote the user's own client ID with %q", got)
	}
}

// TestSetup_RegistrationProblemsNamed: Sign in right after the form asks
// the identity platform first; an unknown client ID and an unknown tenant
// (the emulator answers AADSTS700016 and AADSTS90002, as Entra does) bring
// the form back with a sentence naming the wrong field, and no browser is
// opened for a sign-in that cannot work.
func TestSetup_RegistrationProblemsNamed(t *testing.T) {
	emu := emutest.Start(t, emulator.Config{})
	info := emu.Info
	base := strings.TrimSuffix(info.AuthorityURL, "/organizations")
	for _, tc := range []struct {
		name, clientID, authority, headline string
	}{
		{"unknown client", "0badc0de-0000-4000-8000-000000000000", info.AuthorityURL, "The application (client) ID is not known to your organization"},
		{"unknown tenant", info.ClientID, base + "/fabrikam-nowhere.onmicrosoft.com", "The tenant was not found"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			world := newSetupWorld(t, info)
			b, setup := world.launch()
			h := newHarness(t, b, Options{Setup: setup})
			f := fill(h, tc.clientID, tc.authority, info.GraphURL)
			test.Tap(f.signIn)
			h.until("the form back with an error", func() bool {
				return h.w.state.account == "setup" && h.w.account.form != f && !h.w.errs.root.Hidden
			})
			if got := h.w.errs.headline.Text; !strings.HasPrefix(got, tc.headline) {
				t.Fatalf("headline %q, want %q", got, tc.headline)
			}
			if h.w.account.form.clientID.Text != tc.clientID {
				t.Fatalf("the form came back without the typed client ID: %q", h.w.account.form.clientID.Text)
			}
			if world.opened.Load() != 0 {
				t.Fatal("a browser was opened for a registration the platform refused")
			}
		})
	}
}

// TestSetup_BrowserHintAfterSetup: while the browser sign-in that follows
// the form is under way, the corner says what the codes mean that Entra
// only shows in the browser; an ordinary sign-in does not carry the hint.
func TestSetup_BrowserHintAfterSetup(t *testing.T) {
	f := signedInFake()
	f.account = workflow.Account{}
	f.signIn = func(ctx context.Context, h workflow.SignInHooks) (workflow.Account, error) {
		<-ctx.Done()
		return workflow.Account{}, ctx.Err()
	}
	world := newSetupWorld(t, emulator.Info{})
	_, setup := world.launch()
	setup.Apply = func(workflow.Layer) (Backend, workflow.Resolved, error) { return f, setup.Current, nil }
	h := newHarness(t, NoClientBackend{}, Options{Setup: setup})
	form := fill(h, "4f5e6d7c-8b9a-4c1d-8e2f-3a4b5c6d7e80", "http://127.0.0.1:1/organizations", "http://127.0.0.1:1")
	test.Tap(form.signIn)
	h.until("signing in", func() bool { return h.w.state.account == "signing-in" })
	hint := findLabel(h.w.account.root, workflow.BrowserErrorHint())
	if hint == nil || !strings.Contains(hint.Text, "AADSTS50011") || !strings.Contains(hint.Text, "AADSTS50020") {
		t.Fatal("no hint about the browser's error codes after the setup form")
	}
	test.Tap(findButton(h.w.account.root, "Cancel"))
	h.until("signed out", func() bool { return h.w.state.account == "signed-out" })
	test.Tap(findButton(h.w.account.root, "Sign in"))
	if findLabel(h.w.account.root, workflow.BrowserErrorHint()) != nil {
		t.Fatal("an ordinary sign-in shows the setup hint")
	}
}

// TestSetup_CustomAddressesCheckedAsTyped: each custom address is checked
// by the settings' own rule as it is typed, its problem shown under it,
// and Sign in waits until both can work.
func TestSetup_CustomAddressesCheckedAsTyped(t *testing.T) {
	world := newSetupWorld(t, emulator.Info{})
	_, setup := world.launch()
	h := newHarness(t, NoClientBackend{}, Options{Setup: setup})
	f := fill(h, "4f5e6d7c-8b9a-4c1d-8e2f-3a4b5c6d7e80", "login.example.com/contoso", "ftp://graph.example.com")
	for _, c := range []struct {
		label *widget.Label
		want  string
	}{{f.authErr, `sign-in address "login.example.com/contoso" is not a web address`}, {f.graphErr, `Graph address "ftp://graph.example.com" is not a web address`}} {
		if c.label.Hidden || !strings.Contains(c.label.Text, c.want) {
			t.Errorf("under the field: %q (hidden %v), want %q", c.label.Text, c.label.Hidden, c.want)
		}
	}
	if !f.signIn.Disabled() {
		t.Fatal("Sign in is enabled with addresses that cannot work")
	}
	f.auth.SetText("https://login.example.com/contoso")
	f.graph.SetText("https://graph.example.com")
	if !f.authErr.Hidden || !f.graphErr.Hidden || f.signIn.Disabled() {
		t.Fatalf("with good addresses: errors %q/%q, Sign in disabled %v", f.authErr.Text, f.graphErr.Text, f.signIn.Disabled())
	}
}
