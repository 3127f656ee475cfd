package convert

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

// magic is how each office format begins: a document that does not is
// refused before LibreOffice runs (it would print random bytes as text).
var magic = map[string]string{
	".docx": "PK\x03\x04", ".xlsx": "PK\x03\x04", ".pptx": "PK\x03\x04",
	".odt": "PK\x03\x04", ".ods": "PK\x03\x04", ".odp": "PK\x03\x04",
	".doc": "\xD0\xCF\x11\xE0", ".xls": "\xD0\xCF\x11\xE0", ".ppt": "\xD0\xCF\x11\xE0",
	".rtf": "{\\rtf",
}

func checkOfficeMagic(path string) error {
	want := magic[strings.ToLower(filepath.Ext(path))]
	f, err := os.Open(path)
	if err != nil {
		return &Error{Problem: OfficeFailed, Cause: Unreadable, Err: err}
	}
	defer f.Close()
	head := make([]byte, len(want))
	if _, err := io.ReadFull(f, head); err != nil || string(head) != want {
		return &Error{Problem: OfficeFailed, Cause: NotItsKind}
	}
	return nil
}

// OfficeTimeout bounds one LibreOffice conversion.
var OfficeTimeout = 3 * time.Minute

// findSoffice finds LibreOffice's program.
func findSoffice(opt Options) (string, error) {
	if opt.Soffice != "" {
		p, err := exec.LookPath(opt.Soffice)
		if err != nil {
			return "", &Error{Problem: NoLibreOffice, Err: err}
		}
		return p, nil
	}
	for _, n := range []string{"soffice", "libreoffice"} {
		if p, err := exec.LookPath(n); err == nil {
			return p, nil
		}
	}
	if runtime.GOOS == "windows" {
		for _, env := range []string{"ProgramFiles", "ProgramFiles(x86)"} {
			p := filepath.Join(os.Getenv(env), "LibreOffice", "program", "soffice.exe")
			if _, err := os.Stat(p); err == nil {
				return p, nil
			}
		}
	}
	return "", &Error{Problem: NoLibreOffice}
}

// officeToPDF runs LibreOffice headless with a private profile (so it
// never meets the user's own running LibreOffice) in a private folder,
// ended with its process group on timeout or cancel.
func officeToPDF(ctx context.Context, path, outPath string, opt Options) (int, error) {
	prog, err := findSoffice(opt)
	if err != nil {
		return 0, err
	}
	if err := checkOfficeMagic(path); err != nil {
		return 0, err
	}
	work, err := os.MkdirTemp(opt.Dir, "printdrop-office-*")
	if err != nil {
		return 0, &Error{Problem: WriteFailed, Err: err}
	}
	defer os.RemoveAll(work)
	profile := filepath.Join(work, "profile")
	outDir := filepath.Join(work, "out")
	if err := os.Mkdir(outDir, 0o700); err != nil {
		return 0, &Error{Problem: WriteFailed, Err: err}
	}
	// A copy under a plain name: LibreOffice names its output after the
	// input, and some names (leading dashes) would read as options.
	in := filepath.Join(work, "document"+strings.ToLower(filepath.Ext(path)))
	if err := copyFile(path, in); err != nil {
		return 0, &Error{Problem: OfficeFailed, Cause: Unreadable, Err: err}
	}
	runCtx, cancel := context.WithTimeout(ctx, OfficeTimeout)
	defer cancel()
	cmd := exec.CommandContext(runCtx, prog, "--headless", "--norestore", "--nologo",
		"-env:UserInstallation="+fileURL(profile), "--convert-to", "pdf", "--outdir", outDir, in)
	setProcessGroup(cmd)
	cmd.WaitDelay = 5 * time.Second // its output pipe closes even if a child lingers
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.Env = append(os.Environ(), "HOME="+work)
	runErr := cmd.Run()
	if ctx.Err() != nil {
		return 0, ctx.Err()
	}
	if runCtx.Err() != nil {
		return 0, &Error{Problem: OfficeTimedOut}
	}
	pdf := filepath.Join(outDir, "document.pdf")
	if _, err := os.Stat(pdf); err != nil {
		// LibreOffice exits 0 with nothing written for a file it cannot open.
		return 0, &Error{Problem: OfficeFailed, Cause: OfficeRefused, Err: errors.Join(runErr, err)}
	}
	if err := moveFile(pdf, outPath); err != nil {
		return 0, &Error{Problem: WriteFailed, Err: err}
	}
	return countPages(outPath), nil
}

func fileURL(p string) string {
	p = filepath.ToSlash(p)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	return "file://" + p
}

func copyFile(from, to string) error {
	b, err := os.Open(from)
	if err != nil {
		return err
	}
	defer b.Close()
	w, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := w.ReadFrom(b); err != nil {
		w.Close()
		return err
	}
	return w.Close()
}

func moveFile(from, to string) error {
	if err := os.Rename(from, to); err == nil {
		return nil
	}
	if err := copyFile(from, to+".tmp"); err != nil {
		return err
	}
	return os.Rename(to+".tmp", to)
}
