package interp

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strconv"
)

// holdsOnlyBasics reports whether the value of e, an argument of a fmt
// print function whose static type holds an interface ([]any, any), can
// only hold values that carry no method of interpreted code: a composite
// literal of such values, or a local variable of the function that every
// statement fills with such values only (see onlyBasicsIn), whose
// elements nothing else can reach. Such a value prints alike in the
// interpreter and compiled, although its static type holds an interface.
func (f *folder) holdsOnlyBasics(info *types.Info, file *ast.File, e ast.Expr) bool {
	e = ast.Unparen(e)
	if lit, ok := e.(*ast.CompositeLit); ok {
		return f.basicLiteral(info, lit)
	}
	id, ok := e.(*ast.Ident)
	if !ok {
		return false
	}
	v, ok := info.Uses[id].(*types.Var)
	if !ok || v.IsField() || v.Pkg() == nil || v.Parent() == v.Pkg().Scope() || !interfaceSlots(v.Type()) {
		return false
	}
	for _, d := range file.Decls {
		if d.Pos() <= v.Pos() && v.Pos() < d.End() {
			return f.onlyBasicsIn(info, d, v)
		}
	}
	return false
}

// interfaceSlots reports whether t is an interface, or a slice or array
// of interfaces: the types whose variables holdsOnlyBasics follows.
func interfaceSlots(t types.Type) bool {
	switch u := t.Underlying().(type) {
	case *types.Interface:
		return true
	case *types.Slice:
		return types.IsInterface(u.Elem())
	case *types.Array:
		return types.IsInterface(u.Elem())
	}
	return false
}

// onlyBasicsIn reports whether each use of the local variable v in decl,
// the declaration around it, is one that puts only basic values in it
// (see basicValue) or reads it without letting other code write its
// elements: declared empty or with such a value; assigned such a value,
// an append of such values to itself or a literal of them; an element
// assigned one; read by index, len, cap or range; the first operand of
// an append; an argument of a fmt print function. Any other use (a
// parameter, an address taken, a slice expression, an argument of
// another function, which may write its elements) makes it false.
func (f *folder) onlyBasicsIn(info *types.Info, decl ast.Node, v *types.Var) bool {
	ok := true
	var stack []ast.Node
	ast.Inspect(decl, func(n ast.Node) bool {
		if !ok {
			return false
		}
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		if id, isIdent := n.(*ast.Ident); isIdent && (info.Uses[id] == v || info.Defs[id] == v) {
			ok = f.basicUse(info, v, id, stack)
		}
		stack = append(stack, n)
		return true
	})
	return ok
}

// basicUse reports whether the use id of v, under the nodes of stack
// (outermost first), is one onlyBasicsIn allows.
func (f *folder) basicUse(info *types.Info, v *types.Var, id *ast.Ident, stack []ast.Node) bool {
	if len(stack) == 0 {
		return false
	}
	// assigned reports whether target, an operand of an assignment, is
	// assigned a value value reports true for; false when it is read on
	// the right (v copied whole lets the copy write its elements).
	assigned := func(lhs, rhs []ast.Expr, target ast.Expr, value func(ast.Expr) bool) bool {
		for i, l := range lhs {
			if l == target {
				return len(lhs) == len(rhs) && value(rhs[i])
			}
		}
		return false
	}
	wholeValue := func(e ast.Expr) bool { return f.basicContents(info, v, e) }
	elemValue := func(e ast.Expr) bool { return f.basicValue(info, e) }
	switch p := stack[len(stack)-1].(type) {
	case *ast.ValueSpec:
		for i, name := range p.Names {
			if name == id {
				return len(p.Values) == 0 || len(p.Values) == len(p.Names) && wholeValue(p.Values[i])
			}
		}
		return false
	case *ast.AssignStmt:
		if p.Tok != token.DEFINE && p.Tok != token.ASSIGN {
			return false
		}
		return assigned(p.Lhs, p.Rhs, id, wholeValue)
	case *ast.IndexExpr:
		if p.X != id || len(stack) < 2 {
			return p.X != id // v as the index: a read
		}
		switch pp := stack[len(stack)-2].(type) {
		case *ast.AssignStmt:
			if !slices.Contains(pp.Lhs, ast.Expr(p)) {
				return true // an element read
			}
			return pp.Tok == token.ASSIGN && assigned(pp.Lhs, pp.Rhs, p, elemValue)
		case *ast.UnaryExpr:
			return pp.Op != token.AND
		case *ast.RangeStmt:
			return false // for _, v[i] = range xs assigns it
		}
		return true
	case *ast.RangeStmt:
		return p.X == id
	case *ast.BinaryExpr:
		// Compared with nil (r := recover(); r != nil): a read.
		other := p.Y
		if p.Y == id {
			other = p.X
		}
		return (p.Op == token.EQL || p.Op == token.NEQ) && info.Types[other].IsNil()
	case *ast.CallExpr:
		if len(p.Args) == 0 || p.Fun == id {
			return false
		}
		if b, isBuiltin := calledBuiltin(info, p); isBuiltin {
			switch b {
			case "len", "cap":
				return true
			case "append":
				return p.Args[0] == id
			}
			return false
		}
		fn := calledFunc(info, p)
		return fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == "fmt" && fmtPrinters[fn.Name()]
	}
	return false
}

