package interp

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"math/big"
	"strconv"
	"strings"
	"sync"

	"github.com/devserver/devserver/interp/stdlib"
)

// floatConstants is the pass for constant expressions combining an
// untyped float constant of a compiled package (math.Pi, math.MaxFloat64)
// with another untyped constant of the code (2.0, a const k = 0.5): yaegi
// refuses to load them (invalid operation: mismatched types untyped float
// and untyped float64), although the compiler folds them as it folds any
// constant expression. The package's constant is written as its value, an
// untyped float literal like the other operand:
//
//	2.0 * math.Pi  →  2.0 * (3.14159265358979323846...)
//
// The literal carries the constant's value to far more digits than a
// float64 holds, so the folded result is the compiler's. An operand that
// is a variable (n * math.Pi) already loads and is left as written.
func floatConstants(f *folder) (bool, []diagnostic) {
	if !mixesPackageConstants(f) {
		return false, nil // spare the type check
	}
	info := f.typeInfo()
	if info == nil {
		return false, nil
	}
	changed := false
	for _, sf := range f.accepted() {
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			b, ok := n.(*ast.BinaryExpr)
			if !ok || info.Types[b].Value == nil {
				return true // not a constant expression
			}
			// Every such constant in the expression (-math.MaxFloat64 <
			// 0.0 too), written out once: the expression is not visited
			// again.
			ast.Inspect(b, func(n ast.Node) bool {
				sel, ok := n.(*ast.SelectorExpr)
				if !ok {
					return true
				}
				if lit, ok := compiledFloatConstant(info, sel); ok {
					sf.edits = append(sf.edits, edit{off: f.offset(sel.Pos()), end: f.offset(sel.End()), text: "(" + lit + ")"})
					changed = true
				}
				return false
			})
			return false
		})
	}
	return changed, nil
}

// mixesPackageConstants reports whether a file of f has a binary
// expression naming something of a package of the standard library with
// float constants (math) it imports, the syntax of what floatConstants
// rewrites.
func mixesPackageConstants(f *folder) bool {
	found := false
	for _, sf := range f.accepted() {
		std := make(map[string]bool)
		for _, imp := range sf.syntax.Imports {
			path, err := strconv.Unquote(imp.Path.Value)
			if err != nil || !hasFloatConstants(path) {
				continue
			}
			name := path[strings.LastIndexByte(path, '/')+1:]
			if imp.Name != nil {
				name = imp.Name.Name
			}
			std[name] = true
		}
		if len(std) == 0 {
			continue
		}
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			if b, ok := n.(*ast.BinaryExpr); ok {
				ast.Inspect(b, func(n ast.Node) bool {
					if sel, ok := n.(*ast.SelectorExpr); ok {
						if id, ok := sel.X.(*ast.Ident); ok && std[id.Name] {
							found = true
						}
					}
					return !found
				})
			}
			return !found
		})
	}
	return found
}

var (
	floatConstantsOnce sync.Once
	floatConstantPkgs  map[string]bool // import paths
)

// hasFloatConstants reports whether the compiled standard-library package
// at path declares untyped float constants.
func hasFloatConstants(path string) bool {
	floatConstantsOnce.Do(func() {
		floatConstantPkgs = make(map[string]bool)
		for key, syms := range stdlib.Symbols {
			for _, v := range syms {
				if c, ok := v.Interface().(constant.Value); ok && c.Kind() == constant.Float {
					floatConstantPkgs[key[:strings.LastIndexByte(key, '/')]] = true
					break
				}
			}
		}
	})
	return floatConstantPkgs[path]
}

// compiledFloatConstant returns the value of sel, when it names an untyped
// float constant of a compiled (standard-library) package, as a Go
// literal.
func compiledFloatConstant(info *types.Info, sel *ast.SelectorExpr) (string, bool) {
	c, ok := info.Uses[sel.Sel].(*types.Const)
	if !ok || c.Pkg() == nil || !isStdlib(c.Pkg().Path()) {
		return "", false
	}
	if basic, ok := c.Type().(*types.Basic); !ok || basic.Kind() != types.UntypedFloat {
		return "", false
	}
	return floatLiteral(c.Val())
}

