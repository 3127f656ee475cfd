package emulator

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// uploadSession receives one document's bytes into a sparse file, in any
// order, from up to four PUTs at a time. Fields are guarded by Server.mu
// except file, which is only written through WriteAt at reserved offsets.
type uploadSession struct {
	id, token   string
	job         *job
	docID       string
	size        int64
	contentType string
	name        string
	expires     time.Time
	received    spanSet // bytes stored for good
	pending     spanSet // ranges reserved by PUTs still streaming
	inflight    int
	file        dataFile
	path        string
	fs          fileSystem
	draft       bool   // the 2020 printUploadSession draft
	userID      string // creator (draft createdBy)
	clientID    string
	gone        bool      // completed, deleted, superseded or expired: every request answers 404
	vanish      *apiError // set by a vanish_last fault: completing forgets the session and answers this

	// The SHA-256 of the document is computed as its prefix arrives, so the
	// final PUT of a large file does not stall while the whole file is read
	// back. hashMu guards the fields below; it is never held with Server.mu.
	hashMu sync.Mutex
	hash   hash.Hash // over bytes [0, hashed)
	hashed int64
	sealed bool // complete took the hash over: no more prefix hashing
}

// newSession opens the sparse file for a document and supersedes any
// session the document had: its uploadUrl answers 404 from now on.
func (st *state) newSession(j *job, props docProps, ttl time.Duration, draft bool) (*uploadSession, error) {
	if old := j.doc.session; old != nil {
		st.dropSession(old)
	}
	us := &uploadSession{
		id: newGUID(), token: newSecret(), job: j, docID: j.doc.id,
		size: props.Size, contentType: props.ContentType, name: props.DocumentName,
		expires: time.Now().Add(ttl), draft: draft, hash: sha256.New(), fs: st.fs,
	}
	us.path = filepath.Join(st.dataDir, "sessions", us.id+".part")
	f, err := st.fs.OpenFile(us.path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, fmt.Errorf("create the upload file: %w", err)
	}
	// Truncate makes a sparse file: no disk blocks until bytes arrive.
	if err := f.Truncate(us.size); err != nil {
		f.Close()
		st.fs.Remove(us.path)
		return nil, fmt.Errorf("size the upload file: %w", err)
	}
	us.file = f
	st.sessions[us.id] = us
	j.doc.session = us
	return us, nil
}

// dropSession forgets a session and its bytes.
func (st *state) dropSession(us *uploadSession) {
	delete(st.sessions, us.id)
	if us.job.doc.session == us {
		us.job.doc.session = nil
	}
	us.discard()
}

// discard closes the session's file before removing it: Windows refuses to
// remove a file that is still open. Called with Server.mu held.
func (us *uploadSession) discard() {
	us.gone = true
	if us.file != nil {
		us.file.Close()
		us.file = nil
		us.fs.Remove(us.path)
	}
}

// live returns the session by id when it can still take requests, dropping
// it if it has expired.
func (st *state) live(id string) *uploadSession {
	us := st.sessions[id]
	if us == nil || us.gone {
		return nil
	}
	if time.Now().After(us.expires) {
		st.dropSession(us)
		return nil
	}
	return us
}

func (us *uploadSession) gaps() spanSet { return us.received.gaps(us.size) }

func sessionGone() *apiError {
	return errorf(http.StatusNotFound, "itemNotFound",
		"The upload session was not found: it has expired, completed or been deleted. Create a new upload session.")
}

// uploadURLGone is what the upload host answers for a session that is gone:
// 404, or with Config.ExpiredAs401 the 401 expiredToken that tempauth URLs
// are reported to give once their credential has lapsed.
func (s *Server) uploadURLGone() *apiError {
	if s.cfg.ExpiredAs401 {
		return errorf(http.StatusUnauthorized, "expiredToken",
			"The upload URL's token has expired: its session ended. Create a new upload session.")
	}
	return sessionGone()
}

// goneFor is uploadURLGone on the upload host; draft sessions live on Graph
// and always answer 404.
func (s *Server) goneFor(us *uploadSession) *apiError {
	if us.draft {
		return sessionGone()
	}
	return s.uploadURLGone()
}

// chunk is one validated PUT: the range it carries and its body.
type chunk struct {
	cr            contentRange
	contentLength int64
	body          io.Reader
}

// reserve validates a chunk against the session (under the size limit,
// inside the document, the right length) and reserves
// its range, so a concurrent PUT of the same bytes answers 416.
func (s *Server) reserve(us *uploadSession, c chunk) *apiError {
	switch {
	case c.cr.total != us.size:
		return errorf(http.StatusBadRequest, "invalidRequest",
			"Content-Range says the document has %d bytes but the upload session was created for %d. Send the session's size as the total.", c.cr.total, us.size)
	case c.cr.end >= us.size:
		return errorf(http.StatusRequestedRangeNotSatisfiable, "invalidRange",
			"The range %d-%d is outside the document (the last byte is %d).", c.cr.start, c.cr.end, us.size-1)
	case c.contentLength != c.cr.len():
		return badRequest("Content-Length is %d but Content-Range %d-%d covers %d bytes. Send exactly the bytes of the range.",
			c.contentLength, c.cr.start, c.cr.end, c.cr.len())
	case us.received.overlaps(c.cr.span) || us.pending.overlaps(c.cr.span):
		return errorf(http.StatusRequestedRangeNotSatisfiable, "invalidRange",
			"The range %d-%d overlaps bytes already received or in flight. GET the upload URL for nextExpectedRanges and send only those.", c.cr.start, c.cr.end)
	case s.cfg.SequentialOnly && c.cr.start != us.received.prefixEnd():
		e := errorf(http.StatusRequestedRangeNotSatisfiable, "invalidRange",
			"This upload session takes ranges only in order: the next one must start at byte %d, not %d. Send one range at a time.", us.received.prefixEnd(), c.cr.start)
		e.innerCode = "fragmentOutOfOrder"
		return e
	case us.inflight >= maxConcurrentPuts:
		return throttled(time.Second,
			"At most %d PUTs may run at once on one upload session. Retry after the time in Retry-After.", maxConcurrentPuts)
	}
	us.pending = us.pending.add(c.cr.span)
	us.inflight++
	return nil
}

