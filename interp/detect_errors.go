package interp

import (
	"go/ast"
	"go/token"
	"go/types"
	"maps"
	"strconv"
)

func init() {
	register("an interface holding a pointer that may be nil (a typed nil compares equal to nil)", findTypedNil)
	register("an error value compared with == or != (or a switch on one, a map keyed by error, slices.Contains, Index, Equal or Compact of errors, maps.Equal) where a type has an Error method with a value receiver (the interpreter's wrapper for such an error compares unequal, or panics: comparing uncomparable type)", findValueErrorComparisons)
	register("an error compared with a value of another package's error type whose Error method has a value receiver (err == xid.ErrInvalidID is false in the interpreter)", findForeignValueErrorCompares)
	register("errors.As to a type declared in route code that is not a pointer, or to an interface a route type may implement or written in place (interface{ Error() string }) (the interpreter finds nothing, or refuses the target)", findAsTargets)
	register("a type switch on an interface value with a case of a type declared in route code", findOwnTypeSwitch)
	register("a type declared in a function whose values are errors by an embedded field (errors.Is and errors.As take its values for the field's in the interpreter)", findLocalErrorEmbeds)
	register("an Is or As method of a type whose Error method has a value receiver and which is not a struct with fields, or errors.Is, errors.As or errors.Unwrap beside its Unwrap method (the errors package does not call them in the interpreter)", findValueErrorMatchers)
}

// findValueErrorMatchers finds the Is and As methods of a type whose
// Error method has a value receiver, where errors.Is and errors.As cannot
// call them: the method is registered for the type's values (see
// registerErrorMethods), which yaegi's wrapper carries whole (see
// errorValues), only for a struct type with fields, whose reflect type
// the interpreter tells from others (a generic one's instances are other
// types). For another (type Errs []error, type sentinel struct{}) they
// answer false. Nor its Unwrap method: errors.Unwrap answers nil, and
// errors.Is and errors.As stop at the value (errors.Is(Errs{numErr},
// strconv.ErrRange) is false). A call of one of them in a package with
// such a method is found too.
func findValueErrorMatchers(f *folder, sf *srcFile) []token.Pos {
	var out []token.Pos
	for _, d := range sf.syntax.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Recv == nil || len(fd.Recv.List) != 1 || (fd.Name.Name != "Is" && fd.Name.Name != "As") {
			continue
		}
		if unregisteredValueErrors(f)[receiverName(fd)] {
			out = append(out, fd.Pos())
		}
	}
	if calls := sf.calls("errors", "Unwrap", "Is", "As"); len(calls) > 0 && valueErrorUnwraps(f) {
		out = append(out, calls[0].Pos())
	}
	return out
}

// valueErrorUnwraps reports whether a type of f whose Error method has a
// value receiver, and whose methods are not registered for its values
// (see unregisteredValueErrors), declares an Unwrap method.
func valueErrorUnwraps(f *folder) bool {
	values := unregisteredValueErrors(f)
	for _, sf := range f.files {
		for _, d := range sf.syntax.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv != nil && len(fd.Recv.List) == 1 && fd.Name.Name == "Unwrap" && values[receiverName(fd)] {
				return true
			}
		}
	}
	return false
}

// unregisteredValueErrors names the types of f declaring an Error method
// with a value receiver whose Unwrap, Is and As methods errors.Is and
// errors.As cannot call on their values: those that are not struct
// types with fields, and generic ones.
func unregisteredValueErrors(f *folder) map[string]bool {
	out := valueErrorTypes(f)
	for name := range out {
		ts := f.types[name]
		if ts == nil || ts.TypeParams != nil {
			continue
		}
		if st, ok := ts.Type.(*ast.StructType); ok && st.Fields.NumFields() > 0 {
			delete(out, name)
		}
	}
	return out
}

// valueErrorTypes names the types of f declaring an Error method with a
// value receiver.
func valueErrorTypes(f *folder) map[string]bool {
	out := make(map[string]bool)
	for _, sf := range f.files {
		for _, d := range sf.syntax.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv == nil || len(fd.Recv.List) != 1 || fd.Name.Name != "Error" || fd.Type.Params.NumFields() != 0 {
				continue
			}
			if _, ptr := fd.Recv.List[0].Type.(*ast.StarExpr); !ptr {
				out[receiverName(fd)] = true
			}
		}
	}
	return out
}

// findTypedNil finds a pointer variable, or a call of a function of
// interpreted code returning a pointer, made an interface value (a return
// into an interface result, a var or assignment of interface type) and
// (*T)(nil): the interpreter drops the type of a nil pointer converted to
// an interface, which then equals nil. A variable that cannot be nil (see
// neverNilLocals) and a call of a function that always returns a new
// allocation (see allocatingCall) do not count.
//
// Such a pointer handed on as an interface otherwise (an argument, an
// element or field of a composite literal, a value sent, an operand of
// append or of a conversion) counts where the interpreter drops its type
// there: a pointer to a type of interpreted code made a value of error or
// of a named interface of compiled code (io.Writer, fmt.Stringer), which
// the interpreter builds with the compiled wrapper of the interface,
// nil for a nil pointer. Into any, or an interface of interpreted code
// (type Getter interface{ Get() int }, one embedding error), it keeps the
// pointer: those do not count (see dropsTypedNil).
// implementsAssertions returns the (*T)(nil) of the package-level
// declarations of file asserting that a type implements an interface
// (var _ io.Writer = (*T)(nil)): a value nobody reads, whose nil the
// interpreter's dropping its type changes nothing of.
func implementsAssertions(file *ast.File) map[*ast.CallExpr]bool {
	out := make(map[*ast.CallExpr]bool)
	for _, d := range file.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.VAR {
			continue
		}
		for _, s := range gd.Specs {
			vs := s.(*ast.ValueSpec)
			if vs.Type == nil || len(vs.Names) != len(vs.Values) {
				continue
			}
			for i, n := range vs.Names {
				if call, ok := ast.Unparen(vs.Values[i]).(*ast.CallExpr); ok && n.Name == "_" && typedNilPointer(call) {
					out[call] = true
				}
			}
		}
	}
	return out
}

