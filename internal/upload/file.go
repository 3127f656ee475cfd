package upload

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// MaxSize is the Universal Print job size limit (1 GB, decimal).
const MaxSize = 1_000_000_000

// Document is what the engine uploads. *File is the usual one; Bytes wraps
// an in-memory document.
type Document interface {
	io.ReaderAt
	Size() int64
	// Name is shown to the user and in errors ("report.pdf").
	Name() string
	// Check returns a *ChangedError once the content no longer matches what
	// was opened. It must be cheap enough to call every second.
	Check() error
}

// Bytes returns a Document over b, which must not change during the upload.
func Bytes(name string, b []byte) Document { return bytesDoc{name: name, b: b} }

type bytesDoc struct {
	name string
	b    []byte
}

func (d bytesDoc) ReadAt(p []byte, off int64) (int, error) {
	if off >= int64(len(d.b)) {
		return 0, io.EOF
	}
	n := copy(p, d.b[off:])
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}
func (d bytesDoc) Size() int64  { return int64(len(d.b)) }
func (d bytesDoc) Name() string { return d.name }
func (d bytesDoc) Check() error { return nil }

// FileProblem says why OpenFile refused a path.
type FileProblem int

// The reasons OpenFile refuses a file.
const (
	NotFound FileProblem = iota + 1
	IsDirectory
	NotRegular // FIFO, socket, device (also behind a symlink)
	Unreadable
	Empty
	TooLarge
)

// FileError is OpenFile's refusal; its message says what to do next.
type FileError struct {
	Path    string
	Problem FileProblem
	Size    int64 // for TooLarge
	Err     error // the OS error, if any
}

func (e *FileError) Error() string {
	name := filepath.Base(e.Path)
	switch e.Problem {
	case NotFound:
		return fmt.Sprintf("%s was not found; check the name and location of the file", name)
	case IsDirectory:
		return fmt.Sprintf("%s is a folder; choose a file inside it instead", name)
	case NotRegular:
		return fmt.Sprintf("%s is not a regular file (a pipe, socket or device); save the document to a file and print that", name)
	case Unreadable:
		return fmt.Sprintf("%s cannot be read (%v); check its permissions", name, errors.Unwrap(e))
	case Empty:
		return fmt.Sprintf("%s is empty (0 bytes); there is nothing to print", name)
	case TooLarge:
		return fmt.Sprintf("%s is %d bytes, over Universal Print's 1 GB job limit; split it or reduce its size", name, e.Size)
	}
	return name + " cannot be printed"
}

func (e *FileError) Unwrap() error { return e.Err }

// ChangedError means the document changed while it was uploading.
type ChangedError struct{ Name string }

func (e *ChangedError) Error() string {
	return e.Name + " changed while it was uploading; print it again"
}

// File is a document on disk, opened for an upload. Its identity (size,
// modification time, fingerprint) is taken from the open handle, so there
// is no gap between checking a path and using it.
type File struct {
	f           *os.File
	path        string
	size        int64
	modTime     time.Time
	fingerprint string
	contentType string
}

// Identity is what a File was when opened: its size, modification time
// and fingerprint. The zero Identity knows nothing.
type Identity struct {
	Size        int64
	ModTime     time.Time
	Fingerprint string
}

// Identity is the file as it was when opened.
func (f *File) Identity() Identity {
	return Identity{Size: f.size, ModTime: f.modTime, Fingerprint: f.fingerprint}
}

// OpenFile opens path for upload, refusing with a *FileError anything that
// cannot be printed: a directory, a FIFO/device/socket (also through a
// symlink), an unreadable or empty file, or one over MaxSize.
func OpenFile(path string) (*File, error) { return OpenFileSeen(path, Identity{}) }

