//go:build scripted

package ui

// The methods below let the scripted demo (a build with -tags scripted,
// run as PRINTDROP_SCRIPT=1 printdrop --demo) press the same buttons a
// person would. They are not in the product's build. Each must be called
// on the UI goroutine (inside fyne.Do / fyne.DoAndWait).

// UploadedFraction is the share of the document the server has, 0..1.
func (m *Window) UploadedFraction() float64 { return m.upload.bar.Value }

// PressSignIn starts the browser sign-in, as the "Sign in" button does.
func (m *Window) PressSignIn() { m.account.onSignIn() }

// ChoosePrinter selects a listed share; false if it is not listed.
func (m *Window) ChoosePrinter(shareID string) bool {
	if _, ok := m.printers.find(shareID); !ok {
		return false
	}
	m.printers.reveal(shareID)
	return true
}

// PressPrint prints the queued files, as Ctrl+Enter does.
func (m *Window) PressPrint() { m.startPrint() }

// ResumeOffer is what the "Unfinished upload" banner says, once the check
// for interrupted uploads has come back (checked); "" when it shows none.
func (m *Window) ResumeOffer() (checked bool, text string) {
	if m.resume.root.Hidden {
		return m.resume.checked > 0, ""
	}
	return m.resume.checked > 0, m.resume.text.Text
}
