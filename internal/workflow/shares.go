package workflow

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"printdrop/internal/graph"
)

// Printer is a share with what it means for someone about to print: its
// readiness, the job options it supports and its defaults fitted to them.
type Printer struct {
	Share     graph.Share
	Readiness PrinterReadiness
	Options   JobOptions
	Defaults  JobSettings
	// ContentTypes are the document types the printer takes.
	ContentTypes []string

	// loaded is when ResolveShare or Printer read it from the service, for
	// a caller that prints at once (the command line, a window print right
	// after its printer's details arrived); zero for a printer made from a
	// list, so Print reads it again.
	loaded time.Time
}

// ID is the share's id.
func (p Printer) ID() string { return p.Share.ID }

// Name is the share's display name.
func (p Printer) Name() string { return p.Share.DisplayName }

// SharePageSize is the $top a share list asks for: Graph's ceiling, so a
// 10,000-share tenant lists in 11 requests rather than 100.
const SharePageSize = 999

// listQuery is how every share list is asked for.
var listQuery = graph.ShareQuery{Top: SharePageSize}

// SharePages loads the shares the user can see page by page, calling page
// for each, so the window can show the first ones at once. A complete list
// is kept (see CachedShares) for the next launch and for ResolveShare.
func (s *Service) SharePages(ctx context.Context, page func([]graph.Share) error) error {
	var all []graph.Share
	err := s.graph.SharePages(ctx, listQuery, func(p []graph.Share) error {
		all = append(all, p...)
		return page(p)
	})
	if err == nil {
		s.keepShares(all)
	}
	return err
}

// Shares loads every share the user can see, and keeps the list.
func (s *Service) Shares(ctx context.Context) ([]graph.Share, error) {
	shares, err := s.graph.Shares(ctx, listQuery)
	if err == nil {
		s.keepShares(shares)
	}
	return shares, err
}

// Filter returns the shares matching query: every word must occur in the
// name, the location, the model or the manufacturer, ignoring case and
// accents ("lyon colour" would not match, "lyon color" finds a color
// printer in Lyon). An empty query returns shares unchanged.
func Filter(shares []graph.Share, query string) []graph.Share {
	q := ParseQuery(query)
	if q.Empty() {
		return shares
	}
	var out []graph.Share
	for _, sh := range shares {
		if q.Matches(SearchKey(sh)) {
			out = append(out, sh)
		}
	}
	return out
}

// ResolveShare finds the share a user named (an id, an exact name, then a
// unique name match ignoring case and accents) and loads its details.
// Several matches give an *AmbiguousShareError listing them; none a
// *ShareNotFoundError. The share becomes the last one used.
//
// It spends as few round trips as it can: an id is read directly (one
// request); a name is looked up in the list kept from the last run, then
// with a $filter on the name, and only then in the full list.
func (s *Service) ResolveShare(ctx context.Context, query string) (Printer, error) {
	p, err := s.resolveShare(ctx, query)
	if err == nil {
		p.loaded = time.Now()
		s.RememberShare(p.ID())
	}
	return p, err
}

func (s *Service) resolveShare(ctx context.Context, query string) (Printer, error) {
	q := strings.TrimSpace(query)
	if q == "" {
		return Printer{}, &ShareNotFoundError{Query: query}
	}
	if looksLikeID(q) {
		p, err := s.Printer(ctx, q)
		if err == nil || !graph.IsNotFound(err) {
			return p, err
		}
		// Not a share id after all: perhaps a share is named like one.
	}
	if c, ok := s.CachedShares(); ok {
		if sh, err := pickShare(c.Shares, q); err == nil {
			p, err := s.Printer(ctx, sh.ID)
			if err == nil || !graph.IsNotFound(err) {
				return p, err
			}
			// The kept list is stale (the share is gone): ask Graph.
		}
	}
	named, err := s.graph.Shares(ctx, graph.ShareQuery{Filter: "displayName eq '" + strings.ReplaceAll(q, "'", "''") + "'"})
	if err == nil && len(named) > 0 {
		sh, err := pickShare(named, q)
		if err != nil {
			return Printer{}, err
		}
		return s.Printer(ctx, sh.ID)
	}
	if err != nil && ctx.Err() != nil {
		return Printer{}, err
	}
	// A service that refuses the filter, or a name typed loosely: walk.
	shares, err := s.Shares(ctx)
	if err != nil {
		return Printer{}, err
	}
	sh, err := pickShare(shares, q)
	if err != nil {
		return Printer{}, err
	}
	return s.Printer(ctx, sh.ID)
}

