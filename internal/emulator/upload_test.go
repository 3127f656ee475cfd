package emulator

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"
)

// newUpload creates a job on ShareDefault and a session for data.
func (e *env) newUpload(data []byte) (jobJSON, sessionJSON) {
	e.t.Helper()
	j := e.createJob(ShareDefault)
	return j, e.session(ShareDefault, j, "doc.pdf", "application/pdf", int64(len(data)))
}

func TestUploadRules(t *testing.T) {
	t.Parallel()
	e := start(t, Config{MaxChunk: 1000})
	data := pattern(2500)
	_, s := e.newUpload(data)
	e.decode(e.put(s.UploadURL, data, 100, 199), 202, nil)

	cases := []struct {
		name   string
		cr     string
		body   []byte
		hdr    map[string]string
		status int
		code   string
	}{
		{"overlap", "bytes 150-249/2500", data[150:250], nil, 416, "invalidRange"},
		{"same range again", "bytes 100-199/2500", data[100:200], nil, 416, "invalidRange"},
		{"out of bounds", "bytes 2450-2549/2500", data[:100], nil, 416, "invalidRange"},
		{"total mismatch", "bytes 0-99/2600", data[:100], nil, 400, "invalidRequest"},
		{"length mismatch", "bytes 0-99/2500", data[:50], nil, 400, "invalidRequest"},
		{"garbled", "bytes 0-99", data[:100], nil, 400, "invalidRequest"},
		{"missing", "", data[:100], nil, 400, "invalidRequest"},
		{"chunk at the limit", "bytes 0-999/2500", data[:1000], nil, 413, "maxFragmentLengthExceeded"},
		{"bearer sent", "bytes 0-99/2500", data[:100], map[string]string{"Authorization": "Bearer x"}, 401, "unauthenticated"},
	}
	for _, c := range cases {
		hdr := map[string]string{"Content-Range": c.cr}
		for k, v := range c.hdr {
			hdr[k] = v
		}
		if c.cr == "" {
			delete(hdr, "Content-Range")
		}
		t.Run(c.name, func(t *testing.T) {
			e.graphErr(e.do("PUT", s.UploadURL, "", c.body, hdr), c.status, c.code)
		})
	}
	// None of the refused requests stored anything.
	var st sessionJSON
	e.decode(e.do("GET", s.UploadURL, "", nil, nil), 200, &st)
	if !reflect.DeepEqual(st.NextExpectedRanges, []string{"0-99", "200-2499"}) {
		t.Fatalf("after refused PUTs: %v", st.NextExpectedRanges)
	}
	// The docs' "bytes=" typo is accepted in lenient mode.
	e.decode(e.do("PUT", s.UploadURL, "", data[:100], map[string]string{"Content-Range": "bytes=0-99/2500"}), 202, nil)
}

func TestUploadStrictRefusesTypo(t *testing.T) {
	t.Parallel()
	e := start(t, Config{Strict: true})
	data := pattern(100)
	_, s := e.newUpload(data)
	e.graphErr(e.do("PUT", s.UploadURL, "", data, map[string]string{"Content-Range": "bytes=0-99/100"}), 400, "invalidRequest")
	var doc map[string]any
	e.decode(e.put(s.UploadURL, data, 0, 99), 201, &doc)
	if _, ok := doc["documentName"]; ok {
		t.Fatalf("strict 201 body carries documentName: %v", doc)
	}
}

// TestUploadSequentialOnly: with the switch on, a range must start at the
// first missing byte, and the refusal names fragmentOutOfOrder in innerError.
func TestUploadSequentialOnly(t *testing.T) {
	t.Parallel()
	e := start(t, Config{SequentialOnly: true})
	data := pattern(300)
	_, s := e.newUpload(data)
	var refusal struct {
		Error struct {
			Code       string
			InnerError struct{ Code string }
		}
	}
	e.decode(e.put(s.UploadURL, data, 100, 199), 416, &refusal)
	if refusal.Error.Code != "invalidRange" || refusal.Error.InnerError.Code != "fragmentOutOfOrder" {
		t.Fatalf("out-of-order refusal %+v", refusal)
	}
	var st sessionJSON
	e.decode(e.put(s.UploadURL, data, 0, 99), 202, &st)
	e.decode(e.put(s.UploadURL, data, 100, 199), 202, &st)
	if !reflect.DeepEqual(st.NextExpectedRanges, []string{"200-299"}) {
		t.Fatalf("after two in-order ranges: %v", st.NextExpectedRanges)
	}
	e.decode(e.put(s.UploadURL, data, 200, 299), 201, nil)
}

