package emulator

import (
	"fmt"
	"net/http"
	"reflect"
	"testing"
)

func TestDraftUploadSession(t *testing.T) {
	t.Parallel()
	e := start(t, Config{})
	data := pattern(1536)
	j := e.createJob(ShareDefault)
	path := fmt.Sprintf("/beta/print/printers/%s/jobs/%s/documents/%s/uploadSession", DemoPrinterID(1), j.ID, j.Documents[0].ID)
	res := e.graph("PUT", path, map[string]any{"size": 1536, "contentType": "application/pdf", "documentName": "memo.pdf"})
	etag := res.Header.Get("ETag")
	var sess struct {
		ID             string
		Size           int64
		ContentType    string
		DocumentName   string
		ExpiryDateTime string
		CreatedBy      struct{ Application, User struct{ ID string } }
		MissingRanges  []map[string]string
	}
	e.decode(res, 200, &sess)
	if etag != `"`+sess.ID+`"` || sess.Size != 1536 || sess.DocumentName != "memo.pdf" || sess.ExpiryDateTime == "" ||
		sess.CreatedBy.User.ID != DemoUserID || sess.CreatedBy.Application.ID != DemoClientID ||
		!reflect.DeepEqual(sess.MissingRanges, []map[string]string{{"start": "0", "end": "1535"}}) {
		t.Fatalf("draft create: etag %q body %+v", etag, sess)
	}
	// Not on v1.0, not on the share route.
	e.graphErr(e.graph("PUT", "/v1.0"+path[len("/beta"):], map[string]any{"size": 1}), 400, "BadRequest")

	get := e.graph("GET", path, nil)
	if get.Header.Get("ETag") != etag {
		t.Errorf("GET ETag %q", get.Header.Get("ETag"))
	}
	e.decode(get, 200, nil)

	put := func(ifMatch string, start, end int64) *fmtResponse {
		hdr := map[string]string{"Content-Range": fmt.Sprintf("bytes %d-%d/1536", start, end), "Content-Type": "application/octet-stream"}
		if ifMatch != "" {
			hdr["If-Match"] = ifMatch
		}
		return &fmtResponse{Response: e.do("PUT", e.info.GraphURL+path+"/$value", e.tok, data[start:end+1], hdr)}
	}
	e.graphErr(put("", 0, 1023).Response, 412, "preconditionFailed")
	e.graphErr(put(`"wrong"`, 0, 1023).Response, 412, "preconditionFailed")
	// The bearer is required here (bytes go to Graph itself in the draft).
	e.graphErr(e.do("PUT", e.info.GraphURL+path+"/$value", "", data[:10], map[string]string{"If-Match": etag, "Content-Range": "bytes 0-9/1536"}), 401, "InvalidAuthenticationToken")
	e.decode(put(etag, 0, 1023).Response, 202, &sess)
	if !reflect.DeepEqual(sess.MissingRanges, []map[string]string{{"start": "1024", "end": "1535"}}) {
		t.Fatalf("after first segment %v", sess.MissingRanges)
	}
	e.graphErr(put(etag, 0, 9).Response, 416, "invalidRange")
	e.decode(put(etag, 1024, 1535).Response, 201, nil)
	e.checkStored(data)
	e.graphErr(e.graph("GET", path, nil), 404, "itemNotFound")

	// DELETE discards a session.
	j2 := e.createJob(ShareDefault)
	p2 := fmt.Sprintf("/beta/print/printers/%s/jobs/%s/documents/%s/uploadSession", DemoPrinterID(1), j2.ID, j2.Documents[0].ID)
	e.decode(e.graph("PUT", p2, map[string]any{"size": 10, "contentType": "application/pdf", "documentName": "x.pdf"}), 200, nil)
	del := e.graph("DELETE", p2, nil)
	del.Body.Close()
	if del.StatusCode != 204 {
		t.Fatalf("DELETE: %d", del.StatusCode)
	}
	e.graphErr(e.graph("GET", p2, nil), 404, "itemNotFound")
}

type fmtResponse struct{ Response *http.Response }
