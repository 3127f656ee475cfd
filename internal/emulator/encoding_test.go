package emulator

import (
	"bytes"
	"compress/gzip"
	"testing"
)

// TestGzipRequestBodies: Graph routes take gzip-compressed bodies, as
// Microsoft's SDKs send them; a body that is not gzip, or another encoding,
// gets a clear refusal and creates nothing.
func TestGzipRequestBodies(t *testing.T) {
	t.Parallel()
	e := start(t, Config{})
	var zipped bytes.Buffer
	zw := gzip.NewWriter(&zipped)
	zw.Write([]byte(`{"configuration":{"copies":2}}`))
	zw.Close()
	jobs := e.info.GraphURL + "/v1.0/print/shares/" + ShareDefault + "/jobs"
	gz := map[string]string{"Content-Type": "application/json", "Content-Encoding": "gzip"}

	var j map[string]any
	e.decode(e.do("POST", jobs, e.tok, zipped.Bytes(), gz), 201, &j)
	if cfg, _ := j["configuration"].(map[string]any); cfg["copies"] != float64(2) {
		t.Fatalf("the gzip body was not read: %v", j)
	}
	e.graphErr(e.do("POST", jobs, e.tok, []byte(`{"configuration":{}}`), gz), 400, "invalidRequest")
	br := map[string]string{"Content-Type": "application/json", "Content-Encoding": "br"}
	e.graphErr(e.do("POST", jobs, e.tok, []byte(`{"configuration":{}}`), br), 415, "unsupportedMediaType")
	var list struct{ Value []any }
	e.decode(e.graph("GET", "/v1.0/print/shares/"+ShareDefault+"/jobs", nil), 200, &list)
	if len(list.Value) != 1 {
		t.Fatalf("%d jobs after one good and two refused creations, want 1", len(list.Value))
	}
}
