package emulator

import (
	"errors"
	"io/fs"
	"strconv"
	"strings"
	"time"
)

// state is all mutable emulator data. Every field is guarded by Server.mu.
type state struct {
	seed      Seed
	dataDir   string
	fs        fileSystem
	leftover  []string             // documents Remove refused (open elsewhere): tried again later
	users     map[string]*SeedUser // by lower-case id and UPN
	printers  []*SeedPrinter       // in seed order, which is the listing order
	byPrinter map[string]*SeedPrinter
	byShare   map[string]*SeedPrinter
	jobs      map[string]*job
	jobOrder  []*job
	nextJob   int
	sessions  map[string]*uploadSession // by session id
	downloads map[string]*download      // by download id
	uploaded  map[string][]uploadStamp  // bytes received per user, oldest first (bandwidth.go)
}

// job is a printJob. Its single document is inline.
type job struct {
	id        string
	printerID string
	created   time.Time
	createdBy *SeedUser
	config    map[string]any
	state     string
	details   []string
	desc      string
	acquired  bool
	acked     *time.Time
	completed *time.Time
	doc       document
}

// document is the job's printDocument and, once uploaded, its stored bytes.
type document struct {
	id          string
	displayName string
	contentType string
	size        int64
	uploaded    *time.Time
	downloaded  *time.Time
	path        string // file with the complete bytes, "" until uploaded
	sha256      string
	session     *uploadSession // the active upload session, if any
}

// download is a pre-authenticated download URL handed out by $value.
type download struct {
	token   string
	path    string
	size    int64
	ctype   string
	expires time.Time
	doc     *document
}

func newState(seed Seed, dataDir string, files fileSystem) *state {
	st := &state{
		seed:      seed,
		dataDir:   dataDir,
		fs:        files,
		users:     map[string]*SeedUser{},
		byPrinter: map[string]*SeedPrinter{},
		byShare:   map[string]*SeedPrinter{},
		jobs:      map[string]*job{},
		nextJob:   4101,
		sessions:  map[string]*uploadSession{},
		downloads: map[string]*download{},
	}
	for i := range seed.Users {
		u := seed.Users[i]
		st.users[strings.ToLower(u.ID)] = &u
		st.users[strings.ToLower(u.UserPrincipalName)] = &u
	}
	for i := range seed.Printers {
		p := seed.Printers[i]
		if p.Status.Details == nil {
			p.Status.Details = []string{}
		}
		st.printers = append(st.printers, &p)
		st.byPrinter[strings.ToLower(p.ID)] = &p
		st.byShare[strings.ToLower(p.Share.ID)] = &p
	}
	return st
}

// closeSessions closes the open files of every upload session and forgets
// the data; stored documents stay on disk until the data dir is removed.
func (st *state) closeSessions() {
	for id, us := range st.sessions {
		us.discard()
		delete(st.sessions, id)
	}
	st.removeFile("") // documents a download held open when they were replaced
}

func (st *state) user(idOrUPN string) *SeedUser {
	return st.users[strings.ToLower(idOrUPN)]
}

// canSee reports whether u may see the share of p.
func canSee(p *SeedPrinter, u *SeedUser) bool {
	if p.Share.AllowAllUsers || u.PrinterAdmin {
		return true
	}
	for _, a := range p.Share.AllowedUsers {
		if strings.EqualFold(a, u.ID) || strings.EqualFold(a, u.UserPrincipalName) {
			return true
		}
	}
	return false
}

func (st *state) newJob(p *SeedPrinter, u *SeedUser, cfg map[string]any, now time.Time) *job {
	j := &job{
		id:        strconv.Itoa(st.nextJob),
		printerID: p.ID,
		created:   now,
		createdBy: u,
		config:    cfg,
		state:     "paused",
		details:   []string{"uploadPending"},
		desc:      "The job is not a candidate for processing yet.",
		doc:       document{id: newGUID()},
	}
	st.nextJob++
	st.jobs[j.id] = j
	st.jobOrder = append(st.jobOrder, j)
	return j
}

func (j *job) terminal() bool {
	switch j.state {
	case "completed", "canceled", "aborted":
		return true
	}
	return false
}

func (j *job) uploadDone() bool { return j.doc.path != "" }

// setState moves the job and keeps the description in step with it.
func (j *job) setState(state string, details []string, desc string) {
	j.state, j.details, j.desc = state, details, desc
	if j.details == nil {
		j.details = []string{}
	}
}

// removeFile removes a stored document. Windows refuses to remove a file
// that is open, which it is while a download streams it; such a file is
// kept in leftover and tried again on every later call and by Close.
func (st *state) removeFile(path string) {
	if path != "" {
		st.leftover = append(st.leftover, path)
	}
	kept := st.leftover[:0]
	for _, p := range st.leftover {
		if err := st.fs.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			kept = append(kept, p)
		}
	}
	st.leftover = kept
}
