package interp

import (
	"go/ast"
	"go/token"
	"go/types"
)

func init() {
	register("a value printed with fmt whose type is an interface of the standard library with neither a String nor an Error method (io.Reader, http.Handler), in a package with a struct type implementing it with value receivers (yaegi's wrapper of such a value holds its last field only: fmt printed 3 for Named{\"n\", 3})", findWrappedStructPrints)
}

// findWrappedStructPrints finds an argument of a fmt print function (or
// print wrapper) whose static type is, or holds as element, an interface
// of the standard library with methods, none of them String or Error, in
// a package declaring a struct type that implements it by value. yaegi
// hands compiled code such a value in a wrapper whose value is the last
// field of the struct that is not a nil interface (it takes a struct
// without reflect methods for an emulated interface), and fmt prints that
// field: var r io.Reader = Named{"n", 3} printed 3, where a build prints
// {n 3}. An interface with a String or Error method prints through it;
// one of the user's own packages is the interpreter's own, and holds the
// value itself.
func findWrappedStructPrints(f *folder, sf *srcFile) []token.Pos {
	if !importsPath(f, "fmt") {
		return nil
	}
	info := f.typeInfo()
	if info == nil {
		return nil
	}
	structs := f.valueStructs()
	if len(structs) == 0 {
		return nil
	}
	var out []token.Pos
	for _, c := range f.printCalls(sf, info) {
		for _, a := range c.call.Args[c.shape.first:] {
			if wrapsStruct(info.TypeOf(a), structs) {
				out = append(out, a.Pos())
			}
		}
	}
	return out
}

// valueStructs returns the struct types with fields declared at package
// level in f, whose values, not only pointers, have methods.
func (f *folder) valueStructs() []*types.Named {
	info := f.typeInfo()
	if info == nil {
		return nil
	}
	var out []*types.Named
	for _, sf := range f.files {
		for _, d := range sf.syntax.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.TYPE {
				continue
			}
			for _, s := range gd.Specs {
				ts := s.(*ast.TypeSpec)
				n, ok := typeOfObj(info.Defs[ts.Name]).(*types.Named)
				if !ok || n.TypeParams() != nil {
					continue
				}
				st, ok := n.Underlying().(*types.Struct)
				if ok && st.NumFields() > 0 && types.NewMethodSet(n).Len() > 0 {
					out = append(out, n)
				}
			}
		}
	}
	return out
}

// wrapsStruct reports whether a value of type t (or an element of it) is
// an interface of the standard library that yaegi wraps, printed by its
// value, and one of structs implements.
func wrapsStruct(t types.Type, structs []*types.Named) bool {
	if t == nil {
		return false
	}
	switch u := t.Underlying().(type) {
	case *types.Slice:
		return wrapsStruct(u.Elem(), structs)
	case *types.Array:
		return wrapsStruct(u.Elem(), structs)
	case *types.Map:
		return wrapsStruct(u.Elem(), structs)
	case *types.Interface:
		n, ok := types.Unalias(t).(*types.Named)
		if !ok || n.Obj().Pkg() == nil || !isStdlib(n.Obj().Pkg().Path()) || u.NumMethods() == 0 {
			return false
		}
		for i := range u.NumMethods() {
			if name := u.Method(i).Name(); name == "String" || name == "Error" {
				return false
			}
		}
		for _, s := range structs {
			if types.Implements(s, u) {
				return true
			}
		}
	}
	return false
}
