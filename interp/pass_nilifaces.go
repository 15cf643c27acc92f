package interp

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
)

// nilIfaces is the pass for a value of an interface type with methods
// that the interpreter declares (the route's `type Coded interface {
// error; Code() int }`, a literal interface{ f() }) converted to another
// interface type (error, any): yaegi holds a nil such value as its
// wrapper of nothing, which the conversion kept, so the other interface
// was not nil. `var err error = find()` with find returning a nil Coded
// panicked using err (nil pointer dereference), a func() error returning
// it too, errors.Is of it with "reflect: Call using interface {} as type
// error", and an any holding it printed {<nil> {<nil> <nil> 0}} and
// reflect.TypeOf gave interp.valueInterface (Go: nil). The value is
// converted by a function literal called on the spot, which gives a nil
// one the other type's nil:
//
//	var err error = find()  →  var err error = (func() error { _dsni57 := find(); if _dsni57 == nil { return nil }; return _dsni57 }())
//
// (a parameter would not do: yaegi hands a call's nil result to a
// function's parameter as a non-nil value). The conversions rewritten
// are those of assignments and variable declarations, returns, sends,
// the elements of composite literals, arguments (of fmt's and log's print
// functions excepted: fmtArgs prints those), append's operands and
// explicit conversions. A value of a type of another interface the file
// cannot spell is left as written.
func nilIfaces(f *folder) (bool, []diagnostic) {
	if !writesIfaceTypes(f) {
		return false, nil // spare the type check
	}
	info := f.typeInfo()
	if info == nil {
		return false, nil
	}
	changed := false
	for _, sf := range f.accepted() {
		c := &nilIfaceConverter{f: f, sf: sf, info: info}
		var stack []*types.Signature
		var visit func(n ast.Node) bool
		visit = func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncDecl:
				if n.Body == nil {
					return false
				}
				sig, _ := typeOfObj(info.Defs[n.Name]).(*types.Signature)
				stack = append(stack, sig)
				ast.Inspect(n.Body, visit)
				stack = stack[:len(stack)-1]
				return false
			case *ast.FuncLit:
				sig, _ := info.TypeOf(n).(*types.Signature)
				stack = append(stack, sig)
				ast.Inspect(n.Body, visit)
				stack = stack[:len(stack)-1]
				return false
			case *ast.AssignStmt:
				if n.Tok == token.ASSIGN && len(n.Lhs) == len(n.Rhs) {
					for i, r := range n.Rhs {
						c.convert(info.TypeOf(n.Lhs[i]), r)
					}
				}
			case *ast.ValueSpec:
				if n.Type != nil && len(n.Names) == len(n.Values) {
					for _, v := range n.Values {
						c.convert(info.TypeOf(n.Type), v)
					}
				}
			case *ast.ReturnStmt:
				if len(stack) > 0 {
					if sig := stack[len(stack)-1]; sig != nil && sig.Results().Len() == len(n.Results) {
						for i, r := range n.Results {
							c.convert(sig.Results().At(i).Type(), r)
						}
					}
				}
			case *ast.SendStmt:
				if ch, ok := underlying(info.TypeOf(n.Chan)).(*types.Chan); ok {
					c.convert(ch.Elem(), n.Value)
				}
			case *ast.CallExpr:
				c.call(n)
			case *ast.CompositeLit:
				c.composite(n)
			}
			return true
		}
		ast.Inspect(sf.syntax, visit)
		changed = changed || c.changed
	}
	return changed, nil
}

// writesIfaceTypes reports whether the folder's code writes an interface
// type with a method or an embedded interface: the syntax of the types
// nilIfaces converts (another package's are converted where its code
// converts them).
func writesIfaceTypes(f *folder) bool {
	found := false
	for _, sf := range f.accepted() {
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			if it, ok := n.(*ast.InterfaceType); ok && it.Methods != nil && len(it.Methods.List) > 0 {
				found = true
			}
			return !found
		})
	}
	if found {
		return true
	}
	// Or uses one of another package the interpreter runs.
	for _, sf := range f.accepted() {
		for _, imp := range sf.syntax.Imports {
			if path, err := strconv.Unquote(imp.Path.Value); err == nil && fromSource(path) {
				return true
			}
		}
	}
	return false
}

// nilIfaceConverter rewrites the conversions of one file.
type nilIfaceConverter struct {
	f       *folder
	sf      *srcFile
	info    *types.Info
	changed bool
}

