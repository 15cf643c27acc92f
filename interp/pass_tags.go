package interp

import (
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/devserver/devserver/internal/jsonfix"
)

// tagFields is the pass for struct tags, which carry to compiled
// encoding/json what yaegi's reflect types lose: json:"-" on unexported
// fields (yaegi exports them as Xname), a mark on embedded fields (yaegi
// makes them ordinary ones), a type mark on the first field of the types
// whose methods earlier passes registered, and, in the user's code, a mark
// on fields whose type is another module's non-struct marshal type. Tags go
// at the end of their field's line.
//
// A field of the user's code holding such a type where jsonfix cannot
// find it (a map's value, an array, a slice of slices) is refused: its
// route runs compiled.
func tagFields(f *folder) (bool, []diagnostic) {
	changed := false
	var diags []diagnostic
	for _, sf := range f.accepted() {
		before := len(sf.edits)
		typeMarked := make(map[*ast.StructType]bool)
		ast.Inspect(sf.syntax, func(node ast.Node) bool {
			switch x := node.(type) {
			case *ast.TypeSpec:
				if st, ok := x.Type.(*ast.StructType); ok && f.marked[x.Name.Name] && len(st.Fields.List) > 0 {
					sf.edits.tag(f.fset, sf.src, st.Fields.List[0], "devservertype", f.dir+"."+x.Name.Name)
					typeMarked[st] = true
				}
			case *ast.StructType:
				for i, field := range x.Fields.List {
					if i > 0 || !typeMarked[x] {
						// The type mark must stay on the struct's first field.
						splitMixedNames(&sf.edits, f.fset, sf.src, field)
					}
					fieldTags(&sf.edits, f.fset, sf.src, field, f.types)
					if f.own {
						markForeign(&sf.edits, f.fset, sf.src, sf.syntax, field, f.foreign)
						f.markLocal(sf, field)
						f.markTypeNames(sf, field)
						if f.hidesIsZero(field) {
							diags = append(diags, diagnostic{pos: field.Pos(), msg: "a struct field tagged omitzero whose type has an IsZero method (encoding/json does not see the method in the interpreter)" + DiffersMarker, refuse: true})
						}
						if f.hidesMarshaler(field) {
							diags = append(diags, diagnostic{pos: field.Pos(), msg: "a struct field holding a non-struct type with a MarshalJSON or MarshalText method in a map's value, an array or a nested slice (encoding/json does not see the method there in the interpreter)" + DiffersMarker, refuse: true})
						}
					}
				}
			}
			return true
		})
		changed = changed || len(sf.edits) > before
	}
	return changed, diags
}

// hidesMarshaler reports whether the exported field holds a non-struct
// type with a marshal method (the package's own or another module's)
// where the field's mark cannot reach it: only T, *T, []T and map[T]V
// of a T not of a string kind (whose text makes the keys) are marked.
func (f *folder) hidesMarshaler(field *ast.Field) bool {
	if len(field.Names) == 0 || !field.Names[0].IsExported() || f.typeInfo() == nil {
		return false
	}
	t := f.typeOf(field.Type)
	if t == nil || !f.holdsMarshaler(t, 0) {
		return false
	}
	switch u := types.Unalias(t).(type) {
	case *types.Pointer:
		return !f.marshalNamed(u.Elem())
	case *types.Slice:
		return !f.marshalNamed(u.Elem())
	case *types.Map:
		if f.holdsMarshaler(u.Elem(), 0) {
			return true
		}
		return f.holdsMarshaler(u.Key(), 0) && !f.marshalNamed(u.Key())
	}
	return !f.marshalNamed(t)
}

// hidesIsZero reports whether the field is tagged json:",omitzero" and its
// type has an IsZero method encoding/json would call in a build (its own,
// its pointer's, or an interface's) that the interpreter's reflect type
// lacks: a type of interpreted code, or an interface, which may hold one.
func (f *folder) hidesIsZero(field *ast.Field) bool {
	if len(field.Names) == 0 || field.Tag == nil || f.typeInfo() == nil {
		return false
	}
	tag, err := strconv.Unquote(field.Tag.Value)
	if err != nil {
		return false
	}
	_, opts, _ := strings.Cut(reflect.StructTag(tag).Get("json"), ",")
	if !slices.Contains(strings.Split(opts, ","), "omitzero") {
		return false
	}
	t := f.typeOf(field.Type)
	if t == nil {
		return false
	}
	for _, ms := range []*types.MethodSet{types.NewMethodSet(t), types.NewMethodSet(types.NewPointer(t))} {
		for i := range ms.Len() {
			obj := ms.At(i).Obj()
			if obj.Name() == "IsZero" && (types.IsInterface(t) || f.interpretedPkg(obj.Pkg())) {
				return true
			}
		}
	}
	return false
}

