package convert

import (
	"bufio"
	"errors"
	"io"
	"os"
	"path/filepath"
)

// Check says at once, from headers only, whether ToPDF can convert the
// file: a picture of a known format and a safe size (every TIFF page), a
// text file that is not binary at its start, an office document in its
// format with LibreOffice installed. The refusal is the *Error ToPDF would
// return; a file that passes can still fail later (damage further in).
func Check(path, contentType string, opt Options) error {
	name := filepath.Base(path)
	err := check(path, contentType, opt)
	var ce *Error
	if errors.As(err, &ce) && ce.Name == "" {
		ce.Name = name
	}
	return err
}

func check(path, contentType string, opt Options) error {
	kind := KindOf(filepath.Base(path), contentType)
	if kind == None {
		return &Error{Problem: Unsupported}
	}
	if kind == Office {
		if _, err := findSoffice(opt); err != nil {
			return err
		}
		return checkOfficeMagic(path)
	}
	f, err := os.Open(path)
	if err != nil {
		return &Error{Problem: WriteFailed, Cause: Unreadable, Err: err}
	}
	defer f.Close()
	if kind == Text {
		head, _ := bufio.NewReaderSize(f, 4096).Peek(4096)
		if unicodeBOM(head) {
			return nil
		}
		return looksBinary(head)
	}
	fi, err := f.Stat()
	if err != nil {
		return &Error{Problem: BadImage, Cause: Unreadable, Err: err}
	}
	format, frames, err := pictureFrames(f, fi.Size())
	if err != nil {
		return err
	}
	for _, fr := range frames {
		if _, err := configOf(io.NewSectionReader(fr, 0, fi.Size()), format); err != nil {
			return err
		}
	}
	return nil
}
