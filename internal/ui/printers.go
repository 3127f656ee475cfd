package ui

import (
	"context"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	pdwidget "printdrop/internal/ui/widget"
	"printdrop/internal/units"
	"printdrop/internal/workflow"
)

// printersPanel lists the shares, filtered as the user types.
type printersPanel struct {
	m    printersHost
	root *fyne.Container

	search  *widget.Entry
	list    *pdwidget.List
	info    *widget.Label
	all     []workflow.PrinterRow
	shown   []workflow.PrinterRow
	refresh *pdwidget.Button
	loading bool
	gen     int       // load generation: results of an older load are dropped
	updated time.Time // when the list shown was complete; zero while none is
	now     func() time.Time

	statuses statusFeed // reads the statuses of the rows on screen

	// shown was filtered from shownFrom (p.all at the time) for shownQuery.
	shownQuery string
	shownFrom  []workflow.PrinterRow
}

// sameRows reports whether a and b are the same list: same backing array
// and length (appending a page or a new list makes them differ).
func sameRows(a, b []workflow.PrinterRow) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

func newPrintersPanel(m *Window) *printersPanel {
	p := &printersPanel{m: m, now: time.Now}
	p.search = widget.NewEntry()
	p.search.SetPlaceHolder(lang.L("Search printers by name, place or model"))
	p.search.ActionItem = widget.NewIcon(theme.SearchIcon())
	p.search.OnChanged = p.onSearch
	p.info = widget.NewLabel("")
	p.info.SizeName = theme.SizeNameCaptionText
	p.info.Wrapping = fyne.TextWrapWord
	p.list = pdwidget.NewList(
		func() int { return len(p.shown) },
		func() fyne.CanvasObject {
			name := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
			name.Truncation = fyne.TextTruncateEllipsis
			detail := widget.NewRichText(&widget.TextSegment{Style: captionInline()}, &widget.TextSegment{Style: captionInline()})
			detail.Truncation = fyne.TextTruncateEllipsis
			return container.NewBorder(nil, nil, widget.NewIcon(theme.DocumentPrintIcon()), nil,
				container.NewVBox(name, detail))
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id >= len(p.shown) {
				return
			}
			pr := p.shown[id]
			p.statuses.seen(p, pr) // the row is on screen: its status matters now
			row := o.(*fyne.Container)
			icon := row.Objects[1].(*widget.Icon)
			texts := row.Objects[0].(*fyne.Container)
			texts.Objects[0].(*widget.Label).SetText(pr.Name)
			showRowDetail(texts.Objects[1].(*widget.RichText), pr)
			if pr.Readiness.CanPrint() {
				icon.SetResource(theme.DocumentPrintIcon())
			} else {
				icon.SetResource(theme.NewErrorThemedResource(theme.DocumentPrintIcon()))
			}
		})
	p.list.OnSelected = p.onSelected
	p.refresh = pdwidget.NewButtonWithIcon("", theme.ViewRefreshIcon(), p.onRefresh)
	p.refresh.Importance = widget.LowImportance
	top := container.NewBorder(nil, nil, nil, p.refresh, heading(lang.L("Printers")))
	p.root = stacked(container.NewVBox(top, p.search), p.list, p.info)
	p.reset()
	return p
}

// rowDetail is the second line of a row as plain text: status, then
// where it is.
func rowDetail(pr workflow.PrinterRow) string {
	word, _ := rowStatus(pr)
	switch {
	case word == "":
		return pr.Location
	case pr.Location == "":
		return word
	}
	return word + " · " + pr.Location
}

// showRowDetail draws rowDetail with the status words in their colour.
func showRowDetail(rt *widget.RichText, pr workflow.PrinterRow) {
	word, color := rowStatus(pr)
	status, place := rt.Segments[0].(*widget.TextSegment), rt.Segments[1].(*widget.TextSegment)
	status.Text, status.Style.ColorName = word, color
	status.Style.TextStyle.Bold = color != theme.ColorNameForeground
	place.Text = pr.Location
	if word != "" && pr.Location != "" {
		place.Text = " · " + pr.Location
	}
	rt.Refresh()
}

