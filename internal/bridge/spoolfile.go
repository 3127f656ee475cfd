package bridge

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"

	"printdrop/internal/capped"
)

// The spool folder is the bridge's own (0700), but what it finds there at
// start is read as untrusted: a file replaced by a symlink to /dev/zero, a
// FIFO, a huge manifest or a forged id must cost a warning, never memory,
// a hang or a request to a Graph path the bridge did not make.

// Bounds of the spool's small files.
const (
	maxManifest = 64 << 10 // a manifest is a few hundred bytes
	maxNextID   = 32       // a decimal int32 and a newline
	// maxJobID is the largest IPP job id: job-id is a signed 32-bit integer.
	maxJobID = math.MaxInt32
)

// errNotRegular is a spool file that is a symlink, FIFO or device.
var errNotRegular = errors.New("not a regular file")

// readSpoolFile reads a small spool file whole, refusing a symlink (never
// followed), anything but a regular file, and more than limit bytes.
func readSpoolFile(path string, limit int64) ([]byte, error) {
	f, err := openNoFollow(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: %w", path, errNotRegular)
	}
	if fi.Size() > limit {
		return nil, fmt.Errorf("%s: %w", path, capped.ErrTooLarge)
	}
	// The size may change after Stat: the read is capped as well.
	return io.ReadAll(&capped.Reader{R: f, N: limit})
}

// docIsRegular reports whether a job's spooled document is a regular file
// (not a symlink: Lstat does not follow one).
func docIsRegular(path string) bool {
	fi, err := os.Lstat(path)
	return err == nil && fi.Mode().IsRegular()
}

// validJobID reports whether id can be an IPP job id (1..2^31-1).
func validJobID(id int) bool { return id >= 1 && id <= maxJobID }

// graphID is what a Universal Print id looks like (GUIDs, the emulator's
// short ids): a manifest's up_job_id goes into Graph paths, so anything
// else (a "/", "..", a "?") is refused rather than escaped and sent.
var graphID = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$`)

// nextFreeIDLocked returns the id for a new job and advances s.nextID,
// wrapping from 2^31-1 to 1 (never to a negative job-id) and skipping ids
// still in use. The caller holds s.mu.
func (s *Server) nextFreeIDLocked() int {
	for range len(s.jobs) + 1 {
		if !validJobID(s.nextID) {
			s.nextID = 1
		}
		id := s.nextID
		s.nextID++
		if _, used := s.jobs[id]; !used {
			return id
		}
	}
	panic("bridge: no free job id") // unreachable: len(s.jobs)+1 tries find one
}

// readManifest reads and checks the manifest file name in the spool: a
// valid job id matching its file name, a known-shaped Universal Print job
// id, a size within the document limit. Text fields are made safe to show
// again (the file may have been edited).
func (s *Server) readManifest(name string) (manifest, error) {
	var m manifest
	b, err := readSpoolFile(filepath.Join(s.cfg.SpoolDir, name), maxManifest)
	if err != nil {
		return m, err
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return m, err
	}
	switch {
	case !validJobID(m.ID) || name != fmt.Sprintf("job-%d.json", m.ID):
		return m, fmt.Errorf("job id %d does not fit IPP or the file's name", m.ID)
	case m.UPJobID != "" && !graphID.MatchString(m.UPJobID):
		return m, errors.New("the Universal Print job id is not an id")
	case !knownPhase(m.Phase):
		return m, fmt.Errorf("the phase %q is not one the bridge writes", m.Phase)
	case needsUPJob(m.Phase) && m.UPJobID == "":
		return m, fmt.Errorf("the phase %q needs a Universal Print job id", m.Phase)
	case m.Size < 0 || m.Size > s.cfg.MaxDocument:
		return m, fmt.Errorf("a document of %d bytes is out of bounds", m.Size)
	}
	m.Name, m.User = sanitize(m.Name, 255), sanitize(m.User, 255)
	return m, nil
}
