package ui

import (
	"context"
	"strings"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	pdwidget "printdrop/internal/ui/widget"
	"printdrop/internal/workflow"
)

// Setup is how the window reads and changes the app registration (client
// ID, tenant, cloud). Nil in Options hides the form and the settings entry.
type Setup struct {
	// Current are the settings in force, each with its source: values
	// from the administrator, the environment or a flag are shown locked.
	Current workflow.Resolved
	// PolicyWhere names the policy file or registry key, for the note
	// saying who set the locked values ("" when none applies).
	PolicyWhere string
	// Apply saves what the user entered and returns the backend built on
	// the settings now in force, and those settings. The window calls it
	// off the UI goroutine.
	Apply func(entered workflow.Layer) (Backend, workflow.Resolved, error)
}

// cloudChoices are the clouds of the form's list, in the words people
// know them by, with the value each stands for.
var cloudChoices = []struct {
	label string
	cloud workflow.Cloud
}{
	{"Global (Microsoft Entra ID)", workflow.CloudGlobal},
	{"US Government (GCC High)", workflow.CloudUSGov},
	{"US Department of Defense", workflow.CloudUSDoD},
	{"China (operated by 21Vianet)", workflow.CloudChina},
}

// RegistrationHelp is the gist of docs/registration.md, shown by the
// form's "How do I register PrintDrop?" (the document itself may not be
// at hand on the machine, and a web link would need the network).
const RegistrationHelp = `PrintDrop signs in through an app registration of your organization. Someone allowed to register apps creates it once:

1. In the Microsoft Entra admin center, open App registrations and choose New registration.
   Name it PrintDrop; account types: this organizational directory only.
2. Under Authentication, add the platform "Mobile and desktop applications" with the redirect URI
   http://localhost, then in the Manifest change it to http://127.0.0.1 (the portal's box refuses it).
3. Under Authentication, turn on "Allow public client flows" (only for signing in with a code).
4. Under API permissions, add the Microsoft Graph delegated permissions
   PrinterShare.ReadBasic.All, PrintJob.ReadWrite and User.Read (none needs admin consent).
5. Copy the Application (client) ID, and the Directory (tenant) ID or your domain, into this form.

The full steps are in registration.md in PrintDrop's documentation
(/usr/share/doc/printdrop on Linux).`

// setupForm is the app registration form in the account corner.
type setupForm struct {
	p        *accountPanel
	clientID *widget.Entry
	tenant   *widget.Entry
	cloud    *widget.Select
	advanced *widget.Check
	auth     *widget.Entry
	graph    *widget.Entry
	custom   *fyne.Container // the advanced fields
	idError  *widget.Label   // the client ID's problem, in place, as typed
	tenErr   *widget.Label
	authErr  *widget.Label // the custom addresses' problems, as typed
	graphErr *widget.Label
	lockNote *widget.Label
	signIn   *pdwidget.Button
	locked   map[string]bool
}

