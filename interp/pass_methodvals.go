package interp

import (
	"fmt"
	"go/ast"
	"go/types"
	"strings"
)

// methodValues is the pass for method values and method expressions of
// types the interpreter runs from source. yaegi binds a method value of a
// value receiver to the variable, not to a copy made when the value is
// evaluated (get := c.Get saw later changes of c; g.Greet made in a loop
// saw the last g), and calling a method expression panics (reflect.Set:
// func(int) is not assignable to func(*T, int)), a compiled type's too
// (slices.SortFunc(ts, time.Time.Compare)). Both become function
// literals, whose parameters are the copies Go makes:
//
//	get := c.Get       →  get := func(_r Counter) func() int { return _r.Get }(c)
//	add := (*Acc).Add  →  add := func(_r *Acc, _a0 int) { _r.Add(_a0) }
//
// A method value of any other named type's method (a pointer receiver, a
// compiled type's, one promoted through embedded structs) binds the
// receiver Go evaluates then (see bindReceiver), which yaegi took late:
//
//	inc := p.Inc       →  inc := func(_r *Counter) func() int { return _r.Inc }(p)
//	inc := vals[i].Inc →  inc := func(_r *Counter) func() int { return _r.Inc }(&vals[i])
//	inc := o.Inc       →  inc := func(_r *Counter) func() int { return _r.Inc }(o.Counter)
//
// One promoted from an embedded interface field (declared for the struct
// with a value receiver by embeddedIfaceMethods) binds a copy of the
// struct; one of a compiled interface calls the method of the value the
// interface held (see bindInterface).
func methodValues(f *folder) (bool, []diagnostic) {
	info := f.typeInfo()
	if info == nil {
		return false, nil
	}
	changed := false
	for _, sf := range f.accepted() {
		called := make(map[ast.Expr]bool)
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				called[ast.Unparen(n.Fun)] = true
			case *ast.SelectorExpr:
				s := info.Selections[n]
				if s == nil {
					return true
				}
				switch s.Kind() {
				case types.MethodVal:
					if !called[n] && (f.bindCopy(sf, n, s) || f.bindReceiver(sf, n, s)) {
						changed = true
					}
				case types.MethodExpr:
					if f.methodExprLiteral(sf, n, s) {
						changed = true
						return false
					}
				}
			}
			return true
		})
	}
	return changed, nil
}

// bindCopy rewrites the method value sel, of a value receiver, into a call
// of a function literal that takes the receiver as its parameter.
func (f *folder) bindCopy(sf *srcFile, sel *ast.SelectorExpr, s *types.Selection) bool {
	named, ok := f.valueReceiver(s)
	if !ok {
		return false
	}
	recvText, ok1 := f.typeName(sf, named)
	sigText, ok2 := f.typeName(sf, s.Type())
	if !ok1 || !ok2 {
		return false
	}
	deref := ""
	if _, isPtr := types.Unalias(s.Recv()).(*types.Pointer); isPtr {
		deref = "*"
	}
	prefix := "func(_r " + recvText + ") " + sigText + " { return _r." + sel.Sel.Name + " }(" + deref
	sf.edits.insert(f.offset(sel.Pos()), prefix)
	sf.edits = append(sf.edits, edit{off: f.offset(sel.X.End()), end: f.offset(sel.End()), text: ")"})
	return true
}

