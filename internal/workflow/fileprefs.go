package workflow

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"printdrop/internal/atomicfile"
)

// FilePreferences are preferences kept in a small JSON file, written on
// every change (atomically: temp file + rename). The command line uses them
// to remember the last share between runs; the window uses Fyne's own.
type FilePreferences struct {
	path string
	mem  *MemoryPreferences
	mu   sync.Mutex // serialises writes to path
	err  error      // the last write error, for Err
}

// OpenFilePreferences loads path if it exists. A missing file is an empty
// set; an unreadable or corrupt one is an error (so it is never silently
// overwritten).
func OpenFilePreferences(path string) (*FilePreferences, error) {
	p := &FilePreferences{path: path, mem: NewMemoryPreferences()}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return p, nil
	}
	if err != nil {
		return nil, err
	}
	var values map[string]any
	if err := json.Unmarshal(data, &values); err != nil {
		return nil, &fs.PathError{Op: "read settings", Path: path, Err: err}
	}
	for k, v := range values {
		switch v := v.(type) {
		case string:
			p.mem.values[k] = v
		case float64: // JSON numbers; settings only hold ints
			p.mem.values[k] = int(v)
		}
	}
	return p, nil
}

// StringWithFallback returns the string stored at key, or fallback.
func (p *FilePreferences) StringWithFallback(key, fallback string) string {
	return p.mem.StringWithFallback(key, fallback)
}

// IntWithFallback returns the int stored at key, or fallback.
func (p *FilePreferences) IntWithFallback(key string, fallback int) int {
	return p.mem.IntWithFallback(key, fallback)
}

// SetString stores a string and writes the file.
func (p *FilePreferences) SetString(key, value string) { p.mem.SetString(key, value); p.write() }

// SetInt stores an int and writes the file.
func (p *FilePreferences) SetInt(key string, value int) { p.mem.SetInt(key, value); p.write() }

// RemoveValue forgets key and writes the file.
func (p *FilePreferences) RemoveValue(key string) { p.mem.RemoveValue(key); p.write() }

// Err returns the last error writing the file, so a caller can warn once
// that settings will not be remembered.
func (p *FilePreferences) Err() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.err
}

func (p *FilePreferences) write() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.mem.mu.Lock()
	data, err := json.MarshalIndent(p.mem.values, "", "  ")
	p.mem.mu.Unlock()
	if err == nil {
		err = writeFileAtomic(p.path, data)
	}
	p.err = err
}

// writeFileAtomic writes data to path (creating its folder) so a crash
// never leaves half a file; see atomicfile.Write for Windows.
func writeFileAtomic(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	return atomicfile.Write(path, data, 0o600)
}