// typedNilPointer reports whether call converts nil to a pointer type:
// (*T)(nil).
func typedNilPointer(call *ast.CallExpr) bool {
	p, ok := call.Fun.(*ast.ParenExpr)
	if !ok || len(call.Args) != 1 {
		return false
	}
	_, star := p.X.(*ast.StarExpr)
	return star && isNilIdent(call.Args[0])
}

func findTypedNil(f *folder, sf *srcFile) []token.Pos {
	var out []token.Pos
	var cands []ast.Node
	asserting := implementsAssertions(sf.syntax)
	ast.Inspect(sf.syntax, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			if asserting[n] {
				return false
			}
			if typedNilPointer(n) {
				out = append(out, n.Pos())
			}
			cands = append(cands, n)
		case *ast.ReturnStmt, *ast.AssignStmt, *ast.ValueSpec, *ast.CompositeLit, *ast.SendStmt:
			cands = append(cands, n)
		}
		return true
	})
	if len(out) > 0 || len(cands) == 0 {
		return out
	}
	var funcs []*types.Signature // the enclosing function's signature, for returns
	var visit func(n ast.Node) bool
	info := (*types.Info)(nil)
	lazy := func() *types.Info {
		if info == nil {
			info = f.typeInfo()
		}
		return info
	}
	var neverNil map[*types.Var]bool
	var derefed map[ast.Stmt]map[*types.Var]bool
	var allocating func(*ast.CallExpr) bool
	// mayBeNilPointer reports whether e, an operand of the statement at
	// (nil: unknown), may be a nil pointer: a variable not in neverNil
	// nor dereferenced before at (see derefedBefore), or a call of a
	// function of interpreted code that may return nil (compiled
	// functions' nil pointers keep their type).
	mayBeNilPointer := func(e ast.Expr, at ast.Stmt) bool {
		if lazy() == nil {
			return false
		}
		if _, ptr := types.Unalias(info.TypeOf(e)).(*types.Pointer); !ptr {
			return false
		}
		if allocating == nil {
			allocating = f.allocatingCall(info)
			neverNil = neverNilLocals(sf.syntax, info, allocating)
			derefed = derefedBefore(sf.syntax, info)
		}
		switch e := ast.Unparen(e).(type) {
		case *ast.Ident:
			v, _ := info.Uses[e].(*types.Var)
			return e.Name != "nil" && !neverNil[v] && (at == nil || !derefed[at][v])
		case *ast.CallExpr:
			fn := calledFunc(info, e)
			return fn != nil && fn.Pkg() != nil && f.fromSource(fn.Pkg().Path()) && !allocating(e)
		}
		return false
	}
	isIface := func(t types.Type) bool { return t != nil && types.IsInterface(t) }
	// handedOn reports whether e, made a value of type target otherwise
	// than by a return, assignment or var, may be a nil pointer whose type
	// the interpreter drops there.
	handedOn := func(e ast.Expr, target types.Type) bool {
		if !f.dropsTypedNil(target) || !mayBeNilPointer(e, nil) || !f.pointsToInterpreted(info.TypeOf(e)) {
			return false
		}
		if call, ok := ast.Unparen(e).(*ast.CallExpr); ok {
			return f.returnsNil(calledFunc(info, call))
		}
		return true
	}
	visit = func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr, *ast.CompositeLit, *ast.SendStmt:
			if lazy() == nil {
				return true
			}
			for _, h := range f.handedValues(info, n) {
				if handedOn(h.value, h.target) {
					out = append(out, h.value.Pos())
				}
			}
		case *ast.FuncDecl, *ast.FuncLit:
			var sig *types.Signature
			body := funcBody(n)
			switch fn := n.(type) {
			case *ast.FuncDecl:
				if fn.Type.Results != nil && lazy() != nil {
					if obj := info.Defs[fn.Name]; obj != nil {
						sig, _ = obj.Type().(*types.Signature)
					}
				}
			case *ast.FuncLit:
				if fn.Type.Results != nil && lazy() != nil {
					sig, _ = info.TypeOf(fn).(*types.Signature)
				}
			}
			funcs = append(funcs, sig)
			if body != nil {
				ast.Inspect(body, visit)
			}
			funcs = funcs[:len(funcs)-1]
			return false
		case *ast.ReturnStmt:
			if len(funcs) == 0 || funcs[len(funcs)-1] == nil {
				return true
			}
			res := funcs[len(funcs)-1].Results()
			if res.Len() != len(n.Results) {
				return true
			}
			for i, r := range n.Results {
				if isIface(res.At(i).Type()) && mayBeNilPointer(r, n) {
					out = append(out, r.Pos())
				}
			}
		case *ast.AssignStmt:
			if len(n.Lhs) != len(n.Rhs) || n.Tok == token.DEFINE {
				return true
			}
			for i, r := range n.Rhs {
				if mayBeNilPointer(r, n) && isIface(info.TypeOf(n.Lhs[i])) {
					out = append(out, r.Pos())
				}
			}
		case *ast.ValueSpec:
			if n.Type == nil || len(n.Values) != len(n.Names) {
				return true
			}
			for _, v := range n.Values {
				if mayBeNilPointer(v, nil) && isIface(info.TypeOf(n.Type)) {
					out = append(out, v.Pos())
				}
			}
		}
		return true
	}
	ast.Inspect(sf.syntax, visit)
	return out
}

