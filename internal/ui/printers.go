package ui

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"printdrop/internal/workflow"
)

// printersPanel lists the shares, filtered as the user types.
type printersPanel struct {
	m    *Window
	root *fyne.Container

	search  *widget.Entry
	list    *widget.List
	info    *widget.Label
	all     []Printer
	shown   []Printer
	refresh *widget.Button
	chosen  string // share id
	loading bool
	gen     int // load generation: results of an older load are dropped

	statuses statusFeed // reads the rows' statuses as pages arrive
}

func newPrintersPanel(m *Window) *printersPanel {
	p := &printersPanel{m: m}
	p.search = widget.NewEntry()
	p.search.SetPlaceHolder("Search printers by name, place or model")
	p.search.ActionItem = widget.NewIcon(theme.SearchIcon())
	p.search.OnChanged = p.onSearch
	p.info = widget.NewLabel("")
	p.info.SizeName = theme.SizeNameCaptionText
	p.info.Wrapping = fyne.TextWrapWord
	p.list = widget.NewList(
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
	p.refresh = widget.NewButtonWithIcon("", theme.ViewRefreshIcon(), p.onRefresh)
	p.refresh.Importance = widget.LowImportance
	top := container.NewBorder(nil, nil, nil, p.refresh, heading("Printers"))
	p.root = container.NewBorder(container.NewVBox(top, p.search), p.info, nil, nil, p.list)
	p.reset()
	return p
}

// rowDetail is the second line of a row as plain text: status, then
// where it is.
func rowDetail(pr Printer) string {
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
func showRowDetail(rt *widget.RichText, pr Printer) {
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
func rowStatus(pr Printer) (string, fyne.ThemeColorName) {
	if !pr.StatusChecked {
		return "", theme.ColorNameForeground
	}
	r := pr.Readiness
	switch r.State {
	case workflow.Ready:
		return "Ready", theme.ColorNameForeground
	case workflow.Busy:
		return "Printing other jobs", theme.ColorNameForeground
	case workflow.Stopped:
		if r.Reason != "" {
			return "Stopped: " + r.Reason, theme.ColorNameError
		}
		return "Stopped", theme.ColorNameError
	case workflow.NotAccepting:
		return "Not accepting jobs", theme.ColorNameWarning
	}
	return "Status unknown", theme.ColorNameForeground
}

func (p *printersPanel) reset() {
	p.gen++
	p.statuses.stop()
	p.all, p.shown, p.chosen, p.loading = nil, nil, "", false
	p.refresh.Disable()
	p.list.UnselectAll()
	p.list.Refresh()
	p.info.SetText("Sign in to see your printers.")
}

// load fetches the shares page by page; each page shows as it arrives.
func (p *printersPanel) load() {
	p.reset()
	p.gen++
	gen := p.gen
	p.loading = true
	p.info.SetText("Loading printers…")
	b := p.m.be()
	last := b.LastShareID()
	feed := p.statuses.start(p, b)
	p.m.run(func(ctx context.Context) error {
		defer feed.close()
		return b.SharePages(ctx, func(page []Printer) error {
			defer feed.add(page) // after the rows are queued: statuses land on rows
			p.m.do(func() {
				if gen != p.gen {
					return
				}
				p.all = append(p.all, page...)
				p.refilter()
				p.info.SetText(fmt.Sprintf("Loading printers… %d so far", len(p.all)))
				if p.chosen == "" && last != "" {
					p.selectID(last)
				}
			})
			return nil
		})
	}, func(err error) {
		if gen != p.gen {
			return
		}
		p.loading = false
		p.refresh.Enable()
		p.updateInfo()
		p.m.showError(err)
		if err == nil {
			p.m.resume.check()
		}
	})
}

func (p *printersPanel) updateInfo() {
	switch {
	case p.loading:
		p.info.SetText(fmt.Sprintf("Loading printers… %d so far", len(p.all)))
	case len(p.all) == 0:
		p.info.SetText("No printers are shared with you yet. Ask your administrator to share one.")
	case len(p.shown) == 0:
		p.info.SetText("No printer matches “" + p.search.Text + "”.")
	default:
		p.info.SetText(fmt.Sprintf("%d of %d printers", len(p.shown), len(p.all)))
	}
}

func (p *printersPanel) onSearch(string) {
	p.refilter()
	p.updateInfo()
}

// refilter recomputes the visible rows, keeping the selection if it stays.
func (p *printersPanel) refilter() {
	p.shown = p.m.be().Filter(p.all, p.search.Text)
	p.list.UnselectAll()
	p.list.Refresh()
	for i, pr := range p.shown {
		if pr.ID == p.chosen {
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

func (p *printersPanel) onSelected(id widget.ListItemID) {
	if id >= len(p.shown) {
		return
	}
	pr := p.shown[id]
	if pr.ID == p.chosen {
		return
	}
	p.chosen = pr.ID
	p.m.job.load(pr)
}
