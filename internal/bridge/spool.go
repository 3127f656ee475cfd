package bridge

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"printdrop/internal/atomicfile"
	"printdrop/internal/workflow"
)

// manifest is what the spool keeps beside a job's document so a restarted
// bridge can resume it. It holds no secret: the upload URL stays in the
// keychain with the workflow's checkpoint.
type manifest struct {
	ID       int                  `json:"id"`
	ShareID  string               `json:"share_id"`
	Name     string               `json:"name"`
	User     string               `json:"user"`
	Settings workflow.JobSettings `json:"settings"`
	Created  time.Time            `json:"created"`
	Size     int64                `json:"size"`
	UPJobID  string               `json:"up_job_id,omitempty"`
	// Phase is how far the print went (the phase constants), written
	// before each request that creates or starts a Universal Print job;
	// IntentAt is when a create was about to go out.
	Phase    string    `json:"phase,omitempty"`
	IntentAt time.Time `json:"intent_at,omitzero"`
	// Started is what bridges before phases wrote; it reads as phaseStarted.
	Started bool `json:"started,omitempty"`
}

func (s *Server) docPath(id int) string {
	return filepath.Join(s.cfg.SpoolDir, fmt.Sprintf("job-%d.pdf", id))
}

func (s *Server) manifestPath(id int) string {
	return filepath.Join(s.cfg.SpoolDir, fmt.Sprintf("job-%d.json", id))
}

// saveManifest writes the job's manifest atomically.
func (s *Server) saveManifest(j *job) error {
	s.mu.Lock()
	m := manifest{ID: j.id, ShareID: j.shareID, Name: j.name, User: j.user, Settings: j.settings,
		Created: j.created, Size: j.size, UPJobID: j.upJobID, Phase: j.phase, IntentAt: j.intentAt,
		Started: j.phase == phaseStarted}
	s.mu.Unlock()
	b, err := json.Marshal(m)
	if err != nil {
		return err
	}
	// atomicfile creates its temporary file afresh (never through a
	// symlink left in the spool) and renames it over the manifest.
	if err := atomicfile.Write(s.manifestPath(j.id), b, 0o600); err != nil {
		return fmt.Errorf("save the job's manifest: %w", err)
	}
	return nil
}

// removeSpool deletes a job's document and manifest.
func (s *Server) removeSpool(id int) {
	for _, p := range []string{s.docPath(id), s.manifestPath(id)} {
		if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			s.log.Warn("remove a spool file", "path", p, "err", err)
		}
	}
}

// nextIDFile keeps the next job id across runs, so a restarted bridge
// never reuses the id of a job that ended (a window still showing it
// would take a new print for the old one).
const nextIDFile = "next-id"

// saveNextID records s.nextID; the caller holds s.mu. A failure only
// risks reusing ids after a restart, so it is logged, not fatal.
func (s *Server) saveNextID() {
	path := filepath.Join(s.cfg.SpoolDir, nextIDFile)
	if err := atomicfile.Write(path, []byte(strconv.Itoa(s.nextID)), 0o600); err == nil {
		return
	}
	s.log.Debug("could not record the next job id", "dir", s.cfg.SpoolDir)
}

// loadSpool reads the manifests a previous run left. Jobs for shares no
// longer served, or without their document, are dropped.
func (s *Server) loadSpool() error {
	entries, err := os.ReadDir(s.cfg.SpoolDir)
	if err != nil {
		return fmt.Errorf("bridge: read the spool folder: %w", err)
	}
	if b, err := readSpoolFile(filepath.Join(s.cfg.SpoolDir, nextIDFile), maxNextID); err == nil {
		// IPP job ids are 32-bit: a corrupt or out-of-range value starts
		// again at 1.
		if n, err := strconv.Atoi(strings.TrimSpace(string(b))); err == nil && validJobID(n) {
			s.nextID = n
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		s.log.Warn("ignoring an unreadable next job id", "err", err)
	}
	for _, e := range entries {
		name := e.Name()
		if !strings.HasPrefix(name, "job-") || !strings.HasSuffix(name, ".json") {
			continue
		}
		m, err := s.readManifest(name)
		if err != nil {
			s.log.Warn("ignoring an unreadable job manifest", "file", name, "err", err)
			continue
		}
		if m.ID < maxJobID {
			s.nextID = max(s.nextID, m.ID+1)
		}
		if m.Phase == "" && m.Started {
			m.Phase = phaseStarted
		}
		hasDoc := docIsRegular(s.docPath(m.ID))
		if s.printers[m.ShareID] == nil || (!hasDoc && m.Phase != phaseStarting && m.Phase != phaseStarted) {
			// A kept Universal Print job of a dropped share is left as
			// it is: the window lists the user's jobs.
			s.removeSpool(m.ID)
			continue
		}
		s.jobs[m.ID] = &job{id: m.ID, shareID: m.ShareID, name: m.Name, user: m.User, settings: m.Settings,
			created: m.Created, state: stateProcessing, reasons: "job-printing", hasDoc: true, size: m.Size,
			upJobID: m.UPJobID, phase: m.Phase, intentAt: m.IntentAt, updated: time.Now(), endRead2: make(chan struct{})}
	}
	return nil
}