// localVar returns the variable id declares or uses when it is a local
// one (declared in a function: no field, no package-level variable), nil
// otherwise.
func localVar(info *types.Info, id *ast.Ident) *types.Var {
	obj := info.Defs[id]
	if obj == nil {
		obj = info.Uses[id]
	}
	v, ok := obj.(*types.Var)
	if !ok || v.IsField() || v.Pkg() == nil || v.Parent() == nil || v.Parent() == v.Pkg().Scope() {
		return nil
	}
	return v
}

// derefedBefore returns, for statements of the lists of root, the local
// pointer variables that a statement before it in the same list
// dereferenced unconditionally (assigned one of their fields: item.index
// = -1), which are given a value only where declared, are no parameter,
// result, receiver or range variable, and whose address is never taken:
// the statement runs only where they are not nil.
func derefedBefore(root ast.Node, info *types.Info) map[ast.Stmt]map[*types.Var]bool {
	values := make(map[*types.Var]int) // values given; -1: any number
	never := func(id *ast.Ident) {
		if v := localVar(info, id); v != nil {
			values[v] = -1
		}
	}
	ast.Inspect(root, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				if id, ok := ast.Unparen(l).(*ast.Ident); ok {
					if v := localVar(info, id); v != nil && values[v] >= 0 && (n.Tok == token.DEFINE && info.Defs[id] != nil) {
						values[v]++
					} else {
						never(id)
					}
				}
			}
		case *ast.ValueSpec:
			for _, id := range n.Names {
				if v := localVar(info, id); v != nil && values[v] >= 0 {
					values[v]++
				}
			}
		case *ast.FuncDecl:
			if n.Recv != nil {
				for _, field := range n.Recv.List {
					for _, id := range field.Names {
						never(id)
					}
				}
			}
		case *ast.FuncType:
			for _, list := range []*ast.FieldList{n.Params, n.Results} {
				if list == nil {
					continue
				}
				for _, field := range list.List {
					for _, id := range field.Names {
						never(id)
					}
				}
			}
		case *ast.RangeStmt:
			for _, e := range []ast.Expr{n.Key, n.Value} {
				if id, ok := e.(*ast.Ident); ok {
					never(id)
				}
			}
		case *ast.UnaryExpr:
			if id, ok := ast.Unparen(n.X).(*ast.Ident); ok && n.Op == token.AND {
				never(id)
			}
		}
		return true
	})
	// fieldOf returns the variable whose field e, a target, is, through
	// a pointer.
	fieldOf := func(e ast.Expr) *types.Var {
		sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
		if !ok {
			return nil
		}
		id, ok := ast.Unparen(sel.X).(*ast.Ident)
		if s := info.Selections[sel]; !ok || s == nil || s.Kind() != types.FieldVal || len(s.Index()) != 1 {
			return nil
		}
		v := localVar(info, id)
		if v == nil || values[v] != 1 {
			return nil
		}
		if _, ptr := types.Unalias(v.Type()).(*types.Pointer); !ptr {
			return nil
		}
		return v
	}
	out := make(map[ast.Stmt]map[*types.Var]bool)
	each := func(list []ast.Stmt) {
		var seen map[*types.Var]bool
		for _, st := range list {
			if _, labelled := st.(*ast.LabeledStmt); labelled {
				seen = nil // a goto may come from anywhere
			}
			if len(seen) > 0 {
				out[st] = seen
			}
			var targets []ast.Expr
			switch x := st.(type) {
			case *ast.AssignStmt:
				targets = x.Lhs
			case *ast.IncDecStmt:
				targets = []ast.Expr{x.X}
			}
			for _, t := range targets {
				if v := fieldOf(t); v != nil {
					next := make(map[*types.Var]bool, len(seen)+1)
					maps.Copy(next, seen)
					next[v] = true
					seen = next
				}
			}
		}
	}
	ast.Inspect(root, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.BlockStmt:
			each(x.List)
		case *ast.CaseClause:
			each(x.Body)
		case *ast.CommClause:
			each(x.Body)
		}
		return true
	})
	return out
}

// returnsNil reports whether fn, a function of interpreted code, may
// return nil as it is written: a return of its first result gives nil, a
// result named and not set, or a local declared without a value. (One
// returning what it reads, a field, a map's element, another call's
// result, is taken for not nil: the typed nil handed on from there, not
// from a lookup written to fail with nil, would send routes compiled
// whose values are never nil.)
func (f *folder) returnsNil(fn *types.Func) bool {
	if fn == nil {
		return false
	}
	decl, info := f.funcDecl(fn)
	if decl == nil || decl.Body == nil || info == nil {
		return false
	}
	unset := map[types.Object]bool{}
	if res := decl.Type.Results; res != nil {
		for _, field := range res.List {
			for _, id := range field.Names {
				unset[info.Defs[id]] = true
			}
		}
	}
	found := false
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ValueSpec:
			if len(n.Values) == 0 {
				for _, id := range n.Names {
					unset[info.Defs[id]] = true
				}
			}
		case *ast.ReturnStmt:
			if len(n.Results) == 0 {
				found = found || len(unset) > 0
				return false
			}
			if id, ok := ast.Unparen(n.Results[0]).(*ast.Ident); ok {
				obj := info.Uses[id]
				found = found || id.Name == "nil" && obj == types.Universe.Lookup("nil") || unset[obj]
			}
		}
		return !found
	})
	return found
}

