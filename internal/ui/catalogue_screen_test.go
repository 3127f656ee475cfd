package ui

import (
	"regexp"
	"strings"
	"testing"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	pdwidget "printdrop/internal/ui/widget"
	"printdrop/internal/upload"
	"printdrop/internal/workflow"
)

// textsOnScreen are the words the window shows: labels, buttons, check
// boxes, choices, placeholders, rich text and the menu bar.
func textsOnScreen(w fyne.Window) []string {
	var out []string
	objs := test.LaidOutObjects(w.Content())
	for _, o := range w.Canvas().Overlays().List() {
		objs = append(objs, test.LaidOutObjects(o)...)
	}
	for _, o := range objs {
		if h, ok := o.(interface{ Visible() bool }); ok && !h.Visible() {
			continue
		}
		switch o := o.(type) {
		case *widget.Label:
			out = append(out, o.Text)
		case *pdwidget.Button:
			out = append(out, o.Text)
		case *widget.Button:
			out = append(out, o.Text)
		case *widget.Check:
			out = append(out, o.Text)
		case *widget.Entry:
			out = append(out, o.PlaceHolder)
		case *widget.Select:
			out = append(out, o.Options...)
		case *widget.RadioGroup:
			out = append(out, o.Options...)
		case *widget.RichText:
			var sb strings.Builder
			for _, s := range o.Segments {
				sb.WriteString(s.Textual())
			}
			out = append(out, sb.String())
		}
	}
	if m := w.MainMenu(); m != nil {
		for _, menu := range m.Items {
			out = append(out, menu.Label)
			for _, it := range menu.Items {
				out = append(out, it.Label)
			}
		}
	}
	return out
}

// catalogueMatcher tells whether a text is an English catalogue value, its
// placeholders standing for any value.
func catalogueMatcher(t *testing.T) func(string) bool {
	var res []*regexp.Regexp
	for _, e := range readCatalogue(t, "en") {
		for _, v := range e.texts() {
			if strings.TrimFunc(placeholder.ReplaceAllString(v, ""), notAWord) == "" {
				continue // only placeholders ("{{.Weekday}} {{.Day}}…"): no words of its own, and it would match anything
			}
			// Each placeholder, as QuoteMeta writes it, stands for any value.
			pattern := quotedPlaceholder.ReplaceAllString(regexp.QuoteMeta(v), `.+`)
			res = append(res, regexp.MustCompile(`^`+pattern+`$`))
		}
	}
	return func(s string) bool {
		for _, re := range res {
			if re.MatchString(s) {
				return true
			}
		}
		return false
	}
}

// fakeData are the words that come from the fake backend (names, places,
// the fake's own status sentences), not from PrintDrop.
func fakeData() map[string]bool {
	data := map[string]bool{"Adele Vance": true, "adele@contoso.example": true, "report.pdf": true, "Uploading": true, "Uploaded": true}
	for _, page := range seedPrinters() {
		for _, pr := range page {
			data[pr.Name], data[pr.Location], data[pr.Readiness.Sentence], data[pr.Model] = true, true, true, true
		}
	}
	d := seedDetails()
	data[d.Name], data[d.Location], data[d.Readiness.Sentence] = true, true, true
	for _, m := range d.Options.MediaSizes {
		data[m] = true
	}
	return data
}

// notAWord is a space or punctuation between placeholders.
func notAWord(r rune) bool { return unicode.IsSpace(r) || unicode.IsPunct(r) }

var quotedPlaceholder = regexp.MustCompile(`\\\{\\\{\s*\\\.\w+\s*\\\}\\\}`)

var percent = regexp.MustCompile(` \d+%$`)

var sizeOrNumber = regexp.MustCompile(`^[\d.,  ]+( ?[kMG]?B(/s)?| s| min)?$`)

// shownWord reports whether s reads as PrintDrop's words: a catalogue
// value, data, or such parts joined the ways the window joins them.
func shownWord(s string, inCatalogue func(string) bool, data map[string]bool) bool {
	s = percent.ReplaceAllString(strings.TrimSpace(s), "") // the upload's share, after its phase
	bare := strings.TrimSuffix(s, ".")                     // a status ends the bar's sentence
	if s == "" || data[s] || data[bare] || inCatalogue(s) || inCatalogue(bare) || sizeOrNumber.MatchString(s) {
		return true
	}
	for _, sep := range []string{"\n", " · ", " → ", ": ", ". ", ", "} {
		if parts := strings.Split(s, sep); len(parts) > 1 {
			ok := true
			for _, p := range parts {
				ok = ok && shownWord(p, inCatalogue, data)
			}
			if ok {
				return true
			}
		}
	}
	return false
}

// TestEveryWordOnScreenIsInTheCatalogue walks the window's widgets signed
// out, with a printer chosen and a file queued, while uploading and after
// the job printed: a text that is neither a catalogue value (en.json) nor
// the fake backend's data was set without lang and would stay English.
func TestEveryWordOnScreenIsInTheCatalogue(t *testing.T) {
	inCatalogue, data := catalogueMatcher(t), fakeData()
	check := func(state string, w fyne.Window) {
		t.Helper()
		texts := textsOnScreen(w)
		if len(texts) < 5 {
			t.Fatalf("%s: only %d texts found: the walk misses the widgets", state, len(texts))
		}
		for _, s := range texts {
			if !shownWord(s, inCatalogue, data) {
				t.Errorf("%s: %q is on screen but not in the catalogue", state, s)
			}
		}
	}

	out := newHarness(t, &fakeBackend{}, Options{})
	out.until("sign-in button", func() bool { return findButton(out.w.account.root, "Sign in") != nil })
	check("signed out", out.fw)

	f := signedInFake()
	f.lastShare = "s1"
	h := newHarness(t, f, Options{})
	startUpload(t, f, h)
	f.printing.onEvent(uploading("Uploading", upload.Progress{Acked: 24_000_000, Total: 40_000_000, Rate: 4_200_000, Remaining: 4_000_000_000}))
	h.w.upload.flush()
	check("uploading", h.fw)
	f.printing.end <- workflow.JobStatus{State: "completed", Terminal: true, Succeeded: true}
	h.until("completed", func() bool { return h.w.upload.printing == nil && !h.w.status.root.Hidden })
	check("printed", h.fw)

	if shownWord("Press the big red button", inCatalogue, data) {
		t.Error("a sentence in no catalogue passes: the check cannot fail")
	}
}
