package interp

import (
	"go/ast"
	"go/token"
	"go/types"
)

func init() {
	register("cap of a slice (its capacity is the compiler's choice: since Go 1.25 a slice that does not escape starts in a buffer on the stack, and allocations round up to size classes; the interpreter grows slices otherwise)", findSliceCaps)
}

// findSliceCaps finds the calls of the builtin cap on a slice whose
// backing array append or a conversion may have made. The capacity they
// give depends on the compiler's escape analysis (a slice that stays on
// the stack starts with a 32-byte buffer: 1/4 2/4 3/4 where the
// interpreter says 1/1 2/2 3/4) and on the allocator's size classes,
// which reflect's growth does not follow. A slice made by a composite
// literal or make, or sliced from one, has the capacity the program
// gives; so have arrays and channels.
func findSliceCaps(f *folder, sf *srcFile) []token.Pos {
	var calls []*ast.CallExpr
	ast.Inspect(sf.syntax, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok && len(call.Args) == 1 {
			if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok && id.Name == "cap" {
				calls = append(calls, call)
			}
		}
		return true
	})
	if len(calls) == 0 {
		return nil
	}
	info := f.typeInfo()
	if info == nil {
		return nil
	}
	c := capOrigins{info: info, file: sf.syntax, seen: map[*types.Var]bool{}}
	var out []token.Pos
	for _, call := range calls {
		id := ast.Unparen(call.Fun).(*ast.Ident)
		if b, ok := info.Uses[id].(*types.Builtin); !ok || b.Name() != "cap" {
			continue
		}
		if _, ok := underlying(info.TypeOf(call.Args[0])).(*types.Slice); ok && !c.given(call.Args[0]) {
			out = append(out, call.Pos())
		}
	}
	return out
}

// capOrigins tells the slices whose capacity the program gives.
type capOrigins struct {
	info *types.Info
	file *ast.File
	seen map[*types.Var]bool // variables being checked (a cycle is fine)
}

// given reports whether the capacity of the slice e is the program's: e
// is a composite literal, a make, nil, a slice expression of such a
// slice, or a local variable only ever set to one of those.
func (c *capOrigins) given(e ast.Expr) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.CompositeLit:
		return true
	case *ast.SliceExpr:
		return e.Slice3 || c.given(e.X)
	case *ast.CallExpr:
		id, ok := ast.Unparen(e.Fun).(*ast.Ident)
		if !ok {
			return false
		}
		b, ok := c.info.Uses[id].(*types.Builtin)
		return ok && b.Name() == "make"
	case *ast.Ident:
		if e.Name == "nil" {
			_, isNil := c.info.Uses[e].(*types.Nil)
			return isNil
		}
		v, ok := c.info.Uses[e].(*types.Var)
		if !ok || v.IsField() || v.Pkg() == nil || v.Parent() == v.Pkg().Scope() || v.Parent() == nil {
			return false
		}
		if _, isSlice := underlying(v.Type()).(*types.Slice); !isSlice {
			return true // an array, or a pointer to one: its length is its capacity
		}
		return c.localGiven(v)
	}
	return false
}

// localGiven reports whether every value the file stores in the local
// variable v is given (see given), and nothing else can set it: it is no
// parameter or range variable, and its address is not taken.
func (c *capOrigins) localGiven(v *types.Var) bool {
	if c.seen[v] {
		return true
	}
	c.seen[v] = true
	ok, declared := true, false
	isV := func(e ast.Expr) bool {
		id, isID := ast.Unparen(e).(*ast.Ident)
		return isID && (c.info.Defs[id] == v || c.info.Uses[id] == v)
	}
	ast.Inspect(c.file, func(n ast.Node) bool {
		if !ok {
			return false
		}
		switch n := n.(type) {
		case *ast.AssignStmt:
			for i, l := range n.Lhs {
				if !isV(l) {
					continue
				}
				declared = declared || n.Tok == token.DEFINE
				if len(n.Lhs) != len(n.Rhs) || n.Tok != token.ASSIGN && n.Tok != token.DEFINE || !c.given(n.Rhs[i]) {
					ok = false
				}
			}
		case *ast.ValueSpec:
			for i, name := range n.Names {
				if c.info.Defs[name] != v {
					continue
				}
				declared = true
				if len(n.Values) > 0 && (len(n.Values) != len(n.Names) || !c.given(n.Values[i])) {
					ok = false
				}
			}
		case *ast.RangeStmt:
			if n.Key != nil && isV(n.Key) || n.Value != nil && isV(n.Value) {
				// slices.Chunk yields full slice expressions, as the
				// loop's only variable.
				declared = true
				ok = ok && n.Value == nil && c.chunks(n.X)
			}
		case *ast.UnaryExpr:
			if n.Op == token.AND && isV(n.X) {
				ok = false
			}
		}
		return true
	})
	return ok && declared
}

// chunks reports whether e is a call of slices.Chunk, whose chunks are
// full slice expressions (s[i:j:j]): their capacity is their length.
func (c *capOrigins) chunks(e ast.Expr) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return false
	}
	fun := ast.Unparen(call.Fun)
	if ix, ok := fun.(*ast.IndexExpr); ok {
		fun = ix.X
	}
	sel, ok := fun.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	fn, ok := c.info.Uses[sel.Sel].(*types.Func)
	return ok && fn.Pkg() != nil && fn.Pkg().Path() == "slices" && fn.Name() == "Chunk"
}
