package workflow

import (
	"printdrop/internal/say"
	"slices"
	"strings"
)

// JobSettings are the choices a user makes for one print job. Enumerated
// values use the service's wire names ("color", "flipOnLongEdge"); Label
// turns them into words. Empty strings mean "the printer's default" and are
// not sent.
type JobSettings struct {
	Copies      int
	ColorMode   string
	DuplexMode  string
	MediaSize   string
	Orientation string
	PageRanges  string // as typed: "1-3,5"; empty means all pages
	// Quality is "low", "medium" or "high"; the window does not offer it,
	// print dialogs do (through the bridge).
	Quality string
	// Collate asks for collated copies (1,2,3,1,2,3) when true and the
	// printer can collate; nil leaves it to the printer. Print dialogs ask
	// for it (through the bridge); the window does not offer it.
	Collate *bool
}

// JobOptions are the values a printer supports, derived from its
// capabilities. A nil list means the printer did not say, and then only
// "default" (empty) is accepted for that setting.
type JobOptions struct {
	MinCopies, MaxCopies int // MaxCopies 0: the printer did not say
	ColorModes           []string
	DuplexModes          []string
	MediaSizes           []string
	Orientations         []string
	Qualities            []string
	PageRanges           bool // whether page ranges can be chosen
	Collation            bool // whether the printer collates copies
}

// restrict returns def if the printer supports it, else the first value it
// supports, else "" (leave it to the printer).
func restrict(def string, supported []string) string {
	if def != "" && slices.Contains(supported, def) {
		return def
	}
	if len(supported) > 0 && def != "" {
		return supported[0]
	}
	return ""
}

// Normalize fits s to what the printer supports: unknown values fall back
// to the first supported one and copies into the allowed range. It is how
// defaults from a printer that contradicts its own capabilities become a
// form the user can submit.
func (s JobSettings) Normalize(o JobOptions) JobSettings {
	if s.Copies < max(1, o.MinCopies) {
		s.Copies = max(1, o.MinCopies)
	}
	if o.MaxCopies > 0 && s.Copies > o.MaxCopies {
		s.Copies = o.MaxCopies
	}
	s.ColorMode = restrict(s.ColorMode, o.ColorModes)
	s.DuplexMode = restrict(s.DuplexMode, o.DuplexModes)
	s.MediaSize = restrict(s.MediaSize, o.MediaSizes)
	s.Orientation = restrict(s.Orientation, o.Orientations)
	s.Quality = restrict(s.Quality, o.Qualities)
	if !o.PageRanges {
		s.PageRanges = ""
	}
	return s
}

// Validate checks s against what the printer supports and returns a
// *SettingError naming the first field that does not fit, with a sentence
// such as "This printer prints at most 99 copies.".
func (s JobSettings) Validate(o JobOptions) error {
	lo := max(1, o.MinCopies)
	switch {
	case s.Copies < lo && lo == 1:
		return settingError(FieldCopies, saying{head: say.T("Print at least 1 copy")})
	case s.Copies < lo:
		return settingError(FieldCopies, saying{head: say.N("setting.atLeastCopies", lo, "This printer prints at least {{.Count}} copies")})
	case o.MaxCopies > 0 && s.Copies > o.MaxCopies:
		if o.MaxCopies == 1 {
			return settingError(FieldCopies, saying{say.T("This printer prints 1 copy per job"), say.T("print it again for more.")})
		}
		return settingError(FieldCopies, saying{head: say.N("setting.atMostCopies", o.MaxCopies, "This printer prints at most {{.Count}} copies")})
	}
	checks := []struct {
		field, v  string
		supported []string
	}{
		{FieldColor, s.ColorMode, o.ColorModes},
		{FieldDuplex, s.DuplexMode, o.DuplexModes},
		{FieldMedia, s.MediaSize, o.MediaSizes},
		{FieldOrientation, s.Orientation, o.Orientations},
		{FieldQuality, s.Quality, o.Qualities},
	}
	for _, c := range checks {
		if c.v == "" || slices.Contains(c.supported, c.v) {
			continue
		}
		return unsupportedSetting(c.field, c.v, c.supported)
	}
	if strings.TrimSpace(s.PageRanges) != "" {
		if !o.PageRanges {
			return settingError(FieldPages, saying{say.T("This printer always prints the whole document"), say.T("clear the page ranges.")})
		}
		if _, err := ParsePageRanges(s.PageRanges); err != nil {
			return err
		}
	}
	return nil
}