// dropsTypedNil reports whether the interpreter makes a nil pointer of a
// type of interpreted code a nil interface when it converts it to t
// otherwise than by a return, an assignment or a var: t is error or a
// named interface with methods of compiled code, whose compiled wrapper
// yaegi leaves nil for a nil pointer.
func (f *folder) dropsTypedNil(t types.Type) bool {
	if t == nil || !types.IsInterface(t) {
		return false
	}
	if types.Identical(t, types.Universe.Lookup("error").Type()) {
		return true
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil || n.Underlying().(*types.Interface).NumMethods() == 0 {
		return false
	}
	return !f.fromSource(n.Obj().Pkg().Path())
}

// pointsToInterpreted reports whether t is a pointer to a named type of
// interpreted code (a pointer to a compiled type keeps its type in an
// interface).
func (f *folder) pointsToInterpreted(t types.Type) bool {
	p, ok := types.Unalias(t).(*types.Pointer)
	if !ok {
		return false
	}
	n, ok := types.Unalias(p.Elem()).(*types.Named)
	return ok && n.Obj().Pkg() != nil && f.fromSource(n.Obj().Pkg().Path())
}

// handed is a value made a value of the type target, where a call, a
// composite literal or a send hands it on.
type handed struct {
	value  ast.Expr
	target types.Type
}

// handedValues returns the values n (a call, a composite literal or a
// send statement) hands on, each with the type it is made a value of: the
// arguments of a call with its parameters' types (the operand of a
// conversion, the values append appends, with their types), the elements,
// keys and fields of a composite literal with theirs, the value sent with
// the channel's element type. Spread arguments, a call's results handed
// to another call and the arguments of a function of compiled code are
// left out.
func (f *folder) handedValues(info *types.Info, n ast.Node) []handed {
	var out []handed
	switch n := n.(type) {
	case *ast.SendStmt:
		if c, ok := underOrNil(info.TypeOf(n.Chan)).(*types.Chan); ok {
			out = append(out, handed{n.Value, c.Elem()})
		}
	case *ast.CallExpr:
		if n.Ellipsis.IsValid() {
			return nil
		}
		if tv, ok := info.Types[n.Fun]; ok && tv.IsType() {
			if len(n.Args) == 1 {
				out = append(out, handed{n.Args[0], tv.Type})
			}
			return out
		}
		if id, ok := ast.Unparen(n.Fun).(*ast.Ident); ok {
			if _, builtin := info.Uses[id].(*types.Builtin); builtin {
				if id.Name == "append" && len(n.Args) > 1 {
					if s, ok := underOrNil(info.TypeOf(n.Args[0])).(*types.Slice); ok {
						for _, a := range n.Args[1:] {
							out = append(out, handed{a, s.Elem()})
						}
					}
				}
				return out
			}
		}
		sig, ok := underOrNil(info.TypeOf(n.Fun)).(*types.Signature)
		if !ok {
			return nil
		}
		if fn := calledFunc(info, n); fn != nil && fn.Pkg() != nil && !f.fromSource(fn.Pkg().Path()) {
			// Compiled code given a nil interface for a typed nil
			// (fmt.Fprint(w, …) of a nil *Buffer of route code) calls
			// its methods all the same: only a nil comparison of the
			// callee's could tell, which compiled code does not make of
			// what it is handed to use.
			return nil
		}
		params := sig.Params()
		if len(n.Args) == 1 && params.Len() != 1 {
			return nil // f(g()): g's results
		}
		for i, a := range n.Args {
			switch {
			case sig.Variadic() && i >= params.Len()-1:
				if s, ok := params.At(params.Len() - 1).Type().(*types.Slice); ok {
					out = append(out, handed{a, s.Elem()})
				}
			case i < params.Len():
				out = append(out, handed{a, params.At(i).Type()})
			}
		}
	case *ast.CompositeLit:
		t := underOrNil(info.TypeOf(n))
		if p, ok := t.(*types.Pointer); ok {
			t = underOrNil(p.Elem())
		}
		for i, e := range n.Elts {
			kv, keyed := e.(*ast.KeyValueExpr)
			switch u := t.(type) {
			case *types.Slice:
				out = append(out, handed{valueOf(e), u.Elem()})
			case *types.Array:
				out = append(out, handed{valueOf(e), u.Elem()})
			case *types.Map:
				if keyed {
					out = append(out, handed{kv.Key, u.Key()}, handed{kv.Value, u.Elem()})
				}
			case *types.Struct:
				if !keyed {
					if i < u.NumFields() {
						out = append(out, handed{e, u.Field(i).Type()})
					}
					continue
				}
				if id, ok := kv.Key.(*ast.Ident); ok {
					if v, ok := info.Uses[id].(*types.Var); ok && v.IsField() {
						out = append(out, handed{kv.Value, v.Type()})
					}
				}
			}
		}
	}
	return out
}

// valueOf returns the value of e, an element of a composite literal (the
// value of a keyed one).
func valueOf(e ast.Expr) ast.Expr {
	if kv, ok := e.(*ast.KeyValueExpr); ok {
		return kv.Value
	}
	return e
}

// underOrNil returns the underlying type of t, or nil.
func underOrNil(t types.Type) types.Type {
	if t == nil {
		return nil
	}
	return t.Underlying()
}

// neverNilLocals returns the local pointer variables of root (a file, or
// a function's declaration) that cannot be nil where they are used: each is given a value only where it is
// declared or assigned, always a new allocation (&T{...}, &x or new(T),
// or a call for which allocating reports true), it is no parameter,
// result or receiver, and its address is never taken (through which it
// could be set to nil).
// An interface holding one of them is never a typed nil, so the
// interpreter's mistake about typed nils cannot show.
func neverNilLocals(root ast.Node, info *types.Info, allocating func(call *ast.CallExpr) bool) map[*types.Var]bool {
	allocated, other := map[*types.Var]bool{}, map[*types.Var]bool{}
	isAllocation := func(e ast.Expr) bool { return newAllocation(e, info, allocating) }
	record := func(id *ast.Ident, value ast.Expr) {
		if v := localVar(info, id); v != nil {
			if value != nil && isAllocation(value) {
				allocated[v] = true
			} else {
				other[v] = true
			}
		}
	}
	ast.Inspect(root, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for i, l := range n.Lhs {
				if id, ok := ast.Unparen(l).(*ast.Ident); ok {
					var value ast.Expr
					if len(n.Lhs) == len(n.Rhs) && (n.Tok == token.ASSIGN || n.Tok == token.DEFINE) {
						value = n.Rhs[i]
					}
					record(id, value)
				}
			}
		case *ast.ValueSpec:
			for i, id := range n.Names {
				var value ast.Expr
				if len(n.Names) == len(n.Values) {
					value = n.Values[i]
				}
				record(id, value)
			}
		case *ast.FuncDecl:
			if n.Recv != nil {
				for _, field := range n.Recv.List {
					for _, id := range field.Names {
						record(id, nil)
					}
				}
			}
		case *ast.FuncType:
			// Parameters and named results start as their callers' or
			// as nil.
			for _, list := range []*ast.FieldList{n.Params, n.Results} {
				if list == nil {
					continue
				}
				for _, field := range list.List {
					for _, id := range field.Names {
						record(id, nil)
					}
				}
			}
		case *ast.RangeStmt:
			for _, e := range []ast.Expr{n.Key, n.Value} {
				if id, ok := e.(*ast.Ident); ok {
					record(id, nil)
				}
			}
		case *ast.UnaryExpr:
			if id, ok := ast.Unparen(n.X).(*ast.Ident); ok && n.Op == token.AND {
				if v := localVar(info, id); v != nil {
					other[v] = true
				}
			}
		}
		return true
	})
	for v := range other {
		delete(allocated, v)
	}
	return allocated
}

