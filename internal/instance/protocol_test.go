package instance

import (
	"bufio"
	"bytes"
	"path/filepath"
	"strings"
	"testing"
)

func TestDecodeRequest(t *testing.T) {
	t.Parallel()
	long := "/" + strings.Repeat("a", maxPathBytes)
	tests := []struct {
		name    string
		in      string
		want    []string // nil when an error is expected
		wantErr string
	}{
		{"two files", `{"v":1,"files":["` + root + `/home/ana/a.pdf","` + root + `/tmp/b c.oxps"]}` + "\n", []string{root + "/home/ana/a.pdf", root + "/tmp/b c.oxps"}, ""},
		{"with token", `{"v":1,"token":"abc","files":["` + root + `/a"]}` + "\n", []string{root + "/a"}, ""},
		{"no files means raise the window", `{"v":1,"files":[]}` + "\n", []string{}, ""},
		{"files omitted", `{"v":1}` + "\n", []string{}, ""},
		{"newline in a name survives", `{"v":1,"files":["` + root + `/tmp/a\nb.pdf"]}` + "\n", []string{root + "/tmp/a\nb.pdf"}, ""},
		{"relative path", `{"v":1,"files":["a.pdf"]}` + "\n", nil, "not an absolute path"},
		{"dot relative path", `{"v":1,"files":["./a.pdf"]}` + "\n", nil, "not an absolute path"},
		{"empty name", `{"v":1,"files":[""]}` + "\n", nil, "not an absolute path"},
		{"NUL in name", `{"v":1,"files":["` + root + `/a\u0000b"]}` + "\n", nil, "NUL"},
		{"name too long", `{"v":1,"files":["` + long + `"]}` + "\n", nil, "longer than"},
		{"wrong version", `{"v":2,"files":["` + root + `/a"]}` + "\n", nil, "unsupported protocol version 2"},
		{"no version", `{"files":["` + root + `/a"]}` + "\n", nil, "unsupported protocol version 0"},
		{"unknown field", `{"v":1,"files":["` + root + `/a"],"cmd":"rm"}` + "\n", nil, "unknown field"},
		{"trailing data", `{"v":1,"files":["` + root + `/a"]} {}` + "\n", nil, "trailing data"},
		{"not JSON", "GET / HTTP/1.1\r\n", nil, "malformed request"},
		{"files not a list", `{"v":1,"files":"` + root + `/a"}` + "\n", nil, "malformed request"},
		{"empty line", "\n", nil, "malformed request"},
		{"no newline", `{"v":1,"files":["` + root + `/a"]}`, nil, "closed before the end of the line"},
		{"nothing", "", nil, "closed before the end of the line"},
		{"too many files", `{"v":1,"files":[` + strings.TrimSuffix(strings.Repeat(`"`+root+`/a",`, maxFiles+1), ",") + "]}\n", nil, "too many files"},
		{"line too long", strings.Repeat(" ", maxRequestBytes+10) + "\n", nil, "longer than"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := decodeRequest(bufio.NewReader(strings.NewReader(tt.in)))
			if tt.want == nil {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("decodeRequest error = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("decodeRequest: %v", err)
			}
			if strings.Join(got.Files, "|") != strings.Join(tt.want, "|") || len(got.Files) != len(tt.want) {
				t.Fatalf("files = %q, want %q", got.Files, tt.want)
			}
		})
	}
}

func TestRequestRoundTrip(t *testing.T) {
	t.Parallel()
	in := request{V: protocolVersion, Token: "t0k", Files: []string{root + "/a b/ç.pdf", root + `/q"uote`, root + "/tab\there"}}
	var buf bytes.Buffer
	if err := encodeRequest(&buf, in); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(buf.String(), "\n"); n != 1 {
		t.Fatalf("encoded request has %d newlines, want exactly one (the terminator): %q", n, buf.String())
	}
	out, err := decodeRequest(bufio.NewReader(&buf))
	if err != nil {
		t.Fatal(err)
	}
	if out.Token != in.Token || strings.Join(out.Files, "\x00") != strings.Join(in.Files, "\x00") {
		t.Fatalf("round trip = %+v, want %+v", out, in)
	}
}

func TestDecodeResponse(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		ok      bool
		wantErr bool
	}{
		{`{"ok":true}` + "\n", true, false},
		{`{"ok":false,"error":"busy"}` + "\n", false, false},
		{`{"ok":false}` + "\n", false, true},
		{"garbage\n", false, true},
		{`{"ok":true}`, false, true},
	}
	for _, tt := range tests {
		resp, err := decodeResponse(bufio.NewReader(strings.NewReader(tt.in)))
		if (err != nil) != tt.wantErr || (err == nil && resp.OK != tt.ok) {
			t.Errorf("decodeResponse(%q) = %+v, %v", tt.in, resp, err)
		}
	}
}

// FuzzDecodeRequest: whatever arrives on the endpoint, decoding never panics,
// and anything accepted holds only absolute, NUL-free paths within the limits
// and survives a round trip unchanged.
func FuzzDecodeRequest(f *testing.F) {
	f.Add([]byte(`{"v":1,"files":["` + root + `/a.pdf"]}` + "\n"))
	f.Add([]byte(`{"v":1,"token":"x","files":[]}` + "\n"))
	f.Add([]byte(`{"v":1,"files":["rel"]}` + "\n"))
	f.Add([]byte("\x00\xff\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		req, err := decodeRequest(bufio.NewReader(bytes.NewReader(in)))
		if err != nil {
			return
		}
		if len(req.Files) > maxFiles {
			t.Fatalf("accepted %d files", len(req.Files))
		}
		for _, p := range req.Files {
			if !filepath.IsAbs(p) || strings.ContainsRune(p, 0) || len(p) > maxPathBytes {
				t.Fatalf("accepted file name %q", p)
			}
		}
		var buf bytes.Buffer
		if err := encodeRequest(&buf, req); err != nil {
			t.Fatal(err)
		}
		again, err := decodeRequest(bufio.NewReader(&buf))
		if err != nil {
			t.Fatalf("re-decoding an accepted request: %v", err)
		}
		if again.Token != req.Token || strings.Join(again.Files, "\x00") != strings.Join(req.Files, "\x00") {
			t.Fatalf("round trip changed %+v into %+v", req, again)
		}
	})
}
