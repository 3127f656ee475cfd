package workflow

import (
	"errors"
	"fmt"

	"printdrop/internal/graph"
)

// This file is the one place that reads graph's wire types into this
// package's plain ones, so a change in the wire types touches only it.

// shareSearchFields are the texts Filter matches: name, location, model
// and manufacturer.
func shareSearchFields(sh graph.Share) []string {
	return []string{sh.DisplayName, sh.Location.String(), sh.Model, sh.Manufacturer}
}

// ReadinessOf says what a share's status means for someone about to print.
func ReadinessOf(sh graph.Share) PrinterReadiness {
	var state, desc string
	var details []string
	if st := sh.Status; st != nil {
		state, desc = string(st.State), st.Description
		for _, d := range st.Details {
			details = append(details, string(d))
		}
	}
	return readinessOf(sh.IsAcceptingJobs, state, details, desc)
}

func strs[T ~string](in []T) []string {
	if in == nil {
		return nil
	}
	out := make([]string, len(in))
	for i, v := range in {
		out[i] = string(v)
	}
	return out
}

// optionsOf lists what the share supports, from its capabilities.
func optionsOf(sh graph.Share) JobOptions {
	c := sh.Capabilities
	if c == nil {
		return JobOptions{MinCopies: 1}
	}
	o := JobOptions{
		MinCopies:    1,
		ColorModes:   strs(c.ColorModes),
		DuplexModes:  strs(c.DuplexModes),
		MediaSizes:   c.MediaSizes,
		Orientations: strs(c.Orientations),
		Qualities:    strs(c.Qualities),
		PageRanges:   c.IsPageRangeSupported != nil && *c.IsPageRangeSupported,
		Collation:    c.Collation != nil && *c.Collation,
	}
	if r := c.CopiesPerJob; r != nil {
		o.MinCopies = max(1, int(r.Start))
		if r.End >= int64(o.MinCopies) {
			o.MaxCopies = int(r.End)
		}
	}
	return o
}

// defaultsOf reads the share's defaults (not yet fitted to its options).
func defaultsOf(sh graph.Share) JobSettings {
	js := JobSettings{Copies: 1}
	d := sh.Defaults
	if d == nil {
		return js
	}
	if d.CopiesPerJob != nil {
		js.Copies = *d.CopiesPerJob
	}
	js.ColorMode, js.DuplexMode = string(d.ColorMode), string(d.DuplexMode)
	js.MediaSize, js.Orientation = d.MediaSize, string(d.Orientation)
	return js
}

// contentTypesOf lists the document types the share takes.
func contentTypesOf(sh graph.Share) []string {
	if sh.Capabilities == nil {
		return nil
	}
	return sh.Capabilities.ContentTypes
}

// Configuration converts settings (already validated) into the job
// configuration sent to the service. Empty fields are left out, so the
// printer's defaults apply.
func (s JobSettings) Configuration() (graph.JobConfiguration, error) {
	var c graph.JobConfiguration
	if s.Copies > 0 {
		c.Copies = graph.Ptr(s.Copies)
	}
	if s.ColorMode != "" {
		c.ColorMode = graph.Ptr(graph.ColorMode(s.ColorMode))
	}
	if s.DuplexMode != "" {
		c.DuplexMode = graph.Ptr(graph.DuplexMode(s.DuplexMode))
	}
	if s.MediaSize != "" {
		c.MediaSize = graph.Ptr(s.MediaSize)
	}
	if s.Orientation != "" {
		c.Orientation = graph.Ptr(graph.Orientation(s.Orientation))
	}
	if s.Quality != "" {
		c.Quality = graph.Ptr(graph.Quality(s.Quality))
	}
	c.Collate = s.Collate
	prs, err := ParsePageRanges(s.PageRanges)
	if err != nil {
		return graph.JobConfiguration{}, err
	}
	for _, r := range prs {
		c.PageRanges = append(c.PageRanges, graph.IntRange{Start: int64(r.Start), End: int64(r.End)})
	}
	return c, nil
}

// HTTPStatus returns the HTTP status an error carries (a Graph or upload
// answer), or 0.
func HTTPStatus(err error) int {
	var s statusError
	if errors.As(err, &s) {
		return s.HTTPStatus()
	}
	return 0
}

// graphFacts lists the Graph error code and request id, when err has them.
func graphFacts(err error) []string {
	var ge *graph.Error
	if !errors.As(err, &ge) {
		return nil
	}
	var facts []string
	if ge.Code != "" {
		facts = append(facts, fmt.Sprintf("Error code: %s", ge.Code))
	}
	if ge.RequestID != "" {
		facts = append(facts, fmt.Sprintf("Request id: %s", ge.RequestID))
	}
	return facts
}
