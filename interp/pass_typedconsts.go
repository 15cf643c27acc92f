package interp

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strconv"
)

// typedConstants is the pass for constants of a type declared in Go
// source whose value is an expression the interpreter folds (Warn Level =
// iota + 1, KB Size = 1 << 10, Full Name = "a" + "b", and the implicit
// repetitions after them): yaegi kept such a constant's value untyped, so
// comparing it with == or != to a value of its type was false (lv := Warn;
// lv == Warn), and a map literal keyed by it panicked (reflect.Value.MapIndex:
// value of type constant.Value is not assignable to type uint8). An
// integer constant's value is converted to its type, which yaegi folds
// into a value of that type (an implicit repetition repeats the
// conversion); yaegi's conversion of a float, string or boolean constant
// expression gives a zero value, so such a constant is written as its
// value, a literal, and so is each repetition of it:
//
//	Debug Level = iota + 1       →  Debug Level = Level(iota + 1)
//	Info                         →  Info
//	KB   Size   = 1 << (10*iota) →  KB   Size   = 1024.0
//	MB                           →  MB Size = 1048576.0
//
// Literals (A Level = 3) are left as written, and constants of compiled
// types (time.Duration), which yaegi types. A constant of type float32 or
// float64 is written as its value too: yaegi folded the untyped integer
// operands of its expression as floats (H float64 = iota / 2 made 0.5,
// built 0). In a declaration naming
// several constants in a spec, constLists writes the repetitions out as
// literals of their values.
func typedConstants(f *folder) (bool, []diagnostic) {
	if !hasFoldedConstant(f) {
		return false, nil // no type check for a package without such constants
	}
	info := f.typeInfo()
	if info == nil {
		return false, nil
	}
	changed := false
	var diags []diagnostic
	for _, sf := range f.accepted() {
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			gd, ok := n.(*ast.GenDecl)
			if !ok || gd.Tok != token.CONST {
				return true
			}
			c, d := f.typeConstants(sf, info, gd)
			changed = changed || c
			diags = append(diags, d...)
			return false
		})
	}
	return changed, diags
}

// typeConstants rewrites the specs of gd as typedConstants says; it
// reports whether it changed one. In a declaration naming several
// constants in a spec, constLists writes out the implicit repetitions.
// A complex constant it cannot write (see constLiteral) is refused: the
// file runs compiled.
func (f *folder) typeConstants(sf *srcFile, info *types.Info, gd *ast.GenDecl) (bool, []diagnostic) {
	lists := hasNameList(gd)
	changed := false
	var diags []diagnostic
	var last *ast.ValueSpec // the spec an implicit repetition repeats
	for _, s := range gd.Specs {
		vs := s.(*ast.ValueSpec)
		if len(vs.Values) > 0 {
			last = vs
		}
		if last == nil || len(last.Values) != len(vs.Names) || (lists && vs != last) {
			continue
		}
		for i, id := range vs.Names {
			c, ok := info.Defs[id].(*types.Const)
			if !ok {
				continue
			}
			v := last.Values[i]
			if _, lit := ast.Unparen(v).(*ast.BasicLit); lit {
				continue
			}
			name, ok := f.constTypeName(sf, last, c)
			if !ok {
				continue
			}
			if isInteger(c.Type()) {
				if vs == last {
					sf.edits.wrapAround(f.offset(v.Pos()), f.offset(v.End()), name+"(", ")")
					changed = true
				}
				continue
			}
			lit, ok := constLiteral(c)
			if !ok {
				if isComplex(c.Type()) {
					diags = append(diags, f.refusal(id.Pos(), "a constant of a complex type declared in Go source valued by an expression (the interpreter keeps its value untyped: == with a value of the type is false)")...)
				}
				continue
			}
			if vs == last {
				off, end := f.offset(v.Pos()), f.offset(v.End())
				// First among the edits at off, so that it replaces what
				// passes edit inside the expression (math.Pi).
				sf.edits = append(edits{{off: off, end: end, text: lit}}, sf.edits...)
			} else {
				sf.edits.insert(f.offset(id.End()), " "+name+" = "+lit)
			}
			changed = true
		}
	}
	return changed, diags
}

// hasFoldedConstant reports whether a file of f declares a constant
// valued by something other than a literal, the syntax of what
// typedConstants rewrites.
func hasFoldedConstant(f *folder) bool {
	for _, sf := range f.accepted() {
		found := false
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			gd, ok := n.(*ast.GenDecl)
			if found || !ok || gd.Tok != token.CONST {
				return !found
			}
			for _, s := range gd.Specs {
				for _, v := range s.(*ast.ValueSpec).Values {
					if _, lit := ast.Unparen(v).(*ast.BasicLit); !lit {
						found = true
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

// isInteger reports whether t's underlying type is an integer type.
func isInteger(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsInteger != 0
}

// isComplex reports whether t's underlying type is a complex type.
func isComplex(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsComplex != 0
}

// constLiteral writes the value of c, a float, string or boolean
// constant, as a literal. A complex value has no literal yaegi types: it
// folds 1 + 4i, like any expression, into an untyped value.
func constLiteral(c *types.Const) (string, bool) {
	v := c.Val()
	switch v.Kind() {
	case constant.String:
		return strconv.Quote(constant.StringVal(v)), true
	case constant.Bool:
		return strconv.FormatBool(constant.BoolVal(v)), true
	case constant.Int, constant.Float:
		b, ok := c.Type().Underlying().(*types.Basic)
		if !ok || b.Info()&types.IsFloat == 0 {
			return "", false
		}
		return floatLiteral(v)
	}
	return "", false
}

// constTypeName spells the type of c, declared by a spec whose values
// are those of vs, when it is a named type the interpreter runs from
// source, as code at vs can: the type vs writes, or the type's name when
// vs has none and the name reaches that type there.
func (f *folder) constTypeName(sf *srcFile, vs *ast.ValueSpec, c *types.Const) (string, bool) {
	if b, ok := types.Unalias(c.Type()).(*types.Basic); ok && b.Info()&types.IsFloat != 0 && b.Info()&types.IsUntyped == 0 {
		// float32 or float64: yaegi folds the untyped operands of
		// the expression as floats (q0 float64 = iota / 2 made 0.5,
		// where Go divides the integers, 0), so the value is written
		// as a literal too.
		if vs.Type != nil {
			return f.text(sf, vs.Type), true
		}
		return b.Name(), true
	}
	n, ok := types.Unalias(c.Type()).(*types.Named)
	if !ok || !f.interpretedPkg(n.Obj().Pkg()) || n.TypeParams() != nil {
		return "", false
	}
	if vs.Type != nil {
		return f.text(sf, vs.Type), true
	}
	name, ok := f.typeName(sf, n)
	if !ok {
		return "", false
	}
	if n.Obj().Pkg() == f.pkg {
		// The name may be shadowed where the constant is declared.
		scope := f.pkg.Scope().Innermost(vs.Pos())
		if scope == nil {
			return "", false
		}
		if _, obj := scope.LookupParent(n.Obj().Name(), vs.Pos()); obj != n.Obj() {
			return "", false
		}
	}
	return name, true
}
