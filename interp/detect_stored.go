package interp

import (
	"go/ast"
	"go/token"
	"go/types"
)

// storesInterfaces reports whether fn, a function of interpreted code of
// another package, or one it calls, keeps a value holding an interface
// beyond the call: assigns it to a package-level variable, a field or
// what a pointer points to (or an element of one of those), or sends it
// on a channel. A value handed to such a function (a shared
// audit.Record(ev any) appending to a package's []any) may be printed by
// another function of its package later (audit.Report's %T printed
// struct { User string } for route.Login in dev), which the detectors
// following the calls fn makes do not see.
func (f *folder) storesInterfaces(fn *types.Func) bool {
	fn = fn.Origin()
	if r, ok := f.storers[fn]; ok {
		return r
	}
	if f.storers == nil {
		f.storers = make(map[*types.Func]bool)
	}
	reached := []*types.Func{fn}
	f.walkReached(fn, func(_ *folder, _ *types.Info, _ *ast.CallExpr, g *types.Func) bool {
		reached = append(reached, g.Origin())
		return true
	})
	stores := false
	seen := make(map[*types.Func]bool)
	for _, g := range reached {
		if seen[g] || stores || g.Pkg() == nil || !f.fromSource(g.Pkg().Path()) {
			continue
		}
		seen[g] = true
		decl, info := f.funcDecl(g)
		if decl == nil || decl.Body == nil {
			continue
		}
		holds := func(e ast.Expr) bool { return holdsInterface(info.TypeOf(e), 0) }
		ast.Inspect(decl.Body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				if n.Tok == token.DEFINE {
					break
				}
				for i, l := range n.Lhs {
					switch {
					case !outlives(info, l):
					case len(n.Rhs) == len(n.Lhs):
						stores = stores || holds(n.Rhs[i])
					default: // v.x, v.err = pair()
						tuple, ok := info.TypeOf(n.Rhs[0]).(*types.Tuple)
						stores = stores || ok && i < tuple.Len() && holdsInterface(tuple.At(i).Type(), 0)
					}
				}
			case *ast.SendStmt:
				stores = stores || holds(n.Value)
			}
			return !stores
		})
	}
	f.storers[fn] = stores
	return stores
}

// outlives reports whether an assignment to l, of a function with types
// info, writes where the value outlives the call: a package-level
// variable, a field, what a pointer points to, or an element of one.
func outlives(info *types.Info, l ast.Expr) bool {
	for {
		switch x := ast.Unparen(l).(type) {
		case *ast.IndexExpr:
			l = x.X
		case *ast.StarExpr:
			return true
		case *ast.SelectorExpr:
			if sel, ok := info.Selections[x]; ok {
				return sel.Kind() == types.FieldVal
			}
			_, isVar := info.Uses[x.Sel].(*types.Var) // another package's variable
			return isVar
		case *ast.Ident:
			v, ok := info.Uses[x].(*types.Var)
			return ok && v.Pkg() != nil && v.Parent() == v.Pkg().Scope()
		default:
			return false
		}
	}
}

// packageFuncs returns the functions and methods the package path, which
// the interpreter runs from source, declares.
func (f *folder) packageFuncs(path string) []*types.Func {
	if f.importer == nil {
		return nil
	}
	cs := f.importer.source(path)
	if cs == nil || cs.folder == nil || cs.info == nil {
		return nil
	}
	var out []*types.Func
	for _, sf := range cs.folder.files {
		for _, d := range sf.syntax.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok {
				if fn, ok := cs.info.Defs[fd.Name].(*types.Func); ok {
					out = append(out, fn)
				}
			}
		}
	}
	return out
}

// anyOfPackage reports whether, when fn stores values holding interfaces
// (see storesInterfaces), does reports true for a function of fn's
// package: the one that may later use what fn keeps.
func (f *folder) anyOfPackage(fn *types.Func, does func(*types.Func) bool) bool {
	if fn.Pkg() == nil || !f.storesInterfaces(fn) {
		return false
	}
	for _, g := range f.packageFuncs(fn.Pkg().Path()) {
		if does(g) {
			return true
		}
	}
	return false
}
