package interp

import (
	"go/ast"
	"go/token"
	"go/types"
)

// constShifts is the pass for shifts of an untyped constant by a
// variable count (1 << i), which take their type from the context (a
// Flags parameter, a uint16 variable): yaegi gave them int, so passing
// one as a Flags panicked (reflect: call of reflect.Value.SetUint on int
// Value). The constant gets the type the compiler gives it:
//
//	f.Has(1 << i)  →  f.Has(Flags(1) << i)
//
// A shift whose type is int, or whose type cannot be spelled in its
// file, is left alone.
func constShifts(f *folder) (bool, []diagnostic) {
	if !hasVariableShift(f) {
		return false, nil // spare the type check
	}
	info := f.typeInfo()
	if info == nil {
		return false, nil
	}
	changed := false
	for _, sf := range f.accepted() {
		counts := shiftCountExprs(sf.syntax)
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			b, ok := n.(*ast.BinaryExpr)
			if !ok || b.Op != token.SHL && b.Op != token.SHR {
				return true
			}
			if tv := info.Types[b]; tv.Value != nil {
				return true // a constant shift: the compiler folds it
			}
			x := info.Types[b.X]
			if !untypedConstant(info, b.X) || x.Value == nil || x.Type == nil || types.Identical(x.Type, types.Typ[types.Int]) {
				return true
			}
			name := ""
			if basic, ok := x.Type.(*types.Basic); ok && basic.Info()&types.IsUntyped != 0 {
				// The type checker leaves untyped the shift counting
				// another (x << (1 << n)), which the compiler makes a
				// uint (x << (1 << 63) is 0, not a negative shift);
				// yaegi made it an int, and the outer shift panicked
				// (reflect: call of reflect.Value.Uint on int Value).
				if !counts[b] || basic.Info()&types.IsInteger == 0 {
					return true
				}
				name = "uint"
			} else if name, ok = f.typeName(sf, x.Type); !ok {
				return true
			}
			sf.edits.insert(f.offset(b.X.Pos()), name+"(")
			sf.edits.insertClosing(f.offset(b.X.Pos()), f.offset(b.X.End()), ")")
			changed = true
			return true
		})
	}
	return changed, nil
}

// shiftCountExprs are the shifts of file that count another shift (the
// n << m of x << (n << m) or x <<= n << m).
func shiftCountExprs(file *ast.File) map[ast.Expr]bool {
	counts := make(map[ast.Expr]bool)
	ast.Inspect(file, func(n ast.Node) bool {
		var count ast.Expr
		switch n := n.(type) {
		case *ast.BinaryExpr:
			if n.Op == token.SHL || n.Op == token.SHR {
				count = n.Y
			}
		case *ast.AssignStmt:
			if (n.Tok == token.SHL_ASSIGN || n.Tok == token.SHR_ASSIGN) && len(n.Rhs) == 1 {
				count = n.Rhs[0]
			}
		}
		if b, ok := ast.Unparen(count).(*ast.BinaryExpr); ok {
			counts[b] = true
		}
		return true
	})
	return counts
}

// hasVariableShift reports whether a file of f shifts a literal by
// something other than a literal, the syntax of what constShifts rewrites.
func hasVariableShift(f *folder) bool {
	found := false
	for _, sf := range f.accepted() {
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			if b, ok := n.(*ast.BinaryExpr); ok && (b.Op == token.SHL || b.Op == token.SHR) {
				if _, lit := b.Y.(*ast.BasicLit); !lit {
					found = true
				}
			}
			return !found
		})
	}
	return found
}

// untypedConstant reports whether e is written as an untyped constant:
// literals and untyped named constants, with operators.
func untypedConstant(info *types.Info, e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.BasicLit:
		return true
	case *ast.Ident:
		c, ok := info.Uses[e].(*types.Const)
		if !ok {
			return false
		}
		basic, ok := c.Type().(*types.Basic)
		return ok && basic.Info()&types.IsUntyped != 0
	case *ast.ParenExpr:
		return untypedConstant(info, e.X)
	case *ast.UnaryExpr:
		return untypedConstant(info, e.X)
	case *ast.BinaryExpr:
		return untypedConstant(info, e.X) && untypedConstant(info, e.Y)
	}
	return false
}

// shiftCounts is the pass for shifts by a count of a signed type (x << n,
// x >>= n with n an int): Go panics when the count is negative (runtime
// error: negative shift amount), yaegi shifted by it as if unsigned. The
// count goes through internal/desugar's ShiftCount, which panics as Go
// does:
//
//	x << n  →  x << _dsrt.ShiftCount(int64(n))
//
// A constant count is left alone: the compiler refuses a negative one.
func shiftCounts(f *folder) (bool, []diagnostic) {
	if !hasVariableCount(f) {
		return false, nil // spare the type check
	}
	info := f.typeInfo()
	if info == nil {
		return false, nil
	}
	changed := false
	for _, sf := range f.accepted() {
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			var count ast.Expr
			switch n := n.(type) {
			case *ast.BinaryExpr:
				if n.Op == token.SHL || n.Op == token.SHR {
					count = n.Y
				}
			case *ast.AssignStmt:
				if (n.Tok == token.SHL_ASSIGN || n.Tok == token.SHR_ASSIGN) && len(n.Rhs) == 1 {
					count = n.Rhs[0]
				}
			}
			if count == nil || !signedVariable(info, count) {
				return true
			}
			sf.addImport("_dsrt", desugarPath)
			sf.edits.insert(f.offset(count.Pos()), "_dsrt.ShiftCount(int64(")
			sf.edits.insertClosing(f.offset(count.Pos()), f.offset(count.End()), "))")
			changed = true
			return true
		})
	}
	return changed, nil
}

// signedVariable reports whether e is a value of a signed integer type
// that is not a constant.
func signedVariable(info *types.Info, e ast.Expr) bool {
	tv, ok := info.Types[e]
	if !ok || tv.Value != nil || tv.Type == nil || !tv.IsValue() {
		return false
	}
	basic, ok := tv.Type.Underlying().(*types.Basic)
	return ok && basic.Info()&types.IsInteger != 0 && basic.Info()&(types.IsUnsigned|types.IsUntyped) == 0
}

// hasVariableCount reports whether a file of f shifts by something other
// than a literal, the syntax of what shiftCounts rewrites.
func hasVariableCount(f *folder) bool {
	found := false
	for _, sf := range f.accepted() {
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			switch n := n.(type) {
			// found is only ever set: Inspect still visits the siblings of
			// the node that set it, and a constant shift among them must
			// not clear it.
			case *ast.BinaryExpr:
				if _, lit := n.Y.(*ast.BasicLit); !lit && (n.Op == token.SHL || n.Op == token.SHR) {
					found = true
				}
			case *ast.AssignStmt:
				if _, lit := n.Rhs[0].(*ast.BasicLit); !lit && (n.Tok == token.SHL_ASSIGN || n.Tok == token.SHR_ASSIGN) {
					found = true
				}
			}
			return !found
		})
	}
	return found
}
