package workflow

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"printdrop/internal/graph"
)

// The last share list is kept on disk, one file per account and authority,
// so the next launch shows it at once and searches all of it while a fresh
// list loads. It holds what the list said (names, locations, models, and
// capabilities or status when the list carried them), never a token: a
// share list is not a secret, but the file is still private to the user.

// shareCacheVersion changes when the file's layout does; an older file is
// ignored, never misread.
const shareCacheVersion = 1

// ShareCacheDirName is the folder under the user's cache directory that
// holds the share lists ("printdrop/shares").
const ShareCacheDirName = "printdrop"

// shareCacheFile is the JSON kept per account and authority.
type shareCacheFile struct {
	Version   int           `json:"version"`
	Authority string        `json:"authority"`
	Graph     string        `json:"graph"`
	Account   string        `json:"account"`
	Saved     time.Time     `json:"saved"`
	Shares    []graph.Share `json:"shares"`
}

// CachedShares is the share list kept from an earlier run.
type CachedShares struct {
	Shares []graph.Share
	Saved  time.Time // when the list was complete
}

// DefaultShareCacheDir is where share lists are kept when Params says
// nothing: os.UserCacheDir()/printdrop/shares.
func DefaultShareCacheDir() (string, error) {
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("find the cache folder: %w", err)
	}
	return filepath.Join(dir, ShareCacheDirName, "shares"), nil
}

// shareCachePath is the file of the signed-in account on this authority;
// ok is false when nobody is known to be signed in or there is no folder.
func (s *Service) shareCachePath() (path, acct string, ok bool) {
	dir := s.p.ShareCacheDir
	if dir == "" {
		d, err := DefaultShareCacheDir()
		if err != nil {
			return "", "", false
		}
		dir = d
	}
	if dir == "-" {
		return "", "", false
	}
	a, signed := s.Account()
	if !signed {
		return "", "", false
	}
	acct = a.ID
	if acct == "" {
		acct = a.UPN
	}
	if acct == "" {
		return "", "", false
	}
	set := s.Settings()
	// The name is a digest, so the folder does not list who signed in.
	sum := sha256.Sum256([]byte(set.Authority() + "\x00" + set.Graph() + "\x00" + acct))
	return filepath.Join(dir, hex.EncodeToString(sum[:12])+".json"), acct, true
}

// CachedShares returns the list an earlier run kept for this account and
// authority; ok is false when there is none (first run, other account,
// unreadable or foreign file). It reads only the local disk.
func (s *Service) CachedShares() (CachedShares, bool) {
	s.cacheMu.Lock()
	defer s.cacheMu.Unlock()
	path, acct, ok := s.shareCachePath()
	if !ok {
		return CachedShares{}, false
	}
	if s.cached != nil && s.cachedPath == path {
		return *s.cached, true
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return CachedShares{}, false
	}
	var f shareCacheFile
	set := s.Settings()
	if json.Unmarshal(b, &f) != nil || f.Version != shareCacheVersion || f.Account != acct ||
		f.Authority != set.Authority() || f.Graph != set.Graph() {
		return CachedShares{}, false
	}
	c := CachedShares{Shares: f.Shares, Saved: f.Saved}
	s.cached, s.cachedPath = &c, path
	return c, true
}

// keepShares records a complete list, in memory and (best effort) on disk.
func (s *Service) keepShares(shares []graph.Share) {
	s.cacheMu.Lock()
	defer s.cacheMu.Unlock()
	path, acct, ok := s.shareCachePath()
	if !ok {
		return
	}
	c := CachedShares{Shares: shares, Saved: time.Now()}
	s.cached, s.cachedPath = &c, path
	set := s.Settings()
	f := shareCacheFile{Version: shareCacheVersion, Authority: set.Authority(), Graph: set.Graph(),
		Account: acct, Saved: c.Saved, Shares: withoutStatus(shares)}
	// writeFileAtomic's temporary file is created 0600 and renamed into
	// place, so the list is private and never seen half written.
	b, err := json.Marshal(f)
	if err == nil {
		err = writeFileAtomic(path, b)
	}
	if err != nil {
		// The list still shows; only the next launch starts from nothing.
		s.log.Debug("could not keep the share list", "err", err)
	}
}

// ForgetShares removes this account's kept list (sign-out).
func (s *Service) ForgetShares() {
	s.cacheMu.Lock()
	defer s.cacheMu.Unlock()
	if path, _, ok := s.shareCachePath(); ok {
		_ = os.Remove(path)
	}
	s.cached, s.cachedPath = nil, ""
}

// withoutStatus drops the status a list may carry (an administrator's):
// a state read minutes or days ago must not pass for today's.
func withoutStatus(in []graph.Share) []graph.Share {
	out := make([]graph.Share, len(in))
	for i, sh := range in {
		sh.Status, sh.IsAcceptingJobs = nil, nil
		out[i] = sh
	}
	return out
}
