package interp

import (
	"go/ast"
	"go/token"
	"go/types"
)

// boxedOwnTypes returns the named types of the folder's package that are
// neither structs nor interfaces and some value of which its code may put
// in an interface: converts to one, assigns, passes, returns, sends or
// stores in a composite literal as one, compares with one, hands to a type
// parameter or to panic, or uses where this walk does not know the
// context. A value of another such type of a route's package never is an
// interface's: nothing else names the type, and compiled code hands route
// code no value it did not get from it as an interface (a pointer to one,
// &pq, holds a pointer). A route's package is imported by no other.
func (f *folder) boxedOwnTypes() map[*types.Named]bool {
	if f.boxedOwn != nil {
		return f.boxedOwn
	}
	info := f.typeInfo()
	out := make(map[*types.Named]bool)
	f.boxedOwn = out
	if info == nil || f.pkg == nil {
		return out
	}
	own := func(t types.Type) *types.Named {
		n, ok := types.Unalias(t).(*types.Named)
		if !ok || n.Obj().Pkg() != f.pkg {
			return nil
		}
		switch n.Underlying().(type) {
		case *types.Struct, *types.Interface:
			return nil
		}
		return n
	}
	for _, sf := range f.files {
		ast.PreorderStack(sf.syntax, nil, func(n ast.Node, stack []ast.Node) bool {
			e, ok := n.(ast.Expr)
			if !ok {
				return true
			}
			tv, ok := info.Types[e]
			if !ok || !tv.IsValue() {
				return true
			}
			named := own(tv.Type)
			if named == nil || out[named] {
				return true
			}
			// The context of the outermost parentheses around e.
			child, i := ast.Node(e), len(stack)-1
			for i >= 0 {
				if _, paren := stack[i].(*ast.ParenExpr); !paren {
					break
				}
				child, i = stack[i], i-1
			}
			if i < 0 || boxes(info, stack[:i+1], child) {
				out[named] = true
			}
			return true
		})
	}
	return out
}