// receive stores one chunk. It returns done=true when it was the last one;
// the document is then complete and the session deleted.
func (s *Server) receive(ctx context.Context, us *uploadSession, c chunk) (done bool, e *apiError) {
	s.mu.Lock()
	if s.st.live(us.id) != us {
		s.mu.Unlock()
		return false, s.goneFor(us)
	}
	if e := s.reserve(us, c); e != nil {
		s.mu.Unlock()
		return false, e
	}
	f := us.file
	s.mu.Unlock()

	// Stream straight to disk at the range's offset: memory stays at one
	// copy buffer whatever the chunk or document size.
	buf := make([]byte, 32<<10)
	n, err := io.CopyBuffer(io.NewOffsetWriter(f, c.cr.start), io.LimitReader(c.body, c.contentLength), buf)

	s.mu.Lock()
	us.pending = us.pending.remove(c.cr.span)
	us.inflight--
	switch {
	case s.st.live(us.id) != us:
		s.mu.Unlock()
		return false, s.goneFor(us)
	case err != nil && ctx.Err() == nil && n == c.contentLength:
		s.mu.Unlock()
		return false, errorf(http.StatusInternalServerError, "generalException", "The emulator could not store the bytes: %v", err)
	case n != c.contentLength:
		s.mu.Unlock()
		return false, badRequest("The body ended after %d of the %d bytes in Content-Length; nothing from this request was kept. Send the range again.", n, c.contentLength)
	}
	us.received = us.received.add(c.cr.span)
	s.countUpload(us.userID, n, time.Now())
	if us.received.total() < us.size {
		prefix := us.received.prefixEnd()
		s.mu.Unlock()
		us.hashPrefix(f, prefix)
		return false, nil
	}
	if us.vanish != nil {
		// A vanish_last fault: the last byte arrived, yet the session
		// is forgotten and the PUT fails, as if the service lost it.
		e := us.vanish
		s.st.dropSession(us)
		s.mu.Unlock()
		return false, e
	}
	// Complete: no other request may touch the session from here on.
	delete(s.st.sessions, us.id)
	us.gone = true
	s.mu.Unlock()
	return true, s.complete(us)
}

// complete hashes the stored bytes, moves them to the document store and
// fills in the job's document.
func (s *Server) complete(us *uploadSession) *apiError {
	fail := func(err error) *apiError {
		s.mu.Lock()
		us.discard() // closes and removes the file unless that is done already
		if us.job.doc.session == us {
			us.job.doc.session = nil
		}
		s.mu.Unlock()
		return errorf(http.StatusInternalServerError, "generalException", "The emulator could not finish the document: %v. Create a new upload session.", err)
	}
	us.hashMu.Lock()
	us.sealed = true
	_, err := io.Copy(us.hash, io.NewSectionReader(us.file, us.hashed, us.size-us.hashed))
	sum := hex.EncodeToString(us.hash.Sum(nil))
	us.hashMu.Unlock()
	if err != nil {
		return fail(err)
	}
	// The file is closed before it is renamed: Windows refuses to rename an
	// open file (a sharing violation), which Linux allows. The session is
	// gone and sealed, so no other request reads or writes it any more.
	s.mu.Lock()
	f := us.file
	us.file = nil
	s.mu.Unlock()
	if f == nil { // discarded meanwhile (reset, or superseded by a new session)
		return sessionGone()
	}
	if err := f.Close(); err != nil {
		us.fs.Remove(us.path)
		return fail(err)
	}
	// No fsync: the emulator promises no durability across a machine crash,
	// and flushing a large document to disk would hold the final PUT's
	// answer for as long as the disk takes, which no client can tell apart
	// from the service being slow. Readers see the bytes through the page
	// cache once the rename is done.
	dest := filepath.Join(s.dataDir, "documents", us.docID+"-"+us.id)
	if err := us.fs.Rename(us.path, dest); err != nil {
		us.fs.Remove(us.path)
		return fail(err)
	}
	now := time.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	d := &us.job.doc
	if d.session == us {
		d.session = nil
	}
	s.st.removeFile(d.path)
	d.displayName, d.contentType, d.size = us.name, us.contentType, us.size
	d.uploaded, d.path, d.sha256 = &now, dest, sum
	s.log.Info("document uploaded", "job", us.job.id, "size", us.size)
	return nil
}

// hashPrefix extends the running hash over the bytes stored contiguously
// from the start, up to prefix. A read that fails (the session was deleted
// and its file closed meanwhile) leaves the hash where it was.
func (us *uploadSession) hashPrefix(f dataFile, prefix int64) {
	us.hashMu.Lock()
	defer us.hashMu.Unlock()
	if us.sealed || prefix <= us.hashed {
		return
	}
	// io.Copy hands the hash exactly the bytes it counts, so hash and
	// hashed stay in step even when the read fails part way.
	n, err := io.Copy(us.hash, io.NewSectionReader(f, us.hashed, prefix-us.hashed))
	us.hashed += n
	if err != nil {
		us.sealed = true // the file is gone: this session will not complete
	}
}