// call handles the arguments of a conversion, of append and of a call.
func (c *nilIfaceConverter) call(call *ast.CallExpr) {
	if tv, ok := c.info.Types[call.Fun]; ok && tv.IsType() {
		if len(call.Args) == 1 {
			c.convert(tv.Type, call.Args[0])
		}
		return
	}
	if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
		if b, ok := c.info.Uses[id].(*types.Builtin); ok {
			if b.Name() == "append" && len(call.Args) > 1 && !call.Ellipsis.IsValid() {
				if s, ok := underlying(c.info.TypeOf(call.Args[0])).(*types.Slice); ok {
					for _, a := range call.Args[1:] {
						c.convert(s.Elem(), a)
					}
				}
			}
			return
		}
	}
	if fn := calledFunc(c.info, call); fn != nil && fn.Pkg() != nil {
		switch fn.Pkg().Path() {
		case "fmt", "log", interpLogPath:
			return // fmtArgs'
		}
		if _, isPrint := c.f.printShapeOf(fn); isPrint {
			return
		}
	}
	sig, ok := underlying(c.info.TypeOf(call.Fun)).(*types.Signature)
	if !ok {
		return
	}
	params := sig.Params()
	for i, a := range call.Args {
		var t types.Type
		switch {
		case sig.Variadic() && i >= params.Len()-1:
			if call.Ellipsis.IsValid() {
				continue
			}
			s, ok := params.At(params.Len() - 1).Type().Underlying().(*types.Slice)
			if !ok {
				continue
			}
			t = s.Elem()
		case i < params.Len():
			t = params.At(i).Type()
		default:
			continue
		}
		c.convert(t, a)
	}
}

// composite handles the elements of a composite literal.
func (c *nilIfaceConverter) composite(lit *ast.CompositeLit) {
	var key, elem types.Type
	switch u := underlying(c.info.TypeOf(lit)).(type) {
	case *types.Slice:
		elem = u.Elem()
	case *types.Array:
		elem = u.Elem()
	case *types.Map:
		key, elem = u.Key(), u.Elem()
	case *types.Struct:
		for i, e := range lit.Elts {
			if kv, ok := e.(*ast.KeyValueExpr); ok {
				if id, ok := kv.Key.(*ast.Ident); ok {
					if v, ok := c.info.Uses[id].(*types.Var); ok {
						c.convert(v.Type(), kv.Value)
					}
				}
				continue
			}
			if i < u.NumFields() {
				c.convert(u.Field(i).Type(), e)
			}
		}
		return
	default:
		return
	}
	for _, e := range lit.Elts {
		if kv, ok := e.(*ast.KeyValueExpr); ok {
			if key != nil {
				c.convert(key, kv.Key)
			}
			e = kv.Value
		}
		c.convert(elem, e)
	}
}

// convert wraps e, converted to target, when it is a value of an
// interface type with methods the interpreter declares and target
// another interface type (see nilIfaces).
func (c *nilIfaceConverter) convert(target types.Type, e ast.Expr) {
	if target == nil || !types.IsInterface(target) || hasTypeParam(target) {
		return
	}
	t := c.info.TypeOf(e)
	if t == nil || !types.IsInterface(t) || hasTypeParam(t) || types.Identical(t, target) || isNilExpr(c.info, e) {
		return
	}
	if it, ok := t.Underlying().(*types.Interface); !ok || it.NumMethods() == 0 || !c.interpretedIface(t) {
		return
	}
	name, ok := c.f.typeNameAt(c.sf, target, e.Pos())
	if !ok {
		return
	}
	open, end := nilIfaceWrap(name, "_dsni"+strconv.Itoa(c.f.offset(e.Pos())), c.f.valueImplementers(c.sf, t, e.Pos()))
	c.sf.edits.wrapAround(c.f.offset(e.Pos()), c.f.offset(e.End()), open, end)
	c.changed = true
}

// nilIfaceWrap returns the text around an operand converting it to the
// interface type spelled target, through a variable named v (see
// nilIfaces). A value of one of the types cases (spelled) is converted
// from its own type: converted from the interface, yaegi's error of a
// struct value failed errors.Is and errors.As for that struct type.
func nilIfaceWrap(target, v string, cases []string) (open, end string) {
	var sw string
	if len(cases) > 0 {
		sw = "switch " + v + "v := " + v + ".(type) { "
		for _, c := range cases {
			sw += "case " + c + ": return " + v + "v; "
		}
		sw += "}; "
	}
	return "(func() " + target + " { " + v + " := ", "; " + sw + "if " + v + " == nil { return nil }; return " + v + " }())"
}

// valueImplementers returns the package-level types of the folder's code
// and of the packages it imports from source, not pointers nor
// interfaces, that implement the interface type iface, spelled at pos in
// sf (those it cannot spell left out).
func (f *folder) valueImplementers(sf *srcFile, iface types.Type, pos token.Pos) []string {
	it, ok := iface.Underlying().(*types.Interface)
	if !ok {
		return nil
	}
	var out []string
	for _, n := range f.visibleTypes() {
		if types.IsInterface(n) || n.TypeParams() != nil || !types.Implements(n, it) {
			continue
		}
		if _, isPtr := n.Underlying().(*types.Pointer); isPtr {
			continue
		}
		if name, ok := f.typeNameAt(sf, n, pos); ok {
			out = append(out, name)
		}
	}
	return out
}

func (c *nilIfaceConverter) interpretedIface(t types.Type) bool { return interpretedIface(c.f, t) }

// interpretedIface reports whether t, an interface type, is one the
// interpreter declares: a literal, or a named type of interpreted code.
func interpretedIface(f *folder, t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return true
	}
	if n.Obj().Pkg() == nil {
		return false // error
	}
	path := n.Obj().Pkg().Path()
	return path == f.importPath || fromSource(path)
}