// fmtPrinters are fmt's print functions, which only read their operands.
var fmtPrinters = map[string]bool{
	"Print": true, "Println": true, "Printf": true,
	"Sprint": true, "Sprintln": true, "Sprintf": true,
	"Fprint": true, "Fprintln": true, "Fprintf": true,
	"Errorf": true, "Append": true, "Appendln": true, "Appendf": true,
}

// calledBuiltin returns the name of the builtin call calls, if it calls
// one.
func calledBuiltin(info *types.Info, call *ast.CallExpr) (string, bool) {
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return "", false
	}
	b, ok := info.Uses[id].(*types.Builtin)
	if !ok {
		return "", false
	}
	return b.Name(), true
}

// basicContents reports whether e, a value assigned to v whole, holds
// only basic values: nil, a literal of basic values, make, an append of
// basic values to v itself, or (v being an interface) a basic value.
func (f *folder) basicContents(info *types.Info, v *types.Var, e ast.Expr) bool {
	e = ast.Unparen(e)
	if types.IsInterface(v.Type()) {
		if call, ok := e.(*ast.CallExpr); ok {
			if b, _ := calledBuiltin(info, call); b == "recover" {
				return f.panicsOnlyBasics(info)
			}
		}
		return f.basicValue(info, e)
	}
	switch x := e.(type) {
	case *ast.Ident:
		return info.Types[x].IsNil()
	case *ast.CompositeLit:
		return f.basicLiteral(info, x)
	case *ast.CallExpr:
		switch b, _ := calledBuiltin(info, x); b {
		case "make":
			return true
		case "append":
			if x.Ellipsis.IsValid() || len(x.Args) == 0 {
				return false
			}
			if id, ok := ast.Unparen(x.Args[0]).(*ast.Ident); !ok || info.Uses[id] != v {
				return false
			}
			for _, a := range x.Args[1:] {
				if !f.basicValue(info, a) {
					return false
				}
			}
			return true
		}
	}
	return false
}

// panicsOnlyBasics reports whether a value recovered in the package
// can carry no method of interpreted code: every panic of its code is of
// a basic value (panic("x"), panic(fmt.Sprintf(...))), and it imports no
// other package the interpreter runs from source, whose panics may reach
// its recover. (A runtime error, or a panic of the standard library, is
// a value of compiled code.)
func (f *folder) panicsOnlyBasics(info *types.Info) bool {
	for _, sf := range f.files {
		if sf.syntax == nil {
			return false
		}
		for _, imp := range sf.syntax.Imports {
			if path, err := strconv.Unquote(imp.Path.Value); err != nil || f.fromSource(path) {
				return false
			}
		}
		ok := true
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			call, isCall := n.(*ast.CallExpr)
			if !ok || !isCall {
				return ok
			}
			if b, _ := calledBuiltin(info, call); b == "panic" && (len(call.Args) != 1 || !f.basicValue(info, call.Args[0])) {
				ok = false
			}
			return ok
		})
		if !ok {
			return false
		}
	}
	return true
}

// basicLiteral reports whether every element of lit is a basic value.
func (f *folder) basicLiteral(info *types.Info, lit *ast.CompositeLit) bool {
	for _, el := range lit.Elts {
		if kv, ok := el.(*ast.KeyValueExpr); ok {
			el = kv.Value
		}
		if !f.basicValue(info, el) {
			return false
		}
	}
	return true
}

// basicValue reports whether e's static type is one no value of which
// carries a method of interpreted code (see basicType).
func (f *folder) basicValue(info *types.Info, e ast.Expr) bool {
	tv, ok := info.Types[e]
	return ok && (tv.IsNil() || f.basicType(tv.Type, 0))
}

// basicType reports whether t is a basic type (string, a number, bool),
// a compiled named type of one (time.Duration keeps its methods), or a
// slice, array or map of those.
func (f *folder) basicType(t types.Type, depth int) bool {
	if t == nil || depth > 3 {
		return false
	}
	t = types.Unalias(t)
	if n, ok := t.(*types.Named); ok {
		if n.Obj().Pkg() == nil || f.fromSource(n.Obj().Pkg().Path()) {
			return false
		}
		_, ok := n.Underlying().(*types.Basic)
		return ok
	}
	switch u := t.(type) {
	case *types.Basic:
		return true
	case *types.Slice:
		return f.basicType(u.Elem(), depth+1)
	case *types.Array:
		return f.basicType(u.Elem(), depth+1)
	case *types.Map:
		return f.basicType(u.Key(), depth+1) && f.basicType(u.Elem(), depth+1)
	}
	return false
}
