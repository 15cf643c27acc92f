package interp

import (
	"go/ast"
	"go/token"
)

// settleTypes is the pass that has the interpreter compute the function
// types of the code compiled so far before a package's own code runs at
// init (see typeSettler): a goroutine its init or a variable's
// initialiser starts runs beside the rest of the load, and must find
// those types computed, not compute them while the loader does. The
// package's first variable, in the first file yaegi reads, becomes one
// calling the load hook, after the file's imports on their line, and its
// last init function, after the last file's last line, one telling the
// hook the package's init is over (the init timeout counts the time
// between, see loadHook.watch):
//
//	import "sync"  →  import "sync"; var _dssettled = _dsload.SettleTypes()
//	(last line)    →  func init() { _dsload.InitDone() }
//
// A package that runs no code at init (no init function, no initialiser
// calling anything or receiving) is left alone: its types are computed
// with the rest.
func settleTypes(f *folder) (bool, []diagnostic) {
	files := f.accepted()
	if len(files) == 0 || !runsCodeAtInit(files) {
		return false, nil
	}
	first, last := files[0], files[len(files)-1] // sorted by name, as yaegi reads them
	first.addImport("_dsload", loadHookPath)
	first.first = "var _dssettled = _dsload.SettleTypes()"
	last.addImport("_dsload", loadHookPath)
	last.decls.WriteString("func init() { _dsload.InitDone() }\n")
	return true, nil
}

// runsCodeAtInit reports whether the package of files has an init
// function or a package-level variable whose initialiser runs code.
func runsCodeAtInit(files []*srcFile) bool {
	for _, sf := range files {
		for _, d := range sf.syntax.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil && d.Name.Name == "init" {
					return true
				}
			case *ast.GenDecl:
				if d.Tok != token.VAR {
					continue
				}
				for _, s := range d.Specs {
					for _, v := range s.(*ast.ValueSpec).Values {
						if runsCode(v) {
							return true
						}
					}
				}
			}
		}
	}
	return false
}

// runsCode reports whether evaluating e calls something or receives from
// a channel (which may block): not the body of a function literal it
// only makes.
func runsCode(e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			found = true
		case *ast.UnaryExpr:
			found = found || n.Op == token.ARROW
		}
		return !found
	})
	return found
}
