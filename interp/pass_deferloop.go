package interp

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"
)

// A deferred function literal in a loop runs, in the interpreter, with the
// frame of its function as it is when the deferred call runs, not as it
// was at the defer statement: every call sees the last iteration's
// variables (close c, close c, close c where Go closes c, b, a), those of
// the loop and those its body declares.
//
// The deferArgs pass gives such a literal its iteration's variables: at
// the defer statement the address of each one it uses is pushed on a
// stack of the function, and the deferred literal pops it and reads the
// variable through it, under its own name:
//
//	for _, n := range names {
//		res := open(n)
//		defer func() { res.Close() }()
//
// becomes, on the same lines,
//
//	for _, n := range names {
//		res := open(n)
//		_dsa9_p0 = append(_dsa9_p0, &res); defer func() { _dsv9_p0 := _dsa9_p0[len(_dsa9_p0)-1]; _dsa9_p0 = _dsa9_p0[:len(_dsa9_p0)-1]; res := *_dsv9_p0; res.Close() }()
//
// (each iteration's variable has an address of its own in the
// interpreter, and a stack rather than a closure per call, as deferArgs
// does for arguments). Reading the variable when the deferred call runs is
// what Go does; a literal that changes one of them (assigns it, takes its
// address, calls a pointer method on it) is left alone, and the detector of
// deferred loop literals sends its route to the compiled tier.

// deferredLoopVars returns the variables of the iterations of loops that
// the deferred literal lit uses, lit being deferred by d in a loop of the
// function (outermost being the outermost such loop), and whether the
// literal can be given them through their addresses: it only reads them,
// and their types can be spelled in sf. No variables and true: nothing to
// do.
func (f *folder) deferredLoopVars(sf *srcFile, outermost ast.Node, lit *ast.FuncLit) ([]*types.Var, bool) {
	info := f.typeInfo()
	if info == nil {
		return nil, false
	}
	var vars []*types.Var
	seen := make(map[*types.Var]bool)
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok {
			return true
		}
		v, ok := info.Uses[id].(*types.Var)
		if !ok || v.IsField() || seen[v] || !within(v.Pos(), outermost) || within(v.Pos(), lit) {
			return true
		}
		seen[v] = true
		vars = append(vars, v)
		return true
	})
	for _, v := range vars {
		if _, ok := f.typeName(sf, types.NewPointer(v.Type())); !ok || mayChange(info, lit, v) || declaresAtTop(lit.Body, v.Name()) {
			return nil, false
		}
	}
	return vars, true
}

// fixedLoopDefer reports whether the deferArgs pass gives the deferred
// literal of d, in a loop of its function, its iteration's variables.
func (f *folder) fixedLoopDefer(sf *srcFile, d *ast.DeferStmt) bool {
	lit, ok := ast.Unparen(d.Call.Fun).(*ast.FuncLit)
	if !ok {
		return false
	}
	fixed := false
	forEachFunction(sf.syntax, func(body *ast.BlockStmt) {
		if !within(d.Pos(), body) {
			return
		}
		outer, overFunc := f.outermostLoops(body)
		if loop := outer[d]; loop != nil && !overFunc[d] {
			_, fixed = f.deferredLoopVars(sf, loop, lit)
		}
	})
	return fixed
}

// declaresAtTop reports whether a statement of body (not of a block in
// it) declares name: a declaration of the name at the start of body would
// be declared twice.
func declaresAtTop(body *ast.BlockStmt, name string) bool {
	for _, st := range body.List {
		switch x := st.(type) {
		case *ast.AssignStmt:
			if x.Tok == token.DEFINE {
				for _, l := range x.Lhs {
					if isIdent(l, name) {
						return true
					}
				}
			}
		case *ast.DeclStmt:
			if g, ok := x.Decl.(*ast.GenDecl); ok {
				for _, spec := range g.Specs {
					switch sp := spec.(type) {
					case *ast.ValueSpec:
						for _, n := range sp.Names {
							if n.Name == name {
								return true
							}
						}
					case *ast.TypeSpec:
						if sp.Name.Name == name {
							return true
						}
					}
				}
			}
		}
	}
	return false
}

// within reports whether pos lies in n.
func within(pos token.Pos, n ast.Node) bool { return pos >= n.Pos() && pos < n.End() }

