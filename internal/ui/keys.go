package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
)

// bindKeys adds the shortcuts, on the canvas and in the main menu: Ctrl+F search the printers, Ctrl+O choose
// a file, Ctrl+P or Ctrl+Enter print, Ctrl+J show the jobs, Esc close the dialog on
// top, else leave the jobs view, else cancel the print in progress. Enter on a focused button presses it
// (pdwidget.Button); Tab and Shift+Tab move through the controls in the
// order they read (see stacked).
func (m *Window) bindKeys() {
	c := m.win.Canvas()
	ctrl := func(k fyne.KeyName, f func()) {
		c.AddShortcut(&desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault},
			func(fyne.Shortcut) { f() })
	}
	ctrl(fyne.KeyF, m.focusSearch)
	ctrl(fyne.KeyO, func() { m.files.onChoose() })
	ctrl(fyne.KeyP, m.startPrint)
	ctrl(fyne.KeyReturn, m.startPrint)
	ctrl(fyne.KeyEnter, m.startPrint)
	ctrl(fyne.KeyJ, m.showJobs)
	m.win.SetMainMenu(m.mainMenu())
	c.SetOnTypedKey(func(e *fyne.KeyEvent) {
		if e.Name != fyne.KeyEscape {
			return
		}
		if d := m.dialog; d != nil {
			d.Hide()
			return
		}
		if m.jobsShown() { // Esc leaves the jobs view; it never cancels a print out of sight
			m.hideJobs()
			return
		}
		m.upload.onCancel()
	})
}

// focusSearch puts the typing in the printer search, when it shows.
func (m *Window) focusSearch() {
	if m.state.account == "signed-in" {
		m.win.Canvas().Focus(m.printers.search)
	}
}

// showDialog shows d and keeps it as the dialog Esc closes.
func (m *Window) showDialog(d dialog.Dialog) {
	m.dialog = d
	d.SetOnClosed(func() {
		if m.dialog == d {
			m.dialog = nil
		}
	})
	d.Show()
}

// mainMenu is the window's menu bar: File, Printers, Jobs, Help. Its shortcuts
// work wherever the focus is; the canvas's alone do not reach the window
// while a text box has the focus (Fyne gives the box every shortcut).
func (m *Window) mainMenu() *fyne.MainMenu {
	key := func(k fyne.KeyName) fyne.Shortcut {
		return &desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault}
	}
	item := func(label string, k fyne.KeyName, f func()) *fyne.MenuItem {
		it := fyne.NewMenuItem(label, f)
		it.Shortcut = key(k)
		return it
	}
	file := fyne.NewMenu(lang.L("File"),
		item(lang.L("Add files…"), fyne.KeyO, func() { m.files.onChoose() }),
		item(lang.L("Print"), fyne.KeyP, m.startPrint))
	printers := fyne.NewMenu(lang.L("Printers"),
		item(lang.L("Search printers"), fyne.KeyF, m.focusSearch),
		fyne.NewMenuItem(lang.L("Refresh the list"), func() { m.printers.onRefresh() }))
	jobs := fyne.NewMenu(lang.L("Jobs"),
		item(lang.L("Your print jobs"), fyne.KeyJ, m.showJobs),
		fyne.NewMenuItem(lang.L("Back to printing"), m.hideJobs))
	help := fyne.NewMenu(lang.L("Help"), fyne.NewMenuItem(lang.L("About PrintDrop"), m.showAbout))
	return fyne.NewMainMenu(file, printers, jobs, help)
}

// showAbout says which PrintDrop this is.
func (m *Window) showAbout() {
	text := lang.L("PrintDrop prints to Microsoft Universal Print.")
	if v := m.opts.Version; v != "" {
		text += "\n" + lang.L("Version {{.Version}}", args{"Version": v})
	}
	m.showDialog(dialog.NewInformation(lang.L("About PrintDrop"), text, m.win))
}
