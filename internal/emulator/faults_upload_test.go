package emulator

import (
	"reflect"
	"testing"
)

// Each lie answers a PUT as documented and keeps nothing, so the status
// GET still tells the truth.
func TestFaultUploadLies(t *testing.T) {
	t.Parallel()
	cases := []struct {
		kind  string
		extra map[string]any
		want  []string // nextExpectedRanges of the lying 202
	}{
		{"missing_all", nil, []string{"0-299"}},
		{"missing_sent", nil, []string{"0-299"}},
		{"missing_overlap", nil, []string{"100-150", "125-199"}},
		{"missing_none", nil, []string{}},
		{"many_ranges", map[string]any{"ranges": 3}, []string{"0-0", "2-2", "4-4"}},
	}
	for _, c := range cases {
		t.Run(c.kind, func(t *testing.T) {
			t.Parallel()
			e := start(t, Config{})
			data := pattern(300)
			_, s := e.newUpload(data)
			f := map[string]any{"kind": c.kind, "method": "PUT"}
			for k, v := range c.extra {
				f[k] = v
			}
			e.fault(f)
			var lie sessionJSON
			e.decode(e.put(s.UploadURL, data, 100, 199), 202, &lie)
			if !reflect.DeepEqual(lie.NextExpectedRanges, c.want) {
				t.Errorf("the lie says %q missing, want %q", lie.NextExpectedRanges, c.want)
			}
			var truth sessionJSON
			e.decode(e.do("GET", s.UploadURL, "", nil, nil), 200, &truth)
			if !reflect.DeepEqual(truth.NextExpectedRanges, []string{"0-299"}) {
				t.Errorf("after the lie the status says %q missing, want everything (nothing kept)", truth.NextExpectedRanges)
			}
		})
	}
}

// vanish_last passes every PUT but the one that completes the document;
// that one fails and the session is gone. The session is armed by the
// first PUT, so a later PUT completing it fails too.
func TestFaultVanishLast(t *testing.T) {
	t.Parallel()
	e := start(t, Config{})
	data := pattern(300)
	_, s := e.newUpload(data)
	e.fault(map[string]any{"kind": "vanish_last", "method": "PUT"}) // count 1: arms this session
	e.decode(e.put(s.UploadURL, data, 0, 99), 202, nil)
	e.decode(e.put(s.UploadURL, data, 200, 299), 202, nil)
	e.graphErr(e.put(s.UploadURL, data, 100, 199), 500, "generalException")
	e.graphErr(e.do("GET", s.UploadURL, "", nil, nil), 404, "itemNotFound")
}
