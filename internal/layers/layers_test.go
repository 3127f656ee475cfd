package layers

import (
	"os/exec"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// allowed lists, for every package, the PrintDrop packages it may import
// directly (tests excluded: they may use the emulator). A package missing
// here fails the test, so a new package states its place when it is added.
var allowed = map[string][]string{
	"ranges":     nil,
	"secret":     nil,
	"httpsonly":  nil, // the one rule for plain http, beside ranges and secret
	"safetext":   nil, // the one sanitizer for text from outside
	"atomicfile": nil, // the one atomic file replace (Windows-safe)
	"instance":   {"atomicfile"},
	"testenv":    nil,
	"layers":     nil,
	"policy":     nil,
	"cloud":      nil,     // the one table of clouds
	"units":      {"say"}, // the one way sizes and durations are written for people
	"capped":     nil,     // the one reader that says a stream went past its limit
	"convert":    nil,     // documents to PDF: a leaf, knows no printer, share or window
	"say":        nil,     // the one way sentences below the window are translated
	"graph":      {"ranges", "httpsonly", "secret", "cloud", "capped"},
	"upload":     {"ranges", "secret", "atomicfile"},
	"auth":       {"secret", "httpsonly", "cloud", "say"},
	"workflow":   {"auth", "graph", "upload", "ranges", "secret", "httpsonly", "safetext", "units", "cloud", "atomicfile", "convert", "say"},
	// bridgelink is the contract between printdrop bridge and the window
	// (the feed of prints, the user service, the chosen shares): both
	// import it, and workflow never does, so it stays use cases.
	"bridgelink": {"workflow", "upload", "ranges", "httpsonly", "safetext", "say"},
	"bridge":     {"workflow", "bridgelink", "safetext", "capped", "atomicfile", "units", "say"},
	"ui/widget":  {"ranges", "units"},
	"ui":         {"workflow", "bridgelink", "ui/widget", "ranges", "safetext", "units", "say"},
}

// debts are imports that break the layers today and are meant to go; the
// test fails when one of them is no longer needed, so the list only shrinks.
var debts = map[string][]string{}

type pkgInfo struct {
	path    string // relative to printdrop/internal/, or "app"
	imports []string
	deps    []string
}

func listPackages(t *testing.T) []pkgInfo {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("not on windows: needs the go tool and the source tree (the Linux CI run checks the layers)")
	}
	out, err := exec.Command("go", "list", "-f", "{{.ImportPath}}|{{join .Imports \" \"}}|{{join .Deps \" \"}}", "printdrop/...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	var pkgs []pkgInfo
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		parts := strings.SplitN(line, "|", 3)
		if len(parts) != 3 {
			t.Fatalf("go list printed an unexpected line: %q", line)
		}
		pkgs = append(pkgs, pkgInfo{path: short(parts[0]), imports: strings.Fields(parts[1]), deps: strings.Fields(parts[2])})
	}
	if len(pkgs) < 10 {
		t.Fatalf("go list found only %d packages", len(pkgs))
	}
	return pkgs
}

// short turns printdrop/internal/x into x and printdrop/app into app.
func short(path string) string {
	return strings.TrimPrefix(strings.TrimPrefix(path, "printdrop/"), "internal/")
}

func isEmulator(p string) bool { return p == "emulator" || strings.HasPrefix(p, "emulator/") }

// TestOnlyUIAndAppImportFyne keeps Fyne (and with it cgo) out of every
// package below the window: they must build and test without X headers.
func TestOnlyUIAndAppImportFyne(t *testing.T) {
	t.Parallel()
	for _, p := range listPackages(t) {
		if p.path == "app" || p.path == "ui" || strings.HasPrefix(p.path, "ui/") {
			continue
		}
		for _, d := range p.deps {
			if strings.HasPrefix(d, "fyne.io/") {
				t.Errorf("%s imports %s (directly or not): only app/ and internal/ui/... may use Fyne", p.path, d)
				break
			}
		}
	}
}

// TestImportsPointOneWay checks every package's PrintDrop imports against
// the table above, and keeps the emulator and the client apart.
func TestImportsPointOneWay(t *testing.T) {
	t.Parallel()
	usedDebts := map[string]bool{}
	for _, p := range listPackages(t) {
		for _, imp := range p.imports {
			if !strings.HasPrefix(imp, "printdrop/") {
				continue
			}
			dep := short(imp)
			switch {
			case p.path == "app":
				continue // the wiring may use everything
			case isEmulator(p.path):
				if !isEmulator(dep) {
					t.Errorf("%s imports %s: the emulator shares no code with the client, so a bug cannot hide on both sides", p.path, dep)
				}
				continue
			case isEmulator(dep):
				t.Errorf("%s imports %s: only tests and app/ may use the emulator", p.path, dep)
				continue
			}
			allow, known := allowed[p.path]
			if !known {
				t.Errorf("package %s has no place in the layers: add it to the table in internal/layers", p.path)
				break
			}
			if slices.Contains(allow, dep) {
				continue
			}
			if slices.Contains(debts[p.path], dep) {
				usedDebts[p.path+" -> "+dep] = true
				continue
			}
			t.Errorf("%s imports %s: imports point ui -> workflow -> graph/upload/auth -> ranges/secret", p.path, dep)
		}
	}
	for pkg, deps := range debts {
		for _, dep := range deps {
			if !usedDebts[pkg+" -> "+dep] {
				t.Errorf("%s no longer imports %s: remove it from the debts in internal/layers", pkg, dep)
			}
		}
	}
}