// marshalNamed reports whether t is a non-struct type with a MarshalJSON or
// MarshalText method that the interpreter represents by its underlying
// type: the package's own or another module's.
func (f *folder) marshalNamed(t types.Type) bool {
	n, ok := f.interpretedNamed(t)
	if !ok {
		return false
	}
	if _, isStruct := n.Underlying().(*types.Struct); isStruct {
		return false
	}
	if n.Obj().Pkg().Path() == f.importPath {
		return f.nonStructMarshalers[n.Obj().Name()]
	}
	return f.foreign != nil && f.foreign(n.Obj().Pkg().Path()).types[n.Obj().Name()]
}

// holdsMarshaler reports whether t is or holds (through pointers, slices,
// arrays and maps) a type marshalNamed reports.
func (f *folder) holdsMarshaler(t types.Type, depth int) bool {
	if depth > 8 {
		return false
	}
	if f.marshalNamed(t) {
		return true
	}
	switch u := types.Unalias(t).(type) {
	case *types.Pointer:
		return f.holdsMarshaler(u.Elem(), depth+1)
	case *types.Slice:
		return f.holdsMarshaler(u.Elem(), depth+1)
	case *types.Array:
		return f.holdsMarshaler(u.Elem(), depth+1)
	case *types.Map:
		return f.holdsMarshaler(u.Key(), depth+1) || f.holdsMarshaler(u.Elem(), depth+1)
	}
	return false
}

// foreignMarshalers are the non-struct types of one package that have a
// MarshalJSON or MarshalText method with a value receiver.
type foreignMarshalers struct {
	name  string          // the package name
	types map[string]bool // type names
}

// foreignOf returns the non-struct marshal types of the package importPath.
func (rw *rewriter) foreignOf(importPath string) foreignMarshalers {
	if rw.resolve == nil {
		return foreignMarshalers{}
	}
	dir, ok := rw.resolve(importPath)
	if !ok {
		return foreignMarshalers{}
	}
	// rw.mu is held by file, which called rewritePackage.
	rw.consulted = append(rw.consulted, dir)
	if fm, ok := rw.foreign[dir]; ok {
		return fm
	}
	fm := foreignMarshalers{types: map[string]bool{}}
	pkg := rw.parse(dir)
	for _, sf := range pkg.files {
		fm.name = sf.syntax.Name.Name
		for _, d := range sf.syntax.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv == nil || len(fd.Recv.List) != 1 || (fd.Name.Name != "MarshalJSON" && fd.Name.Name != "MarshalText") {
				continue
			}
			if id, ok := fd.Recv.List[0].Type.(*ast.Ident); ok {
				if ts := pkg.types[id.Name]; ts != nil {
					if _, isStruct := ts.Type.(*ast.StructType); !isStruct {
						fm.types[id.Name] = true
					}
				}
			}
		}
	}
	if rw.foreign == nil {
		rw.foreign = make(map[string]foreignMarshalers)
	}
	rw.foreign[dir] = fm
	return fm
}

// markForeign marks a field of the user's code whose type is T, *T or []T
// for a non-struct type T of another package with a marshal method, so that
// next.JSON calls the method (see jsonfix.RegisterNamed).
func markForeign(ed *edits, fset *token.FileSet, src []byte, f *ast.File, field *ast.Field, foreignOf func(string) foreignMarshalers) {
	if len(field.Names) == 0 {
		return
	}
	for _, n := range field.Names {
		if !n.IsExported() {
			return
		}
	}
	shape, t := "marshal", field.Type
	switch x := t.(type) {
	case *ast.StarExpr:
		shape, t = "marshal*", x.X
	case *ast.ArrayType:
		if x.Len == nil {
			shape, t = "marshal[]", x.Elt
		}
	case *ast.MapType:
		shape, t = "marshal{}", x.Key
	}
	sel, ok := t.(*ast.SelectorExpr)
	if !ok {
		return
	}
	pkgIdent, ok := sel.X.(*ast.Ident)
	if !ok {
		return
	}
	for _, imp := range f.Imports {
		path, err := strconv.Unquote(imp.Path.Value)
		if err != nil {
			continue
		}
		fm := foreignOf(path)
		name := fm.name
		if imp.Name != nil {
			name = imp.Name.Name
		}
		if name == pkgIdent.Name && fm.types[sel.Sel.Name] {
			ed.tag(fset, src, field, jsonfix.Tag, shape+"="+path+"."+sel.Sel.Name)
			return
		}
	}
}

