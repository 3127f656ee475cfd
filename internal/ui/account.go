package ui

import (
	"context"
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	pdwidget "printdrop/internal/ui/widget"
	"printdrop/internal/workflow"
)

// accountPanel is the top-left corner: who is signed in, or how to sign in.
type accountPanel struct {
	m    accountHost
	root *fyne.Container

	cancelSignIn context.CancelFunc
	signInURL    string
	switched     *widget.Label // the notice that another account signed in, or nil
	attempt      int           // sign-in attempts: a replaced one's ending is ignored
	form         *setupForm
	area         *container.Scroll // the setup form's scroll, while shown
	// afterSetup marks the sign-in that follows the setup form: if it
	// fails, the form comes back so the wrong value can be corrected.
	afterSetup bool
}

func newAccountPanel(m *Window) *accountPanel {
	p := &accountPanel{m: m, root: container.NewVBox()}
	return p
}

// start restores a stored session, or shows how to sign in.
func (p *accountPanel) start() {
	b := p.m.be()
	if b.NeedsClientID() {
		p.showSetup()
		return
	}
	p.m.setAccountMode("")
	p.show(widget.NewLabel(lang.L("Checking your sign-in…")))
	var acct workflow.Account
	p.m.run(func(ctx context.Context) (err error) {
		acct, err = b.Restore(ctx)
		return err
	}, func(err error) {
		if err != nil || !acct.SignedIn() {
			p.showSignedOut()
			if err != nil {
				p.m.showError(err)
			}
			return
		}
		p.onSignedIn(acct)
	})
}

func (p *accountPanel) show(objs ...fyne.CanvasObject) {
	p.m.setLeftBody(nil)
	p.root.Objects = append([]fyne.CanvasObject{heading(lang.L("Account"))}, objs...)
	p.root.Refresh()
}

// showInArea shows objs below the Account heading in the room the printers
// normally take, scrolled: the setup form is taller than a small window.
func (p *accountPanel) showInArea(objs ...fyne.CanvasObject) {
	p.root.Objects = []fyne.CanvasObject{heading(lang.L("Account"))}
	p.root.Refresh()
	p.area = container.NewVScroll(container.NewVBox(objs...))
	p.m.setLeftBody(p.area)
}

// showSetup is the first run without an app registration: the form, or
// when the window has no Setup, the explanation.
func (p *accountPanel) showSetup() {
	if p.m.options().Setup != nil {
		p.showForm(true)
		return
	}
	p.m.setAccountMode("setup")
	text := widget.NewLabel(lang.L(workflow.ErrNoClientID.Error()))
	text.Wrapping = fyne.TextWrapWord
	objs := []fyne.CanvasObject{text}
	if p.m.options().OnTryDemo != nil {
		demo := pdwidget.NewButtonWithIcon(lang.L("Try the demo"), theme.MediaPlayIcon(), p.m.options().OnTryDemo)
		demo.Importance = widget.HighImportance
		objs = append(objs, demo)
	}
	p.show(objs...)
}

func (p *accountPanel) showSignedOut() {
	p.m.setAccountMode("signed-out")
	signIn := pdwidget.NewButtonWithIcon(lang.L("Sign in"), theme.LoginIcon(), p.onSignIn)
	signIn.Importance = widget.HighImportance
	note := widget.NewLabel(lang.L("Sign in with your work or school account to see your printers."))
	note.Wrapping = fyne.TextWrapWord
	objs := []fyne.CanvasObject{note, signIn}
	if b := p.registrationButton(); b != nil {
		objs = append(objs, b)
	}
	p.show(objs...)
}

func (p *accountPanel) onSignIn() {
	p.m.setAccountMode("signing-in")
	p.m.showError(nil)
	ctx, cancel := context.WithCancel(p.m.context())
	p.cancelSignIn = cancel
	copyLink := pdwidget.NewButtonWithIcon(lang.L("Copy link"), theme.ContentCopyIcon(), func() {
		if p.signInURL != "" {
			p.m.fyneApp().Clipboard().SetContent(p.signInURL)
		}
	})
	copyLink.Disable()
	waiting := widget.NewLabel(lang.L("Finish signing in in your browser…"))
	waiting.Wrapping = fyne.TextWrapWord
	useCode := pdwidget.NewButton(lang.L("Use a code instead"), p.onDeviceCode)
	stop := pdwidget.NewButton(lang.L("Cancel"), cancel)
	objs := []fyne.CanvasObject{waiting, container.NewHBox(copyLink, useCode, stop)}
	if p.afterSetup {
		// Entra shows a wrong redirect URI or a foreign account on its own
		// page and never comes back: say here what those codes mean.
		hint := widget.NewLabel(workflow.BrowserErrorHint())
		hint.Wrapping = fyne.TextWrapWord
		hint.SizeName = theme.SizeNameCaptionText
		objs = append(objs, hint)
	}
	p.show(objs...)

	b := p.m.be()
	hooks := workflow.SignInHooks{
		ShowURL: func(url string) {
			p.m.do(func() {
				p.signInURL = url
				copyLink.Enable()
			})
		},
		OpenFailed: func(error) {
			p.m.do(func() {
				waiting.SetText(lang.L("Your browser did not open. Copy the link into a browser, or use a code instead."))
			})
		},
	}
	var acct workflow.Account
	p.m.run(func(context.Context) (err error) {
		acct, err = b.SignIn(ctx, hooks)
		return err
	}, p.signInDone(&acct))
}

