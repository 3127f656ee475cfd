package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"golang.org/x/oauth2"

	"printdrop/internal/auth"
	"printdrop/internal/graph"
	"printdrop/internal/safetext"
	"printdrop/internal/say"
	"printdrop/internal/workflow"
)

func init() {
	register(command{name: "login", summary: "sign in through your browser (or --device-code)", run: runLogin})
	register(command{name: "logout", summary: "forget the stored sign-in", run: runLogout})
	register(command{name: "whoami", summary: "show who is signed in", run: runWhoami})
}

// newAccountManager builds the sign-in for the account flags. Keychain
// notices go to stderr once.
func newAccountManager(flags *accountFlags, open func(string) error, stderr io.Writer) (*auth.Manager, error) {
	if open == nil {
		open = flags.deps.openBrowser
	}
	s := flags.settings(stderr)
	return auth.New(auth.Config{
		ClientID:  s.ClientID,
		Authority: s.Authority(),
		GraphURL:  s.Graph(),
		Store:     flags.deps.store,
		Open:      open,
		OnNotice:  func(s string) { fmt.Fprintln(stderr, "printdrop: "+safetext.Show(s)) },
	})
}

// signedIn returns a token source for Graph, signing in when needed, for
// commands such as send. PRINTDROP_ACCESS_TOKEN, when set, is used as is
// (like GH_TOKEN for gh): no refresh, and the returned Manager is nil.
// Without a stored sign-in, interactive runs the browser sign-in (link
// printed on stderr); otherwise the error matches auth.ErrSignInRequired.
func signedIn(ctx context.Context, flags *accountFlags, interactive bool, stderr io.Writer) (oauth2.TokenSource, *auth.Manager, error) {
	if tok := os.Getenv("PRINTDROP_ACCESS_TOKEN"); tok != "" {
		return oauth2.StaticTokenSource(&oauth2.Token{AccessToken: tok, TokenType: "Bearer"}), nil, nil
	}
	m, err := newAccountManager(flags, nil, stderr)
	if err != nil {
		return nil, nil, err
	}
	_, err = m.Restore(ctx)
	if errors.Is(err, auth.ErrSignInRequired) && interactive {
		fmt.Fprintln(stderr, say.T("You are not signed in yet; signing in through your browser."))
		var acct auth.Account
		acct, err = browserSignIn(ctx, m, stderr)
		if err == nil {
			fmt.Fprintln(stderr, say.T("Signed in as {{.Account}}.", say.Args{"Account": safetext.Show(acct.String())}))
		}
	}
	if err != nil {
		return nil, nil, err
	}
	return m.TokenSource(), m, nil
}

// browserSignIn runs the browser sign-in, printing the link so it can be
// pasted when no browser opens.
func browserSignIn(ctx context.Context, m *auth.Manager, stderr io.Writer) (auth.Account, error) {
	return m.SignIn(ctx, auth.Hooks{
		ShowURL: func(u string) {
			fmt.Fprintf(stderr, "%s\n\n  %s\n\n%s\n", say.T("Sign in with your work or school account in your browser. If no browser opens, paste this link into one:"),
				safetext.Show(u), say.T("Waiting for the browser (Ctrl-C to stop)..."))
		},
		OpenFailed:     func(err error) { fmt.Fprintln(stderr, "printdrop: "+safetext.Show(err.Error())) },
		AccountChanged: accountChanged(stderr),
	})
}

// accountChanged says plainly that a sign-in came back as another account
// than the one stored, before it replaces that one: either the user picked
// another account, or someone else finished this sign-in first.
func accountChanged(stderr io.Writer) func(previous, now auth.Account) {
	return func(previous, now auth.Account) {
		tell(stderr, "printdrop", say.T(`note: this sign-in is for {{.Now}}, not {{.Previous}} who was signed in before; PrintDrop now uses {{.Now}}. `+
			`If you did not choose another account, someone else may have finished this sign-in: run "printdrop logout" and sign in again.`,
			say.Args{"Now": safetext.Show(now.String()), "Previous": safetext.Show(previous.String())}))
	}
}

func runLogin(ctx context.Context, d deps, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("printdrop login", flag.ContinueOnError)
	flags := accountFlags{deps: d}
	flags.register(fs)
	deviceCode := fs.Bool("device-code", false, "sign in on another device with a code, for machines without a usable browser")
	noBrowser := fs.Bool("no-browser", false, "do not open a browser; print the sign-in link only")
	if code, ok := parseFlags(fs, args, stderr); !ok {
		return code
	}
	if fs.NArg() > 0 {
		tell(stderr, "printdrop login", say.T("unexpected argument {{.Arg}}", say.Args{"Arg": quoted(fs.Arg(0))}))
		return exitUsage
	}
	var open func(string) error
	if *noBrowser {
		open = func(string) error { return nil }
	}
	m, err := newAccountManager(&flags, open, stderr)
	if err != nil {
		return accountFailure(stderr, "login", err)
	}
	var acct auth.Account
	if *deviceCode {
		acct, err = m.SignInWithDeviceCode(ctx, auth.Hooks{AccountChanged: accountChanged(stderr), ShowDeviceCode: func(dc auth.DeviceCode) {
			fmt.Fprintln(stderr, say.T("To sign in, open {{.Link}} on any device and enter the code {{.Code}}", say.Args{"Link": safetext.Show(dc.VerificationURI), "Code": safetext.Show(dc.UserCode)}))
			fmt.Fprintln(stderr, say.T("Waiting for you to finish there (Ctrl-C to stop)..."))
		}})
	} else {
		acct, err = browserSignIn(ctx, m, stderr)
	}
	if err != nil {
		return accountFailure(stderr, "login", err)
	}
	fmt.Fprintf(stdout, "Signed in as %s\n", safetext.Show(acct.String()))
	return exitOK
}

