package ui

import (
	"os/exec"
	"strings"
	"testing"
)

// TestOnlyUIAndAppImportFyne keeps Fyne (and with it cgo) out of every
// package below the window: they must build and test without X headers.
func TestOnlyUIAndAppImportFyne(t *testing.T) {
	t.Parallel()
	out, err := exec.Command("go", "list", "-deps=false", "-f", "{{.ImportPath}} {{join .Deps \" \"}}", "printdrop/...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) < 5 {
		t.Fatalf("go list found only %d packages: %s", len(lines), out)
	}
	for _, line := range lines {
		pkg, deps, _ := strings.Cut(line, " ")
		if pkg == "printdrop/app" || pkg == "printdrop/internal/ui" || strings.HasPrefix(pkg, "printdrop/internal/ui/") {
			continue
		}
		for _, d := range strings.Fields(deps) {
			if strings.HasPrefix(d, "fyne.io/") {
				t.Errorf("%s imports %s (directly or not): only app/ and internal/ui/... may use Fyne", pkg, d)
				break
			}
		}
	}
}