func (p *accountPanel) onDeviceCode() {
	if p.cancelSignIn != nil {
		p.cancelSignIn()
	}
	ctx, cancel := context.WithCancel(p.m.context())
	p.cancelSignIn = cancel
	info := widget.NewLabel(lang.L("Getting a code…"))
	info.Wrapping = fyne.TextWrapWord
	code := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
	code.SizeName = theme.SizeNameSubHeadingText
	p.show(info, code, pdwidget.NewButton(lang.L("Cancel"), cancel))
	b := p.m.be()
	var acct workflow.Account
	p.m.run(func(context.Context) (err error) {
		acct, err = b.SignInWithCode(ctx, func(c, url string) {
			p.m.do(func() {
				info.SetText(lang.L("On any device, open {{.URL}} and enter this code:", args{"URL": url}))
				code.SetText(c)
				p.m.fyneApp().Clipboard().SetContent(c)
			})
		})
		return err
	}, p.signInDone(&acct))
}

func (p *accountPanel) signInDone(acct *workflow.Account) func(error) {
	p.attempt++
	attempt := p.attempt
	return func(err error) {
		if attempt != p.attempt {
			return // replaced, e.g. the browser sign-in by the device code
		}
		afterSetup := p.afterSetup
		p.afterSetup = false
		switch {
		case errors.Is(err, context.Canceled):
			p.showSignedOut() // the user cancelled: nothing to explain
		case err != nil && afterSetup:
			p.showForm(false) // the registration may be what is wrong
			p.m.showError(err)
		case err != nil:
			p.showSignedOut()
			p.m.showError(err)
		default:
			p.onSignedIn(*acct)
		}
	}
}

func (p *accountPanel) onSignedIn(a workflow.Account) {
	p.switched = nil
	name := widget.NewLabelWithStyle(a.Name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	upn := widget.NewLabel(a.UPN)
	upn.SizeName = theme.SizeNameCaptionText
	out := pdwidget.NewButtonWithIcon(lang.L("Sign out"), theme.LogoutIcon(), p.onSignOut)
	who := container.NewBorder(nil, nil, widget.NewIcon(theme.AccountIcon()), container.NewCenter(out), container.NewVBox(name, upn))
	objs := []fyne.CanvasObject{who}
	if a.SwitchedFrom != "" {
		// Said before anything is printed as the new account: either the
		// user chose another account, or someone else finished the sign-in.
		p.switched = widget.NewLabel(lang.L("This is not {{.Before}}, who was signed in before. "+
			"If you did not choose another account, someone else may have finished this sign-in: sign out and sign in again.",
			args{"Before": a.SwitchedFrom}))
		p.switched.Wrapping = fyne.TextWrapWord
		p.switched.Importance = widget.WarningImportance
		objs = append(objs, p.switched)
	}
	if b := p.registrationButton(); b != nil {
		objs = append(objs, b)
	}
	p.show(objs...)
	p.m.signedIn()
}

// onSignOut asks first: signing out forgets the stored session, and a
// stray key press on a focused button must not cost a sign-in.
func (p *accountPanel) onSignOut() {
	d := dialog.NewConfirm(lang.L("Sign out?"),
		lang.L("PrintDrop forgets this account on this computer. To print again, you sign in again."),
		func(yes bool) {
			if yes {
				p.signOut()
			}
		}, p.m.fyneWindow())
	d.SetConfirmText(lang.L("Sign out"))
	d.SetDismissText(lang.L("Stay signed in"))
	p.m.showDialog(d)
}

func (p *accountPanel) signOut() {
	b := p.m.be()
	p.m.run(func(ctx context.Context) error { return b.SignOut(ctx) }, func(err error) {
		p.m.signedOut()
		p.showSignedOut()
		p.m.showError(err)
	})
}
