package convert

import (
	"bytes"
	"os"
	"regexp"
)

var pageObj = regexp.MustCompile(`/Type\s*/Page[^s]`)

// countPages counts the page objects of a PDF LibreOffice wrote (it does
// not compress its object structure by default); 0 when unknown.
func countPages(path string) int {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	if bytes.Contains(b, []byte("/ObjStm")) {
		return 0
	}
	return len(pageObj.FindAll(b, -1))
}