func TestUploadTempAuthToken(t *testing.T) {
	t.Parallel()
	e := start(t, Config{})
	data := pattern(10)
	_, s := e.newUpload(data)
	u, _ := url.Parse(s.UploadURL)
	if u.Host == strings.TrimPrefix(e.info.GraphURL, "http://") || !strings.HasPrefix(s.UploadURL, e.info.UploadURL+"/uploadSessions/") {
		t.Fatalf("uploadUrl %s is not on the upload host %s", s.UploadURL, e.info.UploadURL)
	}
	q := u.Query()
	q.Set("tempauthtoken", q.Get("tempauthtoken")+"x")
	u.RawQuery = q.Encode()
	e.graphErr(e.put(u.String(), data, 0, 9), 401, "unauthenticated")
	u.RawQuery = ""
	e.graphErr(e.put(u.String(), data, 0, 9), 401, "unauthenticated")
	e.decode(e.put(s.UploadURL, data, 0, 9), 201, nil)
}

func TestUploadDeleteAndSupersede(t *testing.T) {
	t.Parallel()
	e := start(t, Config{})
	data := pattern(300)
	j, s := e.newUpload(data)
	e.decode(e.put(s.UploadURL, data, 0, 99), 202, nil)
	res := e.do("DELETE", s.UploadURL, "", nil, nil)
	if res.StatusCode != 204 {
		t.Fatalf("DELETE: %d", res.StatusCode)
	}
	res.Body.Close()
	for _, m := range []string{"GET", "DELETE"} {
		e.graphErr(e.do(m, s.UploadURL, "", nil, nil), 404, "itemNotFound")
	}
	e.graphErr(e.put(s.UploadURL, data, 100, 199), 404, "itemNotFound")
	if st := e.jobState(ShareDefault, j.ID); st.State != "paused" || !contains(st.Details, "uploadPending") {
		t.Fatalf("after DELETE the job is %+v", st)
	}
	// A new session starts from nothing; a third one supersedes the second.
	s2 := e.session(ShareDefault, j, "doc.pdf", "application/pdf", 300)
	if !reflect.DeepEqual(s2.NextExpectedRanges, []string{"0-299"}) {
		t.Fatalf("new session after DELETE: %v", s2.NextExpectedRanges)
	}
	e.decode(e.put(s2.UploadURL, data, 0, 99), 202, nil)
	s3 := e.session(ShareDefault, j, "doc.pdf", "application/pdf", 300)
	e.graphErr(e.do("GET", s2.UploadURL, "", nil, nil), 404, "itemNotFound")
	e.decode(e.put(s3.UploadURL, data, 0, 299), 201, nil)
}

func TestUploadExpiry(t *testing.T) {
	t.Parallel()
	// Long enough that a loaded machine still sends the first PUT in time.
	e := start(t, Config{SessionTTL: 2 * time.Second})
	data := pattern(100)
	_, s := e.newUpload(data)
	e.decode(e.put(s.UploadURL, data, 0, 49), 202, nil)
	exp, err := time.Parse(time.RFC3339Nano, s.ExpirationDateTime)
	if err != nil || time.Until(exp) > 2*time.Second {
		t.Fatalf("expirationDateTime %q (%v)", s.ExpirationDateTime, err)
	}
	time.Sleep(time.Until(exp) + 50*time.Millisecond)
	e.graphErr(e.put(s.UploadURL, data, 50, 99), 404, "itemNotFound")
}

// TestUploadExpiredAs401: with the switch on, a gone session's URL answers
// 401 expiredToken (expired, deleted or completed alike) instead of 404.
func TestUploadExpiredAs401(t *testing.T) {
	t.Parallel()
	e := start(t, Config{ExpiredAs401: true})
	data := pattern(100)
	_, s := e.newUpload(data)
	e.decode(e.put(s.UploadURL, data, 0, 99), 201, nil)
	e.graphErr(e.do("GET", s.UploadURL, "", nil, nil), 401, "expiredToken")

	_, s = e.newUpload(data)
	e.fault(map[string]any{"kind": "expire"})
	e.graphErr(e.put(s.UploadURL, data, 0, 49), 401, "expiredToken")
	e.graphErr(e.do("DELETE", s.UploadURL, "", nil, nil), 401, "expiredToken")
}

// slowPut starts a PUT whose body is fed through a pipe; it stays in flight
// until the returned writer is closed.
func (e *env) slowPut(url string, start, end, total int64) (*io.PipeWriter, chan *http.Response) {
	pr, pw := io.Pipe()
	req, _ := http.NewRequest("PUT", url, pr)
	req.ContentLength = end - start + 1
	req.Header.Set("Content-Range", fmt.Sprintf("bytes %d-%d/%d", start, end, total))
	out := make(chan *http.Response, 1)
	go func() {
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			out <- nil
			return
		}
		out <- res
	}()
	return pw, out
}

