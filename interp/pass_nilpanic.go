package interp

import (
	"go/ast"
	"go/types"
	"strconv"
)

// nilPanics is the pass for panic(nil) and the panic of a nil interface
// value: since Go 1.21 recover returns a *runtime.PanicNilError ("panic
// called with nil argument") for them, where yaegi's recover returns nil,
// as if nothing had panicked. Such a panic statement panics with the
// error Go makes instead (internal/desugar's NilPanic):
//
//	panic(nil)  →  panic(_dsrt.NilPanic())
//	panic(err)  →  if err == nil { panic(_dsrt.NilPanic()) }; panic(err)
//	panic(f())  →  if _dsp12 := f(); _dsp12 == nil { panic(_dsrt.NilPanic()) } else { panic(_dsp12) }
//
// Only panic statements are rewritten (not a deferred or go'd panic), and
// only of an operand whose static type is an interface or nil.
func nilPanics(f *folder) (bool, []diagnostic) {
	changed := false
	for _, sf := range f.accepted() {
		var stmts []*ast.ExprStmt
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			if es, ok := n.(*ast.ExprStmt); ok && isPanicCall(es.X) {
				stmts = append(stmts, es)
			}
			return true
		})
		for _, es := range stmts {
			if f.guardPanic(sf, es) {
				changed = true
			}
		}
	}
	return changed, nil
}

// isPanicCall reports whether e calls a function named panic with one
// argument (the type checker tells whether it is the builtin).
func isPanicCall(e ast.Expr) bool {
	call, ok := e.(*ast.CallExpr)
	if !ok || len(call.Args) != 1 || call.Ellipsis.IsValid() {
		return false
	}
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	return ok && id.Name == "panic"
}

// guardPanic rewrites es, a call of panic, when its operand may be nil;
// it reports whether it did.
func (f *folder) guardPanic(sf *srcFile, es *ast.ExprStmt) bool {
	info := f.typeInfo()
	if info == nil || f.desugared[es] {
		return false
	}
	call := es.X.(*ast.CallExpr)
	if _, builtin := info.Uses[ast.Unparen(call.Fun).(*ast.Ident)].(*types.Builtin); !builtin {
		return false
	}
	arg := call.Args[0]
	tv, ok := info.Types[arg]
	if !ok {
		return false
	}
	sf.addImport("_dsrt", desugarPath)
	const nilPanic = "panic(_dsrt.NilPanic())"
	switch {
	case tv.IsNil():
		sf.edits = append(sf.edits, edit{off: f.offset(es.Pos()), end: f.offset(es.End()), text: nilPanic})
	case !types.IsInterface(tv.Type):
		return false
	case pureOperand(arg):
		sf.edits.insert(f.offset(es.Pos()), "if "+f.text(sf, arg)+" == nil { "+nilPanic+" }; ")
	default:
		v := "_dsp" + strconv.Itoa(f.offset(es.Pos()))
		sf.edits = append(sf.edits, edit{off: f.offset(es.Pos()), end: f.offset(es.End()),
			text: "if " + v + " := " + f.text(sf, arg) + "; " + v + " == nil { " + nilPanic + " } else { panic(" + v + ") }"})
	}
	return true
}
