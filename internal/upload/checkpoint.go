package upload

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"printdrop/internal/secret"

	"printdrop/internal/atomicfile"
)

// Checkpoint is what a new process needs to resume an upload: the job and
// document it belongs to, the file's identity when the upload began, and the
// session's URL. The URL is a credential: it lives only in the secret store
// and prints as [redacted].
type Checkpoint struct {
	FilePath string `json:"file_path"` // absolute
	ShareID  string `json:"share_id"`
	// Account is the Graph id of the user who started the upload, so a
	// window offers to resume only the signed-in user's uploads.
	Account     string       `json:"account,omitempty"`
	PrinterID   string       `json:"printer_id,omitempty"`
	JobID       string       `json:"job_id"`
	DocumentID  string       `json:"document_id"`
	Protocol    string       `json:"protocol"` // "v1" or "draft"
	Name        string       `json:"name"`
	ContentType string       `json:"content_type"`
	Size        int64        `json:"size"`
	ModTime     time.Time    `json:"mtime"`
	Fingerprint string       `json:"fingerprint"`
	Created     time.Time    `json:"created"`
	Expires     time.Time    `json:"expires,omitzero"`
	UploadURL   secret.Value `json:"-"`
	// DraftETag is the 2020 draft session's ETag, sent as If-Match. The
	// draft protocol authenticates with the bearer, so the ETag is no
	// credential and lives in the file; such a checkpoint has no UploadURL.
	DraftETag string `json:"draft_etag,omitempty"`
}

// ErrNoCheckpoint means no upload of that file to that share is pending.
var ErrNoCheckpoint = errors.New("no interrupted upload to resume")

// CheckpointChangedError means a checkpoint was found but the file is no
// longer the one that was being uploaded; the checkpoint has been discarded.
type CheckpointChangedError struct{ Name string }

func (e *CheckpointChangedError) Error() string {
	return e.Name + " changed since its upload was interrupted, so the upload starts again"
}

// Checkpoints stores checkpoints as JSON files (one per file path and share,
// mode 0600, written atomically) in a directory, and their upload URLs in a
// secret.Store. Safe for use by one process at a time per key.
type Checkpoints struct {
	dir     string
	secrets secret.Store
}

// NewCheckpoints keeps checkpoints in dir (tests use a temporary one).
func NewCheckpoints(dir string, secrets secret.Store) *Checkpoints {
	return &Checkpoints{dir: dir, secrets: secrets}
}

// DefaultCheckpoints keeps checkpoints in the user's config directory,
// under PrintDrop/uploads.
func DefaultCheckpoints(secrets secret.Store) (*Checkpoints, error) {
	base, err := os.UserConfigDir()
	if err != nil {
		return nil, fmt.Errorf("cannot find your configuration folder to remember uploads: %w", err)
	}
	return NewCheckpoints(filepath.Join(base, "PrintDrop", "uploads"), secrets), nil
}

// Dir is the folder the checkpoints are kept in.
func (c *Checkpoints) Dir() string { return c.dir }

// Has reports whether a checkpoint for path and share is stored, without
// reading the file or the secret store.
func (c *Checkpoints) Has(path, shareID string) bool {
	abs, err := filepath.Abs(path)
	if err != nil {
		return false
	}
	_, err = os.Stat(c.file(key(abs, shareID)))
	return err == nil
}

// key names a checkpoint: a hash, so paths never appear in file names and
// the secret store's account names stay short.
func key(path, shareID string) string {
	sum := sha256.Sum256([]byte(pathKey(path) + "\x00" + shareID))
	return hex.EncodeToString(sum[:16])
}

func (c *Checkpoints) file(k string) string { return filepath.Join(c.dir, k+".json") }

func secretKey(k string) string { return "upload-url-" + k }