func TestUploadFifthConcurrentPut(t *testing.T) {
	t.Parallel()
	e := start(t, Config{})
	data := pattern(1000)
	_, s := e.newUpload(data)
	var writers []*io.PipeWriter
	var results []chan *http.Response
	for i := int64(0); i < 4; i++ {
		w, r := e.slowPut(s.UploadURL, i*100, i*100+99, 1000)
		w.Write(data[i*100 : i*100+10]) // the request is now in the handler
		writers, results = append(writers, w), append(results, r)
	}
	waitFor(t, func() bool { return e.inflight(s.UploadURL) == 4 })
	res := e.put(s.UploadURL, data, 500, 599)
	if res.Header.Get("Retry-After") == "" {
		t.Error("429 without Retry-After")
	}
	e.graphErr(res, 429, "TooManyRequests")
	// A parallel PUT of bytes still in flight is an overlap.
	e.graphErr(e.put(s.UploadURL, data, 50, 149), 416, "invalidRange")
	for i, w := range writers {
		w.Write(data[i*100+10 : i*100+100])
		w.Close()
		r := <-results[i]
		if r == nil || r.StatusCode != 202 {
			t.Fatalf("parallel PUT %d: %v", i, r)
		}
		r.Body.Close()
	}
	e.decode(e.put(s.UploadURL, data, 400, 999), 201, nil)
}

func (e *env) inflight(uploadURL string) int {
	id := strings.TrimPrefix(strings.SplitN(uploadURL, "?", 2)[0], e.info.UploadURL+"/uploadSessions/")
	e.srv.mu.Lock()
	defer e.srv.mu.Unlock()
	if us := e.srv.st.sessions[id]; us != nil {
		return us.inflight
	}
	return -1
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not reached in 10s")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// rawPut writes a PUT by hand so the body can disagree with Content-Length.
func (e *env) rawPut(uploadURL, contentRange string, contentLength int, body []byte, closeAfter bool) (status int) {
	e.t.Helper()
	u, _ := url.Parse(uploadURL)
	c, err := net.Dial("tcp", u.Host)
	if err != nil {
		e.t.Fatal(err)
	}
	defer c.Close()
	fmt.Fprintf(c, "PUT %s HTTP/1.1\r\nHost: %s\r\nContent-Range: %s\r\nContent-Length: %d\r\n\r\n", u.RequestURI(), u.Host, contentRange, contentLength)
	c.Write(body)
	if closeAfter {
		c.(*net.TCPConn).CloseWrite()
	}
	res, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		return 0
	}
	res.Body.Close()
	return res.StatusCode
}

func TestUploadShortBodyStoresNothing(t *testing.T) {
	t.Parallel()
	e := start(t, Config{})
	data := pattern(200)
	_, s := e.newUpload(data)
	if st := e.rawPut(s.UploadURL, "bytes 0-99/200", 100, data[:60], true); st != 400 && st != 0 {
		t.Fatalf("short body answered %d", st)
	}
	var st sessionJSON
	e.decode(e.do("GET", s.UploadURL, "", nil, nil), 200, &st)
	if !reflect.DeepEqual(st.NextExpectedRanges, []string{"0-199"}) {
		t.Fatalf("a short body was kept: %v", st.NextExpectedRanges)
	}
	// A longer body: the extra bytes are not part of the range.
	if st := e.rawPut(s.UploadURL, "bytes 0-99/200", 100, append(append([]byte{}, data[:100]...), "garbage"...), false); st != 202 {
		t.Fatalf("exact Content-Length then trailing bytes answered %d", st)
	}
	e.decode(e.put(s.UploadURL, data, 100, 199), 201, nil)
	e.checkStored(data)
}

// checkStored compares the newest job's stored document with data via $value.
func (e *env) checkStored(data []byte) {
	e.t.Helper()
	e.srv.mu.Lock()
	j := e.srv.st.jobOrder[len(e.srv.st.jobOrder)-1]
	jid, did := j.id, j.doc.id
	e.srv.mu.Unlock()
	res := e.graph("GET", fmt.Sprintf("/v1.0/print/shares/%s/jobs/%s/documents/%s/$value", ShareDefault, jid, did), nil)
	res.Body.Close()
	if res.StatusCode != 302 {
		e.t.Fatalf("$value: %d", res.StatusCode)
	}
	loc := res.Header.Get("Location")
	if !strings.HasPrefix(loc, e.info.UploadURL+"/downloads/") || !strings.Contains(loc, "tempauthtoken=") {
		e.t.Fatalf("$value Location %q", loc)
	}
	got := e.do("GET", loc, "", nil, nil)
	b, _ := io.ReadAll(got.Body)
	got.Body.Close()
	if got.StatusCode != 200 || string(b) != string(data) {
		e.t.Fatalf("download: %d, %d bytes (want %d, equal=%v)", got.StatusCode, len(b), len(data), string(b) == string(data))
	}
	e.graphErr(e.do("GET", strings.SplitN(loc, "?", 2)[0]+"?tempauthtoken=nope", "", nil, nil), 401, "unauthenticated")
}
