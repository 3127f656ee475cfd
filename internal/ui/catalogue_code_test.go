package ui

import (
	"flag"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"testing"

	"printdrop/internal/auth"
	"printdrop/internal/workflow"
)

// updateCatalogue rewrites en.json from the code: go test -run
// TestCatalogueCoversTheCode ./internal/ui -update-catalogue. Plural
// entries keep the forms other than "other" that en.json already has.
var updateCatalogue = flag.Bool("update-catalogue", false, "rewrite translations/en.json from the sentences in the code")

// sourcesOfWords are the packages whose sentences reach the user through
// the catalogue: the window and its widgets through lang; workflow, auth,
// units and the command line's own sentences (app) through say.
var sourcesOfWords = []string{".", "widget", "../workflow", "../auth", "../bridgelink", "../bridge", "../units", "../../app"}

// wordTables are package-level tables of English words the code hands to
// lang.L or say.T at the place of use, not as literals; their values (map
// values, struct fields, list items) are catalogue keys.
var wordTables = map[string]bool{
	"stateWords": true, "cloudChoices": true, "trayWords": true, // ui
	"labels": true, "detailWords": true, "problemExplanations": true, "timeoutMissing": true, // workflow
	"stageWords": true, "phaseWords": true, "retryWords": true, // workflow's Event.Words and retries
	"weekdayNames": true, "monthNames": true, // units
	"progressPhases": true,                                                               // app
	"settingWords":   true, "typeNames": true, "causeWords": true, "endpointWords": true, // workflow refusals
}

// codeWord is a catalogue entry the code asks for: the English text and,
// for a plural, its key.
type codeWord struct {
	key, english string
	plural       bool
	at           string
}

// wordsInCode finds every sentence the code translates: the literal first
// arguments of lang.L, say.T (English text as key), lang.X, lang.XN and
// say.N (a key and the English), the string constants passed to them, the
// tables above and auth's pages.
func wordsInCode(t *testing.T) []codeWord {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("not on windows: needs the source tree (the Linux CI run checks the catalogue)")
	}
	var words []codeWord
	for _, dir := range sourcesOfWords {
		paths, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil || len(paths) == 0 {
			t.Fatalf("no Go files in %s (%v)", dir, err)
		}
		fset := token.NewFileSet()
		var files []*ast.File
		consts := map[string]string{}
		for _, path := range paths {
			if strings.HasSuffix(path, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(fset, path, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			files = append(files, f)
			for _, d := range f.Decls {
				if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.CONST {
					for _, s := range g.Specs {
						vs := s.(*ast.ValueSpec)
						for i, n := range vs.Names {
							if i < len(vs.Values) {
								if v, ok := stringLit(vs.Values[i]); ok {
									consts[n.Name] = v
								}
							}
						}
					}
				}
			}
		}
		text := func(e ast.Expr) (string, bool) {
			if v, ok := stringLit(e); ok {
				return v, true
			}
			if id, ok := e.(*ast.Ident); ok {
				v, ok := consts[id.Name]
				return v, ok
			}
			return "", false
		}
		for _, f := range files {
			ast.Inspect(f, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.CallExpr:
					sel, ok := n.Fun.(*ast.SelectorExpr)
					if !ok || len(n.Args) == 0 {
						return true
					}
					pkg, ok := sel.X.(*ast.Ident)
					if !ok || (pkg.Name != "lang" && pkg.Name != "say") {
						return true
					}
					at := fset.Position(n.Pos()).String()
					switch sel.Sel.Name {
					case "L", "T":
						if v, ok := text(n.Args[0]); ok {
							words = append(words, codeWord{key: v, english: v, at: at})
						}
					case "X", "XN":
						k, ok1 := text(n.Args[0])
						v, ok2 := text(n.Args[1])
						if ok1 && ok2 {
							words = append(words, codeWord{key: k, english: v, plural: sel.Sel.Name == "XN", at: at})
						}
					case "N":
						k, ok1 := text(n.Args[0])
						v, ok2 := text(n.Args[2])
						if ok1 && ok2 {
							words = append(words, codeWord{key: k, english: v, plural: true, at: at})
						}
					}
				case *ast.ValueSpec:
					for i, name := range n.Names {
						table := wordTables[name.Name] || (dir == "../auth" && strings.HasPrefix(name.Name, "page"))
						if !table || i >= len(n.Values) {
							continue
						}
						if _, ok := n.Values[i].(*ast.CompositeLit); !ok {
							continue // pageStyle and the like: no words
						}
						at := fset.Position(n.Pos()).String()
						for _, v := range tableWords(n.Values[i]) {
							words = append(words, codeWord{key: v, english: v, at: at})
						}
					}
				}
				return true
			})
		}
	}
	// Sentences the code translates that are made in a package below:
	// their text is the error's.
	for _, v := range []string{workflow.ErrNoClientID.Error(), auth.ErrCancelled.Error(), auth.ErrTimeout.Error()} {
		words = append(words, codeWord{key: v, english: v, at: "auth's sign-in errors"})
	}
	return words
}

// tableWords are the English words in a table's composite literal: every
// string that is not a map key.
func tableWords(e ast.Expr) []string {
	var out []string
	var walk func(ast.Expr)
	walk = func(e ast.Expr) {
		switch e := e.(type) {
		case *ast.CompositeLit:
			for _, el := range e.Elts {
				walk(el)
			}
		case *ast.KeyValueExpr:
			walk(e.Value)
		default:
			if v, ok := stringLit(e); ok {
				out = append(out, v)
			}
		}
	}
	walk(e)
	return out
}

// stringLit is a string literal's value, also one split over lines with +.
func stringLit(e ast.Expr) (string, bool) {
	switch e := e.(type) {
	case *ast.BasicLit:
		if e.Kind != token.STRING {
			return "", false
		}
		v, err := strconv.Unquote(e.Value)
		return v, err == nil
	case *ast.BinaryExpr:
		if e.Op != token.ADD {
			return "", false
		}
		a, ok1 := stringLit(e.X)
		b, ok2 := stringLit(e.Y)
		return a + b, ok1 && ok2
	}
	return "", false
}

// TestCatalogueCoversTheCode fails when the code translates a sentence
// en.json lacks (it would show in English to everyone, and Fyne would log
// a translation failure), when en.json keeps a key no code asks for, or
// when en.json's English differs from the code's.
func TestCatalogueCoversTheCode(t *testing.T) {
	words := wordsInCode(t)
	en := readCatalogue(t, "en")
	if *updateCatalogue {
		writeEnglish(t, words, en)
		en = readCatalogue(t, "en")
	}
	used := map[string]bool{}
	for _, w := range words {
		used[w.key] = true
		e, ok := en[w.key]
		switch {
		case !ok:
			t.Errorf("%s: %q is not in en.json (run with -update-catalogue, then translate it)", w.at, w.key)
		case w.plural != e.plural():
			t.Errorf("%s: %q is a plural in one of the code and en.json only", w.at, w.key)
		case e.other() != w.english:
			t.Errorf("%s: en.json has %q for %q, the code says %q", w.at, e.other(), w.key, w.english)
		}
	}
	var stale []string
	for k := range en {
		if !used[k] {
			stale = append(stale, k)
		}
	}
	sort.Strings(stale)
	for _, k := range stale {
		t.Errorf("en.json has %q, which no code asks for: remove it from every catalogue", k)
	}
}
