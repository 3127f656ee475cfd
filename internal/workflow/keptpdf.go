package workflow

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"printdrop/internal/convert"
	"printdrop/internal/upload"
)

// A converted document is kept while its upload may still resume. The PDF
// is written to a folder beside the upload checkpoints, named for the
// source file as it was (path, size, modification time, type) and the
// paper and margin it was laid out on. A print of the same file after a
// crash then finds the same PDF, byte for byte, and resumes its upload,
// where converting again would make different bytes (a PDF records when it
// was made) and start over. The PDF goes when no checkpoint needs it: at
// the end of the print that made or resumed it, on Discard, or, if a crash
// came between the conversion and the first checkpoint, a day later.

// keptOrphanAge is how old a kept PDF without a checkpoint must be before
// it is removed: far longer than any print takes from its conversion to
// its first checkpoint.
const keptOrphanAge = 24 * time.Hour

// keptDir is where converted documents are kept: an absolute path, as a
// checkpoint's file must be.
func (s *Service) keptDir() string {
	dir, _ := filepath.Abs(filepath.Join(s.checks.Dir(), "converted"))
	return dir
}

// isKept reports whether path is a converted document this service keeps.
func (s *Service) isKept(path string) bool {
	abs, err := filepath.Abs(path)
	return err == nil && filepath.Dir(abs) == s.keptDir()
}

// keptPath is where the conversion of f with opt for a share is kept (one
// per share, as checkpoints are, so one print's end never takes the PDF of
// another share's interrupted upload).
func (s *Service) keptPath(f *upload.File, opt convert.Options, shareID string) string {
	abs, _ := filepath.Abs(f.Path())
	id := fmt.Sprintf("%s\x00%d\x00%d\x00%s\x00%g\x00%g\x00%g\x00%s", abs, f.Size(), f.ModTime().UnixNano(), f.ContentType(),
		opt.Paper.W, opt.Paper.H, opt.Margin, shareID)
	sum := sha256.Sum256([]byte(id))
	return filepath.Join(s.keptDir(), hex.EncodeToString(sum[:16])+".pdf")
}

// dropKept removes the kept PDF at path unless a checkpoint of share still
// needs it (the upload was interrupted and may resume).
func (s *Service) dropKept(path, shareID string) {
	if path == "" || s.checks.Has(path, shareID) {
		return
	}
	if err := os.Remove(path); err != nil && !os.IsNotExist(err) {
		s.log.Warn("could not remove a converted document", "err", err)
	}
}

// sweepKept removes what is older than keptOrphanAge in the folder and no
// checkpoint names: PDFs kept across a crash before their first
// checkpoint, and a conversion's own leftovers (its temporary PDF, the
// work folder LibreOffice ran in).
func (s *Service) sweepKept(cps []upload.Checkpoint) {
	entries, err := os.ReadDir(s.keptDir())
	if err != nil {
		return
	}
	named := map[string]bool{}
	for _, cp := range cps {
		named[filepath.Base(cp.FilePath)] = s.isKept(cp.FilePath)
	}
	for _, e := range entries {
		info, err := e.Info()
		ours := strings.HasSuffix(e.Name(), ".pdf") || strings.HasPrefix(e.Name(), "printdrop-")
		if err != nil || named[e.Name()] || !ours || time.Since(info.ModTime()) < keptOrphanAge {
			continue
		}
		_ = os.RemoveAll(filepath.Join(s.keptDir(), e.Name()))
	}
}