// showForm shows the app registration form, filled with the settings in
// force. firstRun adds "Try the demo"; otherwise "Cancel" goes back.
func (p *accountPanel) showForm(firstRun bool) {
	p.m.setAccountMode("setup")
	s := p.m.options().Setup
	f := &setupForm{p: p, locked: map[string]bool{}}
	keys, by := s.Current.Locked()
	for _, k := range keys {
		f.locked[k] = true
	}
	cur := s.Current.Settings

	f.clientID = widget.NewEntry()
	f.clientID.SetPlaceHolder("00000000-0000-0000-0000-000000000000")
	f.clientID.SetText(cur.ClientID)
	f.idError = errorLabel()
	f.tenant = widget.NewEntry()
	f.tenant.SetPlaceHolder(lang.L("contoso.onmicrosoft.com or tenant ID"))
	if s.Current.From(workflow.KeyTenant) != workflow.SourceDefault {
		f.tenant.SetText(cur.Tenant)
	}
	f.tenErr = errorLabel()
	labels := make([]string, len(cloudChoices))
	for i, c := range cloudChoices {
		labels[i] = lang.L(c.label)
	}
	f.cloud = widget.NewSelect(labels, nil)
	f.cloud.SetSelectedIndex(0)
	for i, c := range cloudChoices {
		if c.cloud == cur.Cloud {
			f.cloud.SetSelectedIndex(i)
		}
	}
	f.auth = widget.NewEntry()
	f.auth.SetPlaceHolder("https://login.example.com/contoso.onmicrosoft.com")
	f.auth.SetText(cur.AuthorityURL)
	f.graph = widget.NewEntry()
	f.graph.SetPlaceHolder("https://graph.example.com")
	f.graph.SetText(cur.GraphURL)
	f.authErr, f.graphErr = errorLabel(), errorLabel()
	f.custom = container.NewVBox(
		caption(lang.L("Sign-in address (the authority, ending in the tenant)")), f.auth, f.authErr,
		caption(lang.L("Microsoft Graph address")), f.graph, f.graphErr)
	f.advanced = widget.NewCheck(lang.L("Advanced: other sign-in and Graph addresses"), func(on bool) {
		f.custom.Hidden = !on
		if on {
			f.cloud.Disable()
		} else if !f.locked[workflow.KeyCloud] {
			f.cloud.Enable()
		}
		f.check()
	})
	f.custom.Hidden = true

	f.clientID.OnChanged = func(string) { f.check() }
	f.tenant.OnChanged = func(string) { f.check() }
	f.auth.OnChanged = func(string) { f.check() }
	f.graph.OnChanged = func(string) { f.check() }

	f.signIn = pdwidget.NewButtonWithIcon(lang.L("Sign in"), theme.LoginIcon(), f.submit)
	f.signIn.Importance = widget.HighImportance
	help := pdwidget.NewButtonWithIcon(lang.L("How do I register PrintDrop?"), theme.HelpIcon(), p.showRegistrationHelp)
	help.Importance = widget.LowImportance

	intro := widget.NewLabel(lang.L("Connect PrintDrop to your organization's app registration. Your administrator can give you these values."))
	intro.Wrapping = fyne.TextWrapWord
	f.lockNote = widget.NewLabel("")
	f.lockNote.Wrapping = fyne.TextWrapWord
	f.lockNote.Hidden = len(keys) == 0
	if len(keys) > 0 {
		f.lockNote.SetText(lockSentence(by, s.PolicyWhere))
	}

	buttons := container.NewHBox(f.signIn)
	if firstRun && p.m.options().OnTryDemo != nil {
		buttons.Add(pdwidget.NewButtonWithIcon(lang.L("Try the demo"), theme.MediaPlayIcon(), p.m.options().OnTryDemo))
	}
	if !firstRun {
		buttons.Add(pdwidget.NewButton(lang.L("Cancel"), p.start))
	}
	p.form = f
	p.showInArea(intro, f.lockNote,
		caption(lang.L("Application (client) ID")), f.clientID, f.idError,
		caption(lang.L("Tenant (empty: any work or school account)")), f.tenant, f.tenErr,
		caption(lang.L("Cloud")), f.cloud,
		f.advanced, f.custom,
		buttons, help)

	if cur.Cloud == workflow.CloudCustom || cur.AuthorityURL != "" || cur.GraphURL != "" {
		f.advanced.SetChecked(true)
	}
	f.lock()
	f.check()
}

// lock disables the fields set by a source the form cannot override.
func (f *setupForm) lock() {
	if f.locked[workflow.KeyClientID] {
		f.clientID.Disable()
	}
	if f.locked[workflow.KeyTenant] {
		f.tenant.Disable()
	}
	if f.locked[workflow.KeyCloud] {
		f.cloud.Disable()
		f.advanced.Disable()
	}
	if f.locked[workflow.KeyAuthority] {
		f.auth.Disable()
	}
	if f.locked[workflow.KeyGraphURL] {
		f.graph.Disable()
	}
}

// lockSentence says who set the locked values and where.
func lockSentence(by workflow.Source, where string) string {
	switch by {
	case workflow.SourcePolicy:
		if where != "" {
			return lang.L("Set by your administrator for this computer ({{.Where}}): the greyed fields cannot be changed here.", args{"Where": where})
		}
		return lang.L("Set by your administrator for this computer: the greyed fields cannot be changed here.")
	case workflow.SourceEnvironment:
		return lang.L("Set by PRINTDROP_ environment variables: the greyed fields cannot be changed here while they are set.")
	default:
		return lang.L("Set by command-line options: the greyed fields cannot be changed here while PrintDrop runs with them.")
	}
}

