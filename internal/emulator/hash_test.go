package emulator

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
)

// The document's SHA-256 is built as its prefix arrives, so completing a
// large upload does not read the whole file back; whatever the order of the
// chunks, the stored hash must equal the file's.
func TestUploadHashFollowsPrefix(t *testing.T) {
	t.Parallel()
	const chunk = 1000
	data := pattern(5*chunk + 123)
	want := sha256.Sum256(data)
	for _, c := range []struct {
		name  string
		order []int
	}{
		{"in order", []int{0, 1, 2, 3, 4, 5}},
		{"reverse", []int{5, 4, 3, 2, 1, 0}},
		{"gap then fill", []int{0, 2, 3, 1, 5, 4}},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := start(t, Config{})
			j, s := e.newUpload(data)
			for i, n := range c.order {
				first := int64(n * chunk)
				last := min(first+chunk, int64(len(data))) - 1
				if i == len(c.order)-1 {
					e.decode(e.put(s.UploadURL, data, first, last), 201, nil)
					break
				}
				e.decode(e.put(s.UploadURL, data, first, last), 202, nil)
				if c.name == "in order" {
					// Before the last chunk, the hash covers every byte stored
					// so far: completion has only the last chunk left to read.
					if got := hashedSoFar(t, e, s.UploadURL); got != last+1 {
						t.Fatalf("after chunk %d the hash covers %d bytes, want %d", n, got, last+1)
					}
				}
			}
			var doc struct {
				Size   int64  `json:"size"`
				SHA256 string `json:"sha256"`
			}
			e.decode(e.do("GET", e.info.ControlURL+"/jobs/"+j.ID+"/document", "", nil, nil), 200, &doc)
			if doc.SHA256 != hex.EncodeToString(want[:]) || doc.Size != int64(len(data)) {
				t.Fatalf("stored %d bytes with SHA-256 %s, want %d and %x", doc.Size, doc.SHA256, len(data), want)
			}
		})
	}
}

// hashedSoFar is how many bytes the live session's running hash covers.
func hashedSoFar(t *testing.T, e *env, uploadURL string) int64 {
	t.Helper()
	e.srv.mu.Lock()
	var us *uploadSession
	for id, s := range e.srv.st.sessions {
		if strings.Contains(uploadURL, id) {
			us = s
		}
	}
	e.srv.mu.Unlock()
	if us == nil {
		t.Fatal("no live session for the upload URL")
	}
	us.hashMu.Lock()
	defer us.hashMu.Unlock()
	return us.hashed
}
