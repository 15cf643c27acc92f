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
// func(int) is not assignable to func(*T, int)). Both become function
// literals, whose parameters are the copies Go makes:
//
//	get := c.Get       →  get := func(_r Counter) func() int { return _r.Get }(c)
//	add := (*Acc).Add  →  add := func(_r *Acc, _a0 int) { _r.Add(_a0) }
//
// A method value of a pointer receiver (which binds &c, as yaegi does) and
// one promoted through an embedded struct are left as written; one promoted
// from an embedded interface field (declared for the struct with a value
// receiver by embeddedIfaceMethods) binds a copy of the struct.
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
					if !called[n] && f.bindCopy(sf, n, s) {
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
// into a function literal calling the method on its first parameter.
func (f *folder) methodExprLiteral(sf *srcFile, sel *ast.SelectorExpr, s *types.Selection) bool {
	recvType := s.Recv()
	base := recvType
	if p, ok := types.Unalias(recvType).(*types.Pointer); ok {
		base = p.Elem()
	}
	if _, ok := f.interpretedNamed(base); !ok {
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