// looksLikeID reports a GUID, the form of every Universal Print share id,
// so a name never costs a wasted read by id.
func looksLikeID(q string) bool {
	if len(q) != 36 {
		return false
	}
	for i, c := range q {
		switch {
		case i == 8 || i == 13 || i == 18 || i == 23:
			if c != '-' {
				return false
			}
		case (c < '0' || c > '9') && (c < 'a' || c > 'f') && (c < 'A' || c > 'F'):
			return false
		}
	}
	return true
}

// pickShare applies ResolveShare's rules to a loaded list.
func pickShare(shares []graph.Share, q string) (graph.Share, error) {
	for _, sh := range shares {
		if sh.ID == q {
			return sh, nil
		}
	}
	var exact, folded []graph.Share
	for _, sh := range shares {
		switch {
		case sh.DisplayName == q:
			exact = append(exact, sh)
		case fold(sh.DisplayName) == fold(q):
			folded = append(folded, sh)
		}
	}
	for _, set := range [][]graph.Share{exact, folded} {
		if len(set) == 1 {
			return set[0], nil
		}
		if len(set) > 1 {
			return graph.Share{}, ambiguous(q, set)
		}
	}
	// Last, a unique partial match: "floor 2 copy" for "Floor 2 – Copy Room".
	partial := Filter(shares, q)
	switch len(partial) {
	case 0:
		return graph.Share{}, &ShareNotFoundError{Query: q}
	case 1:
		return partial[0], nil
	}
	return graph.Share{}, ambiguous(q, partial)
}

func ambiguous(q string, set []graph.Share) error {
	names := make([]string, 0, len(set))
	for i, sh := range set {
		if i == 10 {
			names = append(names, fmt.Sprintf("and %d more", len(set)-10))
			break
		}
		names = append(names, sh.DisplayName+" ("+sh.ID+")")
	}
	return &AmbiguousShareError{Query: q, Candidates: names}
}

// Printer loads one share's capabilities, defaults and status and says
// what they mean. It saves nothing: a window may throw the answer away
// (the user chose another printer meanwhile), so the caller says which
// share it settled on with RememberShare.
func (s *Service) Printer(ctx context.Context, shareID string) (Printer, error) {
	sh, err := s.graph.Share(ctx, shareID)
	if err != nil {
		return Printer{}, err
	}
	s.statuses.put(sh.ID, ReadinessOf(sh), sh.IsAcceptingJobs)
	p := PrinterOf(sh)
	p.loaded = time.Now() // fresh: a print right after it needs no second read
	return p, nil
}

// PrinterOf derives a Printer from a share loaded with its capabilities,
// defaults and status.
func PrinterOf(sh graph.Share) Printer {
	opts := optionsOf(sh)
	return Printer{
		Share:        sh,
		Readiness:    ReadinessOf(sh),
		Options:      opts,
		Defaults:     defaultsOf(sh).Normalize(opts),
		ContentTypes: contentTypesOf(sh),
	}
}

// ResolveJobSettings turns settings as typed (aliases such as "bw" or
// "long", zero copies meaning the default) into the printer's values and
// checks them. Unset fields take the printer's defaults.
func (s *Service) ResolveJobSettings(p Printer, in JobSettings) (JobSettings, error) {
	out := p.Defaults
	if in.Copies > 0 {
		out.Copies = in.Copies
	}
	fields := []struct {
		field, in string
		dst       *string
		supported []string
	}{
		{FieldColor, in.ColorMode, &out.ColorMode, p.Options.ColorModes},
		{FieldDuplex, in.DuplexMode, &out.DuplexMode, p.Options.DuplexModes},
		{FieldMedia, in.MediaSize, &out.MediaSize, p.Options.MediaSizes},
		{FieldOrientation, in.Orientation, &out.Orientation, p.Options.Orientations},
	}
	for _, f := range fields {
		if f.in == "" {
			continue
		}
		v, err := ResolveOption(f.field, f.in, f.supported)
		if err != nil {
			return JobSettings{}, refusedSettings(err)
		}
		*f.dst = v
	}
	out.PageRanges = in.PageRanges
	if err := out.Validate(p.Options); err != nil {
		return JobSettings{}, refusedSettings(err)
	}
	return out, nil
}

// supportsContentType applies the service's rule: the printer lists the
// type, or the document is OXPS and the printer takes PDF (the service
// converts it). Types compare without case or parameters.
func supportsContentType(supported []string, ct string) bool {
	base := func(s string) string {
		s, _, _ = strings.Cut(s, ";")
		return strings.ToLower(strings.TrimSpace(s))
	}
	want := base(ct)
	list := make([]string, len(supported))
	for i, s := range supported {
		list[i] = base(s)
	}
	if slices.Contains(list, want) {
		return true
	}
	return want == "application/oxps" && slices.Contains(list, "application/pdf")
}
