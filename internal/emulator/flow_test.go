package emulator

import (
	"crypto/sha256"
	"encoding/hex"
	"reflect"
	"testing"
)

// TestPrintFlow walks the whole v1.0 path: create, upload out of order with
// gaps reported, complete, start, completed, stored bytes equal.
func TestPrintFlow(t *testing.T) {
	t.Parallel()
	e := start(t, Config{})
	data := pattern(2_621_440)
	j := e.createJob(ShareDefault)
	if j.Status.State != "paused" || !reflect.DeepEqual(j.Status.Details, []string{"uploadPending"}) {
		t.Fatalf("new job status %+v, want paused/[uploadPending]", j.Status)
	}
	if len(j.Documents) != 1 || j.Documents[0].Size != 0 || j.Documents[0].DisplayName != "" {
		t.Fatalf("new job documents %+v, want one empty document", j.Documents)
	}
	s := e.session(ShareDefault, j, "memo.pdf", "application/pdf", int64(len(data)))
	if !reflect.DeepEqual(s.NextExpectedRanges, []string{"0-2621439"}) {
		t.Fatalf("nextExpectedRanges %v", s.NextExpectedRanges)
	}
	var st sessionJSON
	e.decode(e.put(s.UploadURL, data, 1_024_000, 2_047_999), 202, &st)
	if !reflect.DeepEqual(st.NextExpectedRanges, []string{"0-1023999", "2048000-2621439"}) {
		t.Fatalf("after the middle chunk: %v", st.NextExpectedRanges)
	}
	e.decode(e.put(s.UploadURL, data, 0, 1_023_999), 202, &st)
	if !reflect.DeepEqual(st.NextExpectedRanges, []string{"2048000-2621439"}) {
		t.Fatalf("after the first chunk: %v", st.NextExpectedRanges)
	}
	var doc map[string]any
	e.decode(e.put(s.UploadURL, data, 2_048_000, 2_621_439), 201, &doc)
	if doc["displayName"] != "memo.pdf" || doc["documentName"] != "memo.pdf" || doc["size"] != float64(len(data)) {
		t.Fatalf("201 body %v", doc)
	}
	e.graphErr(e.do("GET", s.UploadURL, "", nil, nil), 404, "itemNotFound")

	var status statusJSONT
	e.decode(e.graph("POST", "/v1.0/print/shares/"+ShareDefault+"/jobs/"+j.ID+"/start", nil), 200, &status)
	if status.State != "processing" || !reflect.DeepEqual(status.Details, []string{"interpreting"}) {
		t.Fatalf("start answered %+v", status)
	}
	done := e.waitState(ShareDefault, j.ID, "completed")
	if !done.IsAcquiredByPrinter || !reflect.DeepEqual(done.Details, []string{"completedSuccessfully"}) {
		t.Fatalf("completed status %+v", done)
	}
	var sum struct {
		Size   int64
		SHA256 string
	}
	e.decode(e.do("GET", e.info.ControlURL+"/jobs/"+j.ID+"/document", "", nil, nil), 200, &sum)
	want := sha256.Sum256(data)
	if sum.Size != int64(len(data)) || sum.SHA256 != hex.EncodeToString(want[:]) {
		t.Fatalf("stored %d bytes sha256 %s, want %d %x", sum.Size, sum.SHA256, len(data), want)
	}
}
