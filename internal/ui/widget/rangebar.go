package widget

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"printdrop/internal/ranges"
	"printdrop/internal/units"
)

// RangeBar draws a document being uploaded as the server sees it: bytes it
// has received, bytes on the wire right now, and the gaps still missing.
// Unlike a progress bar it shows where the holes are, which is what a
// resumed or retried upload looks like.
type RangeBar struct {
	widget.BaseWidget

	size     int64
	missing  ranges.Set
	inFlight ranges.Set
}

// NewRangeBar returns an empty bar (nothing known yet).
func NewRangeBar() *RangeBar {
	b := &RangeBar{}
	b.ExtendBaseWidget(b)
	return b
}

// SetState replaces what the bar shows: the document size, the ranges the
// server still misses (as it last reported them) and the ranges being sent.
// Everything not missing counts as received. Call it on the UI goroutine.
func (b *RangeBar) SetState(size int64, missing, inFlight ranges.Set) {
	b.size, b.missing, b.inFlight = size, missing, inFlight
	b.Refresh()
}

// Received is the set of bytes the server has.
func (b *RangeBar) Received() ranges.Set {
	return ranges.Full(b.size).Subtract(b.missing)
}

// Describe is the bar's text alternative, for screen readers and for
// people who prefer numbers: how much arrived, what is on the wire and which
// parts are missing.
func (b *RangeBar) Describe() string {
	if b.size <= 0 {
		return "Nothing uploaded yet."
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "Received %s of %s.", units.Bytes(b.Received().Size()), units.Bytes(b.size))
	if n := len(b.inFlight); n > 0 {
		fmt.Fprintf(&sb, " Sending %s in %s.", units.Bytes(b.inFlight.Size()), plural(n, "part"))
	}
	if len(b.missing) > 0 {
		fmt.Fprintf(&sb, " Missing %s: %s.", plural(len(b.missing), "part"), MissingText(b.missing, 4))
	}
	return sb.String()
}

// MissingText lists byte ranges for people ("0-4095999, 8192000-12287999"),
// at most limit of them followed by how many more there are.
func MissingText(set ranges.Set, limit int) string {
	parts := set.Strings()
	if limit > 0 && len(parts) > limit {
		return strings.Join(parts[:limit], ", ") + fmt.Sprintf(" and %d more", len(parts)-limit)
	}
	return strings.Join(parts, ", ")
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// CreateRenderer is part of fyne.Widget.
func (b *RangeBar) CreateRenderer() fyne.WidgetRenderer {
	b.ExtendBaseWidget(b)
	r := &rangeBarRenderer{bar: b, track: canvas.NewRectangle(nil)}
	r.applyTheme()
	return r
}

// rangeBarRenderer keeps one rectangle per visible span and reuses them
// between refreshes, so a bar updated 30 times a second allocates little.
type rangeBarRenderer struct {
	bar      *RangeBar
	track    *canvas.Rectangle
	received []*canvas.Rectangle
	inFlight []*canvas.Rectangle
	objects  []fyne.CanvasObject
}

func (r *rangeBarRenderer) MinSize() fyne.Size {
	th := r.bar.Theme()
	return fyne.NewSize(th.Size(theme.SizeNamePadding)*10, th.Size(theme.SizeNameInnerPadding)*2+2)
}

func (r *rangeBarRenderer) Layout(size fyne.Size) {
	r.track.Resize(size)
	r.track.Move(fyne.NewPos(0, 0))
	r.received = r.place(r.received, pixelSpans(r.bar.Received(), r.bar.size, size.Width), size.Height, theme.ColorNamePrimary)
	r.inFlight = r.place(r.inFlight, pixelSpans(r.bar.inFlight, r.bar.size, size.Width), size.Height, theme.ColorNameWarning)
	r.objects = r.objects[:0]
	r.objects = append(r.objects, r.track)
	for _, o := range r.received {
		r.objects = append(r.objects, o)
	}
	for _, o := range r.inFlight {
		r.objects = append(r.objects, o)
	}
}

// place sizes rects to spans, growing or shrinking the pool as needed.
func (r *rangeBarRenderer) place(rects []*canvas.Rectangle, spans []span, height float32, c fyne.ThemeColorName) []*canvas.Rectangle {
	th := r.bar.Theme()
	fill := th.Color(c, fyne.CurrentApp().Settings().ThemeVariant())
	for len(rects) < len(spans) {
		rects = append(rects, canvas.NewRectangle(fill))
	}
	rects = rects[:len(spans)]
	for i, s := range spans {
		rects[i].FillColor = fill
		rects[i].Move(fyne.NewPos(s.x0, 0))
		rects[i].Resize(fyne.NewSize(s.x1-s.x0, height))
	}
	return rects
}

func (r *rangeBarRenderer) applyTheme() {
	th := r.bar.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	r.track.FillColor = th.Color(theme.ColorNameInputBackground, v)
	r.track.StrokeColor = th.Color(theme.ColorNameInputBorder, v)
	r.track.StrokeWidth = 1
}

func (r *rangeBarRenderer) Refresh() {
	r.applyTheme()
	r.Layout(r.bar.Size())
	canvas.Refresh(r.bar)
}

func (r *rangeBarRenderer) Objects() []fyne.CanvasObject {
	if len(r.objects) == 0 {
		return []fyne.CanvasObject{r.track}
	}
	return r.objects
}

func (r *rangeBarRenderer) Destroy() {}
