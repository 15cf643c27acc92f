package interp

import (
	"go/ast"
	"go/types"
)

// logValuers is the pass for log/slog arguments of types declared in the
// package that have a LogValue method: yaegi hands slog the value without
// its methods, so slog logged the value itself (a password where the
// method redacts it). Each such argument of a slog function or *Logger
// method becomes the call of its LogValue method, whose slog.Value slog
// logs as it is (and resolves further if it is itself a LogValuer):
//
//	log.Info("login", "pass", pw)  →  log.Info("login", "pass", (pw).LogValue())
//
// The method runs when the call is made, also when the level is disabled.
func logValuers(f *folder) (bool, []diagnostic) {
	return f.forEachCall(func(sf *srcFile, info *types.Info, call *ast.CallExpr) bool {
		if call.Ellipsis.IsValid() || !isSlogCall(info, call) {
			return false
		}
		changed := false
		for _, a := range call.Args {
			if !f.ownLogValuer(info.TypeOf(a)) {
				continue
			}
			text := sf.take(f, a)
			sf.edits = append(sf.edits, edit{off: f.offset(a.Pos()), end: f.offset(a.End()), text: "(" + text + ").LogValue()"})
			changed = true
		}
		return changed
	}), nil
}

// isSlogCall reports whether call is of a function or method of log/slog.
func isSlogCall(info *types.Info, call *ast.CallExpr) bool {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	fn, ok := info.Uses[sel.Sel].(*types.Func)
	return ok && fn.Pkg() != nil && fn.Pkg().Path() == "log/slog"
}

// ownLogValuer reports whether t, a type of the folder or a pointer to
// one, has slog's LogValue method in its method set.
func (f *folder) ownLogValuer(t types.Type) bool {
	if t == nil {
		return false
	}
	base := t
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		base = p.Elem()
	}
	if _, own := f.ownNamed(base); !own {
		return false
	}
	obj, _, _ := types.LookupFieldOrMethod(t, false, nil, "LogValue")
	fn, ok := obj.(*types.Func)
	if !ok {
		return false
	}
	sig := fn.Type().(*types.Signature)
	return sig.Params().Len() == 0 && sig.Results().Len() == 1 && types.TypeString(sig.Results().At(0).Type(), nil) == "log/slog.Value"
}
