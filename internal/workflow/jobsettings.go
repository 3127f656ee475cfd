package workflow

import (
	"fmt"
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
		return &SettingError{Field: FieldCopies, Msg: "Print at least 1 copy."}
	case s.Copies < lo:
		return &SettingError{Field: FieldCopies, Msg: fmt.Sprintf("This printer prints at least %d copies.", lo)}
	case o.MaxCopies > 0 && s.Copies > o.MaxCopies:
		if o.MaxCopies == 1 {
			return &SettingError{Field: FieldCopies, Msg: "This printer prints 1 copy per job: print it again for more."}
		}
		return &SettingError{Field: FieldCopies, Msg: fmt.Sprintf("This printer prints at most %d copies.", o.MaxCopies)}
	}
	checks := []struct {
		field, what, v string
		supported      []string
	}{
		{FieldColor, "color mode", s.ColorMode, o.ColorModes},
		{FieldDuplex, "two-sided setting", s.DuplexMode, o.DuplexModes},
		{FieldMedia, "paper size", s.MediaSize, o.MediaSizes},
		{FieldOrientation, "orientation", s.Orientation, o.Orientations},
		{FieldQuality, "print quality", s.Quality, o.Qualities},
	}
	for _, c := range checks {
		if c.v == "" || slices.Contains(c.supported, c.v) {
			continue
		}
		if len(c.supported) == 0 {
			return &SettingError{Field: c.field, Msg: fmt.Sprintf("This printer does not offer a choice of %s: leave it at the default.", c.what)}
		}
		return &SettingError{Field: c.field, Msg: fmt.Sprintf("This printer cannot use the %s %q: choose %s.", c.what, Label(c.v), orList(c.supported))}
	}
	if strings.TrimSpace(s.PageRanges) != "" {
		if !o.PageRanges {
			return &SettingError{Field: FieldPages, Msg: "This printer always prints the whole document: clear the page ranges."}
		}
		if _, err := ParsePageRanges(s.PageRanges); err != nil {
			return err
		}
	}
	return nil
}

// orList writes "A, B or C" with labels.
func orList(values []string) string {
	labels := make([]string, len(values))
	for i, v := range values {
		labels[i] = Label(v)
	}
	if len(labels) == 1 {
		return labels[0]
	}
	return strings.Join(labels[:len(labels)-1], ", ") + " or " + labels[len(labels)-1]
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
		return "", &SettingError{Field: field, Msg: fmt.Sprintf("This printer does not offer a choice for %s: leave it out.", field)}
	}
	return "", &SettingError{Field: field, Msg: fmt.Sprintf("This printer cannot use %s %q: choose %s.", field, in, orList(supported))}
}
