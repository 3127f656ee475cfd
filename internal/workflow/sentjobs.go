package workflow

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// The record of sent jobs: what this machine printed, so the jobs view
// can say which jobs came from here and print one again from the same
// file. One small JSON file in the config dir, replaced atomically (a
// reader never sees half a file; two processes writing at the same
// moment can lose one entry, never the file). It holds paths and names,
// never a token or an upload URL.

// sentJobsVersion changes with the file's layout; another one is ignored.
const sentJobsVersion = 1

// maxSentJobs bounds the record: the oldest entries are dropped.
const maxSentJobs = 500

// SentJob is one job this machine created.
type SentJob struct {
	ShareID      string      `json:"shareId"`
	JobID        string      `json:"jobId"`
	Printer      string      `json:"printer"`
	DocumentName string      `json:"documentName"`
	Path         string      `json:"path"`    // the local file printed
	Size         int64       `json:"size"`    // its size then
	ModTime      time.Time   `json:"modTime"` // its modification time then
	Settings     JobSettings `json:"settings"`
	Created      time.Time   `json:"created"`
}

type sentJobsFile struct {
	Version int       `json:"version"`
	Jobs    []SentJob `json:"jobs"`
}

// sentJobsPath is where the record lives: Params.SentJobsFile, else beside
// the interrupted uploads (CheckpointDir), else the user's config dir.
// "" when there is nowhere to keep it.
func (s *Service) sentJobsPath() string {
	switch {
	case s.p.SentJobsFile == "-":
		return ""
	case s.p.SentJobsFile != "":
		return s.p.SentJobsFile
	case s.p.CheckpointDir != "":
		// A dot name: the checkpoint listing skips it.
		return filepath.Join(s.p.CheckpointDir, ".sent-jobs.json")
	}
	base, err := os.UserConfigDir()
	if err != nil {
		return ""
	}
	return filepath.Join(base, "PrintDrop", "sent-jobs.json")
}

// SentJobs returns the record, newest last; a missing or foreign file is
// an empty record.
func (s *Service) SentJobs() []SentJob {
	s.sentMu.Lock()
	defer s.sentMu.Unlock()
	return s.readSent()
}

func (s *Service) readSent() []SentJob {
	path := s.sentJobsPath()
	if path == "" {
		return nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			s.log.Debug("could not read the record of sent jobs", "err", err)
		}
		return nil
	}
	var f sentJobsFile
	if json.Unmarshal(b, &f) != nil || f.Version != sentJobsVersion {
		return nil
	}
	return f.Jobs
}

// recordSent adds a job to the record (best effort: a print never fails
// because its record could not be written).
func (s *Service) recordSent(j SentJob) {
	s.sentMu.Lock()
	defer s.sentMu.Unlock()
	path := s.sentJobsPath()
	if path == "" {
		return
	}
	jobs := append(s.readSent(), j)
	if len(jobs) > maxSentJobs {
		jobs = jobs[len(jobs)-maxSentJobs:]
	}
	b, err := json.Marshal(sentJobsFile{Version: sentJobsVersion, Jobs: jobs})
	if err == nil {
		err = writeFileAtomic(path, b)
	}
	if err != nil {
		s.log.Debug("could not record the sent job", "err", err)
	}
}

// sentJob finds a job in the record.
func (s *Service) sentJob(shareID, jobID string) (SentJob, bool) {
	for _, j := range s.SentJobs() {
		if j.JobID == jobID && (shareID == "" || j.ShareID == shareID) {
			return j, true
		}
	}
	return SentJob{}, false
}

// record keeps the job this run just created in the record of sent jobs.
func (r *printRun) record() {
	j := SentJob{ShareID: r.shareID, JobID: r.jobID, Printer: r.req.Printer.Name(), DocumentName: r.name,
		Size: r.size, Settings: r.req.JobSettings, Created: time.Now().UTC()}
	if fi, err := os.Stat(r.path); err == nil && fi.Mode().IsRegular() {
		abs, err := filepath.Abs(r.path)
		if err == nil {
			j.Path, j.ModTime = abs, fi.ModTime().UTC()
		}
	}
	r.s.recordSent(j)
}