func runLogout(ctx context.Context, d deps, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("printdrop logout", flag.ContinueOnError)
	flags := accountFlags{deps: d}
	flags.register(fs)
	if code, ok := parseFlags(fs, args, stderr); !ok {
		return code
	}
	m, err := newAccountManager(&flags, nil, stderr)
	if err != nil {
		return accountFailure(stderr, "logout", err)
	}
	acct, was := m.StoredAccount()
	if err := m.SignOut(ctx); err != nil {
		return accountFailure(stderr, "logout", err)
	}
	if !was {
		fmt.Fprintln(stdout, "Nobody was signed in; nothing to forget.")
		return exitOK
	}
	fmt.Fprintf(stdout, "Signed out: the stored sign-in for %s was removed from this computer.\n", safetext.Show(acct.String()))
	return exitOK
}

func runWhoami(ctx context.Context, d deps, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("printdrop whoami", flag.ContinueOnError)
	flags := accountFlags{deps: d}
	flags.register(fs)
	verify := fs.Bool("verify", false, "ask Microsoft Graph, proving the stored sign-in still works")
	if code, ok := parseFlags(fs, args, stderr); !ok {
		return code
	}
	if tok := os.Getenv("PRINTDROP_ACCESS_TOKEN"); tok != "" {
		// The token send would use: say whose it is, not who is stored.
		return whoamiWithToken(ctx, &flags, tok, stdout, stderr)
	}
	m, err := newAccountManager(&flags, nil, stderr)
	if err != nil {
		return accountFailure(stderr, "whoami", err)
	}
	acct, ok := m.StoredAccount()
	if !ok {
		return accountFailure(stderr, "whoami", auth.ErrSignInRequired)
	}
	if *verify {
		if _, err := m.Restore(ctx); err != nil {
			return accountFailure(stderr, "whoami", err)
		}
		if acct, err = m.FetchAccount(ctx); err != nil {
			return accountFailure(stderr, "whoami", err)
		}
	}
	fmt.Fprintf(stdout, "%s\n", safetext.Show(acct.String()))
	return exitOK
}

// whoamiWithToken asks Graph whose PRINTDROP_ACCESS_TOKEN it is.
func whoamiWithToken(ctx context.Context, flags *accountFlags, tok string, stdout, stderr io.Writer) int {
	c, err := graph.New(graph.Options{BaseURL: flags.settings(stderr).Graph(), Timeouts: flags.deps.timeouts,
		TokenSource: oauth2.StaticTokenSource(&oauth2.Token{AccessToken: tok, TokenType: "Bearer"})})
	if err != nil {
		fmt.Fprintf(stderr, "printdrop whoami: %s\n", safetext.Show(err.Error()))
		return exitUsage
	}
	me, err := c.Me(ctx)
	if err != nil {
		if graph.IsUnauthorized(err) {
			tell(stderr, "printdrop whoami", say.T("PRINTDROP_ACCESS_TOKEN was refused; get a new token or unset it to use the stored sign-in."))
			return exitSignIn
		}
		fmt.Fprintf(stderr, "printdrop whoami: %s\n", safetext.Show(err.Error()))
		return exitFailure
	}
	fmt.Fprintln(stdout, safetext.Show(auth.Account{ID: me.ID, Name: me.DisplayName, UPN: me.UserPrincipalName}.String()))
	return exitOK
}

// accountFailure prints err for the account commands and picks the exit
// code: sign-in problems are exitSignIn, so scripts can tell them apart.
func accountFailure(stderr io.Writer, cmd string, err error) int {
	var ae *auth.AuthError
	switch {
	case errors.Is(err, context.Canceled):
		tell(stderr, "printdrop "+cmd, say.T("interrupted; nothing was changed."))
	case errors.Is(err, auth.ErrSignInRequired):
		tell(stderr, "printdrop "+cmd, say.T(`nobody is signed in. Run "printdrop login" to sign in.`))
	case errors.As(err, &ae) && ae.Problem() != auth.ProblemNone:
		// Which part of the registration is wrong, in the window's words.
		head, next, _ := workflow.Explain(err)
		fmt.Fprintf(stderr, "printdrop %s: %s. %s\n", cmd, head, next)
	case errors.Is(err, auth.ErrNoClientID), errors.Is(err, auth.ErrCancelled), errors.Is(err, auth.ErrTimeout):
		tell(stderr, "printdrop "+cmd, authSentence(err))
	case errors.As(err, &ae):
		fmt.Fprintf(stderr, "printdrop %s: %s\n", cmd, safetext.Show(err.Error()))
	default:
		fmt.Fprintf(stderr, "printdrop %s: %s\n", cmd, safetext.Show(err.Error()))
		return exitFailure
	}
	return exitSignIn
}

// authSentences are the sign-in errors whose text is a whole sentence for
// the user, which the catalogue has.
var authSentences = []error{auth.ErrNoClientID, auth.ErrCancelled, auth.ErrTimeout}

// authSentence is the sentence of the sign-in error err is, in the user's
// language; any other error's own text.
func authSentence(err error) string {
	for _, s := range authSentences {
		if errors.Is(err, s) {
			return say.T(s.Error())
		}
	}
	return safetext.Show(err.Error())
}