// check validates the fields as typed, showing each problem under its field.
// Sign in is enabled once the values can work.
func (f *setupForm) check() bool {
	ok := true
	setErr := func(l *widget.Label, err error, typed bool) {
		if err != nil && typed {
			l.SetText(sentence(err.Error()))
			l.Show()
		} else {
			l.Hide()
		}
		if err != nil {
			ok = false
		}
	}
	id := strings.TrimSpace(f.clientID.Text)
	setErr(f.idError, workflow.CheckClientID(id), id != "")
	var tenErr, authErr, graphErr error
	if f.advanced.Checked { // the tenant is then part of the sign-in address
		authErr = workflow.CheckEndpoint(workflow.AuthorityName, f.auth.Text)
		graphErr = workflow.CheckEndpoint(workflow.GraphName, f.graph.Text)
	} else {
		tenErr = workflow.CheckTenant(f.tenant.Text)
	}
	setErr(f.tenErr, tenErr, true)
	setErr(f.authErr, authErr, strings.TrimSpace(f.auth.Text) != "")
	setErr(f.graphErr, graphErr, strings.TrimSpace(f.graph.Text) != "")
	if ok {
		f.signIn.Enable()
	} else {
		f.signIn.Disable()
	}
	if a := f.p.area; a != nil {
		a.Content.Refresh() // a shown or changed error changes the form's height
		a.Refresh()
	}
	return ok
}

// sentence capitalises a message for a label of its own and ends it with
// a full stop, unless it has one (workflow's checks write whole sentences,
// in the user's language).
func sentence(s string) string {
	if s == "" {
		return s
	}
	r, n := utf8.DecodeRuneInString(s)
	s = string(unicode.ToUpper(r)) + s[n:]
	if last, _ := utf8.DecodeLastRuneInString(s); !strings.ContainsRune(".!?。！？", last) {
		s += "."
	}
	return s
}

// layer is what the form holds.
func (f *setupForm) layer() workflow.Layer {
	l := workflow.Layer{
		Source:   workflow.SourcePreferences,
		ClientID: strings.TrimSpace(f.clientID.Text),
		Tenant:   strings.TrimSpace(f.tenant.Text),
		Cloud:    string(workflow.CloudGlobal),
	}
	if i := f.cloud.SelectedIndex(); i >= 0 {
		l.Cloud = string(cloudChoices[i].cloud)
	}
	if f.advanced.Checked {
		l.Cloud = string(workflow.CloudCustom)
		l.AuthorityURL = strings.TrimSpace(f.auth.Text)
		l.GraphURL = strings.TrimSpace(f.graph.Text)
	}
	return l
}

// submit saves the form, checks the client ID and tenant with the identity
// platform, and signs in: the sign-in proves the registration works, and a
// failure brings the form back with what is wrong.
func (f *setupForm) submit() {
	if !f.check() {
		return
	}
	p := f.p
	entered := f.layer()
	apply := p.m.options().Setup.Apply
	p.show(widget.NewLabel(lang.L("Checking the app registration…")))
	p.m.showError(nil)
	var (
		b   Backend
		res workflow.Resolved
	)
	p.m.run(func(ctx context.Context) (err error) {
		if b, res, err = apply(entered); err != nil {
			return err
		}
		return b.CheckRegistration(ctx)
	}, func(err error) {
		if b != nil {
			p.m.options().Setup.Current = res
			p.m.swapBackend(b)
		}
		if err != nil {
			p.showForm(b == nil || b.NeedsClientID())
			p.m.showError(err)
			return
		}
		p.afterSetup = true
		p.onSignIn()
	})
}

// showRegistrationHelp shows how to register the app.
func (p *accountPanel) showRegistrationHelp() {
	text := widget.NewLabel(lang.X("setup.registrationHelp", RegistrationHelp))
	text.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustom(lang.L("Registering PrintDrop"), lang.L("Close"), container.NewVScroll(text), p.m.fyneWindow())
	d.Resize(fyne.NewSize(640, 460))
	p.m.showDialog(d)
}

func errorLabel() *widget.Label {
	l := widget.NewLabel("")
	l.Importance = widget.DangerImportance
	l.Wrapping = fyne.TextWrapWord
	l.Hide()
	return l
}

func caption(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.SizeName = theme.SizeNameCaptionText
	return l
}

// registrationButton opens the form from the signed-in or signed-out
// corner; nil when the window has no Setup.
func (p *accountPanel) registrationButton() fyne.CanvasObject {
	if p.m.options().Setup == nil {
		return nil
	}
	b := pdwidget.NewButtonWithIcon(lang.L("App registration…"), theme.SettingsIcon(), func() {
		if p.cancelSignIn != nil {
			p.cancelSignIn()
		}
		p.showForm(false)
	})
	b.Importance = widget.LowImportance
	return b
}