// bindReceiver rewrites the method value sel, of a method declared for a
// named type other than an interface (the interpreter's or a compiled
// one's), into a call of a function literal whose parameter is the
// receiver Go binds when it evaluates the method value: a copy of the
// value for a value receiver, the pointer for a pointer receiver (the
// operand itself, or the address of an addressable value), reached through
// the embedded fields a promoted method goes through. yaegi took the
// receiver late (p.Inc made in a loop called the last p's method, t.Format
// saw t changed after it), and panicked on `write := b.WriteString` of a
// compiled *bytes.Buffer (reflect.Set: value of type func(string) (int,
// error) is not assignable to type func(*bytes.Buffer, string) (int, error)).
func (f *folder) bindReceiver(sf *srcFile, sel *ast.SelectorExpr, s *types.Selection) bool {
	fn, ok := s.Obj().(*types.Func)
	if !ok || fn.Signature().Recv() == nil {
		return false
	}
	recvType := fn.Signature().Recv().Type()
	if types.IsInterface(recvType) {
		return f.bindInterface(sf, sel, s)
	}
	base, ptrRecv := recvType, false
	if p, ok := types.Unalias(recvType).(*types.Pointer); ok {
		base, ptrRecv = p.Elem(), true
	}
	named, ok := types.Unalias(base).(*types.Named)
	if !ok || named.TypeArgs() != nil || named.TypeParams() != nil || named.Obj().Pkg() == nil {
		return false
	}
	if named.Obj().Pkg().Path() != f.importPath && !named.Obj().Exported() {
		return f.bindOperand(sf, sel, s, ptrRecv)
	}
	path, operand, ok := f.embeddedPath(s)
	if !ok {
		return false
	}
	recvText, ok1 := f.typeName(sf, recvType)
	sigText, ok2 := f.typeName(sf, s.Type())
	if !ok1 || !ok2 {
		return false
	}
	_, ptrOperand := operand.Underlying().(*types.Pointer)
	op := ""
	switch {
	case ptrRecv && !ptrOperand:
		op = "&"
	case !ptrRecv && ptrOperand:
		op = "*"
	}
	value := "_r." + sel.Sel.Name
	if _, interpreted := f.interpretedNamed(named); !interpreted {
		// yaegi's method value of a compiled type returned from the
		// literal was refused once the package had other such literals
		// (cannot use (type valueT) as type funcT): call it instead.
		sig, _ := s.Type().(*types.Signature)
		lit, ok := f.callingLiteral(sf, sig, value)
		if !ok {
			return false
		}
		value = lit
	}
	prefix := "func(_r " + recvText + ") " + sigText + " { return " + value + " }(" + op
	sf.edits.insert(f.offset(sel.Pos()), prefix)
	sf.edits = append(sf.edits, edit{off: f.offset(sel.X.End()), end: f.offset(sel.End()), text: path + ")"})
	return true
}

// bindOperand rewrites the method value sel of a method promoted from an
// unexported embedded type of another package (s.Name of a store.Store
// embedding store's base, c.Write of a *net.TCPConn), which the file
// cannot name, into a function literal calling the method on the operand
// Go binds with it: a copy of the operand's value for a value receiver
// (a copy of the embedded value in it), the operand's address, or the
// pointer it is, for a pointer receiver. yaegi took the receiver late:
// every s.Name taken in a loop said the last s's name. A path through an
// embedded pointer or interface is left as written: Go binds the value
// the pointer reaches when the method value is evaluated.
func (f *folder) bindOperand(sf *srcFile, sel *ast.SelectorExpr, s *types.Selection, ptrRecv bool) bool {
	if len(s.Index()) < 2 || !f.embedsValues(s) {
		return false
	}
	operand, op := s.Recv(), ""
	p, ptrOperand := types.Unalias(operand).(*types.Pointer)
	switch {
	case ptrRecv && !ptrOperand:
		operand, op = types.NewPointer(operand), "&"
	case !ptrRecv && ptrOperand:
		operand, op = p.Elem(), "*"
	}
	recvText, ok1 := f.typeName(sf, operand)
	sigText, ok2 := f.typeName(sf, s.Type())
	sig, _ := s.Type().(*types.Signature)
	lit, ok3 := f.callingLiteral(sf, sig, "_r."+sel.Sel.Name)
	if !ok1 || !ok2 || !ok3 {
		return false
	}
	sf.edits.insert(f.offset(sel.Pos()), "func(_r "+recvText+") "+sigText+" { return "+lit+" }("+op)
	sf.edits = append(sf.edits, edit{off: f.offset(sel.X.End()), end: f.offset(sel.End()), text: ")"})
	return true
}

