package ui

import (
	"runtime"
	"strings"
)

// localPath turns the path of a file URI from Fyne (a drop, the file
// dialog) into the OS's own spelling. On Windows Fyne gives "C:/Users/..."
// with forward slashes, and a parsed file:///C:/... URI gives "/C:/Users/...";
// both become C:\Users\..., the form the command line, the Open-with verb
// and the file list use, so one file is one entry and one checkpoint.
func localPath(p string) string { return localPathFor(runtime.GOOS, p) }

func localPathFor(goos, p string) string {
	if goos != "windows" {
		return p
	}
	if len(p) >= 3 && p[0] == '/' && p[2] == ':' && isDriveLetter(p[1]) {
		p = p[1:]
	}
	return strings.ReplaceAll(p, "/", `\`)
}

func isDriveLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
