package emulator

import (
	"encoding/base64"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// odata is the parsed query of a Graph request.
type odata struct {
	top     int                 // 0 = the server's page size
	skip    int                 // from $skiptoken
	selects []string            // nil = the default projection
	expand  map[string][]string // navigation -> its nested $select (nil = all)
	filter  []filterClause      // joined by "and"
}

// filterClause is "path eq literal".
type filterClause struct {
	path  []string
	value any // string, bool or float64
}

// queryRules says which options a resource takes.
type queryRules struct {
	paged   bool     // $top/$skiptoken
	props   []string // names $select may use
	expands []string // navigations $expand may use
	filter  bool
}

// maxPage is the page size when the client sets no $top; maxTop is the
// largest $top honoured (Graph's ceiling for most collections): a client
// may ask for up to 999 shares a page and gets them, larger asks are 400.
const (
	maxPage = 100
	maxTop  = 999
)

// parseOData reads the $-options of r, refusing what the resource does not
// support with 400 like Graph ($count and $search never work here).
func parseOData(r *http.Request, rules queryRules) (odata, *apiError) {
	var q odata
	for key, vals := range r.URL.Query() {
		if !strings.HasPrefix(key, "$") {
			continue
		}
		v := vals[0]
		switch key {
		case "$top":
			n, err := strconv.Atoi(v)
			if !rules.paged || err != nil || n < 1 || n > maxTop {
				return q, badRequest("Invalid $top value %q: use a whole number from 1 to %d on a collection.", v, maxTop)
			}
			q.top = n
		case "$skiptoken":
			n, ok := decodeSkipToken(v)
			if !rules.paged || !ok {
				return q, badRequest("The $skiptoken is not valid. Request @odata.nextLink exactly as it was returned.")
			}
			q.skip = n
		case "$select":
			for _, p := range strings.Split(v, ",") {
				p = strings.TrimSpace(p)
				if !slices.Contains(rules.props, p) {
					return q, badRequest("Could not find a property named '%s' to $select on this resource.", p)
				}
				q.selects = append(q.selects, p)
			}
		case "$expand":
			ex, e := parseExpand(v, rules.expands)
			if e != nil {
				return q, e
			}
			q.expand = ex
		case "$filter":
			if !rules.filter {
				return q, badRequest("$filter is not supported on this resource.")
			}
			f, e := parseFilter(v)
			if e != nil {
				return q, e
			}
			q.filter = f
		default:
			return q, badRequest("Query option '%s' is not supported on this resource.", key)
		}
	}
	return q, nil
}

// parseExpand reads "documents", "printer($select=id)" and comma lists of them.
func parseExpand(v string, allowed []string) (map[string][]string, *apiError) {
	out := map[string][]string{}
	for _, item := range splitTopLevel(v) {
		item = strings.TrimSpace(item)
		name, nested := item, ""
		if i := strings.IndexByte(item, '('); i >= 0 {
			if !strings.HasSuffix(item, ")") {
				return nil, badRequest("The $expand item %q is not well formed.", item)
			}
			name, nested = item[:i], item[i+1:len(item)-1]
		}
		if !slices.Contains(allowed, name) {
			return nil, badRequest("Could not find a navigation property named '%s' to $expand on this resource.", name)
		}
		var sel []string
		if nested != "" {
			opt, val, ok := strings.Cut(nested, "=")
			if !ok || opt != "$select" || val == "" {
				return nil, badRequest("Only $select is supported inside $expand(...), got %q.", nested)
			}
			for _, p := range strings.Split(val, ",") {
				sel = append(sel, strings.TrimSpace(p))
			}
		}
		out[name] = sel
	}
	return out, nil
}

func splitTopLevel(v string) []string {
	var out []string
	depth, start := 0, 0
	for i, c := range v {
		switch c {
		case '(':
			depth++
		case ')':
			depth--
		case ',':
			if depth == 0 {
				out = append(out, v[start:i])
				start = i + 1
			}
		}
	}
	return append(out, v[start:])
}

// parseFilter reads clauses "a/b eq 'x'" joined by " and ".
func parseFilter(v string) ([]filterClause, *apiError) {
	var out []filterClause
	for _, part := range strings.Split(v, " and ") {
		fields := strings.SplitN(strings.TrimSpace(part), " ", 3)
		if len(fields) != 3 || fields[1] != "eq" {
			return nil, badRequest("Unsupported $filter %q: only \"property eq value\" clauses joined by \"and\" are supported.", v)
		}
		lit := fields[2]
		var val any
		switch {
		case len(lit) >= 2 && lit[0] == '\'' && lit[len(lit)-1] == '\'':
			val = strings.ReplaceAll(lit[1:len(lit)-1], "''", "'")
		case lit == "true" || lit == "false":
			val = lit == "true"
		default:
			n, err := strconv.ParseFloat(lit, 64)
			if err != nil {
				return nil, badRequest("Unsupported $filter value %s: use a quoted string, true, false or a number.", lit)
			}
			val = n
		}
		out = append(out, filterClause{path: strings.Split(fields[0], "/"), value: val})
	}
	return out, nil
}

// matches evaluates the clauses against a rendered entity.
func matches(entity map[string]any, clauses []filterClause) bool {
	for _, c := range clauses {
		var cur any = entity
		for _, seg := range c.path {
			m, ok := cur.(map[string]any)
			if !ok {
				return false
			}
			cur = m[seg]
		}
		switch want := c.value.(type) {
		case string:
			got, ok := cur.(string)
			if !ok || !strings.EqualFold(got, want) {
				return false
			}
		case bool:
			if got, ok := cur.(bool); !ok || got != want {
				return false
			}
		case float64:
			if !numberEquals(cur, want) {
				return false
			}
		}
	}
	return true
}

func numberEquals(v any, want float64) bool {
	switch n := v.(type) {
	case int:
		return float64(n) == want
	case int64:
		return float64(n) == want
	case float64:
		return n == want
	}
	return false
}

// The skip token is opaque to clients; inside it is only an offset.
func encodeSkipToken(n int) string {
	return base64.RawURLEncoding.EncodeToString([]byte("pd-skip:" + strconv.Itoa(n)))
}

func decodeSkipToken(t string) (int, bool) {
	b, err := base64.RawURLEncoding.DecodeString(t)
	if err != nil {
		return 0, false
	}
	rest, ok := strings.CutPrefix(string(b), "pd-skip:")
	n, err := strconv.Atoi(rest)
	return n, ok && err == nil && n >= 0
}

// page cuts one page out of items and returns the absolute nextLink ("" at
// the end), which repeats the request's options with a new $skiptoken.
func page[T any](base string, r *http.Request, q odata, items []T) ([]T, string) {
	size := q.top
	if size == 0 {
		size = maxPage
	}
	if q.skip >= len(items) {
		return nil, ""
	}
	end := min(q.skip+size, len(items))
	if end == len(items) {
		return items[q.skip:], ""
	}
	vals := url.Values{}
	for k, v := range r.URL.Query() {
		if k != "$skiptoken" {
			vals[k] = v
		}
	}
	vals.Set("$skiptoken", encodeSkipToken(end))
	enc := strings.ReplaceAll(vals.Encode(), "%24", "$")
	return items[q.skip:end], base + r.URL.Path + "?" + enc
}

// project keeps the selected properties (plus id), or the defaults when
// nothing is selected; allowed caps what may appear at all.
func project(entity map[string]any, selects, defaults, allowed []string) map[string]any {
	keep := defaults
	if selects != nil {
		keep = append([]string{"id"}, selects...)
	}
	out := map[string]any{}
	for _, k := range keep {
		if allowed != nil && !slices.Contains(allowed, k) {
			continue
		}
		if v, ok := entity[k]; ok {
			out[k] = v
		}
	}
	return out
}