// embedsValues reports whether the method value s reaches its method
// through embedded fields that are neither pointers nor interfaces.
func (f *folder) embedsValues(s *types.Selection) bool {
	t := s.Recv()
	for _, idx := range s.Index()[:len(s.Index())-1] {
		u := t.Underlying()
		if p, ok := u.(*types.Pointer); ok && t == s.Recv() {
			u = p.Elem().Underlying()
		}
		st, ok := u.(*types.Struct)
		if !ok || idx >= st.NumFields() {
			return false
		}
		t = st.Field(idx).Type()
		if _, isPtr := t.Underlying().(*types.Pointer); isPtr || types.IsInterface(t) {
			return false
		}
	}
	return true
}

// callingLiteral returns a function literal of signature sig that calls fn
// with its arguments and returns what it returns:
// func(_a0 string) (int, error) { return fn(_a0) }.
func (f *folder) callingLiteral(sf *srcFile, sig *types.Signature, fn string) (string, bool) {
	if sig == nil {
		return "", false
	}
	var params, args, results []string
	for i := range sig.Params().Len() {
		t, ok := f.typeName(sf, sig.Params().At(i).Type())
		if !ok {
			return "", false
		}
		name := fmt.Sprintf("_a%d", i)
		arg := name
		if sig.Variadic() && i == sig.Params().Len()-1 {
			t = "..." + strings.TrimPrefix(t, "[]")
			arg += "..."
		}
		params = append(params, name+" "+t)
		args = append(args, arg)
	}
	for v := range sig.Results().Variables() {
		t, ok := f.typeName(sf, v.Type())
		if !ok {
			return "", false
		}
		results = append(results, t)
	}
	call := fn + "(" + strings.Join(args, ", ") + ")"
	lit := "func(" + strings.Join(params, ", ") + ")"
	switch len(results) {
	case 0:
		return lit + " { " + call + " }", true
	case 1:
		return lit + " " + results[0] + " { return " + call + " }", true
	}
	return lit + " (" + strings.Join(results, ", ") + ") { return " + call + " }", true
}

// bindInterface rewrites the method value sel of an operand of a
// compiled interface type (write := w.Write of an http.ResponseWriter),
// which yaegi refused to call (too many arguments), into a function
// literal calling the method of the interface value the operand holds
// when the method value is evaluated, as Go binds it (error's too: yaegi
// took e.Error's receiver late). A method value of an interface of
// interpreted code, or of an interface literal, is left as written: yaegi
// runs it.
func (f *folder) bindInterface(sf *srcFile, sel *ast.SelectorExpr, s *types.Selection) bool {
	operand := s.Recv()
	if len(s.Index()) != 1 || !types.IsInterface(operand) {
		return false
	}
	if _, interpreted := f.interpretedNamed(operand); interpreted {
		return false
	}
	// The predeclared error is compiled code's as much as io.Writer:
	// yaegi took e.Error's receiver late (f := e.Error; e = other; f()
	// said other's text).
	n, ok := types.Unalias(operand).(*types.Named)
	if !ok {
		return false
	}
	if isError := n == types.Universe.Lookup("error").Type(); !isError && (n.Obj().Pkg() == nil || !n.Obj().Exported()) {
		return false
	}
	recvText, ok1 := f.typeName(sf, operand)
	sigText, ok2 := f.typeName(sf, s.Type())
	sig, _ := s.Type().(*types.Signature)
	lit, ok3 := f.callingLiteral(sf, sig, "_r."+sel.Sel.Name)
	if !ok1 || !ok2 || !ok3 {
		return false
	}
	sf.edits.insert(f.offset(sel.Pos()), "func(_r "+recvText+") "+sigText+" { return "+lit+" }(")
	sf.edits = append(sf.edits, edit{off: f.offset(sel.X.End()), end: f.offset(sel.End()), text: ")"})
	return true
}

