package interp

import (
	"go/ast"
	"go/types"
	"strconv"
	"strings"
)

// xmlNames is the pass for encoding/xml of struct types declared in the
// package, or in another the interpreter runs, without an XMLName field:
// Go names the element after the type (<Book>), but yaegi's struct types
// have no name, so xml.Marshal failed
// ("xml: unsupported type"). The value a route hands to xml.Marshal,
// xml.MarshalIndent or an Encoder's Encode carries its type's name
// (internal/desugar's XMLNamed):
//
//	xml.Marshal(b)  →  xml.Marshal(_dsrt.XMLNamed(b, "Book"))
//
// Values of such types nested in others are named after their fields, as
// in Go, and need nothing.
func xmlNames(f *folder) (bool, []diagnostic) {
	if !importsPath(f, "encoding/xml") {
		return false, nil
	}
	info := f.typeInfo()
	if info == nil {
		return false, nil
	}
	changed := false
	var diags []diagnostic
	for _, sf := range f.accepted() {
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) == 0 || !isXMLEncode(info, call) {
				return true
			}
			arg := call.Args[0]
			if f.xmlMayHoldUnnamed(info.TypeOf(arg)) {
				diags = append(diags, diagnostic{pos: arg.Pos(), msg: "encoding/xml of an interface value that may hold a struct type of Go source without an XMLName field (the interpreter's struct types have no name to give the element: xml: unsupported type)" + DiffersMarker, refuse: true})
				return true
			}
			name, ok := f.unnamedXMLStruct(info.TypeOf(arg))
			if !ok {
				// A slice or an array of them: Go names each element
				// after the type, XMLNamed names one value.
				if f.unnamedXMLElems(info.TypeOf(arg)) {
					diags = append(diags, diagnostic{pos: arg.Pos(), msg: "encoding/xml of a slice or an array of a struct type without an XMLName field (the interpreter's struct types have no name to give each element: xml: unsupported type)" + DiffersMarker, refuse: true})
				}
				return true
			}
			sf.addImport("_dsrt", desugarPath)
			sf.edits.insert(f.offset(arg.Pos()), "_dsrt.XMLNamed(")
			sf.edits.insertClosing(f.offset(arg.Pos()), f.offset(arg.End()), ", "+strconv.Quote(name)+")")
			changed = true
			return true
		})
	}
	return changed, diags
}

// xmlMayHoldUnnamed reports whether t is an interface type that may hold
// a value (or a pointer to one) of a struct type the folder's code can
// hold (see heldTypes: its own, those of the packages of source it
// imports, declared at package level or in a function) without an
// XMLName field or a MarshalXML method: XMLNamed cannot name what the
// interface holds, and xml.Marshal(models.Get()) of a shared package's
// func returning a struct as an any failed in dev where Go names the
// element after the type.
func (f *folder) xmlMayHoldUnnamed(t types.Type) bool {
	if t == nil {
		return false
	}
	it, ok := t.Underlying().(*types.Interface)
	if !ok {
		return false
	}
	for _, n := range f.heldTypes() {
		st, ok := n.Underlying().(*types.Struct)
		if !ok || n.TypeParams() != nil {
			continue
		}
		if !it.Empty() && !types.Implements(n, it) && !types.Implements(types.NewPointer(n), it) {
			continue
		}
		named := false
		for i := range st.NumFields() {
			named = named || st.Field(i).Name() == "XMLName"
		}
		if obj, _, _ := types.LookupFieldOrMethod(types.NewPointer(n), true, n.Obj().Pkg(), "MarshalXML"); obj != nil {
			named = true
		}
		if !named {
			return true
		}
	}
	return false
}

// unnamedXMLElems reports whether t is (or points to) a slice or an array
// of values, or pointers, of a type unnamedXMLStruct names.
func (f *folder) unnamedXMLElems(t types.Type) bool {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	var elem types.Type
	switch u := t.Underlying().(type) {
	case *types.Slice:
		elem = u.Elem()
	case *types.Array:
		elem = u.Elem()
	default:
		return false
	}
	_, ok := f.unnamedXMLStruct(elem)
	return ok
}

// isXMLEncode reports whether call is xml.Marshal, xml.MarshalIndent or
// the Encode method of an *xml.Encoder.
func isXMLEncode(info *types.Info, call *ast.CallExpr) bool {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	fn, ok := info.Uses[sel.Sel].(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg().Path() != "encoding/xml" {
		return false
	}
	switch fn.Name() {
	case "Marshal", "MarshalIndent":
		return fn.Signature().Recv() == nil
	case "Encode":
		return fn.Signature().Recv() != nil
	}
	return false
}

// unnamedXMLStruct returns the name of t's type when t is a struct type
// of a package the interpreter runs (or a pointer to one) that has no XMLName field and no
// MarshalXML method: encoding/xml names its element after the type.
func (f *folder) unnamedXMLStruct(t types.Type) (string, bool) {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	// A shared package's struct type has no name in the interpreter
	// either: xml.Marshal(models.User{}) failed the same way.
	named, ok := f.interpretedNamed(t)
	if !ok {
		// Nor one declared in a function: xml.Marshal(item{...}) of a
		// route's func-local type item failed too.
		if named, ok = f.declaredLocally(t); !ok {
			return "", false
		}
	}
	st, ok := named.Underlying().(*types.Struct)
	if !ok {
		return "", false
	}
	for i := range st.NumFields() {
		if st.Field(i).Name() == "XMLName" {
			return "", false
		}
	}
	if obj, _, _ := types.LookupFieldOrMethod(types.NewPointer(named), true, named.Obj().Pkg(), "MarshalXML"); obj != nil {
		return "", false
	}
	name := named.Obj().Name()
	// An instance of a generic type written out (see monomorph.go) is
	// named after the generic type, as encoding/xml names an instance
	// (Box, for Box[int]), not after the concrete copy.
	if d := f.instanceNamed(named.Obj().Pkg().Name() + "." + name); d != named.Obj().Pkg().Name()+"."+name {
		_, d, _ = strings.Cut(d, ".")
		name, _, _ = strings.Cut(d, "[")
	}
	return name, true
}
