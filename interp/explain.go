package interp

import (
	"fmt"
	"go/ast"
	"go/scanner"
	"go/token"
	"path/filepath"
	"regexp"
	"strings"
)

// yaegi v0.16.1 predates Go 1.22's range over integers and Go 1.23's
// iterators, and rejects them with a bare "nil type" and no position. The
// rewrite passes desugar both when they can tell the operand's type (see
// pass_rangeint.go and pass_rangefunc.go); explain turns the errors of the
// rest, and of generic standard-library functions the interpreter lacks,
// into ones that name the construct and where it is; devserver build
// accepts them.

// yaegi words it "undefined selector sync.OnceValue" in a function and
// `package sync "sync" has no symbol OnceValue` in an init function.
var undefinedGenericRE = regexp.MustCompile(`(?:undefined selector:? |package \w+ ")(slices|maps|iter|cmp|sync|unique|weak)(?:\.|" has no symbol )(\w+)`)

// explain returns err, made clearer when it is one of the errors above.
// dir is the folder of the route that failed to load.
func explain(err error, dir string) error {
	msg := err.Error()
	if m := undefinedGenericRE.FindStringSubmatch(msg); m != nil {
		return withHint(err, fmt.Sprintf("%s.%s is a generic standard-library function devserver's interpreter does not have (it compiles the generic slices, maps, cmp and iter from source; generic functions of other packages cannot be handed to it compiled); it works in devserver build", m[1], m[2]))
	}
	if !strings.HasSuffix(strings.TrimSpace(msg), "nil type") {
		return err
	}
	if pos, what, ok := findNewRange(dir); ok {
		return scanner.ErrorList{{Pos: pos, Msg: what + " is not supported by devserver's interpreter (yaegi v0.16.1 predates it); loop over a slice or a counter instead; devserver build accepts it"}}
	}
	return withHint(err, "yaegi gives no position for this error; its usual cause is a range over an integer (Go 1.22) or over a function (Go 1.23 iterators), which devserver's interpreter does not support")
}

func withHint(err error, hint string) error {
	if el, ok := err.(scanner.ErrorList); ok && len(el) > 0 {
		cp := *el[0]
		cp.Msg += " (" + hint + ")"
		return scanner.ErrorList{&cp}
	}
	return fmt.Errorf("%w (%s)", err, hint)
}

// iterFuncs are standard-library functions returning iterators.
var iterFuncs = map[string]bool{
	"strings.Lines": true, "strings.SplitSeq": true, "strings.SplitAfterSeq": true, "strings.FieldsSeq": true, "strings.FieldsFuncSeq": true,
	"bytes.Lines": true, "bytes.SplitSeq": true, "bytes.SplitAfterSeq": true, "bytes.FieldsSeq": true, "bytes.FieldsFuncSeq": true,
	"maps.Keys": true, "maps.Values": true, "maps.All": true,
	"slices.All": true, "slices.Values": true, "slices.Backward": true, "slices.Chunk": true,
}

// findNewRange finds, in the Go files of dir, the first range statement
// over an integer or a function that can be told without type checking:
// an integer literal or a len(...) call, a function literal, a call to a
// standard iterator function, or a local variable bound to one of those.
func findNewRange(dir string) (token.Position, string, bool) {
	pkg := parseFolder(dir)
	for _, sf := range pkg.files {
		f, fset := sf.syntax, pkg.fset
		kinds := map[string]string{} // local name -> "integer" or "function"
		var found *ast.RangeStmt
		var what string
		ast.Inspect(f, func(n ast.Node) bool {
			if found != nil {
				return false
			}
			switch x := n.(type) {
			case *ast.AssignStmt:
				if len(x.Lhs) == len(x.Rhs) {
					for i, l := range x.Lhs {
						if id, ok := l.(*ast.Ident); ok {
							if k := rangeKind(x.Rhs[i], kinds); k != "" {
								kinds[id.Name] = k
							}
						}
					}
				}
			case *ast.RangeStmt:
				if k := rangeKind(x.X, kinds); k != "" {
					found, what = x, k
				}
			}
			return true
		})
		if found != nil {
			desc := "range over an integer (Go 1.22)"
			if what == "function" {
				desc = "range over a function (Go 1.23 iterators)"
			}
			pos := fset.Position(found.X.Pos())
			pos.Filename = filepath.Join(dir, pos.Filename)
			return pos, desc, true
		}
	}
	return token.Position{}, "", false
}

// rangeKind says whether e is, recognisably, an integer or a function.
func rangeKind(e ast.Expr, kinds map[string]string) string {
	switch x := e.(type) {
	case *ast.BasicLit:
		if x.Kind == token.INT {
			return "integer"
		}
	case *ast.FuncLit:
		return "function"
	case *ast.Ident:
		return kinds[x.Name]
	case *ast.ParenExpr:
		return rangeKind(x.X, kinds)
	case *ast.BinaryExpr:
		if k := rangeKind(x.X, kinds); k == "integer" {
			return k
		}
		return rangeKind(x.Y, kinds)
	case *ast.CallExpr:
		if id, ok := x.Fun.(*ast.Ident); ok && (id.Name == "len" || id.Name == "cap" || id.Name == "int") {
			return "integer"
		}
		if sel, ok := x.Fun.(*ast.SelectorExpr); ok {
			if pkg, ok := sel.X.(*ast.Ident); ok && iterFuncs[pkg.Name+"."+sel.Sel.Name] {
				return "function"
			}
		}
	}
	return ""
}
