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
	c := capOrigins{info: info, file: sf.syntax, files: f.syntaxes(), seen: map[*types.Var]bool{}, seenParams: map[*types.Var]bool{}}
	var out []token.Pos
	for _, call := range calls {
		id := ast.Unparen(call.Fun).(*ast.Ident)
		if b, ok := info.Uses[id].(*types.Builtin); !ok || b.Name() != "cap" {
			continue
		}
		if _, ok := underlying(info.TypeOf(call.Args[0])).(*types.Slice); ok && !c.given(call.Args[0]) && !c.givenAt(call.Args[0], call, 0) {
			out = append(out, call.Pos())
		}
	}
	return out
}

// capOrigins tells the slices whose capacity the program gives.
type capOrigins struct {
	info       *types.Info
	file       *ast.File
	files      []*ast.File         // the folder's, for the callers of a function
	seen       map[*types.Var]bool // variables being checked (a cycle is fine)
	seenParams map[*types.Var]bool // parameters being checked (likewise)
}

// syntaxes returns the syntax of the folder's accepted files.
func (f *folder) syntaxes() []*ast.File {
	var out []*ast.File
	for _, sf := range f.accepted() {
		out = append(out, sf.syntax)
	}
	return out
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
	defer delete(c.seen, v) // true for a cycle only, not for the next call
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
		case *ast.SelectorExpr:
			if isV(n.X) && c.pointerMethod(n) {
				ok = false // v.Append(x) of a method of *T takes v's address
			}
		}
		return true
	})
	return ok && declared
}

// pointerMethod reports whether sel selects a method with a pointer
// receiver of an addressable operand (which the call then takes the
// address of).
func (c *capOrigins) pointerMethod(sel *ast.SelectorExpr) bool {
	s := c.info.Selections[sel]
	if s == nil || s.Kind() != types.MethodVal {
		return false
	}
	fn, ok := s.Obj().(*types.Func)
	if !ok {
		return true
	}
	_, ptr := fn.Signature().Recv().Type().(*types.Pointer)
	return ptr
}

// givenAt reports whether the capacity of the slice e, evaluated at the
// node at, is the program's as the code before at shows it: e is given,
// or a slice expression of such a slice, or a local variable whose value
// there was last set, in the statements run just before (not across a
// loop's iterations, nor from a closure), to one, or a parameter of a
// function that every call (there is one at least) hands such a slice.
// The variable's address is never taken, nor is it set in a closure, and
// the function has no goto: cap(s) right after s = make([]T, n) is n
// though s is appended to further on.
func (c *capOrigins) givenAt(e ast.Expr, at ast.Node, depth int) bool {
	if depth > 8 {
		return false
	}
	if c.given(e) {
		return true
	}
	switch e := ast.Unparen(e).(type) {
	case *ast.SliceExpr:
		return e.Slice3 || c.givenAt(e.X, at, depth+1)
	case *ast.Ident:
		v, ok := c.info.Uses[e].(*types.Var)
		if !ok || v.IsField() || v.Pkg() == nil || v.Parent() == v.Pkg().Scope() || v.Parent() == nil {
			return false
		}
		if _, isSlice := underlying(v.Type()).(*types.Slice); !isSlice {
			return true
		}
		return c.reaching(v, at, depth+1)
	}
	return false
}

// fileOf returns the folder's file holding pos, or nil.
func (c *capOrigins) fileOf(pos token.Pos) *ast.File {
	for _, f := range c.files {
		if f.FileStart <= pos && pos <= f.FileEnd {
			return f
		}
	}
	return nil
}

// pathTo returns the nodes of file enclosing at, outermost first, at
// last.
func pathTo(file *ast.File, at ast.Node) []ast.Node {
	var path []ast.Node
	ast.Inspect(file, func(n ast.Node) bool {
		if n == nil || len(path) > 0 && path[len(path)-1] == at {
			return false
		}
		if n.Pos() <= at.Pos() && at.End() <= n.End() {
			path = append(path, n)
			return n != at
		}
		return false
	})
	if len(path) == 0 || path[len(path)-1] != at {
		return nil
	}
	return path
}