// markLocal marks a field whose type is T, *T, []T or map[T]V for a non-struct
// type T of the package with a marshal method, as markForeign does for
// other packages' types.
func (f *folder) markLocal(sf *srcFile, field *ast.Field) {
	shape, id := marshalShape(field)
	if id == nil || !f.nonStructMarshalers[id.Name] {
		return
	}
	sf.edits.tag(f.fset, sf.src, field, jsonfix.Tag, shape+"="+f.importPath+"."+id.Name)
}

// marshalShape returns, for an exported field of type T, *T, []T or map[T]V for a
// type T of the package, the mark's shape and T.
func marshalShape(field *ast.Field) (string, *ast.Ident) {
	if len(field.Names) == 0 {
		return "", nil
	}
	for _, n := range field.Names {
		if !n.IsExported() {
			return "", nil
		}
	}
	shape, t := "marshal", field.Type
	switch x := t.(type) {
	case *ast.StarExpr:
		shape, t = "marshal*", x.X
	case *ast.ArrayType:
		if x.Len == nil {
			shape, t = "marshal[]", x.Elt
		}
	case *ast.MapType:
		shape, t = "marshal{}", x.Key
	}
	id, _ := t.(*ast.Ident)
	return shape, id
}

// splitMixedNames declares each name but the last of a field list that
// mixes exported and unexported names (X, y int) as a field of its own,
// on the same line (X int; y int), so that the unexported ones can get
// the json:"-" and xml:"-" that fieldTags gives them: a list shares one
// tag, and json encoded y as Xy. A field whose type or tag spans lines is
// left as it is.
func splitMixedNames(ed *edits, fset *token.FileSet, src []byte, field *ast.Field) {
	if len(field.Names) < 2 {
		return
	}
	exported := 0
	for _, n := range field.Names {
		if n.IsExported() {
			exported++
		}
	}
	if exported == 0 || exported == len(field.Names) {
		return
	}
	off := func(p token.Pos) int { return fset.Position(p).Offset }
	typ := string(src[off(field.Type.Pos()):off(field.Type.End())])
	tag := ""
	if field.Tag != nil {
		tag = field.Tag.Value
	}
	if strings.ContainsAny(typ+tag, "\n") {
		return
	}
	var text strings.Builder
	for _, n := range field.Names[:len(field.Names)-1] {
		t := tag
		if !n.IsExported() {
			old, _ := strconv.Unquote(tag)
			t = quoteTag(setTag(setTag(old, "json", "-"), "xml", "-"))
		}
		text.WriteString(n.Name + " " + typ)
		if t != "" && t != "``" {
			text.WriteString(" " + t)
		}
		text.WriteString("; ")
	}
	last := field.Names[len(field.Names)-1]
	*ed = append(*ed, edit{off: off(field.Names[0].Pos()), end: off(last.Pos()), text: text.String()})
	if !last.IsExported() {
		ed.tag(fset, src, field, "json", "-")
		ed.tag(fset, src, field, "xml", "-")
	}
}

// fieldTags adds the tags one struct field needs: json:"-" and xml:"-" on
// unexported fields, which compiled encoding/json and encoding/xml never
// see, and a devserver:"embed"
// mark on embedded fields, which yaegi turns into ordinary ones.
func fieldTags(ed *edits, fset *token.FileSet, src []byte, field *ast.Field, types map[string]*ast.TypeSpec) {
	if len(field.Names) > 0 {
		for _, n := range field.Names {
			if n.IsExported() {
				return // a mixed list shares one tag; leave it
			}
		}
		ed.tag(fset, src, field, "json", "-")
		ed.tag(fset, src, field, "xml", "-")
		return
	}
	// Embedded: T, *T, pkg.T, *pkg.T, T[P].
	t := field.Type
	if st, ok := t.(*ast.StarExpr); ok {
		t = st.X
	}
	if ix, ok := t.(*ast.IndexExpr); ok {
		t = ix.X
	}
	var name string
	local := false
	switch x := t.(type) {
	case *ast.Ident:
		name, local = x.Name, true
	case *ast.SelectorExpr:
		name = x.Sel.Name
	default:
		return
	}
	exported := ast.IsExported(name)
	if local {
		if ts := types[name]; ts != nil {
			if _, isStruct := ts.Type.(*ast.StructType); !isStruct {
				if !exported {
					ed.tag(fset, src, field, "json", "-")
				}
				return
			}
		}
	}
	mark := "embed"
	if !exported {
		mark = "embed,unexported"
	}
	ed.tag(fset, src, field, jsonfix.Tag, mark)
}
