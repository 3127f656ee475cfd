package emulator

import (
	"io"
	"os"
)

// fileSystem is how the emulator opens, renames and removes the files it
// keeps documents in. Production uses the OS; tests put a stand-in here
// that refuses, on any OS, what Windows refuses: renaming or removing a
// file while a handle on it is open (Go opens files without
// FILE_SHARE_DELETE there, so both fail with a sharing violation).
type fileSystem interface {
	OpenFile(name string, flag int, perm os.FileMode) (dataFile, error)
	Rename(oldpath, newpath string) error
	Remove(name string) error
}

// dataFile is the part of *os.File the emulator uses.
type dataFile interface {
	io.ReaderAt
	io.WriterAt
	io.ReadSeeker
	Truncate(size int64) error
	Close() error
}

// osFiles is the real file system.
type osFiles struct{}

func (osFiles) OpenFile(name string, flag int, perm os.FileMode) (dataFile, error) {
	f, err := os.OpenFile(name, flag, perm)
	if err != nil {
		return nil, err // a typed nil *os.File would not compare equal to nil
	}
	return f, nil
}

func (osFiles) Rename(oldpath, newpath string) error { return os.Rename(oldpath, newpath) }
func (osFiles) Remove(name string) error             { return os.Remove(name) }
