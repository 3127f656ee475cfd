package emulator

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// jobConfig is printJobConfiguration, typed so wrong types are refused.
type jobConfig struct {
	Collate         *bool          `json:"collate"`
	ColorMode       *string        `json:"colorMode"`
	Copies          *int64         `json:"copies"`
	Dpi             *int64         `json:"dpi"`
	DuplexMode      *string        `json:"duplexMode"`
	FeedOrientation *string        `json:"feedOrientation"`
	Finishings      []string       `json:"finishings"`
	FitPdfToPage    *bool          `json:"fitPdfToPage"`
	InputBin        *string        `json:"inputBin"`
	OutputBin       *string        `json:"outputBin"`
	Margin          *printMargin   `json:"margin"`
	MediaSize       *string        `json:"mediaSize"`
	MediaType       *string        `json:"mediaType"`
	MultipageLayout *string        `json:"multipageLayout"`
	Orientation     *string        `json:"orientation"`
	PageRanges      []IntegerRange `json:"pageRanges"`
	PagesPerSheet   *int64         `json:"pagesPerSheet"`
	Quality         *string        `json:"quality"`
	Scaling         *string        `json:"scaling"`
}

type printMargin struct {
	Top    *int64 `json:"top"`
	Bottom *int64 `json:"bottom"`
	Left   *int64 `json:"left"`
	Right  *int64 `json:"right"`
}

var configKeys = []string{"collate", "colorMode", "copies", "dpi", "duplexMode", "feedOrientation", "finishings",
	"fitPdfToPage", "inputBin", "outputBin", "margin", "mediaSize", "mediaType", "multipageLayout", "orientation",
	"pageRanges", "pagesPerSheet", "quality", "scaling"}

// parseJobConfig checks a configuration against the printer's capabilities
// and returns it with every unset property as an explicit null.
func parseJobConfig(raw json.RawMessage, caps Capabilities) (map[string]any, *apiError) {
	if len(raw) == 0 || string(raw) == "null" {
		raw = json.RawMessage("{}")
	}
	var c jobConfig
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return nil, badRequest("The job configuration is not valid: %v. Property names and types are those of printJobConfiguration.", err)
	}
	if e := checkJobConfig(c, caps); e != nil {
		return nil, e
	}
	var m map[string]any
	json.Unmarshal(raw, &m)
	out := make(map[string]any, len(configKeys))
	for _, k := range configKeys {
		out[k] = m[k]
	}
	return out, nil
}

func checkJobConfig(c jobConfig, caps Capabilities) *apiError {
	oneOf := func(name string, v *string, allowed []string) *apiError {
		if v == nil || slices.Contains(allowed, *v) {
			return nil
		}
		return badRequest("The printer does not support %s %q. It supports: %s.", name, *v, listOrNone(allowed))
	}
	intOneOf := func(name string, v *int64, allowed []int64) *apiError {
		if v == nil || slices.Contains(allowed, *v) {
			return nil
		}
		return badRequest("The printer does not support %s %d. It supports: %s.", name, *v, listOrNone(allowed))
	}
	checks := []*apiError{
		oneOf("colorMode", c.ColorMode, caps.ColorModes),
		oneOf("duplexMode", c.DuplexMode, caps.DuplexModes),
		oneOf("mediaSize", c.MediaSize, caps.MediaSizes),
		oneOf("mediaType", c.MediaType, caps.MediaTypes),
		oneOf("orientation", c.Orientation, caps.Orientations),
		oneOf("quality", c.Quality, caps.Qualities),
		oneOf("scaling", c.Scaling, caps.Scalings),
		oneOf("inputBin", c.InputBin, caps.InputBins),
		oneOf("outputBin", c.OutputBin, caps.OutputBins),
		oneOf("feedOrientation", c.FeedOrientation, caps.FeedOrientations),
		oneOf("multipageLayout", c.MultipageLayout, caps.MultipageLayouts),
		intOneOf("dpi", c.Dpi, caps.Dpis),
		intOneOf("pagesPerSheet", c.PagesPerSheet, caps.PagesPerSheet),
	}
	for _, e := range checks {
		if e != nil {
			return e
		}
	}
	for _, f := range c.Finishings {
		if !slices.Contains(caps.Finishings, f) {
			return badRequest("The printer does not support the finishing %q. It supports: %s.", f, listOrNone(caps.Finishings))
		}
	}
	if c.Copies != nil {
		lo, hi := int64(1), int64(1)
		if caps.CopiesPerJob != nil {
			lo, hi = caps.CopiesPerJob.Start, caps.CopiesPerJob.End
		}
		if *c.Copies < lo || *c.Copies > hi {
			return badRequest("copies must be between %d and %d on this printer, not %d.", lo, hi, *c.Copies)
		}
	}
	if len(c.PageRanges) > 0 && !caps.IsPageRangeSupported {
		return badRequest("The printer does not support page ranges. Print all pages instead.")
	}
	for _, pr := range c.PageRanges {
		if pr.Start < 1 || pr.End < pr.Start {
			return badRequest("The page range %d-%d is not valid: pages start at 1 and a range ends at or after its start.", pr.Start, pr.End)
		}
	}
	if c.FitPdfToPage != nil && *c.FitPdfToPage && !caps.SupportsFitPdfToPage {
		return badRequest("The printer does not support fitPdfToPage.")
	}
	if c.ColorMode != nil && *c.ColorMode == "color" && !caps.IsColorPrintingSupported {
		return badRequest("The printer cannot print in color. Choose grayscale or blackAndWhite.")
	}
	return nil
}

func listOrNone[T any](vs []T) string {
	if len(vs) == 0 {
		return "(nothing)"
	}
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = fmt.Sprint(v)
	}
	return strings.Join(parts, ", ")
}
