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
		forEachConversion(info, sf.syntax, func(target types.Type, e ast.Expr, call *ast.CallExpr, _ int) {
			if call == nil || !c.printCall(call) {
				c.convert(target, e)
			}
		}, c.convert)
		forSpreadArgs(info, sf.syntax, func(target types.Type, e ast.Expr, call *ast.CallExpr) {
			if !c.printCall(call) {
				c.convert(target, e)
			}
		})
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

// printCall reports whether call is one of fmt's or log's print functions
// (or a print wrapper), whose operands fmtArgs prints.
func (c *nilIfaceConverter) printCall(call *ast.CallExpr) bool {
	fn := calledFunc(c.info, call)
	if fn == nil || fn.Pkg() == nil {
		return false
	}
	switch fn.Pkg().Path() {
	case "fmt", "log", interpLogPath:
		return true
	}
	_, isPrint := c.f.printShapeOf(fn)
	return isPrint
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