// embeddedPath returns the selectors of the embedded fields the method
// value s goes through to its method (".Inner.Counter", or "" for a
// method of the operand's own type) and the type of the value it ends at.
// It fails for a field the folder's code cannot name or an interface.
func (f *folder) embeddedPath(s *types.Selection) (string, types.Type, bool) {
	t := s.Recv()
	var path strings.Builder
	for _, idx := range s.Index()[:len(s.Index())-1] {
		u := t.Underlying()
		if p, ok := u.(*types.Pointer); ok {
			u = p.Elem().Underlying()
		}
		st, ok := u.(*types.Struct)
		if !ok || idx >= st.NumFields() {
			return "", nil, false
		}
		field := st.Field(idx)
		if !field.Exported() && (field.Pkg() == nil || field.Pkg().Path() != f.importPath) || types.IsInterface(field.Type()) {
			return "", nil, false
		}
		path.WriteString("." + field.Name())
		t = field.Type()
	}
	return path.String(), t, true
}

// valueReceiver returns the type whose value receiver the method value s
// binds: the method's own, or the struct's for a method promoted from an
// embedded interface field, which embeddedIfaceMethods declares with a
// value receiver.
func (f *folder) valueReceiver(s *types.Selection) (*types.Named, bool) {
	fn, ok := s.Obj().(*types.Func)
	if !ok {
		return nil, false
	}
	if len(s.Index()) == 2 {
		recv := s.Recv()
		if p, ok := types.Unalias(recv).(*types.Pointer); ok {
			recv = p.Elem()
		}
		named, ok := f.interpretedNamed(recv)
		if !ok {
			return nil, false
		}
		st, ok := named.Underlying().(*types.Struct)
		if !ok {
			return nil, false
		}
		field := st.Field(s.Index()[0])
		return named, field.Embedded() && types.IsInterface(field.Type())
	}
	recv := fn.Signature().Recv()
	if len(s.Index()) != 1 || recv == nil {
		return nil, false
	}
	if _, isPtr := recv.Type().(*types.Pointer); isPtr {
		return nil, false
	}
	named, ok := f.interpretedNamed(recv.Type())
	return named, ok && !types.IsInterface(named)
}

// methodExprLiteral rewrites the method expression sel (T.M or (*T).M)
// of a named type, declared in Go source or compiled, into a function
// literal calling the method on its first parameter.
func (f *folder) methodExprLiteral(sf *srcFile, sel *ast.SelectorExpr, s *types.Selection) bool {
	recvType := s.Recv()
	base := recvType
	if p, ok := types.Unalias(recvType).(*types.Pointer); ok {
		base = p.Elem()
	}
	if _, ok := types.Unalias(base).(*types.Named); !ok {
		return false
	}
	sig, ok := s.Type().(*types.Signature)
	if !ok {
		return false
	}
	var params, args []string
	for i := range sig.Params().Len() {
		t, ok := f.typeName(sf, sig.Params().At(i).Type())
		if !ok {
			return false
		}
		name := "_r"
		if i > 0 {
			name = fmt.Sprintf("_a%d", i-1)
			arg := name
			if sig.Variadic() && i == sig.Params().Len()-1 {
				t = "..." + strings.TrimPrefix(t, "[]")
				arg += "..."
			}
			args = append(args, arg)
		}
		params = append(params, name+" "+t)
	}
	var results []string
	for v := range sig.Results().Variables() {
		t, ok := f.typeName(sf, v.Type())
		if !ok {
			return false
		}
		results = append(results, t)
	}
	call := "_r." + sel.Sel.Name + "(" + strings.Join(args, ", ") + ")"
	lit := "func(" + strings.Join(params, ", ") + ")"
	switch len(results) {
	case 0:
		lit += " { " + call + " }"
	case 1:
		lit += " " + results[0] + " { return " + call + " }"
	default:
		lit += " (" + strings.Join(results, ", ") + ") { return " + call + " }"
	}
	sf.edits = append(sf.edits, edit{off: f.offset(sel.Pos()), end: f.offset(sel.End()), text: "(" + lit + ")"})
	return true
}
