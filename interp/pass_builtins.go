package interp

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
)

// desugarPath is the compiled package of helpers that desugared route code
// calls (internal/desugar); it exists only in the interpreter's symbol
// table.
const desugarPath = "github.com/devserver/devserver/internal/desugar"

// newBuiltins is the pass for Go 1.21's builtins min, max and clear, which
// yaegi does not know ("undefined: max"), and Go 1.26's new of a value
// (see desugarNewValue). A call whose arguments are all
// constant becomes its constant value; any other min or max call becomes a
// call of a function literal over the call's type, with Go's rules for
// floats (a NaN wins; min prefers -0 to +0, max the reverse):
//
//	max(a, 10)  →  func(x int, y ...int) int { ... }(a, 10)
//
// clear(x) becomes a call of internal/desugar's Clear. A call whose types
// the pass cannot tell, or a min, max or clear that is not the builtin (a
// user's function of that name), is left alone.
func newBuiltins(f *folder) (bool, []diagnostic) {
	changed := false
	for _, sf := range f.accepted() {
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			id, ok := ast.Unparen(call.Fun).(*ast.Ident)
			if !ok || (id.Name != "min" && id.Name != "max" && id.Name != "clear" && id.Name != "new" && id.Name != "len" && id.Name != "cap") {
				return true
			}
			info := f.typeInfo()
			if info == nil {
				return true
			}
			if _, builtin := info.Uses[id].(*types.Builtin); !builtin {
				return true
			}
			if id.Name == "new" {
				if f.desugarNewValue(sf, call) {
					changed = true
				}
				return true
			}
			if id.Name == "len" || id.Name == "cap" {
				if f.constantArrayPointerLen(sf, info, call) {
					changed = true
					return false
				}
				return true
			}
			if id.Name == "clear" {
				sf.addImport("_dsrt", desugarPath)
				sf.edits = append(sf.edits, edit{off: f.offset(call.Fun.Pos()), end: f.offset(call.Fun.End()), text: "_dsrt.Clear"})
				changed = true
				return true
			}
			tv := info.Types[call]
			if f.desugarMinMax(sf, call, id.Name, tv) {
				changed = true
				// A constant call was replaced whole; any other keeps its
				// arguments, which may hold calls of their own:
				// max(lo, min(v, hi)).
				return tv.Value == nil
			}
			return true
		})
	}
	return changed, nil
}

// constantArrayPointerLen rewrites len(p) and cap(p) of a pointer to an
// array, which Go makes a constant without evaluating p: yaegi
// dereferenced p and panicked when it was nil (var t *[16]byte; len(t)
// is 16; from $GOROOT/test/typeparam/issue49295.go). So for an array
// reached through a pointer (len(*t), len(s.arr) with s a pointer, from
// $GOROOT/test/fixedbugs/issue72844.go). The call becomes its constant,
// of type int:
//
//	len(p)  →  int(16)
//
// Only when the universe's int is the one in scope.
func (f *folder) constantArrayPointerLen(sf *srcFile, info *types.Info, call *ast.CallExpr) bool {
	tv := info.Types[call]
	if tv.Value == nil || len(call.Args) != 1 {
		return false
	}
	if _, ok := underlying(info.TypeOf(call.Args[0])).(*types.Pointer); !ok && !derefsPointer(info, call.Args[0]) {
		return false // an array not through a pointer, which yaegi reads right
	}
	if f.pkg == nil {
		return false
	}
	if scope := f.pkg.Scope().Innermost(call.Pos()); scope == nil {
		return false
	} else if _, obj := scope.LookupParent("int", call.Pos()); obj != types.Universe.Lookup("int") {
		return false
	}
	sf.edits = append(sf.edits, edit{off: f.offset(call.Pos()), end: f.offset(call.End()), text: "int(" + tv.Value.ExactString() + ")"})
	return true
}

// desugarNewValue rewrites new(v), Go 1.26's new of a value (a pointer to
// a new variable holding v), which yaegi took for new of v's type (a
// pointer to the zero value), into a call of a function literal returning
// the address of its parameter:
//
//	new(10)  →  func(v int) *int { return &v }(10)
//
// new(T) of a type is left alone.
func (f *folder) desugarNewValue(sf *srcFile, call *ast.CallExpr) bool {
	info := f.typeInfo()
	if len(call.Args) != 1 || info.Types[call.Args[0]].IsType() {
		return false
	}
	ptr, ok := info.TypeOf(call).(*types.Pointer)
	if !ok {
		return false
	}
	t, ok := f.typeName(sf, ptr.Elem())
	if !ok {
		return false
	}
	sf.edits = append(sf.edits, edit{off: f.offset(call.Fun.Pos()), end: f.offset(call.Fun.End()), text: "func(v " + t + ") *" + t + " { return &v }"})
	return true
}

// desugarMinMax rewrites one min or max call whose type and value are tv.
func (f *folder) desugarMinMax(sf *srcFile, call *ast.CallExpr, name string, tv types.TypeAndValue) bool {
	if tv.Type == nil || tv.Type == types.Typ[types.Invalid] {
		return false
	}
	if tv.Value != nil {
		text, ok := f.constantCall(sf, call, tv)
		if !ok {
			return false
		}
		sf.edits = append(sf.edits, edit{off: f.offset(call.Pos()), end: f.offset(call.End()), text: text})
		return true
	}
	t, ok := f.typeName(sf, tv.Type)
	if !ok {
		return false
	}
	better := "v < x"
	if name == "max" {
		better = "v > x"
	}
	if b, ok := tv.Type.Underlying().(*types.Basic); ok && b.Info()&types.IsFloat != 0 {
		zero := "1/v < 0" // min: -0 beats +0
		if name == "max" {
			zero = "1/x < 0" // max: +0 beats -0
		}
		// Once x is a NaN it stays; a NaN v replaces any other x.
		better = fmt.Sprintf("x == x && (v != v || %s || v == x && v == 0 && %s)", better, zero)
	}
	fn := fmt.Sprintf("func(x %s, y ...%s) %s { for _, v := range y { if %s { x = v } }; return x }", t, t, t, better)
	sf.edits = append(sf.edits, edit{off: f.offset(call.Fun.Pos()), end: f.offset(call.Fun.End()), text: fn})
	return true
}

// constantCall returns the text of the constant value of a min or max call
// of constants: the argument that is the result, converted to the call's
// type, or made a float constant when the call's kind is float.
func (f *folder) constantCall(sf *srcFile, call *ast.CallExpr, tv types.TypeAndValue) (string, bool) {
	info := f.typeInfo()
	for _, arg := range call.Args {
		av := info.Types[arg].Value
		if av == nil || !constant.Compare(av, token.EQL, tv.Value) {
			continue
		}
		text := f.text(sf, arg)
		b, _ := tv.Type.(*types.Basic)
		if b == nil || b.Info()&types.IsUntyped == 0 {
			t, ok := f.typeName(sf, tv.Type)
			if !ok {
				return "", false
			}
			return t + "(" + text + ")", true
		}
		if b.Info()&types.IsFloat != 0 {
			// The argument may be an integer constant (min(1, 2.5)).
			return "(" + text + " + 0.0)", true
		}
		return "(" + text + ")", true
	}
	return "", false
}
