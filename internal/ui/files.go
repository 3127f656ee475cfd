package ui

import (
	"errors"
	"fmt"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	pdwidget "printdrop/internal/ui/widget"
	"printdrop/internal/units"
)

var errNoPrinter = errors.New("choose a printer first: pick one in the list on the left")

// filesPanel is the drop zone, the queue of files to print and the Print
// button. Several files make several jobs, printed one after the other.
type filesPanel struct {
	m    *Window
	root *fyne.Container

	zone    *pdwidget.DropZone
	queue   []FileInfo
	list    *widget.Label
	refused *widget.Label
	print   *widget.Button
	clear   *widget.Button
	busy    bool

	// checking serialises file checks, so files land in the queue in the
	// order they were given even when two drops follow each other quickly.
	checking sync.Mutex
}

func newFilesPanel(m *Window) *filesPanel {
	p := &filesPanel{m: m}
	p.zone = pdwidget.NewDropZone("PDF, XPS or images, up to 1 GB", p.onChoose)
	p.list = widget.NewLabel("")
	p.list.Wrapping = fyne.TextWrapWord
	p.refused = widget.NewLabel("")
	p.refused.Wrapping = fyne.TextWrapWord
	p.refused.Importance = widget.DangerImportance
	p.refused.Hide()
	p.print = widget.NewButtonWithIcon("Print", theme.DocumentPrintIcon(), p.onPrint)
	p.print.Importance = widget.HighImportance
	p.clear = widget.NewButton("Clear", p.onClear)
	p.root = container.NewVBox(heading("File"), p.zone, p.list, p.refused,
		container.NewHBox(p.print, p.clear))
	p.update()
	return p
}

func (p *filesPanel) onChoose() {
	if p.m.opts.ChooseFile != nil {
		p.m.opts.ChooseFile(func(path string) { p.add([]string{path}) })
		return
	}
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		path := localPath(r.URI().Path())
		_ = r.Close()
		p.add([]string{path})
	}, p.m.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".pdf", ".PDF", ".xps", ".oxps", ".png", ".jpg", ".jpeg"}))
	d.Resize(fyne.NewSize(760, 520))
	d.Show()
}

// onDropped is the window's drop handler: every dropped file is checked at
// once and queued, or refused with the reason.
func (m *Window) onDropped(_ fyne.Position, uris []fyne.URI) {
	paths := make([]string, 0, len(uris))
	for _, u := range uris {
		if u.Scheme() == "file" {
			paths = append(paths, localPath(u.Path()))
		}
	}
	m.files.add(paths)
}

// add checks files and queues them, or says why not, as soon as the check
// ends. Checking opens each file and reads a few MiB to fingerprint it,
// which a network drive can make slow, so it runs off the UI goroutine.
func (p *filesPanel) add(paths []string) {
	if len(paths) == 0 {
		return
	}
	be := p.m.be()
	chosen := p.m.job.details // the printer shown now, not whichever loads next
	go func() {
		p.checking.Lock()
		defer p.checking.Unlock()
		var ok []FileInfo
		var refused []string
		for _, path := range paths {
			f, err := be.CheckFile(path, chosen)
			if err != nil {
				h, next, _ := be.Explain(err)
				refused = append(refused, strings.TrimSpace(h+" "+next))
				continue
			}
			ok = append(ok, f)
		}
		if p.m.ctx.Err() != nil {
			return // the window closed meanwhile
		}
		p.m.doWait(func() {
			p.queue = append(p.queue, ok...)
			p.refused.SetText(strings.Join(refused, "\n"))
			p.refused.Hidden = len(refused) == 0
			p.update()
		})
	}()
}

func (p *filesPanel) onClear() {
	p.queue = nil
	p.refused.Hidden = true
	p.update()
}

// update redraws the queue and whether Print can be pressed.
func (p *filesPanel) update() {
	var sb strings.Builder
	for i, f := range p.queue {
		if i > 0 {
			sb.WriteString("\n")
		}
		fmt.Fprintf(&sb, "%s, %s", f.Name, units.Bytes(f.Size))
	}
	p.list.SetText(sb.String())
	p.list.Hidden = len(p.queue) == 0
	p.zone.SetHighlighted(len(p.queue) > 0)
	switch len(p.queue) {
	case 0:
		p.zone.SetHint("PDF, XPS or images, up to 1 GB")
	case 1:
		p.zone.SetHint("Ready: " + p.queue[0].Name)
	default:
		p.zone.SetHint(fmt.Sprintf("%d files ready, printed one after the other", len(p.queue)))
	}
	d := p.m.job.details
	ready := len(p.queue) > 0 && d != nil && d.Readiness.CanPrint() && !p.busy
	if ready {
		p.print.Enable()
	} else {
		p.print.Disable()
	}
	if len(p.queue) > 0 && !p.busy {
		p.clear.Enable()
	} else {
		p.clear.Disable()
	}
}

// onPrint sends the first queued file; when it ends, the next follows.
func (p *filesPanel) onPrint() {
	if p.busy || len(p.queue) == 0 {
		return
	}
	printer, settings, jobID, err := p.m.job.request()
	if err != nil {
		p.m.showError(err)
		return
	}
	p.m.showError(nil)
	f := p.queue[0]
	p.queue = p.queue[1:]
	p.busy = true
	p.update()
	p.m.upload.begin(PrintRequest{Printer: printer, File: f, Settings: settings, JobID: jobID})
}

// finished is called when a print ends: the next queued file, if any and
// the last one went well, starts right away.
func (p *filesPanel) finished(ok bool) {
	p.busy = false
	p.update()
	if ok && len(p.queue) > 0 {
		p.onPrint()
	}
}
