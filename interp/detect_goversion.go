package interp

import (
	"go/ast"
	"go/token"
	"go/version"
	"regexp"
)

// The interpreter's rewrites give the Go this program was built with: Go
// 1.22's loop variables (one per iteration), range over an integer or a
// function, new of a value. go build compiles the user's module at the
// language version of its go line (-lang), where a loop has one variable
// for all its iterations before go1.22 and a newer feature is an error
// ("requires go1.23 or later"). Code of a module whose go line is older
// than the interpreter's Go (modules.lang) that could differ therefore
// runs compiled, where it runs, or is refused, as built: every file below
// go1.21 (which is also a floor of the compiler's per-file versions), the
// loops of a file below go1.22, and each construct the type check at the
// module's version refuses.

func init() {
	register("code of a module whose go.mod says a go version before 1.21", func(f *folder, sf *srcFile) []token.Pos {
		if f.lang == "" || version.Compare(f.lang, "go1.21") >= 0 {
			return nil
		}
		return []token.Pos{sf.syntax.Name.Pos()}
	})
	register("a loop in a module whose go.mod says a go version before 1.22 (one variable for every iteration, not one per iteration)", func(f *folder, sf *srcFile) []token.Pos {
		if f.lang == "" || version.Compare(f.lang, "go1.22") >= 0 {
			return nil
		}
		loops, _ := newerCandidates(sf)
		return loops
	})
	register("a feature newer than the go version of go.mod (go build refuses it)", newerFeatures)
}

// requiresGo matches the type checker's error for a feature newer than
// the language version it checks at.
var requiresGo = regexp.MustCompile(`requires go1\.\d+ or later`)

// newerCandidates returns the loops of sf, and the constructs that a
// version of Go before the interpreter's may refuse: a range statement
// (over an integer or a function), a generic type alias, a call of new
// (of a value). Only a file with candidates is type checked.
func newerCandidates(sf *srcFile) (loops, candidates []token.Pos) {
	ast.Inspect(sf.syntax, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.ForStmt:
			loops = append(loops, n.For)
		case *ast.RangeStmt:
			loops = append(loops, n.For)
			candidates = append(candidates, n.For)
		case *ast.TypeSpec:
			if n.TypeParams != nil && n.Assign.IsValid() {
				candidates = append(candidates, n.Pos())
			}
		case *ast.CallExpr:
			if id, ok := n.Fun.(*ast.Ident); ok && id.Name == "new" {
				candidates = append(candidates, n.Pos())
			}
		}
		return true
	})
	return loops, candidates
}

// newerFeatures finds where sf uses a feature newer than the module's go
// line, as the type check at that version says (folder.newer); all the
// candidates when the folder cannot be checked.
func newerFeatures(f *folder, sf *srcFile) []token.Pos {
	if f.lang == "" {
		return nil
	}
	_, candidates := newerCandidates(sf)
	if len(candidates) == 0 {
		return nil
	}
	if f.typeInfo() == nil {
		return candidates
	}
	file := f.fset.File(sf.syntax.Pos())
	var out []token.Pos
	for _, p := range f.newer {
		if f.fset.File(p) == file {
			out = append(out, p)
		}
	}
	return out
}