// stdAllocating are functions of the standard library with one result, a
// pointer, that is never nil: each returns a new value, or panics.
var stdAllocating = map[string]bool{
	"net/http.NewServeMux": true, "net/http/httptest.NewRecorder": true, "net/http/httptest.NewRequest": true,
	"bytes.NewBuffer": true, "bytes.NewBufferString": true, "bytes.NewReader": true,
	"strings.NewReader": true, "strings.NewReplacer": true,
	"bufio.NewReader": true, "bufio.NewReaderSize": true, "bufio.NewWriter": true, "bufio.NewWriterSize": true, "bufio.NewScanner": true, "bufio.NewReadWriter": true,
	"encoding/json.NewEncoder": true, "encoding/json.NewDecoder": true,
	"encoding/xml.NewEncoder": true, "encoding/xml.NewDecoder": true,
	"encoding/csv.NewReader": true, "encoding/csv.NewWriter": true,
	"text/template.New": true, "text/template.Must": true, "html/template.New": true, "html/template.Must": true,
	"regexp.MustCompile": true, "regexp.MustCompilePOSIX": true,
	"container/list.New": true, "sync.NewCond": true,
	"log.New": true, "log/slog.New": true, "text/tabwriter.NewWriter": true,
	"time.NewTimer": true, "time.NewTicker": true,
	"math/rand.New": true, "math/rand/v2.New": true, "math/rand/v2.NewPCG": true, "math/rand/v2.NewChaCha8": true,
	"math/big.NewInt": true, "math/big.NewFloat": true, "math/big.NewRat": true,
	"compress/gzip.NewWriter": true, "mime/multipart.NewWriter": true, "flag.NewFlagSet": true,
	"io.NewSectionReader": true, "io.NewOffsetWriter": true,
}

// allocatingCall returns a predicate reporting whether a call, of the
// file whose type information is info, always returns a new allocation:
// a call of one of stdAllocating, or see allocates.
func (f *folder) allocatingCall(info *types.Info) func(*ast.CallExpr) bool {
	return func(call *ast.CallExpr) bool {
		fn := calledFunc(info, call)
		if fn == nil || fn.Pkg() == nil {
			return false
		}
		fn = fn.Origin()
		return stdAllocating[fn.Pkg().Path()+"."+fn.Name()] && fn.Signature().Recv() == nil || f.allocates(fn)
	}
}

// allocates reports whether fn is a function of interpreted code (of the
// folder or of a package the interpreter runs from source) with one
// result, an unnamed pointer, that every return of the function gives a
// new allocation: &T{...}, &x, new(T), a local of the function that
// cannot be nil (see neverNilLocals), a package variable that cannot be
// (see neverNilPackageVars), or a call of another such function.
// A function asked about while its answer is being worked out (a
// recursion) counts as not allocating.
func (f *folder) allocates(fn *types.Func) bool {
	if known, ok := f.allocating[fn]; ok {
		return known
	}
	if f.allocating == nil {
		f.allocating = make(map[*types.Func]bool)
	}
	f.allocating[fn] = false
	res := fn.Signature().Results()
	if res.Len() != 1 || res.At(0).Name() != "" {
		return false // a named result may be set by a deferred call
	}
	if _, ptr := types.Unalias(res.At(0).Type()).(*types.Pointer); !ptr {
		return false
	}
	files, info := f.sourceOf(fn.Pkg().Path())
	if info == nil {
		return false
	}
	for _, sf := range files {
		for _, d := range sf.syntax.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil && info.Defs[fd.Name] == fn {
				allocating := f.allocatingCall(info)
				neverNil := neverNilLocals(fd, info, allocating)
				for v := range neverNilPackageVars(files, info, allocating) {
					neverNil[v] = true
				}
				f.allocating[fn] = returnsAllocations(fd.Body, info, neverNil, allocating)
				return f.allocating[fn]
			}
		}
	}
	return false
}