// boxes reports whether child, an operand of the last node of stack (its
// ancestors, outermost first), may be put in an interface there (see
// boxedOwnTypes).
func boxes(info *types.Info, stack []ast.Node, child ast.Node) bool {
	ifaceOrParam := func(t types.Type) bool {
		if t == nil {
			return true
		}
		if _, ok := types.Unalias(t).(*types.TypeParam); ok {
			return true
		}
		return types.IsInterface(t)
	}
	index := func(list []ast.Expr) int {
		for i, x := range list {
			if x == child {
				return i
			}
		}
		return -1
	}
	switch p := stack[len(stack)-1].(type) {
	case *ast.CallExpr:
		if child == p.Fun {
			return false
		}
		i := index(p.Args)
		if tv := info.Types[p.Fun]; tv.IsType() {
			return ifaceOrParam(tv.Type)
		}
		if id, ok := ast.Unparen(p.Fun).(*ast.Ident); ok {
			if b, ok := info.Uses[id].(*types.Builtin); ok {
				switch b.Name() {
				case "len", "cap", "copy", "delete", "clear", "min", "max":
					return false
				case "append":
					if i == 0 || p.Ellipsis.IsValid() {
						return false
					}
					s, ok := typeUnder[*types.Slice](info.TypeOf(p))
					return !ok || ifaceOrParam(s.Elem())
				}
				return true // panic, print...
			}
		}
		sig, ok := typeUnder[*types.Signature](info.TypeOf(p.Fun))
		if !ok || i < 0 {
			return true
		}
		return ifaceOrParam(paramType(sig, i, p.Ellipsis.IsValid()))
	case *ast.AssignStmt:
		i := index(p.Rhs)
		if i < 0 || p.Tok == token.DEFINE {
			return false // a variable assigned, or declared of its type
		}
		if p.Tok != token.ASSIGN || len(p.Lhs) != len(p.Rhs) {
			return p.Tok == token.ASSIGN
		}
		return ifaceOrParam(info.TypeOf(p.Lhs[i]))
	case *ast.ValueSpec:
		if index(p.Values) < 0 || p.Type == nil {
			return false
		}
		return ifaceOrParam(info.TypeOf(p.Type))
	case *ast.ReturnStmt:
		i := index(p.Results)
		for j := len(stack) - 2; j >= 0; j-- {
			var sig types.Type
			switch fn := stack[j].(type) {
			case *ast.FuncLit:
				sig = info.TypeOf(fn)
			case *ast.FuncDecl:
				if obj := info.Defs[fn.Name]; obj != nil {
					sig = obj.Type()
				}
			default:
				continue
			}
			s, ok := typeUnder[*types.Signature](sig)
			if !ok || i < 0 || s.Results().Len() != len(p.Results) {
				return true
			}
			return ifaceOrParam(s.Results().At(i).Type())
		}
		return true
	case *ast.CompositeLit:
		i := index(p.Elts)
		t := info.TypeOf(p)
		if ptr, ok := typeUnder[*types.Pointer](t); ok {
			t = ptr.Elem()
		}
		if t == nil || i < 0 {
			return true
		}
		switch u := t.Underlying().(type) {
		case *types.Struct:
			return i >= u.NumFields() || ifaceOrParam(u.Field(i).Type())
		case *types.Slice:
			return ifaceOrParam(u.Elem())
		case *types.Array:
			return ifaceOrParam(u.Elem())
		}
		return true
	case *ast.KeyValueExpr:
		if len(stack) < 2 {
			return true
		}
		lit, ok := stack[len(stack)-2].(*ast.CompositeLit)
		if !ok {
			return true
		}
		t := info.TypeOf(lit)
		if ptr, ok := typeUnder[*types.Pointer](t); ok {
			t = ptr.Elem()
		}
		if t == nil {
			return true
		}
		switch u := t.Underlying().(type) {
		case *types.Struct:
			if child == p.Key {
				return false // a field's name
			}
			if id, ok := p.Key.(*ast.Ident); ok {
				for j := range u.NumFields() {
					if u.Field(j).Name() == id.Name {
						return ifaceOrParam(u.Field(j).Type())
					}
				}
			}
			return true
		case *types.Map:
			if child == p.Key {
				return ifaceOrParam(u.Key())
			}
			return ifaceOrParam(u.Elem())
		case *types.Slice:
			return child == p.Value && ifaceOrParam(u.Elem())
		case *types.Array:
			return child == p.Value && ifaceOrParam(u.Elem())
		}
		return true
	case *ast.SendStmt:
		if child != p.Value {
			return false
		}
		ch, ok := typeUnder[*types.Chan](info.TypeOf(p.Chan))
		return !ok || ifaceOrParam(ch.Elem())
	case *ast.BinaryExpr:
		other := p.X
		if child == p.X {
			other = p.Y
		}
		return ifaceOrParam(info.TypeOf(other))
	case *ast.IndexExpr:
		if child == p.X {
			return false
		}
		m, ok := typeUnder[*types.Map](info.TypeOf(p.X))
		return ok && ifaceOrParam(m.Key()) || !ok && ifaceOrParam(info.TypeOf(p.Index))
	case *ast.SwitchStmt:
		// The tag, compared with each case.
		for _, c := range p.Body.List {
			if cc, ok := c.(*ast.CaseClause); ok {
				for _, x := range cc.List {
					if ifaceOrParam(info.TypeOf(x)) {
						return true
					}
				}
			}
		}
		return false
	case *ast.CaseClause:
		// A case, compared with the tag.
		if len(stack) < 3 {
			return true
		}
		sw, ok := stack[len(stack)-3].(*ast.SwitchStmt)
		return !ok || sw.Tag != nil && ifaceOrParam(info.TypeOf(sw.Tag))
	case *ast.SelectorExpr, *ast.SliceExpr, *ast.StarExpr, *ast.UnaryExpr, *ast.IncDecStmt,
		*ast.ExprStmt, *ast.RangeStmt, *ast.IfStmt, *ast.ForStmt, *ast.IndexListExpr:
		return false
	}
	return true
}

// isRoute reports whether the folder is a route's: it holds a route.go.
// Route packages are entry points the router loads, which no other
// package of an app imports (Next.js route handlers are not modules to
// import either).
func (f *folder) isRoute() bool {
	for _, sf := range f.files {
		if sf.name == "route.go" {
			return true
		}
	}
	return false
}
