package ranges

import (
	"strconv"
	"strings"
)

// ContentRange is a Content-Range header value: a range of a resource of
// Total bytes, or of unknown length when Total is -1 (written "*").
type ContentRange struct {
	Range
	Total int64
}

// ParseContentRange reads "bytes a-b/t" (RFC 9110) where t is a number or "*".
// The unit and the single space are exact. lenient additionally accepts
// "bytes=a-b/t", the spelling in Microsoft's upload-session documentation;
// strict parsing rejects it so our own client never drifts into it. The
// unsatisfied form "bytes */t" is not a range and is rejected.
func ParseContentRange(s string, lenient bool) (ContentRange, error) {
	rest, ok := strings.CutPrefix(s, "bytes ")
	if !ok && lenient {
		rest, ok = strings.CutPrefix(s, "bytes=")
	}
	if !ok {
		return ContentRange{}, syntaxError(s, `expected "bytes start-end/total"`)
	}
	rs, ts, ok := strings.Cut(rest, "/")
	if !ok {
		return ContentRange{}, syntaxError(s, "missing /total")
	}
	total := int64(-1)
	if ts != "*" {
		var why string
		if total, why = parseNumber(ts); why != "" {
			return ContentRange{}, syntaxError(s, "total: "+why)
		}
	}
	if _, b, _ := strings.Cut(rs, "-"); b == "" {
		// The open form "a-" belongs to nextExpectedRanges, not to headers.
		return ContentRange{}, syntaxError(s, "range has no end")
	}
	r, err := Parse(rs, 0)
	if err != nil {
		return ContentRange{}, syntaxError(s, "range is not start-end")
	}
	if total >= 0 && r.End >= total {
		return ContentRange{}, syntaxError(s, "end is not below total")
	}
	return ContentRange{Range: r, Total: total}, nil
}

// String gives the header value "bytes a-b/t" ("bytes a-b/*" when Total is -1).
func (c ContentRange) String() string {
	t := "*"
	if c.Total >= 0 {
		t = strconv.FormatInt(c.Total, 10)
	}
	return "bytes " + c.Range.String() + "/" + t
}

func formatInt(n int64) string { return strconv.FormatInt(n, 10) }
