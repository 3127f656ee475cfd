package main

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"

	"github.com/zalando/go-keyring"

	"printdrop/internal/auth"
	"printdrop/internal/emulator"
	"printdrop/internal/emulator/emutest"
)

// acctScriptedUser plays the person at the browser (emutest's scripted
// browser): it signs in as the demo user and presses decision ("accept" or
// "cancel"), then follows the answer back to printdrop's loopback port.
func acctScriptedUser(t *testing.T, info emulator.Info, decision string) func(string) error {
	return emutest.ScriptedBrowser(t, info.DemoUser, info.DemoPassword, decision)
}

type acctResult struct {
	code           int
	stdout, stderr string
}

func runAcctCmd(d deps, args ...string) acctResult {
	var out, errb bytes.Buffer
	code := runWith(d, args, &out, &errb)
	return acctResult{code, out.String(), errb.String()}
}

// TestAccountCommands runs login, whoami, logout and whoami again against
// an in-process emulator, with go-keyring's in-memory mock as the keychain
// (the real Keyring store code runs on top of it).
func TestAccountCommands(t *testing.T) {
	keyring.MockInit()
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv("PRINTDROP_ACCESS_TOKEN", "")
	info := emutest.Start(t, emulator.Config{}).Info
	flags := []string{"--graph-url", info.GraphURL, "--authority", info.AuthorityURL, "--client-id", info.ClientID}
	d := testDeps()
	cmd := func(name string, extra ...string) acctResult {
		return runAcctCmd(d, append(append([]string{name}, flags...), extra...)...)
	}
	d.openBrowser = acctScriptedUser(t, info, "accept")

	var transcript strings.Builder
	record := func(r acctResult) acctResult {
		transcript.WriteString(r.stdout + r.stderr)
		return r
	}

	if r := record(cmd("whoami")); r.code != exitSignIn || !strings.Contains(r.stderr, "nobody is signed in") {
		t.Fatalf("whoami before login: %+v", r)
	}
	r := record(cmd("login"))
	if r.code != exitOK || !strings.HasPrefix(r.stdout, "Signed in as ") || !strings.Contains(r.stdout, "("+info.DemoUser+")") {
		t.Fatalf("login: %+v", r)
	}
	if !strings.Contains(r.stderr, info.AuthorityURL+"/oauth2/v2.0/authorize?") {
		t.Fatalf("login did not print the sign-in link on stderr: %q", r.stderr)
	}
	rt, err := keyring.Get(auth.KeychainService, "refresh_token:"+info.ClientID+"@"+info.AuthorityURL)
	if err != nil || rt == "" {
		t.Fatalf("no refresh token in the keychain under service %q: %v", auth.KeychainService, err)
	}
	if r := record(cmd("whoami")); r.code != exitOK || !strings.Contains(r.stdout, info.DemoUser) {
		t.Fatalf("whoami after login: %+v", r)
	}
	if r := record(cmd("whoami", "--verify")); r.code != exitOK || !strings.Contains(r.stdout, info.DemoUser) {
		t.Fatalf("whoami --verify: %+v", r)
	}

	// send's helper finds the same sign-in without asking again.
	src, m, err := signedIn(context.Background(), &accountFlags{deps: testDeps(), graphURL: info.GraphURL, authority: info.AuthorityURL, clientID: info.ClientID}, false, io.Discard)
	if err != nil || m == nil {
		t.Fatalf("signedIn after login: %v", err)
	}
	tok, err := src.Token()
	if err != nil {
		t.Fatal(err)
	}
	rt2, _ := keyring.Get(auth.KeychainService, "refresh_token:"+info.ClientID+"@"+info.AuthorityURL)

	if r := record(cmd("logout")); r.code != exitOK || !strings.Contains(r.stdout, "Signed out") || !strings.Contains(r.stdout, info.DemoUser) {
		t.Fatalf("logout: %+v", r)
	}
	if _, err := keyring.Get(auth.KeychainService, "refresh_token:"+info.ClientID+"@"+info.AuthorityURL); err == nil {
		t.Fatal("logout left the refresh token in the keychain")
	}
	if r := record(cmd("whoami")); r.code != exitSignIn {
		t.Fatalf("whoami after logout: %+v", r)
	}
	if r := record(cmd("logout")); r.code != exitOK || !strings.Contains(r.stdout, "Nobody was signed in") {
		t.Fatalf("second logout: %+v", r)
	}

	d.openBrowser = acctScriptedUser(t, info, "cancel")
	if r := record(cmd("login")); r.code != exitSignIn || !strings.Contains(r.stderr, "cancelled") {
		t.Fatalf("declined login: %+v", r)
	}
	if r := record(cmd("whoami")); r.code != exitSignIn {
		t.Fatalf("whoami after a declined login: %+v", r)
	}

	all := transcript.String()
	for _, secret := range []string{rt, rt2, tok.AccessToken} {
		if secret != "" && strings.Contains(all, secret) {
			t.Fatal("a token appears in the commands' output")
		}
	}
}