// floatLiteral writes the float constant v as a Go float literal, to 512
// bits of precision.
func floatLiteral(v constant.Value) (string, bool) {
	var s string
	switch x := constant.Val(constant.ToFloat(v)).(type) {
	case int64:
		s = strconv.FormatInt(x, 10)
	case *big.Int:
		s = x.String()
	case *big.Rat:
		s = new(big.Float).SetPrec(512).SetRat(x).Text('g', -1)
	case *big.Float:
		s = x.Text('g', -1)
	default:
		return "", false
	}
	if !strings.ContainsAny(s, ".eEn") { // n: Inf, NaN cannot be constants
		s += ".0"
	}
	return s, true
}

// bigConstants is the pass for untyped integer constant expressions whose
// value does not fit an int64, given an unsigned type by their context: yaegi
// takes them for int64 where the constant is returned (return
// 0xFFFFFFFFFFFFFFFF from a uint64 function) or computed (var x uint64 =
// 1<<63), and refuses to load them (constant 18446744073709551615
// overflows int64). The constant is converted to its type, which yaegi
// folds:
//
//	return 1<<64 - 1  →  return uint64(1<<64 - 1)
func bigConstants(f *folder) (bool, []diagnostic) {
	if !hasBigConstant(f) {
		return false, nil // spare the type check
	}
	info := f.typeInfo()
	if info == nil {
		return false, nil
	}
	changed := false
	for _, sf := range f.accepted() {
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			if b, ok := n.(*ast.BinaryExpr); ok {
				if folded, ok := bigComparison(info, b); ok {
					sf.edits = append(sf.edits, edit{off: f.offset(b.Pos()), end: f.offset(b.End()), text: folded})
					changed = true
					return false
				}
			}
			e, ok := n.(ast.Expr)
			if !ok || !untypedConstant(info, e) && !untypedPackageConstant(info, e) {
				return true
			}
			tv := info.Types[e]
			if tv.Value == nil || tv.Value.Kind() != constant.Int || tv.Type == nil {
				return false
			}
			if _, fits := constant.Int64Val(tv.Value); fits {
				return false
			}
			basic, ok := tv.Type.Underlying().(*types.Basic)
			if !ok || basic.Info()&types.IsUntyped != 0 {
				return false
			}
			name, ok := f.typeName(sf, tv.Type)
			if !ok {
				return false
			}
			sf.edits.insert(f.offset(e.Pos()), name+"(")
			sf.edits.insertClosing(f.offset(e.Pos()), f.offset(e.End()), ")")
			changed = true
			return false
		})
	}
	return changed, nil
}

// bigComparison returns the value, true or false, of b when it compares
// constants of which one is an integer that does not fit an int64
// (-math.MinInt64 > 0, 1<<63 > 0): yaegi folds such a comparison with
// the operands wrapped around to int64, and gets it wrong. A comparison
// is an untyped boolean, which either identifier stands for anywhere.
func bigComparison(info *types.Info, b *ast.BinaryExpr) (string, bool) {
	switch b.Op {
	case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ:
	default:
		return "", false
	}
	tv := info.Types[b]
	if tv.Value == nil || tv.Value.Kind() != constant.Bool {
		return "", false
	}
	beyond := func(e ast.Expr) bool {
		v := info.Types[e].Value
		if v == nil || v.Kind() != constant.Int {
			return false
		}
		_, fits := constant.Int64Val(v)
		return !fits
	}
	if !beyond(b.X) && !beyond(b.Y) {
		return "", false
	}
	return strconv.FormatBool(constant.BoolVal(tv.Value)), true
}

// untypedPackageConstant reports whether e names an untyped constant of
// another package (math.MaxUint64).
func untypedPackageConstant(info *types.Info, e ast.Expr) bool {
	sel, ok := e.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	c, ok := info.Uses[sel.Sel].(*types.Const)
	if !ok {
		return false
	}
	basic, ok := c.Type().(*types.Basic)
	return ok && basic.Info()&types.IsUntyped != 0
}

