package bridge

import (
	"slices"

	"github.com/OpenPrinting/goipp"

	"printdrop/internal/workflow"
)

// choice pairs an IPP keyword or enum with the Universal Print value it
// means; an empty up value leaves the setting to the printer's default.
type choice struct {
	ipp string
	up  string
}

// mediaSize is a paper size in both vocabularies, with its PWG dimensions
// in hundredths of a millimetre (what media-col carries).
type mediaSize struct {
	up, pwg string
	x, y    int
}

// mediaSizes are the sizes Universal Print names, as PWG 5101.1 names them.
var mediaSizes = []mediaSize{
	{"A3", "iso_a3_297x420mm", 29700, 42000},
	{"A4", "iso_a4_210x297mm", 21000, 29700},
	{"A5", "iso_a5_148x210mm", 14800, 21000},
	{"A6", "iso_a6_105x148mm", 10500, 14800},
	{"B4", "iso_b4_250x353mm", 25000, 35300},
	{"B5", "iso_b5_176x250mm", 17600, 25000},
	{"JIS B4", "jis_b4_257x364mm", 25700, 36400},
	{"JIS B5", "jis_b5_182x257mm", 18200, 25700},
	{"North America Letter", "na_letter_8.5x11in", 21590, 27940},
	{"North America Legal", "na_legal_8.5x14in", 21590, 35560},
	{"North America Executive", "na_executive_7.25x10.5in", 18415, 26670},
	{"North America Tabloid", "na_ledger_11x17in", 27940, 43180},
	{"North America Statement", "na_invoice_5.5x8.5in", 13970, 21590},
}

// mediaByUP finds a size by its Universal Print name.
func mediaByUP(up string) (mediaSize, bool) {
	for _, m := range mediaSizes {
		if m.up == up {
			return m, true
		}
	}
	return mediaSize{}, false
}