// mayChange reports whether n may change the variable v: assigns it (a
// := redeclaring it too) or
// part of it held in it (a field of a struct, an element of an array),
// takes its address, or slices an array held in it, calls a pointer method
// on it.
func mayChange(info *types.Info, n ast.Node, v *types.Var) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.AssignStmt:
			// A := redeclaring v assigns it too (info.Uses names v
			// there; a new variable is in info.Defs).
			for _, l := range x.Lhs {
				found = found || storesIn(info, l, v)
			}
		case *ast.IncDecStmt:
			found = found || storesIn(info, x.X, v)
		case *ast.RangeStmt:
			if x.Tok == token.ASSIGN {
				found = found || x.Key != nil && storesIn(info, x.Key, v) || x.Value != nil && storesIn(info, x.Value, v)
			}
		case *ast.UnaryExpr:
			found = found || x.Op == token.AND && storesIn(info, x.X, v)
		case *ast.SliceExpr:
			found = found || storesIn(info, x.X, v)
		case *ast.SelectorExpr:
			if s := info.Selections[x]; s != nil && s.Kind() == types.MethodVal && ptrMethod(s) {
				// A method of a pointer held in the variable changes
				// what it points to, not the variable.
				_, ptr := info.TypeOf(x.X).Underlying().(*types.Pointer)
				found = found || !ptr && storesIn(info, x.X, v)
			}
		}
		return !found
	})
	return found
}

// storesIn reports whether storing in e (or taking its address) stores in
// the variable v itself, not through a pointer, slice or map it holds.
func storesIn(info *types.Info, e ast.Expr, v *types.Var) bool {
	for {
		switch x := e.(type) {
		case *ast.Ident:
			return info.Uses[x] == v
		case *ast.ParenExpr:
			e = x.X
		case *ast.SelectorExpr:
			if _, ptr := info.TypeOf(x.X).Underlying().(*types.Pointer); ptr || info.Selections[x] == nil {
				return false
			}
			e = x.X
		case *ast.IndexExpr:
			if t := info.TypeOf(x.X); t == nil {
				return true
			} else if _, array := t.Underlying().(*types.Array); !array {
				return false
			}
			e = x.X
		default:
			return false
		}
	}
}

// copyLoopVars rewrites the deferred literal lit of d to read the
// variables vars of its iteration through their addresses, pushed at the
// defer statement, and returns the declarations of the stacks.
func (f *folder) copyLoopVars(sf *srcFile, d *ast.DeferStmt, lit *ast.FuncLit, vars []*types.Var) []string {
	id := strconv.Itoa(f.offset(d.Pos()))
	var decls []string
	var push, pop strings.Builder
	for i, v := range vars {
		tn, _ := f.typeName(sf, types.NewPointer(v.Type()))
		s, p := "_dsa"+id+"_p"+strconv.Itoa(i), "_dsv"+id+"_p"+strconv.Itoa(i)
		decls = append(decls, "var "+s+" []"+tn+";")
		push.WriteString(s + " = append(" + s + ", &" + v.Name() + "); ")
		pop.WriteString(" " + p + " := " + s + "[len(" + s + ")-1]; " + s + " = " + s + "[:len(" + s + ")-1]; " + v.Name() + " := *" + p + ";")
	}
	sf.edits.insert(f.offset(d.Pos()), push.String())
	sf.edits.insert(f.offset(lit.Body.Lbrace)+1, pop.String())
	return decls
}

// outermostLoops maps each defer statement of a function literal in body
// (not in a nested function literal) to the outermost loop around it,
// when a loop is, and tells whether one of its loops ranges over a
// function (whose defers the range pass moves).
func (f *folder) outermostLoops(body *ast.BlockStmt) (outer map[*ast.DeferStmt]ast.Node, overFunc map[*ast.DeferStmt]bool) {
	outer, overFunc = make(map[*ast.DeferStmt]ast.Node), make(map[*ast.DeferStmt]bool)
	var loops []ast.Node
	var stack []ast.Node
	ast.Inspect(body, func(n ast.Node) bool {
		if n == nil {
			top := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if len(loops) > 0 && loops[len(loops)-1] == top {
				loops = loops[:len(loops)-1]
			}
			return true
		}
		switch x := n.(type) {
		case *ast.FuncLit:
			return false // a function of its own
		case *ast.ForStmt, *ast.RangeStmt:
			loops = append(loops, x)
		case *ast.DeferStmt:
			if _, ok := ast.Unparen(x.Call.Fun).(*ast.FuncLit); ok && len(loops) > 0 {
				outer[x] = loops[0]
				for _, l := range loops {
					if rs, ok := l.(*ast.RangeStmt); ok && rangesOverFunc(f, rs) {
						overFunc[x] = true
					}
				}
			}
		}
		stack = append(stack, n)
		return true
	})
	return outer, overFunc
}
