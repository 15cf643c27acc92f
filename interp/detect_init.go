package interp

import (
	"go/ast"
	"go/token"
	"go/types"
)

func init() {
	register("package variables initialised in another order than the compiler's (an initialiser using a variable declared after it, among initialisers that call functions)", findInitOrder)
}

// findInitOrder finds the first package-level variable declaration that
// yaegi initialises at another point than the compiler, when some
// initialiser calls a function (whose effects, or what it reads, then
// differ). Go initialises the earliest declaration that is ready, first
// initialising what it depends on, through the functions it calls too
// (types.Info.InitOrder); yaegi goes through the declarations in order,
// postponing those naming a variable not initialised yet to another round
// (genGlobalVarDecl), so `var total = base * 2` ran after every
// initialiser below `var base = f()`.
func findInitOrder(f *folder, sf *srcFile) []token.Pos {
	specs, calls := packageVarSpecs(f)
	if len(specs) < 2 || !calls {
		return nil
	}
	info := f.typeInfo()
	if info == nil {
		return nil
	}
	specOf := make(map[*types.Var]*ast.ValueSpec)
	for _, vs := range specs {
		for _, n := range vs.Names {
			if v, ok := info.Defs[n].(*types.Var); ok {
				specOf[v] = vs
			}
		}
	}
	var compiled []*ast.ValueSpec
	seen := make(map[*ast.ValueSpec]bool)
	for _, in := range info.InitOrder {
		for _, v := range in.Lhs {
			if vs := specOf[v]; vs != nil && !seen[vs] {
				seen[vs] = true
				compiled = append(compiled, vs)
			}
		}
	}
	interpreted := yaegiInitOrder(specs, specOf, info)
	for i := range min(len(compiled), len(interpreted)) {
		if compiled[i] != interpreted[i] {
			if fileOf(f, compiled[i].Pos()) == sf {
				return []token.Pos{compiled[i].Pos()}
			}
			return nil
		}
	}
	return nil
}

// packageVarSpecs returns the package-level variable declarations with
// initialisers of every file of f, in the order yaegi reads them, and
// whether one of them calls a function (not a conversion or a builtin).
func packageVarSpecs(f *folder) (specs []*ast.ValueSpec, calls bool) {
	for _, sf := range f.files {
		for _, d := range sf.syntax.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.VAR {
				continue
			}
			for _, s := range gd.Specs {
				vs := s.(*ast.ValueSpec)
				if len(vs.Values) == 0 {
					continue
				}
				specs = append(specs, vs)
				for _, v := range vs.Values {
					calls = calls || hasCall(v)
				}
			}
		}
	}
	return specs, calls
}

// hasCall reports whether e calls something: a call of a conversion or a
// builtin counts too, which only makes the detector look closer.
func hasCall(e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if _, ok := n.(*ast.CallExpr); ok {
			found = true
		}
		return !found
	})
	return found
}

// yaegiInitOrder returns the order in which yaegi initialises specs: in
// rounds over the declarations, each initialised once every package-level
// variable its initialiser names (directly, function literals included)
// is.
func yaegiInitOrder(specs []*ast.ValueSpec, specOf map[*types.Var]*ast.ValueSpec, info *types.Info) []*ast.ValueSpec {
	deps := make(map[*ast.ValueSpec][]*ast.ValueSpec)
	for _, vs := range specs {
		for _, v := range vs.Values {
			ast.Inspect(v, func(n ast.Node) bool {
				if id, ok := n.(*ast.Ident); ok {
					if dv, ok := info.Uses[id].(*types.Var); ok && specOf[dv] != nil && specOf[dv] != vs {
						deps[vs] = append(deps[vs], specOf[dv])
					}
				}
				return true
			})
		}
	}
	inited := make(map[*ast.ValueSpec]bool)
	var out []*ast.ValueSpec
	for pending := specs; len(pending) > 0; {
		var again []*ast.ValueSpec
		for _, vs := range pending {
			ready := true
			for _, d := range deps[vs] {
				ready = ready && inited[d]
			}
			if !ready {
				again = append(again, vs)
				continue
			}
			inited[vs] = true
			out = append(out, vs)
		}
		if len(again) == len(pending) {
			break // a loop yaegi refuses itself
		}
		pending = again
	}
	return out
}

// fileOf returns the file of f holding pos.
func fileOf(f *folder, pos token.Pos) *srcFile {
	for _, sf := range f.files {
		if sf.syntax.FileStart <= pos && pos <= sf.syntax.FileEnd {
			return sf
		}
	}
	return nil
}