// mediaBySize finds a size by its dimensions, within a millimetre (the
// rounding of inch sizes differs between clients).
func mediaBySize(x, y int) (mediaSize, bool) {
	for _, m := range mediaSizes {
		if abs(m.x-x) <= 100 && abs(m.y-y) <= 100 {
			return m, true
		}
	}
	return mediaSize{}, false
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// sidesChoices maps IPP sides to duplexMode.
var sidesChoices = []choice{
	{"one-sided", "oneSided"},
	{"two-sided-long-edge", "flipOnLongEdge"},
	{"two-sided-short-edge", "flipOnShortEdge"},
}

// qualityChoices maps print-quality enums (3 draft, 4 normal, 5 high).
var qualityChoices = []choice{{"3", "low"}, {"4", "medium"}, {"5", "high"}}

// orientationChoices maps orientation-requested enums.
var orientationChoices = []choice{
	{"3", "portrait"}, {"4", "landscape"}, {"5", "reverseLandscape"}, {"6", "reversePortrait"},
}

// options are one printer's IPP choices, derived from its share.
type options struct {
	media       []mediaSize
	sides       []choice
	color       []choice
	quality     []choice
	orientation []choice
	maxCopies   int
	isColor     bool
	collates    bool // the share collates copies
}

// filter keeps the choices whose Universal Print value is supported.
func filter(all []choice, supported []string) []choice {
	var out []choice
	for _, c := range all {
		if slices.Contains(supported, c.up) {
			out = append(out, c)
		}
	}
	return out
}

// optionsOf lists only what the share supports. A setting the share does
// not describe gets one IPP value meaning "the printer's default", because
// CUPS needs a value to build its PPD.
func optionsOf(p workflow.Printer) options {
	o := p.Options
	var opt options
	for _, name := range o.MediaSizes {
		if m, ok := mediaByUP(name); ok {
			opt.media = append(opt.media, m)
		}
	}
	if len(opt.media) == 0 {
		a4, _ := mediaByUP("A4")
		a4.up = ""
		opt.media = []mediaSize{a4}
	}
	opt.sides = filter(sidesChoices, o.DuplexModes)
	if len(opt.sides) == 0 {
		opt.sides = []choice{{"one-sided", ""}}
	}
	// monochrome is the gray the printer offers (grayscale, else black and
	// white); bi-level is pure black and white when both exist.
	has := func(v string) bool { return slices.Contains(o.ColorModes, v) }
	switch {
	case has("grayscale"):
		opt.color = append(opt.color, choice{"monochrome", "grayscale"})
		if has("blackAndWhite") {
			opt.color = append(opt.color, choice{"bi-level", "blackAndWhite"})
		}
	case has("blackAndWhite"):
		opt.color = append(opt.color, choice{"monochrome", "blackAndWhite"})
	}
	if has("color") {
		opt.color = append(opt.color, choice{"color", "color"})
		opt.isColor = true
	}
	if has("auto") {
		opt.color = append(opt.color, choice{"auto", "auto"})
	}
	if len(opt.color) == 0 {
		opt.color = []choice{{"auto", ""}}
	}
	opt.quality = filter(qualityChoices, o.Qualities)
	if len(opt.quality) == 0 {
		opt.quality = []choice{{"4", ""}}
	}
	opt.orientation = filter(orientationChoices, o.Orientations)
	if len(opt.orientation) == 0 {
		opt.orientation = []choice{{"3", ""}}
	}
	opt.collates = o.Collation
	opt.maxCopies = o.MaxCopies
	if opt.maxCopies <= 0 {
		opt.maxCopies = 1 // unknown: one copy per job is what certainly works
	}
	return opt
}

// ippOf returns the IPP value for an Universal Print value, or the first
// choice when the printer's value is unknown.
func ippOf(list []choice, up string) string {
	for _, c := range list {
		if c.up == up && up != "" {
			return c.ipp
		}
	}
	return list[0].ipp
}

// upOf returns the Universal Print value for an IPP one.
func upOf(list []choice, ipp string) (string, bool) {
	for _, c := range list {
		if c.ipp == ipp {
			return c.up, true
		}
	}
	return "", false
}

// defaultMedia is the printer's default size, as offered.
func (o options) defaultMedia(p workflow.Printer) mediaSize {
	for _, m := range o.media {
		if m.up == p.Defaults.MediaSize && m.up != "" {
			return m
		}
	}
	return o.media[0]
}

// settingsFrom reads the job template attributes of a request into
// settings, starting from the printer's defaults. Values the printer does
// not support come back as unsupported attributes (the job then uses the
// default for them, or is refused when the client asked for fidelity).
func settingsFrom(p workflow.Printer, o options, job goipp.Attributes) (workflow.JobSettings, goipp.Attributes) {
	s := p.Defaults
	var unsupported goipp.Attributes
	bad := func(a goipp.Attribute) { unsupported.Add(a) }
	for _, a := range job {
		if len(a.Values) == 0 {
			continue
		}
		v := a.Values[0].V
		switch a.Name {
		case "copies":
			n, ok := v.(goipp.Integer)
			if !ok || n < 1 || int(n) > o.maxCopies {
				bad(a)
				continue
			}
			s.Copies = int(n)
		case "multiple-document-handling":
			switch v.String() {
			case "separate-documents-collated-copies":
				if o.collates {
					s.Collate = workflowBool(true)
				}
			case "separate-documents-uncollated-copies":
				if o.collates {
					s.Collate = workflowBool(false)
				}
			default:
				bad(a)
			}
		case "sides", "print-color-mode", "print-quality", "orientation-requested":
			list, field := o.choicesFor(a.Name, &s)
			if up, ok := upOf(list, v.String()); ok {
				*field = up
			} else {
				bad(a)
			}
		case "media":
			if m, ok := o.mediaNamed(v.String()); ok {
				s.MediaSize = m.up
			} else {
				bad(a)
			}
		case "media-col":
			if m, ok := o.mediaOfCol(v); ok {
				s.MediaSize = m.up
			} else {
				bad(a)
			}
		}
	}
	return s, unsupported
}

// mediaNamed finds an offered size by PWG name.
func (o options) mediaNamed(name string) (mediaSize, bool) {
	for _, m := range o.media {
		if m.pwg == name {
			return m, true
		}
	}
	return mediaSize{}, false
}

// mediaOfCol finds an offered size from a media-col collection: by
// media-size dimensions, or by media-size-name.
func (o options) mediaOfCol(v goipp.Value) (mediaSize, bool) {
	col, ok := v.(goipp.Collection)
	if !ok {
		return mediaSize{}, false
	}
	for _, m := range col {
		if len(m.Values) == 0 {
			continue
		}
		switch m.Name {
		case "media-size-name":
			return o.mediaNamed(m.Values[0].V.String())
		case "media-size":
			size, ok := m.Values[0].V.(goipp.Collection)
			if !ok {
				return mediaSize{}, false
			}
			var x, y int
			for _, d := range size {
				if len(d.Values) == 0 {
					continue
				}
				n, _ := d.Values[0].V.(goipp.Integer)
				switch d.Name {
				case "x-dimension":
					x = int(n)
				case "y-dimension":
					y = int(n)
				}
			}
			want, ok := mediaBySize(x, y)
			if !ok {
				return mediaSize{}, false
			}
			return o.mediaNamed(want.pwg)
		}
	}
	return mediaSize{}, false
}

// choicesFor returns the choices offered for a keyword job attribute and
// the setting its Universal Print value goes to.
func (o options) choicesFor(attr string, s *workflow.JobSettings) ([]choice, *string) {
	switch attr {
	case "sides":
		return o.sides, &s.DuplexMode
	case "print-color-mode":
		return o.color, &s.ColorMode
	case "print-quality":
		return o.quality, &s.Quality
	default: // orientation-requested
		return o.orientation, &s.Orientation
	}
}

// workflowBool returns a pointer to b, for the optional settings.
func workflowBool(b bool) *bool { return &b }