// reaching reports whether the value of the local slice variable v at the
// node at has a capacity the program gives (see givenAt).
func (c *capOrigins) reaching(v *types.Var, at ast.Node, depth int) bool {
	file := c.fileOf(at.Pos())
	if file == nil {
		return false
	}
	path := pathTo(file, at)
	if len(path) < 2 || !c.unshared(v, file) {
		return false
	}
	for i := len(path) - 2; i >= 0; i-- {
		child := path[i+1]
		var before []ast.Stmt // run just before child, last first
		switch p := path[i].(type) {
		case *ast.FuncLit:
			return false // run later, or again
		case *ast.FuncDecl:
			return c.paramGiven(v, p, depth)
		case *ast.ForStmt:
			if child != p.Init {
				return false
			}
		case *ast.RangeStmt:
			if child != p.X {
				return false
			}
		case *ast.BlockStmt:
			before = stmtsBefore(p.List, child)
		case *ast.CaseClause:
			if hasFallthrough(path, i) {
				return false
			}
			before = stmtsBefore(p.Body, child)
		case *ast.CommClause:
			before = stmtsBefore(p.Body, child)
			if p.Comm != nil && child != p.Comm {
				before = append(before, p.Comm)
			}
		case *ast.IfStmt:
			if p.Init != nil && child != p.Init {
				before = []ast.Stmt{p.Init}
			}
		case *ast.SwitchStmt:
			if p.Init != nil && child != p.Init {
				before = []ast.Stmt{p.Init}
			}
		case *ast.TypeSwitchStmt:
			if child != p.Init && child != p.Assign {
				before = []ast.Stmt{p.Assign}
				if p.Init != nil {
					before = append(before, p.Init)
				}
			}
		}
		for _, st := range before {
			switch c.sets(v, st, depth) {
			case setGiven:
				return true
			case setOther:
				return false
			}
		}
	}
	return false
}

// stmtsBefore returns the statements of list before child, last first
// (none when child is not one of them).
func stmtsBefore(list []ast.Stmt, child ast.Node) []ast.Stmt {
	for k, st := range list {
		if st == child {
			out := make([]ast.Stmt, 0, k)
			for j := k - 1; j >= 0; j-- {
				out = append(out, list[j])
			}
			return out
		}
	}
	return nil
}

// hasFallthrough reports whether the switch enclosing the case clause
// path[i] has a fallthrough statement (the clause may run after another).
func hasFallthrough(path []ast.Node, i int) bool {
	if i < 2 {
		return true
	}
	found := false
	ast.Inspect(path[i-2], func(n ast.Node) bool {
		if b, ok := n.(*ast.BranchStmt); ok && b.Tok == token.FALLTHROUGH {
			found = true
		}
		return !found
	})
	return found
}

// How a statement sets a variable.
const (
	setNone  = iota // it does not
	setGiven        // to a slice whose capacity the program gives, last
	setOther        // otherwise, or maybe
)

// sets tells how the statement st sets v: a plain assignment or a
// declaration of v is read (its value is evaluated before st); any other
// statement setting v in it is setOther.
func (c *capOrigins) sets(v *types.Var, st ast.Stmt, depth int) int {
	isV := func(e ast.Expr) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		return ok && (c.info.Defs[id] == v || c.info.Uses[id] == v)
	}
	switch st := st.(type) {
	case *ast.AssignStmt:
		for i, l := range st.Lhs {
			if !isV(l) {
				continue
			}
			if len(st.Lhs) == len(st.Rhs) && (st.Tok == token.ASSIGN || st.Tok == token.DEFINE) && c.givenAt(st.Rhs[i], st, depth+1) {
				return setGiven
			}
			return setOther
		}
	case *ast.DeclStmt:
		if gd, ok := st.Decl.(*ast.GenDecl); ok && gd.Tok == token.VAR {
			for _, spec := range gd.Specs {
				vs, ok := spec.(*ast.ValueSpec)
				if !ok {
					continue
				}
				for i, name := range vs.Names {
					if c.info.Defs[name] != v {
						continue
					}
					if len(vs.Values) == 0 || len(vs.Values) == len(vs.Names) && c.givenAt(vs.Values[i], st, depth+1) {
						return setGiven
					}
					return setOther
				}
			}
		}
	}
	res := setNone
	ast.Inspect(st, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				if isV(l) {
					res = setOther
				}
			}
		case *ast.RangeStmt:
			if n.Key != nil && isV(n.Key) || n.Value != nil && isV(n.Value) {
				res = setOther
			}
		case *ast.ValueSpec:
			for _, name := range n.Names {
				if c.info.Defs[name] == v {
					res = setOther
				}
			}
		}
		return res == setNone
	})
	return res
}

