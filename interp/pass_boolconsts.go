package interp

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strconv"
)

// boolConstants is the pass for the constants declared with a boolean
// expression of constants (const debug = 1 > 0, const both = a && b): yaegi
// gave such a constant false, whatever its value (a constant of a named
// bool type excepted, which typedConstants writes), so if debug { ... }
// never ran. The pass writes the
// value the compiler folds:
//
//	const debug = 1 > 0  →  const debug = true
//
// A value naming iota is written as the spec's own value, and each
// single-name spec after it repeating it gets its value written out:
//
//	zero = iota > 0  →  zero = false
//	one              →  one = true
func boolConstants(f *folder) (bool, []diagnostic) {
	if !hasBoolConstant(f) {
		return false, nil // spare the type check
	}
	info := f.typeInfo()
	if info == nil {
		return false, nil
	}
	changed := false
	for _, sf := range f.accepted() {
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			d, ok := n.(*ast.GenDecl)
			if !ok || d.Tok != token.CONST {
				return true
			}
			// typeText is the type of the last spec with values when
			// it is a single name whose boolean value names iota ("" for
			// none): the specs repeating it are written out.
			repeating, typeText := false, ""
			for _, spec := range d.Specs {
				vs, ok := spec.(*ast.ValueSpec)
				if !ok {
					continue
				}
				if len(vs.Values) == 0 {
					if !repeating || len(vs.Names) != 1 {
						continue
					}
					if text, ok := boolText(info.Defs[vs.Names[0]]); ok {
						sf.edits.insert(f.offset(vs.Names[0].End()), typeText+" = "+text)
						changed = true
					}
					continue
				}
				repeating = false
				if vs.Type != nil {
					if _, basic := info.TypeOf(vs.Type).(*types.Basic); !basic {
						continue // typedConstants writes the constants of named types
					}
				}
				for i, v := range vs.Values {
					if !boolExpr(v) {
						continue
					}
					c := info.Types[v].Value
					if c == nil || c.Kind() != constant.Bool {
						continue
					}
					text := strconv.FormatBool(constant.BoolVal(c))
					if namesIota(info, v) {
						// Its value is the spec's own; the specs after it
						// repeat the expression with theirs.
						if len(vs.Names) != 1 || len(vs.Values) != 1 {
							continue
						}
						if text, ok = boolText(info.Defs[vs.Names[i]]); !ok {
							continue
						}
						repeating, typeText = true, ""
						if vs.Type != nil {
							typeText = " " + string(sf.src[f.offset(vs.Type.Pos()):f.offset(vs.Type.End())])
						}
					}
					sf.edits = append(sf.edits, edit{off: f.offset(v.Pos()), end: f.offset(v.End()), text: text})
					changed = true
				}
			}
			return false
		})
	}
	return changed, nil
}

// boolText is the value of obj, a boolean constant, as Go source.
func boolText(obj types.Object) (string, bool) {
	c, ok := obj.(*types.Const)
	if !ok || c.Val().Kind() != constant.Bool {
		return "", false
	}
	return strconv.FormatBool(constant.BoolVal(c.Val())), true
}

// boolExpr reports whether e is a comparison, a logical operation or a
// negation (possibly parenthesised): the syntax of a boolean expression.
func boolExpr(e ast.Expr) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.BinaryExpr:
		switch e.Op {
		case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ, token.LAND, token.LOR:
			return true
		}
	case *ast.UnaryExpr:
		return e.Op == token.NOT
	}
	return false
}

// hasBoolConstant reports whether a file of f declares a constant with a
// boolean expression, the syntax of what boolConstants rewrites.
func hasBoolConstant(f *folder) bool {
	found := false
	for _, sf := range f.accepted() {
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			d, ok := n.(*ast.GenDecl)
			if !ok || d.Tok != token.CONST {
				return !found
			}
			for _, spec := range d.Specs {
				if vs, ok := spec.(*ast.ValueSpec); ok {
					for _, v := range vs.Values {
						found = found || boolExpr(v)
					}
				}
			}
			return false
		})
		if found {
			return true
		}
	}
	return false
}
