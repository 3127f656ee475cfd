package workflow

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"printdrop/internal/say"
)

// PageRange is an inclusive range of page numbers, counted from 1.
type PageRange struct{ Start, End int }

// Page-range limits: generous for real documents, small enough that a typo
// like "1-99999999999" is caught instead of overflowing.
const (
	maxPage       = 1_000_000
	maxPageRanges = 100
)

// ParsePageRanges reads page ranges as people write them: "1-3,5",
// "1-3, 5, 8-9"; spaces are ignored and ";" works like ",". The result is
// sorted and merged ("5,1-3,2-4" gives 1-5) because the service prints
// pages in document order whatever order they are listed in. An empty or
// blank string means all pages (nil, no error). Open ranges ("7-") are
// refused: the service needs both ends.
func ParsePageRanges(s string) ([]PageRange, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' })
	if len(parts) > maxPageRanges {
		return nil, settingError(FieldPages, saying{head: say.N("setting.maxPageRanges", maxPageRanges, "Use at most {{.Count}} page ranges")})
	}
	var out []PageRange
	for _, p := range parts {
		p = strings.ReplaceAll(strings.TrimSpace(p), " ", "")
		if p == "" {
			continue
		}
		r, err := parsePageRange(p)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	if len(out) == 0 {
		return nil, pageErr(s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	merged := out[:1]
	for _, r := range out[1:] {
		last := &merged[len(merged)-1]
		if r.Start <= last.End+1 {
			last.End = max(last.End, r.End)
			continue
		}
		merged = append(merged, r)
	}
	return merged, nil
}

func parsePageRange(p string) (PageRange, error) {
	a, b, isRange := strings.Cut(p, "-")
	start, err := parsePage(a)
	if err != nil {
		return PageRange{}, pageErr(p)
	}
	if !isRange {
		return PageRange{start, start}, nil
	}
	end, err := parsePage(b)
	if err != nil {
		return PageRange{}, pageErr(p)
	}
	if end < start {
		return PageRange{}, settingError(FieldPages, saying{say.T(`The page range "{{.Range}}" goes backwards`, say.Args{"Range": p}),
			say.T("write it as {{.Range}}.", say.Args{"Range": fmt.Sprintf("%d-%d", end, start)})})
	}
	return PageRange{start, end}, nil
}

// parsePage accepts a plain page number from 1 to maxPage: no sign, no
// spaces, no leading zeros games ("007" is read as 7, which is what people
// mean).
func parsePage(s string) (int, error) {
	if s == "" || strings.TrimLeft(s, "0123456789") != "" || len(s) > 7 {
		return 0, fmt.Errorf("not a page number")
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > maxPage {
		return 0, fmt.Errorf("not a page number")
	}
	return n, nil
}

func pageErr(p string) error {
	return settingError(FieldPages, saying{say.T(`"{{.Range}}" is not a page range`, say.Args{"Range": p}),
		say.T("write pages like 1-3,5 (pages count from 1).")})
}

// FormatPageRanges writes ranges back in the form ParsePageRanges reads.
func FormatPageRanges(rs []PageRange) string {
	parts := make([]string, len(rs))
	for i, r := range rs {
		if r.Start == r.End {
			parts[i] = strconv.Itoa(r.Start)
		} else {
			parts[i] = strconv.Itoa(r.Start) + "-" + strconv.Itoa(r.End)
		}
	}
	return strings.Join(parts, ",")
}
