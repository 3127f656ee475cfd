package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"printdrop/internal/workflow"
)

// The system tray: PrintDrop's icon beside the clock, with a menu to open
// the window or the jobs view, the printers used lately and the jobs under
// way. It is drawn again whenever the printer list or the jobs change.

// trayMax bounds each list in the tray menu.
const trayMax = 5

// ShowTray puts the window's menu in the system tray through set (Fyne's
// desktop.App SetSystemTrayMenu); raise shows and focuses the window.
// Call it on the UI goroutine, once.
func (m *Window) ShowTray(set func(*fyne.Menu), raise func()) {
	m.tray, m.raise = set, raise
	m.drawTray()
}

// drawTray sets the tray's menu as things stand; without a tray, nothing.
func (m *Window) drawTray() {
	if m.tray != nil {
		m.tray(m.trayMenu())
	}
}

// jobsLoaded follows a load of the jobs: the tray's jobs under way.
func (m *Window) jobsLoaded() { m.drawTray() }

// trayWords are a job's phase in the few words a menu item has room for.
var trayWords = map[workflow.JobPhase]string{
	workflow.PhaseUploading: "uploading",
	workflow.PhaseWaiting:   "waiting for the printer",
	workflow.PhaseHeld:      "held for release",
	workflow.PhasePrinting:  "printing",
	workflow.PhaseFailed:    "stopped",
}

// trayMenu is the tray's menu: open the window, the jobs view, recent
// printers (choosing one shows it in the window), jobs under way (each
// opens the jobs view). Fyne adds Quit at the end.
func (m *Window) trayMenu() *fyne.Menu {
	raise := func() {
		if m.raise != nil {
			m.raise()
		}
	}
	showJobs := func() { raise(); m.showJobs() }
	header := func(label string) *fyne.MenuItem {
		it := fyne.NewMenuItem(label, nil)
		it.Disabled = true
		return it
	}
	items := []*fyne.MenuItem{
		fyne.NewMenuItem(lang.L("Open PrintDrop"), raise),
		fyne.NewMenuItem(lang.L("Your print jobs"), showJobs),
		fyne.NewMenuItemSeparator(),
		header(lang.L("Recent printers")),
	}
	recent := 0
	for _, pr := range m.printers.all {
		if pr.LastUsed.IsZero() || recent == trayMax {
			continue
		}
		recent++
		id := pr.ID
		items = append(items, fyne.NewMenuItem(pr.Name, func() {
			raise()
			m.hideJobs()
			m.printers.selectID(id)
		}))
	}
	if recent == 0 {
		items = append(items, header(lang.L("None yet")))
	}
	items = append(items, fyne.NewMenuItemSeparator(), header(lang.L("Jobs under way")))
	var under []workflow.JobEntry
	for _, e := range m.jobs.jobs {
		if e.Unfinished() {
			under = append(under, e)
		}
	}
	for i, e := range under {
		if i == trayMax {
			items = append(items, fyne.NewMenuItem(lang.XN("tray.more", "{{.Count}} more…", len(under)-trayMax, args{"Count": len(under) - trayMax}), showJobs))
			break
		}
		items = append(items, fyne.NewMenuItem(jobTitle(e)+": "+lang.L(trayWords[e.Phase]), showJobs))
	}
	if len(under) == 0 {
		items = append(items, header(lang.L("None")))
	}
	return fyne.NewMenu("PrintDrop", items...)
}