// neverNilPackageVars returns the unexported package-level pointer
// variables of a package (its files, whose type information is info) that
// are never nil once the package is initialised: each is declared with a
// new allocation (see newAllocation) as its own value, and no code of the
// package assigns it or takes its address (no other package can name
// it). A function returning one (func Default() *Store { return std })
// never returns nil: Go initialises the variable before any function
// using it can run.
func neverNilPackageVars(files []*srcFile, info *types.Info, allocating func(*ast.CallExpr) bool) map[*types.Var]bool {
	allocated, other := map[*types.Var]bool{}, map[*types.Var]bool{}
	pkgVar := func(id *ast.Ident) *types.Var {
		obj := info.Defs[id]
		if obj == nil {
			obj = info.Uses[id]
		}
		v, ok := obj.(*types.Var)
		if !ok || v.IsField() || v.Pkg() == nil || v.Parent() != v.Pkg().Scope() || v.Exported() {
			return nil
		}
		return v
	}
	for _, sf := range files {
		for _, d := range sf.syntax.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.VAR {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, id := range vs.Names {
					if v := pkgVar(id); v != nil {
						if len(vs.Values) == len(vs.Names) && newAllocation(vs.Values[i], info, allocating) {
							allocated[v] = true
						} else {
							other[v] = true
						}
					}
				}
			}
		}
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			var targets []ast.Expr
			switch n := n.(type) {
			case *ast.AssignStmt:
				targets = n.Lhs
			case *ast.IncDecStmt:
				targets = []ast.Expr{n.X}
			case *ast.RangeStmt:
				targets = []ast.Expr{n.Key, n.Value}
			case *ast.UnaryExpr:
				if n.Op == token.AND {
					targets = []ast.Expr{n.X}
				}
			}
			for _, t := range targets {
				if id, ok := ast.Unparen(t).(*ast.Ident); ok {
					if v := pkgVar(id); v != nil {
						other[v] = true
					}
				}
			}
			return true
		})
	}
	for v := range other {
		delete(allocated, v)
	}
	return allocated
}

// sourceOf returns the files and type information of the package path,
// the folder's own or one the interpreter runs from source, or nil.
func (f *folder) sourceOf(path string) ([]*srcFile, *types.Info) {
	if path == f.importPath {
		return f.files, f.typeInfo()
	}
	if f.importer == nil {
		return nil, nil
	}
	cs := f.importer.source(path)
	if cs == nil || cs.folder == nil {
		return nil, nil
	}
	return cs.folder.files, cs.info
}

// returnsAllocations reports whether body, of a function of one result,
// has a return statement and each of them (those of function literals
// inside aside) returns a new allocation (see newAllocation) or a local
// in neverNil.
func returnsAllocations(body *ast.BlockStmt, info *types.Info, neverNil map[*types.Var]bool, allocating func(*ast.CallExpr) bool) bool {
	returns, ok := 0, true
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			returns++
			ok = ok && len(n.Results) == 1 && (newAllocation(n.Results[0], info, allocating) || neverNilIdent(n.Results[0], info, neverNil))
		}
		return ok
	})
	return ok && returns > 0
}

// neverNilIdent reports whether e names a local in neverNil.
func neverNilIdent(e ast.Expr, info *types.Info, neverNil map[*types.Var]bool) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return false
	}
	v, ok := info.Uses[id].(*types.Var)
	return ok && neverNil[v]
}

// newAllocation reports whether e makes a new allocation, never nil: &x
// (&T{...} included), new(T), or a call allocating reports true for.
func newAllocation(e ast.Expr, info *types.Info, allocating func(*ast.CallExpr) bool) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.UnaryExpr:
		return e.Op == token.AND
	case *ast.CallExpr:
		if id, ok := ast.Unparen(e.Fun).(*ast.Ident); ok {
			if _, builtin := info.Uses[id].(*types.Builtin); builtin {
				return id.Name == "new"
			}
		}
		return allocating(e)
	}
	return false
}

// comparingGenerics are the generic functions of the standard library
// that compare elements (or a map's values) with ==.
var comparingGenerics = map[string]bool{
	"slices.Contains": true, "slices.Index": true, "slices.Equal": true, "slices.Compact": true,
	"maps.Equal": true,
}

// findValueErrorComparisons finds, where a type the folder's code can
// hold has an Error method with a value receiver, an operand of an error
// type compared with == or != (other than with nil), a switch whose tag
// is an error, a map type keyed by error, and a call of one of
// comparingGenerics on errors. yaegi hands such an error
// to compiled code in a wrapper holding a function: two of them compare
// unequal when equal (err == NotFound{3} is false) or panic (comparing
// uncomparable type interp._error). Printing such errors, returning them,
// errors.Is and errors.As (see errors_std.go) run as built.
func findValueErrorComparisons(f *folder, sf *srcFile) []token.Pos {
	var cands []ast.Node
	ast.Inspect(sf.syntax, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.BinaryExpr:
			if (n.Op == token.EQL || n.Op == token.NEQ) && !isNilIdent(n.X) && !isNilIdent(n.Y) {
				cands = append(cands, n)
			}
		case *ast.SwitchStmt:
			if n.Tag != nil {
				cands = append(cands, n)
			}
		case *ast.MapType:
			cands = append(cands, n)
		case *ast.CallExpr:
			if len(n.Args) > 0 {
				cands = append(cands, n)
			}
		}
		return true
	})
	if len(cands) == 0 || !f.hasValueError() {
		return nil
	}
	info := f.typeInfo()
	var out []token.Pos
	for _, n := range cands {
		switch n := n.(type) {
		case *ast.CallExpr:
			// The generic functions of the standard library comparing
			// elements with ==: of errors, the interpreter's wrappers.
			fn := calledFunc(info, n)
			if fn == nil || fn.Pkg() == nil || !comparingGenerics[fn.Pkg().Path()+"."+fn.Name()] {
				continue
			}
			switch u := underOrNil(info.TypeOf(n.Args[0])).(type) {
			case *types.Slice:
				if isErrorIface(u.Elem()) {
					out = append(out, n.Pos())
				}
			case *types.Map:
				if isErrorIface(u.Key()) || isErrorIface(u.Elem()) {
					out = append(out, n.Pos())
				}
			}
		case *ast.BinaryExpr:
			if isErrorIface(info.TypeOf(n.X)) || isErrorIface(info.TypeOf(n.Y)) {
				out = append(out, n.Pos())
			}
		case *ast.SwitchStmt:
			if isErrorIface(info.TypeOf(n.Tag)) {
				out = append(out, n.Tag.Pos())
			}
		case *ast.MapType:
			if isErrorIface(info.TypeOf(n.Key)) {
				out = append(out, n.Pos())
			}
		}
	}
	return out
}

