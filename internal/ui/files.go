package ui

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	pdwidget "printdrop/internal/ui/widget"
	"printdrop/internal/units"
	"printdrop/internal/workflow"
)

// errNoPrinter is made when asked: it is in the user's language.
func errNoPrinter() error {
	return errors.New(lang.L("choose a printer first: pick one in the list on the left"))
}

// acceptedFiles is the drop zone's hint while nothing is queued.
func acceptedFiles() string { return lang.L("PDF, XPS or images, up to 1 GB") }

// filesPanel is the drop zone, the queue of files to print and the Print
// button. Several files make several jobs, printed one after the other.
type filesPanel struct {
	m    filesHost
	root *fyne.Container

	zone *pdwidget.DropZone
	list *widget.Label
	// refused, print and clear sit in the action bar, where Print and
	// what keeps it from printing are always in view.
	refused *widget.Label
	print   *pdwidget.Button
	clear   *pdwidget.Button

	// lastDir is the folder of the file given last, where the file
	// chooser opens. UI goroutine only.
	lastDir string

	// checking serialises file checks, so files land in the queue in the
	// order they were given even when two drops follow each other quickly.
	checking sync.Mutex
}

func newFilesPanel(m *Window) *filesPanel {
	p := &filesPanel{m: m}
	p.zone = pdwidget.NewDropZone(acceptedFiles(), p.onChoose)
	p.list = widget.NewLabel("")
	p.list.Wrapping = fyne.TextWrapWord
	p.refused = widget.NewLabel("")
	p.refused.Wrapping = fyne.TextWrapWord
	p.refused.Importance = widget.DangerImportance
	p.refused.Hide()
	p.print = pdwidget.NewButtonWithIcon(lang.L("Print"), theme.DocumentPrintIcon(), m.startPrint)
	p.print.Importance = widget.HighImportance
	p.clear = pdwidget.NewButton(lang.L("Clear"), m.clearQueue)
	p.root = container.NewVBox(heading(lang.L("File")), p.zone, p.list)
	return p
}

func (p *filesPanel) onChoose() {
	if p.m.options().ChooseFile != nil {
		p.m.options().ChooseFile(func(path string) { p.add([]string{path}) })
		return
	}
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		path := localPath(r.URI().Path())
		_ = r.Close()
		p.add([]string{path})
	}, p.m.fyneWindow())
	d.SetFilter(storage.NewExtensionFileFilter(workflow.ChooserExtensions()))
	if dir := p.lastDir; dir != "" {
		// Where the last file came from, not $HOME: the next one is
		// most often beside it.
		if l, err := storage.ListerForURI(storage.NewFileURI(dir)); err == nil {
			d.SetLocation(l)
		}
	}
	d.Resize(fyne.NewSize(760, 520))
	p.m.showDialog(d)
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
	p.lastDir = filepath.Dir(paths[len(paths)-1])
	be := p.m.be()
	chosen := p.m.view().printer // the printer shown now, not whichever loads next
	go func() {
		p.checking.Lock()
		defer p.checking.Unlock()
		var ok []workflow.FileInfo
		var refused []string
		for _, path := range paths {
			f, err := be.CheckFile(path, chosen)
			if err != nil {
				h, next, _ := be.Explain(err)
				refused = append(refused, sentences(h, next))
				continue
			}
			ok = append(ok, f)
		}
		if p.m.context().Err() != nil {
			return // the window closed meanwhile
		}
		p.m.doWait(func() { p.m.queueFiles(ok, refused) })
	}()
}

// showRefused says why files were not queued; nil hides it.
func (p *filesPanel) showRefused(refused []string) {
	p.refused.SetText(strings.Join(refused, "\n"))
	p.refused.Hidden = len(refused) == 0
}

// render draws the queue and whether Print and Clear can be pressed.
func (p *filesPanel) render() {
	s := p.m.view()
	queue := s.queue
	var sb strings.Builder
	for i, f := range queue {
		if i > 0 {
			sb.WriteString("\n")
		}
		fmt.Fprintf(&sb, "%s, %s", f.Name, units.Bytes(f.Size))
		if s.printer != nil {
			if b := s.printer.Becomes(f); b != "" {
				sb.WriteString(": " + b) // "photo.jpg, 2.1 MB: 1 page, as PDF"
			}
		}
	}
	p.list.SetText(sb.String())
	p.list.Hidden = len(queue) == 0
	p.zone.SetHighlighted(len(queue) > 0)
	if len(queue) == 0 {
		p.zone.SetHint(acceptedFiles())
	} else {
		p.zone.SetHint(lang.L("Drop more files to print them next"))
	}
	if s.canPrint() {
		p.print.Enable()
	} else {
		p.print.Disable()
	}
	if len(queue) > 0 && s.print != printing {
		p.clear.Enable()
	} else {
		p.clear.Disable()
	}
}

// sentences joins a headline and its next step as two sentences: the
// headline comes without its full stop, which the reader still needs.
func sentences(headline, next string) string {
	headline = strings.TrimSpace(headline)
	if r, _ := utf8.DecodeLastRuneInString(headline); headline != "" && !strings.ContainsRune(".!?。！？", r) {
		headline += "."
	}
	return strings.TrimSpace(headline + " " + next)
}
