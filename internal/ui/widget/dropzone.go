package widget

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// DropZone is the large, friendly target that tells people they can drop a
// file anywhere on the window, with a "Choose file…" button for those who
// prefer a dialog. The window receives the drop itself (Fyne delivers drops
// to windows, not widgets); the zone only shows it, highlighted while a drop
// is being handled or a file is ready.
type DropZone struct {
	widget.BaseWidget

	// OnChoose runs when the button or the zone itself is tapped.
	OnChoose func()

	title       string
	hint        string
	highlighted bool
}

// NewDropZone returns a zone with the standard wording and a hint line (for
// example the accepted formats); onChoose opens the file dialog.
func NewDropZone(hint string, onChoose func()) *DropZone {
	z := &DropZone{OnChoose: onChoose, title: lang.L("Drop a file here or choose one…"), hint: hint}
	z.ExtendBaseWidget(z)
	return z
}

// SetHint changes the second line, e.g. to say which file is ready or why
// the last one was refused.
func (z *DropZone) SetHint(hint string) {
	z.hint = hint
	z.Refresh()
}

// SetHighlighted switches the accent border and tint on or off.
func (z *DropZone) SetHighlighted(on bool) {
	z.highlighted = on
	z.Refresh()
}

// Highlighted reports whether the zone is drawn with its accent.
func (z *DropZone) Highlighted() bool { return z.highlighted }

// Tapped makes the whole zone a button: a big target is easier to hit.
func (z *DropZone) Tapped(*fyne.PointEvent) {
	if z.OnChoose != nil {
		z.OnChoose()
	}
}

// CreateRenderer is part of fyne.Widget.
func (z *DropZone) CreateRenderer() fyne.WidgetRenderer {
	z.ExtendBaseWidget(z)
	r := &dropZoneRenderer{zone: z, bg: canvas.NewRectangle(nil)}
	r.icon = widget.NewIcon(theme.UploadIcon())
	r.title = widget.NewLabelWithStyle(z.title, fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	r.hint = widget.NewLabel(z.hint)
	r.hint.Alignment = fyne.TextAlignCenter
	r.hint.Wrapping = fyne.TextWrapWord
	r.hint.SizeName = theme.SizeNameText
	r.button = NewButtonWithIcon(lang.L("Choose file…"), theme.FolderOpenIcon(), func() {
		if z.OnChoose != nil {
			z.OnChoose()
		}
	})
	r.content = container.NewVBox(
		container.NewCenter(container.NewGridWrap(fyne.NewSquareSize(48), r.icon)),
		r.title, r.hint, container.NewCenter(r.button))
	r.applyTheme()
	return r
}

type dropZoneRenderer struct {
	zone    *DropZone
	bg      *canvas.Rectangle
	icon    *widget.Icon
	title   *widget.Label
	hint    *widget.Label
	button  *Button
	content *fyne.Container
}

func (r *dropZoneRenderer) MinSize() fyne.Size {
	pad := r.zone.Theme().Size(theme.SizeNamePadding) * 4
	return r.content.MinSize().AddWidthHeight(pad*2, pad*2)
}

func (r *dropZoneRenderer) Layout(size fyne.Size) {
	r.bg.Resize(size)
	min := r.content.MinSize()
	pad := r.zone.Theme().Size(theme.SizeNamePadding) * 4
	w := size.Width - pad*2
	r.content.Resize(fyne.NewSize(w, min.Height))
	r.content.Move(fyne.NewPos(pad, (size.Height-min.Height)/2))
}

func (r *dropZoneRenderer) applyTheme() {
	th := r.zone.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	r.bg.CornerRadius = th.Size(theme.SizeNameInputRadius) * 2
	r.bg.StrokeWidth = 2
	if r.zone.highlighted {
		r.bg.FillColor = th.Color(theme.ColorNameSelection, v)
		r.bg.StrokeColor = th.Color(theme.ColorNamePrimary, v)
		r.icon.SetResource(theme.NewPrimaryThemedResource(theme.UploadIcon()))
	} else {
		r.bg.FillColor = th.Color(theme.ColorNameInputBackground, v)
		r.bg.StrokeColor = th.Color(theme.ColorNameInputBorder, v)
		r.icon.SetResource(theme.UploadIcon())
	}
}

func (r *dropZoneRenderer) Refresh() {
	r.title.SetText(r.zone.title)
	r.hint.SetText(r.zone.hint)
	r.hint.Hidden = r.zone.hint == ""
	r.applyTheme()
	r.Layout(r.zone.Size())
	r.bg.Refresh()
}

func (r *dropZoneRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.bg, r.content}
}

func (r *dropZoneRenderer) Destroy() {}