// findForeignValueErrorCompares finds an interface value compared (==, !=, or a
// switch on it) with a value of a type declared in another interpreted
// package whose Error method has a value receiver: such an error reaches
// the route in a wrapper of the interpreter's, which equals no value of
// the type. In the package declaring the type, and in those importing it,
// findValueErrorComparisons finds comparisons of errors.
func findForeignValueErrorCompares(f *folder, sf *srcFile) []token.Pos {
	var pairs [][2]ast.Expr
	ast.Inspect(sf.syntax, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.BinaryExpr:
			if n.Op == token.EQL || n.Op == token.NEQ {
				pairs = append(pairs, [2]ast.Expr{n.X, n.Y})
			}
		case *ast.SwitchStmt:
			if n.Tag == nil {
				return true
			}
			for _, c := range n.Body.List {
				for _, e := range c.(*ast.CaseClause).List {
					pairs = append(pairs, [2]ast.Expr{n.Tag, e})
				}
			}
		}
		return true
	})
	if len(pairs) == 0 || !importsOtherPackages(sf) {
		return nil
	}
	info := f.typeInfo()
	if info == nil {
		return nil
	}
	valueError := func(e ast.Expr) bool {
		n, ok := f.interpretedNamed(info.TypeOf(e))
		if !ok || n.Obj().Pkg().Path() == f.importPath || types.IsInterface(n) {
			return false
		}
		obj, _, _ := types.LookupFieldOrMethod(n, false, n.Obj().Pkg(), "Error")
		fn, ok := obj.(*types.Func)
		if !ok {
			return false
		}
		_, ptr := fn.Type().(*types.Signature).Recv().Type().(*types.Pointer)
		return !ptr
	}
	var out []token.Pos
	for _, p := range pairs {
		x, y := info.TypeOf(p[0]), info.TypeOf(p[1])
		if x != nil && y != nil && (types.IsInterface(x) && valueError(p[1]) || types.IsInterface(y) && valueError(p[0])) {
			out = append(out, p[1].Pos())
		}
	}
	return out
}

// importsOtherPackages reports whether sf imports a package other than
// the standard library's.
func importsOtherPackages(sf *srcFile) bool {
	for _, imp := range sf.syntax.Imports {
		if path, err := strconv.Unquote(imp.Path.Value); err == nil && !isStdlib(path) {
			return true
		}
	}
	return false
}

// isNilIdent reports whether e is the identifier nil.
func isNilIdent(e ast.Expr) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	return ok && id.Name == "nil"
}

// isErrorIface reports whether t is an interface type that has error's
// method (error itself, or an interface embedding it).
func isErrorIface(t types.Type) bool {
	if t == nil || !types.IsInterface(t) {
		return false
	}
	errType := types.Universe.Lookup("error").Type().Underlying().(*types.Interface)
	return types.Implements(t, errType)
}

// hasValueError reports whether a type the folder's code can hold (see
// visibleTypes) has an Error method in the method set of its values: one
// declared with a value receiver, or promoted from such a method.
func (f *folder) hasValueError() bool {
	for _, n := range f.visibleTypes() {
		if types.IsInterface(n) {
			continue
		}
		if sel := types.NewMethodSet(n).Lookup(n.Obj().Pkg(), "Error"); sel != nil {
			return true
		}
	}
	return false
}

// findAsTargets finds errors.As(err, &target) with a target of an
// interface type or a non-pointer type declared in the package, or of an
// interface type a route type may implement: the first and the last find
// nothing in the interpreter, the second is refused at run time. A target
// asNamedCalls makes the call match by its type's name is left out.
func findAsTargets(f *folder, sf *srcFile) []token.Pos {
	var out []token.Pos
	// errors.AsType[E](err), which the stdGenerics pass makes an
	// errors.As into a variable of type E.
	if name, ok := sf.importName("errors"); ok {
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			ix, ok := n.(*ast.IndexExpr)
			if !ok {
				return true
			}
			if sel, ok := ix.X.(*ast.SelectorExpr); ok && sel.Sel.Name == "AsType" {
				if id, ok := sel.X.(*ast.Ident); ok && id.Name == name {
					if info := f.typeInfo(); info != nil && asTargetDiffers(f, info, types.Unalias(info.TypeOf(ix.Index))) {
						out = append(out, ix.Pos())
					}
				}
			}
			return true
		})
	}
	for _, call := range sf.calls("errors", "As") {
		if len(call.Args) != 2 {
			continue
		}
		if _, ok := f.namedAsTarget(call); ok {
			continue // see asNamedCalls
		}
		u, ok := ast.Unparen(call.Args[1]).(*ast.UnaryExpr)
		if !ok || u.Op != token.AND {
			continue
		}
		info := f.typeInfo()
		if info == nil {
			return nil
		}
		if asTargetDiffers(f, info, types.Unalias(info.TypeOf(u.X))) {
			out = append(out, call.Pos())
		}
	}
	return out
}

