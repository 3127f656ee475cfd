package ui

import (
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"printdrop/internal/ranges"
	pdwidget "printdrop/internal/ui/widget"
	"printdrop/internal/units"
	"printdrop/internal/workflow"
)

// progressView draws one print's progress: the document, its phase, the
// bar with the bytes the service has, the rate and time left, the range bar
// and the parts still missing. The window's own print and every print from
// another application use it, so both read the same. UI goroutine only.
type progressView struct {
	file    *widget.Label
	phase   *widget.Label
	bar     *widget.ProgressBar
	speed   *widget.Label
	ranges  *pdwidget.RangeBar
	missing *widget.Label
	shown   workflow.Event // what the widgets show, for the bar's text
}

func newProgressView() *progressView {
	v := &progressView{}
	v.file = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	v.file.Truncation = fyne.TextTruncateEllipsis
	v.phase = widget.NewLabel("")
	v.phase.Wrapping = fyne.TextWrapWord
	v.bar = widget.NewProgressBar()
	v.bar.TextFormatter = v.bytesText
	v.speed = widget.NewLabel("")
	v.speed.SizeName = theme.SizeNameCaptionText
	v.speed.Hide()
	v.ranges = pdwidget.NewRangeBar()
	v.missing = widget.NewLabel("")
	v.missing.Wrapping = fyne.TextWrapWord
	v.missing.SizeName = theme.SizeNameCaptionText
	v.missing.Hide()
	return v
}

// objects are the view's widgets, top to bottom.
func (v *progressView) objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{v.file, v.phase, v.bar, v.speed, v.ranges, v.missing}
}

func (v *progressView) bytesText() string {
	u := v.shown.Upload
	if u.Total == 0 {
		return ""
	}
	return lang.L("{{.Sent}} of {{.Total}}", args{"Sent": units.Bytes(u.Acked), "Total": units.Bytes(u.Total)})
}

// draw shows e. It reports whether a line came or went, so the caller
// lays its column out again.
func (v *progressView) draw(e workflow.Event) (resized bool) {
	v.shown = e
	u := e.Upload
	wasSpeed, wasMissing := v.speed.Hidden, v.missing.Hidden
	v.phase.SetText(e.Words())
	if u.Total > 0 {
		v.bar.SetValue(float64(u.Acked) / float64(u.Total))
	} else {
		v.bar.Refresh()
	}
	v.speed.SetText(speedText(u.Rate, u.Remaining))
	v.speed.Hidden = v.speed.Text == ""
	v.ranges.SetState(u.Total, u.Missing, u.InFlight)
	if len(u.Missing) > 0 && u.Acked > 0 {
		v.missing.SetText(missingWords(u.Missing))
	} else {
		v.missing.SetText("")
	}
	v.missing.Hidden = v.missing.Text == ""
	return wasSpeed != v.speed.Hidden || wasMissing != v.missing.Hidden
}

// missingWords says which parts of the document the service still needs,
// in the units people read ("Still missing: 8.19 MB to 12.3 MB, 20.0 MB to
// 24.0 MB"); the exact byte ranges are in the range bar's description.
func missingWords(set ranges.Set) string {
	const limit = 4
	parts := make([]string, 0, limit+1)
	for i, r := range set {
		if i == limit {
			parts = append(parts, lang.XN("missing.more", "and {{.Count}} more", len(set)-limit, args{"Count": len(set) - limit}))
			break
		}
		parts = append(parts, lang.L("{{.From}} to {{.To}}", args{"From": units.Bytes(r.Start), "To": units.Bytes(r.End + 1)}))
	}
	return lang.L("Still missing {{.Size}}: {{.Parts}}", args{"Size": units.Bytes(set.Size()), "Parts": strings.Join(parts, ", ")})
}

// speedText is "2.10 MB/s · about 12 s left"; empty when unknown.
func speedText(rate float64, eta time.Duration) string {
	if rate <= 0 {
		return ""
	}
	s := units.Rate(rate)
	if eta > 0 {
		s += " · " + lang.L("about {{.Time}} left", args{"Time": units.Duration(eta)})
	}
	return s
}
