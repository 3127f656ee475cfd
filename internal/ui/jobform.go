package ui

import (
	"context"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"printdrop/internal/workflow"
)

// jobPanel is the chosen printer and its "New job" form, built from the
// printer's capabilities so only values it supports can be picked.
type jobPanel struct {
	m    jobFormHost
	root *fyne.Container

	gen int // load generation: an answer for an older choice is dropped

	title    *widget.Label
	status   *widget.Label
	body     *fyne.Container
	mode     *widget.RadioGroup
	copies   *widget.Entry
	color    *widget.Select
	duplex   *widget.Select
	media    *widget.Select
	orient   *widget.Select
	pages    *widget.Entry
	existing *widget.Select
}

const (
	modeNew      = "New job"
	modeExisting = "A job waiting for its document"
)

func newJobPanel(m *Window) *jobPanel {
	p := &jobPanel{m: m}
	p.title = heading(lang.L("Job"))
	p.status = widget.NewLabel("")
	p.status.Wrapping = fyne.TextWrapWord
	p.body = container.NewVBox()
	p.root = container.NewVBox(p.title, p.status, p.body)
	p.reset()
	return p
}

func (p *jobPanel) reset() {
	p.gen++
	p.status.Importance = widget.MediumImportance
	p.title.SetText(lang.L("Job"))
	p.status.SetText(lang.L("Choose a printer on the left."))
	p.body.Objects = nil
	p.body.Refresh()
}

// load fetches the printer's details and the user's waiting jobs on it.
func (p *jobPanel) load(pr workflow.PrinterRow) {
	p.gen++
	gen := p.gen
	p.status.Importance = widget.MediumImportance
	p.title.SetText(pr.Name)
	p.status.SetText(lang.L("Loading {{.Printer}}…", args{"Printer": pr.Name}))
	p.body.Objects = nil
	p.body.Refresh()
	p.m.relayout()
	b := p.m.be()
	var d workflow.PrinterDetails
	var waiting []workflow.WaitingJob
	p.m.run(func(ctx context.Context) (err error) {
		if d, err = b.Details(ctx, pr.ID); err != nil {
			return err
		}
		waiting, err = b.WaitingJobs(ctx, pr.ID)
		return err
	}, func(err error) {
		if gen != p.gen {
			return
		}
		if err != nil {
			p.status.SetText("")
			p.m.showError(err)
			return
		}
		p.m.showError(nil)
		if p.m.printerLoaded(d, waiting) {
			p.build(d, waiting)
		}
	})
}

// build lays out the form for the printer d and the user's jobs on it that
// wait for a document.
func (p *jobPanel) build(d workflow.PrinterDetails, waiting []workflow.WaitingJob) {
	o, s := d.Options, d.Defaults.Normalize(d.Options)
	sentence := d.Readiness.Sentence
	if d.Location != "" {
		sentence = d.Location + ". " + sentence
	}
	p.status.SetText(strings.TrimSpace(sentence))
	if d.Readiness.CanPrint() {
		p.status.Importance = widget.MediumImportance
	} else {
		p.status.Importance = widget.DangerImportance // say it before anyone presses Print
	}
	p.status.Refresh()

	p.copies = widget.NewEntry()
	p.copies.SetText(strconv.Itoa(max(s.Copies, 1)))
	p.color = optionSelect(o.ColorModes, s.ColorMode)
	p.duplex = optionSelect(o.DuplexModes, s.DuplexMode)
	p.media = optionSelect(o.MediaSizes, s.MediaSize)
	p.orient = optionSelect(o.Orientations, s.Orientation)
	p.pages = widget.NewEntry()
	p.pages.SetPlaceHolder(lang.L("All pages, or e.g. 1-3,5"))
	p.pages.SetText(s.PageRanges)

	form := widget.NewForm(widget.NewFormItem(lang.L("Copies"), p.copies))
	for _, it := range []struct {
		label string
		sel   *widget.Select
	}{{lang.L("Color"), p.color}, {lang.L("Sides"), p.duplex}, {lang.L("Paper"), p.media}, {lang.L("Orientation"), p.orient}} {
		if len(it.sel.Options) > 1 {
			form.AppendItem(widget.NewFormItem(it.label, it.sel))
		}
	}
	if o.PageRanges {
		form.AppendItem(widget.NewFormItem(lang.L("Pages"), p.pages))
	}

	objs := []fyne.CanvasObject{}
	if c := p.printDialogCheck(d); c != nil {
		objs = append(objs, c)
	}
	if len(waiting) > 0 {
		names := make([]string, len(waiting))
		for i, j := range waiting {
			names[i] = j.Name
		}
		p.existing = widget.NewSelect(names, nil)
		p.existing.SetSelectedIndex(0)
		p.existing.Disable()
		p.mode = widget.NewRadioGroup([]string{lang.L(modeNew), lang.L(modeExisting)}, func(v string) {
			if v == lang.L(modeExisting) {
				p.existing.Enable()
			} else {
				p.existing.Disable()
			}
		})
		p.mode.Horizontal = true
		p.mode.Required = true
		p.mode.SetSelected(lang.L(modeNew))
		objs = append(objs, p.mode, p.existing)
	} else {
		p.mode, p.existing = nil, nil
	}
	objs = append(objs, form)
	p.body.Objects = objs
	p.body.Refresh()
	// The form changes the panel's height: the column must lay it out
	// again, or it keeps the height it had while loading (a Refresh of
	// the body alone does not reach its parents).
	p.m.relayout()
}

// optionSelect is a drop-down of supported wire values shown as words.
func optionSelect(values []string, selected string) *widget.Select {
	labels := make([]string, len(values))
	for i, v := range values {
		labels[i] = workflow.Label(v)
	}
	s := widget.NewSelect(labels, nil)
	for i, v := range values {
		if v == selected {
			s.SetSelectedIndex(i)
		}
	}
	return s
}

// wire maps a select's label back to its wire value.
func wire(s *widget.Select, values []string) string {
	if i := s.SelectedIndex(); i >= 0 && i < len(values) {
		return values[i]
	}
	return ""
}

// request returns the printer shown and the settings chosen, validated
// against it.
func (p *jobPanel) request() (d workflow.PrinterDetails, s workflow.JobSettings, jobID string, err error) {
	if p.m.view().printer == nil {
		return d, s, "", errNoPrinter()
	}
	d = *p.m.view().printer
	copies, convErr := strconv.Atoi(strings.TrimSpace(p.copies.Text))
	if convErr != nil {
		return d, s, "", &workflow.SettingError{Msg: lang.L("Copies must be a whole number, like 1 or 2.")}
	}
	o := d.Options
	s = workflow.JobSettings{
		Copies:      copies,
		ColorMode:   wire(p.color, o.ColorModes),
		DuplexMode:  wire(p.duplex, o.DuplexModes),
		MediaSize:   wire(p.media, o.MediaSizes),
		Orientation: wire(p.orient, o.Orientations),
		PageRanges:  strings.TrimSpace(p.pages.Text),
	}
	if err := s.Validate(o); err != nil {
		return d, s, "", err
	}
	if p.mode != nil && p.mode.Selected == lang.L(modeExisting) {
		jobID = p.m.view().waiting[p.existing.SelectedIndex()].ID
	}
	return d, s, jobID, nil
}