func TestLoginWithoutClientIDExplains(t *testing.T) {
	t.Setenv("PRINTDROP_CLIENT_ID", "")
	r := runAcctCmd(testDeps(), "login", "--client-id", "")
	if r.code != exitSignIn {
		t.Fatalf("exit %d, want %d", r.code, exitSignIn)
	}
	for _, want := range []string{"Entra admin center", "App registrations", "http://127.0.0.1", "--client-id"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("the explanation lacks %q: %s", want, r.stderr)
		}
	}
}

func TestSignedInUsesAccessTokenFromEnv(t *testing.T) {
	t.Setenv("PRINTDROP_ACCESS_TOKEN", "env-token")
	src, m, err := signedIn(context.Background(), &accountFlags{deps: testDeps()}, true, io.Discard)
	if err != nil || m != nil {
		t.Fatalf("signedIn = %v, manager %v", err, m)
	}
	tok, err := src.Token()
	if err != nil || tok.AccessToken != "env-token" {
		t.Fatalf("token %v, %v", tok, err)
	}
}

// With PRINTDROP_ACCESS_TOKEN set, whoami names the token's user (the one
// send would print as), asking Graph, even with nobody stored; a refused
// token is a sign-in failure.
func TestWhoamiWithAccessTokenFromEnv(t *testing.T) {
	keyring.MockInit()
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	emu := emutest.Start(t, emulator.Config{})
	flags := []string{"--graph-url", emu.Info.GraphURL, "--authority", emu.Info.AuthorityURL, "--client-id", emu.Info.ClientID}

	t.Setenv("PRINTDROP_ACCESS_TOKEN", emu.Token())
	r := runAcctCmd(testDeps(), append([]string{"whoami"}, flags...)...)
	if r.code != exitOK || !strings.Contains(r.stdout, "("+emu.Info.DemoUser+")") {
		t.Fatalf("whoami with a token: %+v", r)
	}

	t.Setenv("PRINTDROP_ACCESS_TOKEN", "not-a-token")
	r = runAcctCmd(testDeps(), append([]string{"whoami"}, flags...)...)
	if r.code != exitSignIn || !strings.Contains(r.stderr, "PRINTDROP_ACCESS_TOKEN was refused") {
		t.Fatalf("whoami with a refused token: %+v", r)
	}
}

// TestLoginAsAnotherAccountSaysSo: a sign-in that comes back as another
// account than the stored one (someone else may have finished it) is said
// plainly before that account is used.
func TestLoginAsAnotherAccountSaysSo(t *testing.T) {
	keyring.MockInit()
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv("PRINTDROP_ACCESS_TOKEN", "")
	info := emutest.Start(t, emulator.Config{}).Info
	login := []string{"login", "--graph-url", info.GraphURL, "--authority", info.AuthorityURL, "--client-id", info.ClientID}
	d := testDeps()
	d.openBrowser = acctScriptedUser(t, info, "accept")
	if r := runAcctCmd(d, login...); r.code != exitOK || strings.Contains(r.stderr, "note:") {
		t.Fatalf("first login: %+v", r)
	}
	d.openBrowser = emutest.ScriptedBrowser(t, emulator.SecondUserUPN, emulator.SecondPassword, "accept")
	r := runAcctCmd(d, login...)
	if r.code != exitOK || !strings.Contains(r.stdout, emulator.SecondUserUPN) {
		t.Fatalf("second login: %+v", r)
	}
	if !strings.Contains(r.stderr, "this sign-in is for Ben Sample ("+emulator.SecondUserUPN+"), not Ana Example ("+info.DemoUser+") who was signed in before") ||
		!strings.Contains(r.stderr, "printdrop logout") {
		t.Fatalf("the account switch was not said: %q", r.stderr)
	}
}