// Save writes cp (the JSON atomically, the URL to the secret store). Call it
// whenever a session is created or renewed.
func (c *Checkpoints) Save(cp Checkpoint) error {
	if !filepath.IsAbs(cp.FilePath) {
		return fmt.Errorf("checkpoint for %s: the file path must be absolute", cp.Name)
	}
	k := key(cp.FilePath, cp.ShareID)
	if cp.UploadURL != "" {
		if err := c.secrets.Save(secretKey(k), cp.UploadURL.Reveal()); err != nil {
			return fmt.Errorf("cannot remember the upload of %s for later: %w", cp.Name, err)
		}
	}
	data, err := json.MarshalIndent(cp, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(c.dir, 0o700); err != nil {
		return fmt.Errorf("cannot remember the upload of %s for later: %w", cp.Name, err)
	}
	if err := atomicfile.Write(c.file(k), data, 0o600); err != nil {
		return fmt.Errorf("cannot remember the upload of %s for later: %w", cp.Name, err)
	}
	return nil
}

// Find returns the checkpoint for path and share if the file is still the
// one being uploaded (same size, modification time and fingerprint); if it
// changed, the checkpoint is removed and a *CheckpointChangedError returned.
// ErrNoCheckpoint when there is none (or its URL is gone from the store).
func (c *Checkpoints) Find(path, shareID string) (*Checkpoint, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	k := key(abs, shareID)
	cp, err := c.read(k)
	if err != nil {
		return nil, err
	}
	if pathKey(cp.FilePath) != pathKey(abs) || cp.ShareID != shareID {
		return nil, ErrNoCheckpoint
	}
	f, err := OpenFile(abs)
	if err == nil {
		defer f.Close()
	}
	if err != nil || f.Size() != cp.Size || !f.ModTime().Equal(cp.ModTime) || f.Fingerprint() != cp.Fingerprint {
		_ = c.Remove(abs, shareID)
		return nil, &CheckpointChangedError{Name: cp.Name}
	}
	if cp.DraftETag != "" {
		return cp, nil // a draft session: nothing in the secret store
	}
	url, err := c.secrets.Load(secretKey(k))
	if err != nil {
		// Without the URL the session cannot be reached (for example the
		// keychain fell back to memory in the previous run).
		_ = c.Remove(abs, shareID)
		return nil, ErrNoCheckpoint
	}
	cp.UploadURL = secret.Value(url)
	if cp.Protocol == "draft" {
		// Written before DraftETag existed: the ETag sat in the store
		// where a v1.0 checkpoint keeps its URL.
		cp.UploadURL, cp.DraftETag = "", url
	}
	return cp, nil
}

func (c *Checkpoints) read(k string) (*Checkpoint, error) {
	data, err := os.ReadFile(c.file(k))
	if errors.Is(err, os.ErrNotExist) {
		return nil, ErrNoCheckpoint
	}
	if err != nil {
		return nil, err
	}
	var cp Checkpoint
	if err := json.Unmarshal(data, &cp); err != nil {
		_ = os.Remove(c.file(k)) // a torn or foreign file is not worth keeping
		return nil, ErrNoCheckpoint
	}
	return &cp, nil
}

// List returns every stored checkpoint (without URLs and without checking
// the files), so the app can offer to resume interrupted uploads at start.
func (c *Checkpoints) List() ([]Checkpoint, error) {
	entries, err := os.ReadDir(c.dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []Checkpoint
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".json") || strings.HasPrefix(name, ".") {
			continue
		}
		// Read without the clean-up of read: a file that is not a
		// checkpoint may belong to someone else and is left alone.
		k := strings.TrimSuffix(name, ".json")
		data, err := os.ReadFile(c.file(k))
		if err != nil {
			continue
		}
		var cp Checkpoint
		if json.Unmarshal(data, &cp) == nil && cp.belongsAt(k) {
			out = append(out, cp)
		}
	}
	return out, nil
}

// belongsAt reports whether cp is a checkpoint stored under key k: one this
// store wrote, with what a resume needs. Anything else in the folder (a
// file another program or an older build left there) is not listed.
func (cp *Checkpoint) belongsAt(k string) bool {
	return filepath.IsAbs(cp.FilePath) && cp.ShareID != "" && cp.JobID != "" && cp.Size > 0 &&
		key(cp.FilePath, cp.ShareID) == k
}

// Remove forgets the checkpoint for path and share (after completion or
// cancel). Removing one that does not exist is not an error.
func (c *Checkpoints) Remove(path, shareID string) error {
	abs, err := filepath.Abs(path)
	if err != nil {
		return err
	}
	k := key(abs, shareID)
	if err := c.secrets.Delete(secretKey(k)); err != nil && !errors.Is(err, secret.ErrNotFound) {
		return err
	}
	if err := os.Remove(c.file(k)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return nil
}
