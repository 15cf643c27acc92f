package interp

import (
	"go/ast"
	"go/types"
	"strings"

	"github.com/devserver/devserver/internal/jsonfix"
)

// markTypeNames tags an exported field whose type holds a named non-struct
// type of the interpreted code (type Level int) with the names compiled Go
// gives its type and the types it holds (see jsonfix.NamesTag): the
// interpreter represents Level by int, so that a decode error read "of
// type int" where compiled Go reads "of type route.Level", and
// jsonfix.DecodeError finds the name there. A struct type ends the names:
// its own are registered (see registerStructNames).
func (f *folder) markTypeNames(sf *srcFile, field *ast.Field) {
	if len(field.Names) == 0 || f.typeInfo() == nil {
		return
	}
	for _, n := range field.Names {
		if !n.IsExported() {
			return
		}
	}
	if names, needed, ok := f.typeNames(f.typeOf(field.Type)); needed && ok {
		sf.edits.tag(f.fset, sf.src, field, jsonfix.NamesTag, names)
	}
}

// typeNames returns the names of t and of the types it holds through
// pointers, slices, arrays and map values, as jsonfix.NamesTag lists them;
// whether one of them holds a named non-struct type of interpreted code
// (only then is the tag needed); and whether each such name can be
// written as reflect writes it (not with byte, rune, an interface, a
// struct, a function or a channel, which go/types and reflect spell
// otherwise, nor an instance of a generic type).
func (f *folder) typeNames(t types.Type) (names string, needed, ok bool) {
	qualifier := func(p *types.Package) string { return p.Name() }
	var list []string
	for depth := 0; t != nil && depth < 8; depth++ {
		t = types.Unalias(t)
		if _, isStruct := t.Underlying().(*types.Struct); isStruct {
			break
		}
		name := ""
		if f.holdsNamedNonStruct(t, 0) {
			if !spelledAlike(t, 0) {
				return "", true, false
			}
			name, needed = types.TypeString(t, qualifier), true
		}
		list = append(list, name)
		switch u := t.Underlying().(type) {
		case *types.Pointer:
			t = u.Elem()
		case *types.Slice:
			t = u.Elem()
		case *types.Array:
			t = u.Elem()
		case *types.Map:
			t = u.Elem()
		default:
			t = nil
		}
	}
	return strings.Join(list, ";"), needed, true
}

// spelledAlike reports whether go/types writes t as reflect does: t is
// made of non-generic named types, basic types other than byte and rune,
// pointers, slices, arrays and maps.
func spelledAlike(t types.Type, depth int) bool {
	if depth > 8 {
		return false
	}
	switch u := types.Unalias(t).(type) {
	case *types.Named:
		return u.TypeArgs() == nil
	case *types.Basic:
		return u.Name() != "byte" && u.Name() != "rune" && u.Kind() != types.UnsafePointer
	case *types.Pointer:
		return spelledAlike(u.Elem(), depth+1)
	case *types.Slice:
		return spelledAlike(u.Elem(), depth+1)
	case *types.Array:
		return spelledAlike(u.Elem(), depth+1)
	case *types.Map:
		return spelledAlike(u.Key(), depth+1) && spelledAlike(u.Elem(), depth+1)
	}
	return false
}

// holdsNamedNonStruct reports whether t is or is made of (through
// pointers, slices, arrays, map keys and values) a named non-struct type
// of interpreted code, which the interpreter names by its underlying
// type.
func (f *folder) holdsNamedNonStruct(t types.Type, depth int) bool {
	if t == nil || depth > 8 {
		return false
	}
	t = types.Unalias(t)
	if n, ok := t.(*types.Named); ok {
		if _, isStruct := n.Underlying().(*types.Struct); isStruct || !f.interpretedPkg(n.Obj().Pkg()) {
			return false
		}
		return true
	}
	switch u := t.(type) {
	case *types.Pointer:
		return f.holdsNamedNonStruct(u.Elem(), depth+1)
	case *types.Slice:
		return f.holdsNamedNonStruct(u.Elem(), depth+1)
	case *types.Array:
		return f.holdsNamedNonStruct(u.Elem(), depth+1)
	case *types.Map:
		return f.holdsNamedNonStruct(u.Key(), depth+1) || f.holdsNamedNonStruct(u.Elem(), depth+1)
	}
	return false
}