// asTargetDiffers reports whether errors.As into a target of type t may
// answer otherwise in the interpreter: t is declared in the package (or
// is another package's type of interpreted code used by value), or is an
// interface a route type may implement (another source package's, or a
// standard one a type of the package implements), which the
// interpreter's values lack for compiled code, or one written in place
// (interface{ Timeout() bool }, interface{ Error() string }), which the
// interpreter builds as its own.
func asTargetDiffers(f *folder, info *types.Info, t types.Type) bool {
	switch t := t.(type) {
	case *types.Named:
		pkg := t.Obj().Pkg()
		if pkg == nil {
			return false // error
		}
		iface, ok := t.Underlying().(*types.Interface)
		if !ok {
			// A type of interpreted code used by value, of this package
			// or another (store.Status): yaegi's error wrapper loses
			// such values, but for a struct with fields, which it
			// carries whole (see errorValues, which the rewrite of the
			// type's own package runs).
			_, interpreted := f.interpretedNamed(t)
			if f.wholeErrorStruct(t) || interpreted && wholeError(t) {
				return false
			}
			return pkg.Path() == f.importPath || interpreted
		}
		return pkg.Path() == f.importPath || !isStdlib(pkg.Path()) || implementedHere(info, iface)
	case *types.Interface:
		// An interface written in place, even interface{ Error()
		// string }: the interpreter's own type, which errors.As sees as
		// yaegi's valueInterface, into which it finds nothing.
		return t.NumMethods() > 0
	}
	return false // a pointer type (*T)
}

// implementedHere reports whether a type the package of info declares
// (or a pointer to it) implements iface.
func implementedHere(info *types.Info, iface *types.Interface) bool {
	for _, obj := range info.Defs {
		tn, ok := obj.(*types.TypeName)
		if !ok || tn.IsAlias() || types.IsInterface(tn.Type()) {
			continue
		}
		if types.Implements(tn.Type(), iface) || types.Implements(types.NewPointer(tn.Type()), iface) {
			return true
		}
	}
	return false
}

// findOwnTypeSwitch finds a type switch on an interface value (an error)
// with a case of a type the package declares (T or *T), which the
// interpreter can miss.
func findOwnTypeSwitch(f *folder, sf *srcFile) []token.Pos {
	var out []token.Pos
	ast.Inspect(sf.syntax, func(n ast.Node) bool {
		ts, ok := n.(*ast.TypeSwitchStmt)
		if !ok {
			return true
		}
		for _, c := range ts.Body.List {
			for _, e := range c.(*ast.CaseClause).List {
				if f.ownType(e) == nil || f.seenThrough(ts, e) {
					continue
				}
				if f.switchesError(ts) {
					out = append(out, e.Pos())
				}
			}
		}
		return true
	})
	return out
}

// seenThrough reports whether the case e of the type switch ts, on an
// error, matches as built: the typeSwitches pass makes its cases
// assertions, which see through yaegi's error wrapper to a pointer it
// holds (case *NotFound:) and to a value it carries whole (case
// ValidationError:, see wholeCase).
func (f *folder) seenThrough(ts *ast.TypeSwitchStmt, e ast.Expr) bool {
	x := typeSwitchOperand(ts)
	info := f.typeInfo()
	if x == nil || info == nil || !types.Identical(info.TypeOf(x), types.Universe.Lookup("error").Type()) && !f.ownErrorIface(info.TypeOf(x)) {
		return false
	}
	if f.wholeCase(x, e) {
		return true
	}
	p, ok := types.Unalias(info.TypeOf(e)).(*types.Pointer)
	if !ok {
		return false
	}
	n, ok := types.Unalias(p.Elem()).(*types.Named)
	if !ok || n.TypeParams() != nil || types.IsInterface(n) || n.Obj().Parent() != n.Obj().Pkg().Scope() {
		return false
	}
	_, isStruct := n.Underlying().(*types.Struct)
	return isStruct
}

// switchesError reports whether the type switch ts is on a value of type
// error (or an interface embedding it).
func (f *folder) switchesError(ts *ast.TypeSwitchStmt) bool {
	var x ast.Expr
	switch a := ts.Assign.(type) {
	case *ast.AssignStmt:
		if len(a.Rhs) == 1 {
			x = a.Rhs[0]
		}
	case *ast.ExprStmt:
		x = a.X
	}
	ta, ok := ast.Unparen(x).(*ast.TypeAssertExpr)
	if !ok {
		return false
	}
	info := f.typeInfo()
	if info == nil {
		return true
	}
	t := info.TypeOf(ta.X)
	errType := types.Universe.Lookup("error").Type()
	return t != nil && types.IsInterface(t) && types.Implements(t, errType.Underlying().(*types.Interface))
}

// findLocalErrorEmbeds finds the declarations of types in functions whose
// values have an Error method, promoted from an embedded field (a type
// declared in a function has no methods of its own): the method by which
// the interpreter's error wrappers carry a value whole (see errorValues)
// is promoted too, and gives the field, so errors.Is and errors.As take
// annotated{ValidationError{...}} for a ValidationError.
func findLocalErrorEmbeds(f *folder, sf *srcFile) []token.Pos {
	var specs []*ast.TypeSpec
	for _, d := range sf.syntax.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Body == nil {
			continue
		}
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			if ts, ok := n.(*ast.TypeSpec); ok {
				if _, isStruct := ts.Type.(*ast.StructType); isStruct {
					specs = append(specs, ts)
				}
			}
			return true
		})
	}
	if len(specs) == 0 {
		return nil
	}
	info := f.typeInfo()
	if info == nil {
		return nil
	}
	var out []token.Pos
	for _, ts := range specs {
		if tn, ok := info.Defs[ts.Name].(*types.TypeName); ok {
			if n, ok := tn.Type().(*types.Named); ok && hasErrorMethod(n) {
				out = append(out, ts.Pos())
			}
		}
	}
	return out
}

// ownErrorIface reports whether t is an interface type the package
// declares that embeds error (type coder interface{ error; Code() int }).
func (f *folder) ownErrorIface(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == f.importPath && isErrorIface(n)
}
