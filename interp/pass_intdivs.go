package interp

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
)

// intDivisions is the pass for the divisions of untyped integer
// constants in a constant expression of a float or complex type:
//
//	var ratio float64 = 3 / 2  // 1: both operands are untyped integers
//
// The compiler divides the integers (3 / 2 is 1, then converted); yaegi
// gave the operands the float type of the context first and answered
// 1.5 (5 / 9 * 100 as a Celsius was 55.55…, not 0). The pass writes each
// such division (and remainder) as its integer value, which yaegi then
// converts as the compiler does:
//
//	var ratio float64 = 3 / 2  →  var ratio float64 = (1)
//
// Likewise a constant expression of an integer type dividing an untyped
// float constant (const fc = 5.0; var n int = fc / 2 * 2 is 5): yaegi
// answered 0, and the pass writes the whole expression as its value:
//
//	var n int = fc / 2 * 2  →  var n int = (5)
//
// An expression naming iota is left alone: the constant specs after it
// repeat it with other values.
func intDivisions(f *folder) (bool, []diagnostic) {
	if !hasConstantDivision(f) {
		return false, nil // spare the type check
	}
	info := f.typeInfo()
	if info == nil {
		return false, nil
	}
	changed := false
	for _, sf := range f.accepted() {
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			e, ok := n.(ast.Expr)
			if !ok {
				return true
			}
			tv := info.Types[e]
			if tv.Value == nil || tv.Type == nil {
				return true
			}
			if isInteger(tv.Type) {
				switch e.(type) {
				case *ast.BinaryExpr, *ast.ParenExpr, *ast.UnaryExpr:
				default:
					return true // a conversion keeps its type: its operand is visited
				}
				if !floatDivision(info, e) || namesIota(info, e) {
					return true
				}
				i := constant.ToInt(tv.Value)
				if i.Kind() != constant.Int {
					return true
				}
				sf.edits = append(sf.edits, edit{off: f.offset(e.Pos()), end: f.offset(e.End()), text: "(" + i.ExactString() + ")"})
				changed = true
				return false
			}
			if !isFloatOrComplex(tv.Type) {
				return true
			}
			ast.Inspect(e, func(n ast.Node) bool {
				b, ok := n.(*ast.BinaryExpr)
				if !ok || b.Op != token.QUO && b.Op != token.REM {
					return true
				}
				v := info.Types[b].Value
				if v == nil || !untypedInteger(info, b.X) || !untypedInteger(info, b.Y) || namesIota(info, b) {
					return true
				}
				i := constant.ToInt(v)
				if i.Kind() != constant.Int {
					return true
				}
				sf.edits = append(sf.edits, edit{off: f.offset(b.Pos()), end: f.offset(b.End()), text: "(" + i.ExactString() + ")"})
				changed = true
				return false
			})
			return false
		})
	}
	return changed, nil
}

// hasConstantDivision reports whether a file of f divides operands that
// may be integer constants (literals, names, and expressions of them),
// the syntax of what intDivisions rewrites.
func hasConstantDivision(f *folder) bool {
	var maybeConst func(e ast.Expr) bool
	maybeConst = func(e ast.Expr) bool {
		switch e := e.(type) {
		case *ast.BasicLit:
			return e.Kind == token.INT || e.Kind == token.CHAR || e.Kind == token.FLOAT
		case *ast.Ident, *ast.SelectorExpr:
			return true
		case *ast.ParenExpr:
			return maybeConst(e.X)
		case *ast.UnaryExpr:
			return maybeConst(e.X)
		case *ast.BinaryExpr:
			return maybeConst(e.X) && maybeConst(e.Y)
		}
		return false
	}
	found := false
	for _, sf := range f.accepted() {
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			if b, ok := n.(*ast.BinaryExpr); ok && (b.Op == token.QUO || b.Op == token.REM) && maybeConst(b.X) && maybeConst(b.Y) {
				// A literal operand at least: two names (a / b) are
				// mostly variables, and a constant one divides alike.
				_, lx := ast.Unparen(b.X).(*ast.BasicLit)
				_, ly := ast.Unparen(b.Y).(*ast.BasicLit)
				found = lx || ly || found
			}
			return !found
		})
		if found {
			return true
		}
	}
	return false
}

// floatDivision reports whether e divides an untyped float constant
// (5.0 / 2, fc / 2 with const fc = 5.0).
func floatDivision(info *types.Info, e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if b, ok := n.(*ast.BinaryExpr); ok && b.Op == token.QUO && (untypedFloat(info, b.X) || untypedFloat(info, b.Y)) {
			found = true
		}
		return !found
	})
	return found
}

// untypedFloat reports whether the type checker left e an untyped float
// constant.
func untypedFloat(info *types.Info, e ast.Expr) bool {
	basic, ok := info.Types[e].Type.(*types.Basic)
	return ok && basic.Kind() == types.UntypedFloat
}

// isFloatOrComplex reports whether t is a float or complex type (typed,
// named, or untyped).
func isFloatOrComplex(t types.Type) bool {
	basic, ok := t.Underlying().(*types.Basic)
	return ok && basic.Info()&(types.IsFloat|types.IsComplex) != 0
}

// untypedInteger reports whether the type checker left e an untyped
// integer or rune constant (as it leaves the operands of a constant
// binary expression).
func untypedInteger(info *types.Info, e ast.Expr) bool {
	basic, ok := info.Types[e].Type.(*types.Basic)
	return ok && basic.Info()&types.IsUntyped != 0 && basic.Info()&types.IsInteger != 0
}

// namesIota reports whether e uses iota.
func namesIota(info *types.Info, e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && id.Name == "iota" {
			if _, ok := info.Uses[id].(*types.Const); ok {
				found = true
			}
		}
		return !found
	})
	return found
}