func captionInline() widget.RichTextStyle {
	return widget.RichTextStyle{Inline: true, SizeName: theme.SizeNameCaptionText, ColorName: theme.ColorNameForeground}
}

// rowStatus is a row's short status and its colour: empty while the
// status is still being read (the row then shows only where it is), the
// error colour for a stopped printer, the warning colour for one not
// accepting jobs.
func rowStatus(pr workflow.PrinterRow) (string, fyne.ThemeColorName) {
	if !pr.StatusChecked {
		return "", theme.ColorNameForeground
	}
	r := pr.Readiness
	switch r.State {
	case workflow.Ready:
		return lang.L("Ready"), theme.ColorNameForeground
	case workflow.Busy:
		return lang.L("Printing other jobs"), theme.ColorNameForeground
	case workflow.Stopped:
		if r.Reason != "" {
			return lang.L("Stopped: {{.Reason}}", args{"Reason": r.Reason}), theme.ColorNameError
		}
		return lang.L("Stopped"), theme.ColorNameError
	case workflow.NotAccepting:
		return lang.L("Not accepting jobs"), theme.ColorNameWarning
	}
	return lang.L("Status unknown"), theme.ColorNameForeground
}

func (p *printersPanel) reset() {
	p.gen++
	p.statuses.stop()
	p.all, p.shown, p.loading, p.updated = nil, nil, false, time.Time{}
	p.report()
	p.refresh.Disable()
	p.list.UnselectAll()
	p.list.Refresh()
	p.info.SetText(lang.L("Sign in to see your printers."))
}

// load shows the list kept from the last run at once, if there is one, then
// fetches the current list in the background. Without a kept list each page
// shows as it arrives; with one, the rows stay as they are (searchable,
// selectable) until the new list is complete and replaces them.
func (p *printersPanel) load() {
	p.reset()
	p.statuses.start(p, p.m.be())
	p.fetch()
}

// fetch reads the share list; rows keep their statuses where the share
// stays, and the rows on screen have theirs read again (Refresh).
func (p *printersPanel) fetch() {
	p.gen++
	gen := p.gen
	p.loading = true
	p.report()
	p.refresh.Disable()
	p.updateInfo()
	b := p.m.be()
	last := b.LastShareID()
	empty := len(p.all) == 0
	p.m.run(func(ctx context.Context) error {
		// With nothing on screen, the kept list shows at once; without a
		// kept list either, each page shows as it arrives.
		showPages := empty
		if empty {
			if rows, saved, ok := b.CachedPrinters(); ok {
				showPages = false
				p.m.do(func() {
					if gen == p.gen && len(p.all) == 0 {
						p.all, p.updated = rows, saved
						p.report()
						p.refilter()
						p.updateInfo()
						if p.m.view().chosen == "" && last != "" {
							p.selectID(last)
						}
					}
				})
			}
		}
		var fresh []workflow.PrinterRow
		err := b.SharePages(ctx, func(page []workflow.PrinterRow) error {
			fresh = append(fresh, page...)
			n := len(fresh)
			p.m.do(func() {
				if gen != p.gen {
					return
				}
				if !showPages {
					p.info.SetText(p.listedText() + " · " + lang.L("Refreshing… {{.Count}} so far", args{"Count": n}))
					return
				}
				p.all = append(p.all, page...)
				p.report()
				p.refilter()
				p.updateInfo()
				if p.m.view().chosen == "" && last != "" {
					p.selectID(last)
				}
			})
			return nil
		})
		if err == nil { // the list is complete: it replaces the one shown
			p.m.do(func() {
				if gen == p.gen {
					p.replace(fresh)
				}
			})
		}
		return err
	}, func(err error) {
		if gen != p.gen {
			return
		}
		p.loading = false
		p.report()
		p.refresh.Enable()
		p.updateInfo()
		p.m.listLoaded(err)
	})
}

