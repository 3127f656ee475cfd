package layers

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestWorkflowHidesTheGraphClient: workflow never hands out its Graph
// client (an exported function, method or field of type *graph.Client).
// The bridge and the window would then talk to Graph past the use cases,
// as the bridge once did through Service.Graph().
func TestWorkflowHidesTheGraphClient(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("not on windows: needs the source tree (the Linux CI run checks the layers)")
	}
	_, here, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("no source path")
	}
	dir := filepath.Join(filepath.Dir(here), "..", "workflow")
	paths, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no Go files in %s (%v)", dir, err)
	}
	fset := token.NewFileSet()
	var files []*ast.File
	for _, path := range paths {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	isClient := func(e ast.Expr) bool {
		star, ok := e.(*ast.StarExpr)
		if !ok {
			return false
		}
		sel, ok := star.X.(*ast.SelectorExpr)
		return ok && sel.Sel.Name == "Client" && isIdent(sel.X, "graph")
	}
	var found []string
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncDecl:
				if n.Name.IsExported() && n.Type.Results != nil {
					for _, r := range n.Type.Results.List {
						if isClient(r.Type) {
							found = append(found, fset.Position(n.Pos()).String()+" "+n.Name.Name)
						}
					}
				}
			case *ast.Field:
				for _, name := range n.Names {
					if name.IsExported() && isClient(n.Type) {
						found = append(found, fset.Position(n.Pos()).String()+" "+name.Name)
					}
				}
			}
			return true
		})
	}
	for _, f := range found {
		t.Errorf("%s hands out workflow's *graph.Client: add a use case to workflow instead", f)
	}
}

func isIdent(e ast.Expr, name string) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == name
}
