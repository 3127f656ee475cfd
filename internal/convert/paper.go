package convert

import "strings"

// Paper is a page size in PostScript points (1/72 inch).
type Paper struct{ W, H float64 }

// Common papers.
var (
	A4     = Paper{595.28, 841.89}
	Letter = Paper{612, 792}
)

// papers are the mediaSizes names Universal Print uses (IPP's media names
// as Windows shows them), in points.
var papers = map[string]Paper{
	"a3": {841.89, 1190.55}, "a4": A4, "a5": {419.53, 595.28}, "a6": {297.64, 419.53},
	"b4": {708.66, 1000.63}, "b5": {498.9, 708.66},
	"jis b4": {728.5, 1031.81}, "jis b5": {515.91, 728.5},
	"north america letter": Letter, "north america legal": {612, 1008},
	"north america executive": {522, 756}, "north america tabloid": {792, 1224},
	"north america ledger": {1224, 792}, "north america statement": {396, 612},
	"letter": Letter, "legal": {612, 1008}, "executive": {522, 756}, "tabloid": {792, 1224},
}

// PaperNamed is the paper a share calls name ("A4", "North America
// Letter"); ok is false for a name it does not know.
func PaperNamed(name string) (p Paper, ok bool) {
	p, ok = papers[strings.ToLower(strings.Join(strings.Fields(name), " "))]
	return p, ok
}

// Portrait is p with its long side vertical.
func (p Paper) Portrait() Paper {
	if p.W > p.H {
		return Paper{p.H, p.W}
	}
	return p
}
