package workflow

import (
	"errors"
	"strings"
	"testing"
)

var testOptions = JobOptions{
	MinCopies: 1, MaxCopies: 99,
	ColorModes:   []string{"grayscale", "color"},
	DuplexModes:  []string{"oneSided", "flipOnLongEdge"},
	MediaSizes:   []string{"A4", "North America Letter"},
	Orientations: []string{"portrait", "landscape"},
	PageRanges:   true,
}

func TestJobSettingsValidate(t *testing.T) {
	t.Parallel()
	good := JobSettings{Copies: 2, ColorMode: "color", DuplexMode: "flipOnLongEdge", MediaSize: "A4", Orientation: "landscape", PageRanges: "1-3,5"}
	if err := good.Validate(testOptions); err != nil {
		t.Fatalf("valid settings refused: %v", err)
	}
	if err := (JobSettings{Copies: 1}).Validate(JobOptions{}); err != nil {
		t.Fatalf("defaults on a printer that says nothing refused: %v", err)
	}
	noPages := testOptions
	noPages.PageRanges = false
	oneCopy := testOptions
	oneCopy.MaxCopies = 1
	tests := []struct {
		name  string
		mod   func(*JobSettings)
		opts  JobOptions
		field string
		msg   string
	}{
		{"too many copies", func(s *JobSettings) { s.Copies = 100 }, testOptions, FieldCopies, "This printer prints at most 99 copies."},
		{"one copy only", func(s *JobSettings) { s.Copies = 2 }, oneCopy, FieldCopies, "This printer prints 1 copy per job: print it again for more."},
		{"zero copies", func(s *JobSettings) { s.Copies = 0 }, testOptions, FieldCopies, "Print at least 1 copy."},
		{"color unsupported", func(s *JobSettings) { s.ColorMode = "blackAndWhite" }, testOptions, FieldColor,
			`This printer cannot use the color mode "Black and white": choose Grayscale or Color.`},
		{"duplex", func(s *JobSettings) { s.DuplexMode = "flipOnShortEdge" }, testOptions, FieldDuplex, "choose One-sided or Two-sided (long edge)."},
		{"media", func(s *JobSettings) { s.MediaSize = "A3" }, testOptions, FieldMedia, `paper size "A3"`},
		{"orientation", func(s *JobSettings) { s.Orientation = "reversePortrait" }, testOptions, FieldOrientation, "Portrait (upside down)"},
		{"no color choice", func(s *JobSettings) { s.ColorMode = "color" }, JobOptions{}, FieldColor, "does not offer a choice of color mode"},
		{"pages unsupported", func(s *JobSettings) {}, noPages, FieldPages, "always prints the whole document"},
		{"pages malformed", func(s *JobSettings) { s.PageRanges = "3-1" }, testOptions, FieldPages, "goes backwards"},
	}
	for _, tt := range tests {
		s := good
		tt.mod(&s)
		err := s.Validate(tt.opts)
		var se *SettingError
		if !errors.As(err, &se) || se.Field != tt.field || !strings.Contains(se.Msg, tt.msg) {
			t.Errorf("%s: Validate = %#v, want field %q and message containing %q", tt.name, err, tt.field, tt.msg)
		}
	}
}

func TestJobSettingsNormalize(t *testing.T) {
	t.Parallel()
	in := JobSettings{Copies: 0, ColorMode: "blackAndWhite", DuplexMode: "oneSided", MediaSize: "A3", Orientation: "", PageRanges: "2"}
	got := in.Normalize(testOptions)
	want := JobSettings{Copies: 1, ColorMode: "grayscale", DuplexMode: "oneSided", MediaSize: "A4", Orientation: "", PageRanges: "2"}
	if got != want {
		t.Fatalf("Normalize = %+v, want %+v", got, want)
	}
	if err := got.Validate(testOptions); err != nil {
		t.Fatalf("normalized settings do not validate: %v", err)
	}
	noPages := testOptions
	noPages.PageRanges = false
	noPages.MaxCopies = 5
	got = JobSettings{Copies: 50, PageRanges: "1"}.Normalize(noPages)
	if got.Copies != 5 || got.PageRanges != "" {
		t.Fatalf("Normalize did not clamp copies or clear pages: %+v", got)
	}
}

func TestResolveOption(t *testing.T) {
	t.Parallel()
	colors := []string{"blackAndWhite", "grayscale", "color"}
	duplex := []string{"oneSided", "flipOnLongEdge", "flipOnShortEdge"}
	media := []string{"A4", "North America Letter"}
	tests := []struct {
		field, in string
		supported []string
		want      string
	}{
		{FieldColor, "", colors, ""},
		{FieldColor, "bw", colors, "blackAndWhite"},
		{FieldColor, "Black and white", colors, "blackAndWhite"},
		{FieldColor, "GREY", colors, "grayscale"},
		{FieldColor, "colour", colors, "color"},
		{FieldDuplex, "long", duplex, "flipOnLongEdge"},
		{FieldDuplex, "flipOnShortEdge", duplex, "flipOnShortEdge"},
		{FieldDuplex, "one-sided", duplex, "oneSided"},
		{FieldMedia, "a4", media, "A4"},
		{FieldMedia, "letter", media, "North America Letter"},
	}
	for _, tt := range tests {
		got, err := ResolveOption(tt.field, tt.in, tt.supported)
		if err != nil || got != tt.want {
			t.Errorf("ResolveOption(%q, %q) = %q, %v; want %q", tt.field, tt.in, got, err, tt.want)
		}
	}
	_, err := ResolveOption(FieldColor, "sepia", colors)
	if err == nil || !strings.Contains(err.Error(), "choose Black and white, Grayscale or Color") {
		t.Errorf("unsupported option error = %v", err)
	}
	if _, err := ResolveOption(FieldMedia, "A4", nil); err == nil {
		t.Error("an option was accepted for a printer that lists none")
	}
}