// settingWords are the words for each setting in a refusal that names it
// ("This printer cannot use the two-sided setting …"): a printer's
// "no choice" and "cannot use" sentences, one per setting, since
// languages inflect the setting's name and its article differently.
var settingWords = map[string]struct{ none, cannot string }{
	FieldColor: {"This printer does not offer a choice of color mode",
		`This printer cannot use the color mode "{{.Value}}"`},
	FieldDuplex: {"This printer does not offer a choice of two-sided setting",
		`This printer cannot use the two-sided setting "{{.Value}}"`},
	FieldMedia: {"This printer does not offer a choice of paper size",
		`This printer cannot use the paper size "{{.Value}}"`},
	FieldOrientation: {"This printer does not offer a choice of orientation",
		`This printer cannot use the orientation "{{.Value}}"`},
	FieldQuality: {"This printer does not offer a choice of print quality",
		`This printer cannot use the print quality "{{.Value}}"`},
}

// unsupportedSetting refuses the value v of field, which the printer does
// not list among supported.
func unsupportedSetting(field, v string, supported []string) *SettingError {
	w := settingWords[field]
	if len(supported) == 0 {
		return settingError(field, saying{say.T(w.none), say.T("leave it at the default.")})
	}
	return settingError(field, saying{say.T(w.cannot, say.Args{"Value": Label(v)}),
		say.T("choose {{.Choices}}.", say.Args{"Choices": labelList(supported)})})
}

// labelList writes "A, B or C" with labels.
func labelList(values []string) string {
	labels := make([]string, len(values))
	for i, v := range values {
		labels[i] = Label(v)
	}
	return orList(labels)
}

// labels are the words shown for the service's enumerated values.
var labels = map[string]string{
	"blackAndWhite":    "Black and white",
	"grayscale":        "Grayscale",
	"color":            "Color",
	"auto":             "Automatic",
	"oneSided":         "One-sided",
	"flipOnLongEdge":   "Two-sided (long edge)",
	"flipOnShortEdge":  "Two-sided (short edge)",
	"portrait":         "Portrait",
	"landscape":        "Landscape",
	"reversePortrait":  "Portrait (upside down)",
	"reverseLandscape": "Landscape (upside down)",
}

// aliases are the short names the command line accepts besides the wire
// names and labels.
var aliases = map[string]string{
	"bw": "blackAndWhite", "mono": "blackAndWhite", "black-and-white": "blackAndWhite",
	"gray": "grayscale", "grey": "grayscale", "greyscale": "grayscale", "colour": "color",
	"one-sided": "oneSided", "simplex": "oneSided", "off": "oneSided", "none": "oneSided",
	"long": "flipOnLongEdge", "long-edge": "flipOnLongEdge", "on": "flipOnLongEdge", "two-sided": "flipOnLongEdge",
	"short": "flipOnShortEdge", "short-edge": "flipOnShortEdge",
	"letter": "North America Letter", "legal": "North America Legal",
}

// Label returns the words for a wire value in the user's language
// ("flipOnLongEdge" -> "Two-sided (long edge)"); values without a label
// (media sizes) are shown as they are.
func Label(v string) string {
	if l, ok := labels[v]; ok {
		return say.T(l)
	}
	return v
}

// ResolveOption finds the supported value the user meant by input: a wire
// value, a label or a short alias ("bw", "long", "letter"), compared
// without case. It is how command-line flags become settings. An empty
// input gives "" (the printer's default).
func ResolveOption(field, input string, supported []string) (string, error) {
	in := strings.TrimSpace(input)
	if in == "" {
		return "", nil
	}
	want := in
	if a, ok := aliases[strings.ToLower(in)]; ok {
		want = a
	}
	for _, v := range supported {
		if strings.EqualFold(v, want) || strings.EqualFold(Label(v), in) || strings.EqualFold(labels[v], in) || strings.EqualFold(v, in) {
			return v, nil
		}
	}
	if len(supported) == 0 {
		return "", settingError(field, saying{say.T("This printer does not offer a choice for {{.Setting}}", say.Args{"Setting": field}),
			say.T("leave it out.")})
	}
	return "", settingError(field, saying{say.T(`This printer cannot use {{.Setting}} "{{.Value}}"`, say.Args{"Setting": field, "Value": in}),
		say.T("choose {{.Choices}}.", say.Args{"Choices": labelList(supported)})})
}
