package ui

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"

	"printdrop/internal/workflow"
	"strings"
	"testing"
)

// TestScreenFollowsTheViewState: every screen comes from the view state
// alone, and a problem on screen outranks the rest.
func TestScreenFollowsTheViewState(t *testing.T) {
	details := &workflow.PrinterDetails{}
	done := &workflow.JobStatus{State: "completed", Terminal: true, Succeeded: true}
	aborted := &workflow.JobStatus{State: "aborted", Terminal: true}
	running := &workflow.JobStatus{State: "processing"}
	file := []workflow.FileInfo{{Name: "a.pdf"}}
	for _, tc := range []struct {
		s    viewState
		want Screen
	}{
		{viewState{}, ScreenChecking},
		{viewState{account: "setup"}, ScreenSetup},
		{viewState{account: "signed-out"}, ScreenSignedOut},
		{viewState{account: "signing-in"}, ScreenSigningIn},
		{viewState{account: "signed-in", listing: true}, ScreenLoadingPrinters},
		{viewState{account: "signed-in", listing: true, listed: 3}, ScreenLoadingPrinters},
		{viewState{account: "signed-in", listed: 3}, ScreenSignedIn},
		{viewState{account: "signed-in", listed: 3, chosen: "s1"}, ScreenSignedIn}, // details not here yet
		{viewState{account: "signed-in", listed: 3, chosen: "s1", printer: details}, ScreenPrinterChosen},
		{viewState{account: "signed-in", printer: details, queue: file}, ScreenFileQueued},
		{viewState{account: "signed-in", printer: details, print: printing}, ScreenUploading},
		{viewState{account: "signed-in", printer: details, print: printing, job: running}, ScreenProcessing},
		{viewState{account: "signed-in", printer: details, print: printEnded, job: done}, ScreenCompleted},
		{viewState{account: "signed-in", printer: details, print: printEnded, job: aborted}, ScreenStopped},
		{viewState{account: "signed-in", printer: details, print: printing, problem: true}, ScreenError},
	} {
		if got := tc.s.screen(); got != tc.want {
			t.Errorf("screen of %+v = %q, want %q", tc.s, got, tc.want)
		}
	}
}

// panelFields are the Window's panels. A panel may talk to the Window (its
// transitions, its state), never to another panel.
var panelFields = map[string]bool{"account": true, "printers": true, "job": true, "files": true,
	"upload": true, "status": true, "errs": true, "resume": true, "apps": true, "dialogs": true, "bar": true, "jobs": true}

// windowFiles compose the panels: they are the only ones that may.
var windowFiles = map[string]bool{"window.go": true, "flow.go": true, "keys.go": true, "script.go": true, "nextstep.go": true, "tray.go": true}

// TestPanelsDoNotSteerEachOther fails when a panel's code reaches through
// the Window into another panel (p.m.files.…): panels report to the
// Window, which changes the view state and has the panels draw it.
func TestPanelsDoNotSteerEachOther(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	checked := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") || windowFiles[name] {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		checked++
		ast.Inspect(f, func(n ast.Node) bool {
			outer, ok := n.(*ast.SelectorExpr)
			if !ok || !panelFields[outer.Sel.Name] {
				return true
			}
			// outer is X.panel; X must not be the window reached from a panel (p.m).
			if inner, ok := outer.X.(*ast.SelectorExpr); ok && inner.Sel.Name == "m" {
				t.Errorf("%s: %s.%s reaches into another panel: ask the Window instead (flow.go)",
					fset.Position(outer.Pos()), exprString(inner), outer.Sel.Name)
			}
			return true
		})
	}
	if checked < 5 {
		t.Fatalf("only %d files checked: run the test in the package folder", checked)
	}
}

// TestPanelsHoldOnlyTheirHost fails when a type outside the Window's own
// files keeps a *Window: a panel holds the small interface of what it
// uses (host.go), so the compiler, not review, keeps it from steering
// another panel or the window's state it was not given.
func TestPanelsHoldOnlyTheirHost(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	structs := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") || windowFiles[name] {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			st, ok := n.(*ast.StructType)
			if !ok {
				return true
			}
			structs++
			for _, field := range st.Fields.List {
				if star, ok := field.Type.(*ast.StarExpr); ok && exprString(star.X) == "Window" {
					t.Errorf("%s: a field of type *Window: hold the panel's host interface (host.go) instead",
						fset.Position(field.Pos()))
				}
			}
			return true
		})
	}
	if structs < 10 {
		t.Fatalf("only %d structs checked: run the test in the package folder", structs)
	}
}

func exprString(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name
	case *ast.SelectorExpr:
		return exprString(e.X) + "." + e.Sel.Name
	}
	return "…"
}