// OpenFileSeen is OpenFile for a file opened moments ago (a window checks
// a file when it is dropped and prints it later): when the handle has the
// size and modification time seen then, it keeps seen's fingerprint
// instead of reading the samples again. Any other handle is fingerprinted
// anew. The upload's own Check still compares the content at the end.
func OpenFileSeen(path string, seen Identity) (*File, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, &FileError{Path: path, Problem: Unreadable, Err: err}
	}
	// Lstat-free: os.Stat follows symlinks, which is what we want to judge,
	// and refusing special files before opening avoids blocking on a FIFO.
	if fi, err := os.Stat(abs); err != nil {
		return nil, openError(abs, err)
	} else if p := modeProblem(fi.Mode()); p != 0 {
		return nil, &FileError{Path: abs, Problem: p}
	}
	f, err := os.Open(abs)
	if err != nil {
		return nil, openError(abs, err)
	}
	// Judge the handle we will read, not the path: it may have been swapped.
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, &FileError{Path: abs, Problem: Unreadable, Err: err}
	}
	if p := modeProblem(fi.Mode()); p != 0 {
		f.Close()
		return nil, &FileError{Path: abs, Problem: p}
	}
	switch {
	case fi.Size() == 0:
		f.Close()
		return nil, &FileError{Path: abs, Problem: Empty}
	case fi.Size() > MaxSize:
		f.Close()
		return nil, &FileError{Path: abs, Problem: TooLarge, Size: fi.Size()}
	}
	file := &File{f: f, path: abs, size: fi.Size(), modTime: fi.ModTime()}
	if seen.Fingerprint != "" && seen.Size == file.size && seen.ModTime.Equal(file.modTime) {
		file.fingerprint = seen.Fingerprint
	} else if file.fingerprint, err = fingerprint(f, file.size, file.modTime); err != nil {
		f.Close()
		return nil, &FileError{Path: abs, Problem: Unreadable, Err: err}
	}
	file.contentType = detectContentType(abs, f)
	return file, nil
}

func openError(path string, err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return &FileError{Path: path, Problem: NotFound, Err: err}
	default:
		return &FileError{Path: path, Problem: Unreadable, Err: err}
	}
}

func modeProblem(m fs.FileMode) FileProblem {
	switch {
	case m.IsDir():
		return IsDirectory
	case !m.IsRegular():
		return NotRegular
	}
	return 0
}

// ReadAt reads from the open handle.
func (f *File) ReadAt(p []byte, off int64) (int, error) { return f.f.ReadAt(p, off) }

// Close closes the handle.
func (f *File) Close() error { return f.f.Close() }

// Path is the absolute path the file was opened from.
func (f *File) Path() string { return f.path }

// Name is the file's base name.
func (f *File) Name() string { return filepath.Base(f.path) }

// Size is the size when opened.
func (f *File) Size() int64 { return f.size }

// ModTime is the modification time when opened.
func (f *File) ModTime() time.Time { return f.modTime }

// Fingerprint identifies the content when opened (see fingerprint).
func (f *File) Fingerprint() string { return f.fingerprint }

// ContentType is the MIME type from the extension, else sniffed.
func (f *File) ContentType() string { return f.contentType }

// Check re-reads the handle's size and modification time and recomputes the
// fingerprint (about 2.5 MiB read, a few milliseconds even for 1 GB), and
// returns a *ChangedError if any differs.
func (f *File) Check() error {
	fi, err := f.f.Stat()
	if err != nil || fi.Size() != f.size || !fi.ModTime().Equal(f.modTime) {
		return &ChangedError{Name: f.Name()}
	}
	fp, err := fingerprint(f.f, f.size, f.modTime)
	if err != nil || fp != f.fingerprint {
		return &ChangedError{Name: f.Name()}
	}
	return nil
}

// Fingerprint sampling: the ends of a document are where editors write
// (headers, PDF xref tables and trailers), the middle samples catch an
// in-place patch elsewhere without reading a gigabyte.
const (
	edgeSample   = 1 << 20  // first and last 1 MiB
	middleSample = 64 << 10 // 8 blocks of 64 KiB spread evenly between them
	middleBlocks = 8
)

// fingerprint is the hex SHA-256 of the size, the modification time
// (nanoseconds) and the sampled blocks. Files up to 2 MiB are hashed whole.
func fingerprint(r io.ReaderAt, size int64, mtime time.Time) (string, error) {
	h := sha256.New()
	var hdr [16]byte
	binary.BigEndian.PutUint64(hdr[:8], uint64(size))
	binary.BigEndian.PutUint64(hdr[8:], uint64(mtime.UnixNano()))
	h.Write(hdr[:])
	sample := func(off, n int64) error {
		_, err := io.Copy(h, io.NewSectionReader(r, off, n))
		return err
	}
	if size <= 2*edgeSample {
		if err := sample(0, size); err != nil {
			return "", err
		}
		return hex.EncodeToString(h.Sum(nil)), nil
	}
	if err := sample(0, edgeSample); err != nil {
		return "", err
	}
	span := size - 2*edgeSample
	for i := int64(1); i <= middleBlocks; i++ {
		off := edgeSample + span*i/(middleBlocks+1)
		if err := sample(off, min(middleSample, size-edgeSample-off)); err != nil {
			return "", err
		}
	}
	if err := sample(size-edgeSample, edgeSample); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
