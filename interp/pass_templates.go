package interp

import (
	"go/ast"
	"go/types"
)

// templateErrors is the pass for the errors of executing a template:
// text/template words them with the type of the data, which for a struct
// type the interpreter declares is yaegi's unnamed one ("can't evaluate
// field Nope in type *struct { City string }" where a build says
// "*route.Address"). The error of each Execute and ExecuteTemplate of a
// text/template or html/template Template goes through
// fmtfix.TemplateError, which names the package's types (registered by the
// jsonDecodeErrors pass):
//
//	err := t.Execute(w, p)  →  err := _dsfmt.TemplateError(t.Execute(w, p))
func templateErrors(f *folder) (bool, []diagnostic) {
	if !importsPath(f, "text/template") && !importsPath(f, "html/template") || !callsMethod(f, "Execute", "ExecuteTemplate") {
		return false, nil // spare the type check
	}
	return f.forEachCall(func(sf *srcFile, info *types.Info, call *ast.CallExpr) bool {
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "Execute" && sel.Sel.Name != "ExecuteTemplate" {
			return false
		}
		fn, ok := info.Uses[sel.Sel].(*types.Func)
		if !ok {
			return false
		}
		recv := fn.Type().(*types.Signature).Recv()
		if recv == nil {
			return false
		}
		switch types.TypeString(recv.Type(), nil) {
		case "*text/template.Template", "*html/template.Template":
		default:
			return false
		}
		text := sf.take(f, call)
		sf.edits = append(sf.edits, edit{off: f.offset(call.Pos()), end: f.offset(call.End()), text: "_dsfmt.TemplateError(" + text + ")"})
		sf.addImport("_dsfmt", fmtfixPath)
		return true
	}), nil
}