// hasBigConstant reports whether a file of f has an integer literal that
// does not fit an int64, shifts a literal by one, or names a Max or Min
// constant of another package (math.MaxUint64, math.MinInt64), the syntax
// of what bigConstants rewrites.
func hasBigConstant(f *folder) bool {
	found := false
	for _, sf := range f.accepted() {
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.BasicLit:
				if n.Kind == token.INT {
					_, fits := constant.Int64Val(constant.MakeFromLiteral(n.Value, token.INT, 0))
					found = found || !fits
				}
			case *ast.BinaryExpr:
				_, x := n.X.(*ast.BasicLit)
				_, y := n.Y.(*ast.BasicLit)
				found = found || n.Op == token.SHL && x && y
			case *ast.SelectorExpr:
				found = found || strings.HasPrefix(n.Sel.Name, "Max") || strings.HasPrefix(n.Sel.Name, "Min")
			}
			return !found
		})
	}
	return found
}

// negativeZeros is the pass for constant float expressions whose value is
// zero but which negate something: yaegi negates at run time what the
// compiler folds, and gets a negative zero where Go's constant arithmetic,
// exact, has none (math.Signbit is true, 1/x is -Inf, fmt prints -0):
//
//	x := -float64(zero)  →  x := float64(0)
//	var m = -1e-10000    →  var m = 0.0
//
// (the second rounds to zero as a float64: the compiler's zero is
// positive). Constant declarations are left as written: yaegi folds
// those, and an expression repeated by the specs after it (iota) must
// stay the same text.
func negativeZeros(f *folder) (bool, []diagnostic) {
	if !negatesNonInteger(f) {
		return false, nil // spare the type check
	}
	info := f.typeInfo()
	if info == nil {
		return false, nil
	}
	changed := false
	for _, sf := range f.accepted() {
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			if d, ok := n.(*ast.GenDecl); ok && d.Tok == token.CONST {
				return false
			}
			e, ok := n.(ast.Expr)
			if !ok {
				return true
			}
			tv := info.Types[e]
			if tv.Value == nil || tv.Type == nil {
				return true
			}
			basic, ok := tv.Type.Underlying().(*types.Basic)
			if !ok || basic.Info()&types.IsFloat == 0 || !negates(e) {
				return false // a constant: nothing inside it is negated apart
			}
			if !roundsToZero(tv.Value, basic.Kind() == types.Float32) {
				return false
			}
			text := "0.0"
			if basic.Info()&types.IsUntyped == 0 {
				name, ok := f.typeNameAt(sf, tv.Type, e.Pos())
				if !ok {
					return false
				}
				text = name + "(0)"
			}
			sf.edits = append(sf.edits, edit{off: f.offset(e.Pos()), end: f.offset(e.End()), text: text})
			changed = true
			return false
		})
	}
	return changed, nil
}

// roundsToZero reports whether the constant v is zero as a float64, or as
// a float32 when f32.
func roundsToZero(v constant.Value, f32 bool) bool {
	v = constant.ToFloat(v)
	if v.Kind() != constant.Float {
		return false
	}
	if f32 {
		x, _ := constant.Float32Val(v)
		return x == 0
	}
	x, _ := constant.Float64Val(v)
	return x == 0
}

// negates reports whether e has a unary minus.
func negates(e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if u, ok := n.(*ast.UnaryExpr); ok && u.Op == token.SUB {
			found = true
		}
		return !found
	})
	return found
}

// negatesNonInteger reports whether a file of f negates something other
// than an integer literal, the syntax of what negativeZeros rewrites.
func negatesNonInteger(f *folder) bool {
	found := false
	for _, sf := range f.accepted() {
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			if u, ok := n.(*ast.UnaryExpr); ok && u.Op == token.SUB {
				if lit, ok := u.X.(*ast.BasicLit); !ok || lit.Kind != token.INT {
					found = true
				}
			}
			return !found
		})
	}
	return found
}