// replace puts a complete list in place of the rows shown, carrying over
// the statuses already read for shares that stay.
func (p *printersPanel) replace(rows []workflow.PrinterRow) {
	known := make(map[string]workflow.PrinterRow, len(p.all))
	for _, pr := range p.all {
		if pr.StatusChecked {
			known[pr.ID] = pr
		}
	}
	for i := range rows {
		if k, ok := known[rows[i].ID]; ok && !rows[i].StatusChecked {
			rows[i].Readiness, rows[i].StatusChecked = k.Readiness, true
		}
	}
	p.all, p.updated = rows, p.now()
	p.report()
	p.refilter()
	if p.m.view().chosen == "" {
		if last := p.m.be().LastShareID(); last != "" {
			p.selectID(last)
		}
	}
}

// listedText counts the rows: "12 of 10000 printers".
func (p *printersPanel) listedText() string {
	return lang.XN("printers.listed", "{{.Shown}} of {{.Count}} printers", len(p.all), args{"Shown": len(p.shown), "Count": len(p.all)})
}

func (p *printersPanel) updateInfo() {
	switch {
	case p.loading && len(p.all) == 0:
		p.info.SetText(lang.L("Loading printers…"))
	case p.loading && p.updated.IsZero():
		p.info.SetText(lang.L("Loading printers… {{.Count}} so far", args{"Count": len(p.all)}))
	case len(p.all) == 0:
		p.info.SetText(lang.L("No printers are shared with you yet. Ask your administrator to share one."))
	case len(p.shown) == 0:
		p.info.SetText(lang.L("No printer matches “{{.Query}}”.", args{"Query": p.search.Text}) + p.updatedText())
	default:
		p.info.SetText(p.listedText() + p.updatedText())
	}
}

// updatedText says how old the list is, " · Updated 3 min ago", and that a
// newer one is on its way.
func (p *printersPanel) updatedText() string {
	if p.updated.IsZero() {
		return ""
	}
	s := " · " + lang.L("Updated {{.Age}}", args{"Age": units.Age(p.now().Sub(p.updated))})
	if p.loading {
		s += " · " + lang.L("Refreshing…")
	}
	return s
}

func (p *printersPanel) onSearch(string) {
	p.refilter()
	p.updateInfo()
}

// refilter recomputes the visible rows, keeping the selection if it stays.
// A query that extends the last one (a key typed at the end) can only
// narrow its matches, so only the rows shown are searched again: typing
// over 10,000 shares gets cheaper with every key.
func (p *printersPanel) refilter() {
	q, base := p.search.Text, p.all
	if p.shownQuery != "" && strings.HasPrefix(q, p.shownQuery) && sameRows(p.shownFrom, p.all) {
		base = p.shown
	}
	p.shown = p.m.be().Filter(base, q)
	p.shownQuery, p.shownFrom = q, p.all
	p.list.UnselectAll()
	p.list.Refresh()
	for i, pr := range p.shown {
		if pr.ID == p.m.view().chosen {
			p.list.Select(i)
		}
	}
}

func (p *printersPanel) selectID(id string) {
	for i, pr := range p.shown {
		if pr.ID == id {
			p.list.Select(i)
			p.list.ScrollTo(i)
			return
		}
	}
}

// reveal shows the share in the whole list and selects it (resuming an
// upload to it).
func (p *printersPanel) reveal(id string) {
	p.search.SetText("")
	p.refilter()
	p.selectID(id)
}

// find is the listed row for a share.
func (p *printersPanel) find(id string) (workflow.PrinterRow, bool) {
	for _, pr := range p.all {
		if pr.ID == id {
			return pr, true
		}
	}
	return workflow.PrinterRow{}, false
}

// report tells the window how the list stands.
func (p *printersPanel) report() { p.m.listChanged(p.loading, len(p.all)) }

func (p *printersPanel) onSelected(id widget.ListItemID) {
	if id < len(p.shown) {
		p.m.choosePrinter(p.shown[id])
	}
}