// unshared reports whether nothing but the statements of its function
// sets v, a variable of file: its address is not taken (nor by a call
// of a method of *T), no closure sets it, and no goto jumps about.
func (c *capOrigins) unshared(v *types.Var, file *ast.File) bool {
	ok := true
	isV := func(e ast.Expr) bool {
		id, isID := ast.Unparen(e).(*ast.Ident)
		return isID && (c.info.Defs[id] == v || c.info.Uses[id] == v)
	}
	var lits int
	var visit func(n ast.Node) bool
	visit = func(n ast.Node) bool {
		if !ok {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			lits++
			ast.Inspect(n.Body, visit)
			lits--
			return false
		case *ast.UnaryExpr:
			if n.Op == token.AND && isV(n.X) {
				ok = false
			}
		case *ast.SelectorExpr:
			if isV(n.X) && c.pointerMethod(n) {
				ok = false
			}
		case *ast.BranchStmt:
			if n.Tok == token.GOTO {
				ok = false
			}
		case *ast.AssignStmt:
			if lits > 0 {
				for _, l := range n.Lhs {
					if isV(l) {
						ok = false
					}
				}
			}
		case *ast.RangeStmt:
			if lits > 0 && (n.Key != nil && isV(n.Key) || n.Value != nil && isV(n.Value)) {
				ok = false
			}
		}
		return true
	}
	ast.Inspect(file, visit)
	return ok
}

// paramGiven reports whether v is a parameter of fd (not its receiver,
// nor a variadic one), an unexported function that is only ever called,
// at least once, and every call hands it a slice whose capacity the
// program gives.
func (c *capOrigins) paramGiven(v *types.Var, fd *ast.FuncDecl, depth int) bool {
	if fd.Recv != nil || fd.Type.TypeParams != nil || ast.IsExported(fd.Name.Name) {
		return false
	}
	obj := c.info.Defs[fd.Name]
	if obj == nil {
		return false
	}
	index, n := -1, 0
	for _, field := range fd.Type.Params.List {
		if _, variadic := field.Type.(*ast.Ellipsis); variadic {
			break
		}
		for _, name := range field.Names {
			if c.info.Defs[name] == v {
				index = n
			}
			n++
		}
		if len(field.Names) == 0 {
			n++
		}
	}
	if index < 0 {
		return false
	}
	if c.seenParams[v] {
		return true
	}
	c.seenParams[v] = true
	defer delete(c.seenParams, v)
	ok, calls := true, 0
	for _, file := range c.files {
		calledAt := map[*ast.Ident]*ast.CallExpr{}
		ast.Inspect(file, func(n ast.Node) bool {
			if call, isCall := n.(*ast.CallExpr); isCall {
				if id, isID := ast.Unparen(call.Fun).(*ast.Ident); isID {
					calledAt[id] = call
				}
			}
			return true
		})
		ast.Inspect(file, func(n ast.Node) bool {
			id, isID := n.(*ast.Ident)
			if !ok || !isID || c.info.Uses[id] != obj {
				return ok
			}
			call := calledAt[id]
			if call == nil || call.Ellipsis.IsValid() || len(call.Args) <= index {
				ok = false
				return false
			}
			calls++
			if !c.givenAt(call.Args[index], call, depth+1) {
				ok = false
			}
			return ok
		})
	}
	return ok && calls > 0
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
