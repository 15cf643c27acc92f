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
		loops, _ := newerCandidates(sf, "")
		return unhidden(sf, loops)
	})
	register("a feature newer than the go version of go.mod (go build refuses it)", newerFeatures)
}

// requiresGo matches the type checker's error for a feature newer than
// the language version it checks at.
var requiresGo = regexp.MustCompile(`requires go1\.\d+ or later`)

// newerCandidates returns the loops of sf, and the constructs that Go
// before 1.26 may refuse, at lang or before, which only the type check
// tells apart: a range over what may be a function (go1.23; the range
// passes type check those already), a generic type alias (go1.23), a
// call of new of what may be a value (go1.26). Only a file with
// candidates is type checked.
func newerCandidates(sf *srcFile, lang string) (loops, candidates []token.Pos) {
	before := func(v string) bool { return lang != "" && version.Compare(lang, v) < 0 }
	ast.Inspect(sf.syntax, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.ForStmt:
			loops = append(loops, n.For)
		case *ast.RangeStmt:
			loops = append(loops, n.For)
			switch n.X.(type) {
			case *ast.BasicLit, *ast.CompositeLit:
			default:
				if before("go1.23") {
					candidates = append(candidates, n.For)
				}
			}
		case *ast.TypeSpec:
			if n.TypeParams != nil && n.Assign.IsValid() && before("go1.23") {
				candidates = append(candidates, n.Pos())
			}
		case *ast.CallExpr:
			if id, ok := n.Fun.(*ast.Ident); ok && id.Name == "new" && len(n.Args) == 1 && mayBeValue(n.Args[0]) && before("go1.26") {
				candidates = append(candidates, n.Pos())
			}
		}
		return true
	})
	return loops, candidates
}

// mayBeValue reports whether e, the argument of new, may be a value
// rather than a type: not a type literal.
func mayBeValue(e ast.Expr) bool {
	switch ast.Unparen(e).(type) {
	case *ast.ArrayType, *ast.MapType, *ast.ChanType, *ast.FuncType, *ast.StructType, *ast.InterfaceType, *ast.StarExpr:
		return false
	}
	return true
}

// newerFeatures finds where sf uses a feature newer than the module's go
// line, as the type check at that version says (folder.newer); all the
// candidates when the folder cannot be checked.
func newerFeatures(f *folder, sf *srcFile) []token.Pos {
	if f.lang == "" {
		return nil
	}
	_, candidates := newerCandidates(sf, f.lang)
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
	return unhidden(sf, out)
}

// hasNewer reports whether a file of f uses a feature newer than the
// module's go line (newerFeatures).
func hasNewer(f *folder) bool {
	for _, sf := range f.files {
		if len(newerFeatures(f, sf)) > 0 {
			return true
		}
	}
	return false
}

// unhidden returns pos, each position within a generic declaration of sf
// replaced by that of its package clause: the detectors look at generic
// code in its instances only (see genericSpans), but a version of Go
// refuses, and runs, the declaration itself; the compiler names the
// position.
func unhidden(sf *srcFile, pos []token.Pos) []token.Pos {
	spans := genericSpans(sf.syntax)
	out := make([]token.Pos, len(pos))
	for i, p := range pos {
		out[i] = p
		for _, s := range spans {
			if p >= s[0] && p < s[1] {
				out[i] = sf.syntax.Name.Pos()
			}
		}
	}
	return out
}
