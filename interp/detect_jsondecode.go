package interp

import (
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// JSON decoding into interpreted values differs from compiled Go where
// encoding/json needs what yaegi's reflect types cannot carry (see the
// parity fixtures jsondecode_fast and jsondecode_compiled):
//
//   - an embedded struct is an ordinary field named after its type, so its
//     fields are not filled from the object's keys (pointer, tagged-less,
//     unexported, promoted or shadowed alike);
//   - a type's UnmarshalJSON and UnmarshalText are not methods of its
//     reflect type, so they are not called, for a value, a field or a map
//     key;
//   - a named non-struct type (type Level int), a type declared in a
//     function, a type defined from another named type (type Stamp
//     time.Time) and an instance of a generic type have the reflect type of
//     something else: the errors name that one ("of type int" for
//     route.Level), and a type defined from a standard one even decodes
//     with the standard type's UnmarshalJSON;
//   - an interface holding a pointer is decoded into, so what an interface
//     may hold counts too.
//
// Everything else (struct types declared at package level, their tags and
// unexported fields, maps, slices, standard types) decodes as compiled,
// its errors named by jsonfix.DecodeError: such a decode stays
// interpreted.

// findJSONDecode finds the calls of json.Unmarshal, a Decoder's Decode and
// a next.Request's JSON whose target (its static type) holds one of the
// types above, and a Decoder's Decode used other than called, which may
// decode anything.
func findJSONDecode(f *folder, sf *srcFile) []token.Pos {
	if !callsSelector(sf.syntax, "Unmarshal", "Decode", "JSON") {
		return nil // spare the type check
	}
	info := f.typeInfo()
	if info == nil {
		return nil
	}
	fresh := freshTargets(info, sf.syntax)
	var out []token.Pos
	ast.Inspect(sf.syntax, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		target := decodeTarget(info, call)
		if target == nil {
			return true
		}
		mode := decodeFilled
		switch {
		case fresh[ast.Unparen(target)]:
			mode = decodeFresh
		case len(call.Args) == 1 && !reevaluable(target):
			// A Decode's error is then not renamed (see
			// wrapDecodeError): every interpreted type reads otherwise.
			mode = decodeNaming
		}
		if f.twinDecodeDiffers(info.TypeOf(target), mode) {
			out = append(out, call.Pos())
		}
		return true
	})
	// A Decoder's Decode used other than called may decode anything.
	if decoderLeaks(info, sf.syntax) && f.boxesDecodeHazards() {
		for _, c := range sf.calls("encoding/json", "NewDecoder") {
			out = append(out, c.Pos())
		}
	}
	return out
}

// decodeMode is what a walk of a decode target assumes of the interface
// values it meets.
type decodeMode int

const (
	// decodeFilled: an interface of the target may hold a pointer the
	// decode fills, of any type the package can put in an interface.
	decodeFilled decodeMode = iota
	// decodeFresh: the target is a zero value no code but decodes writes,
	// so its interfaces are nil and get maps, slices and basic values.
	decodeFresh
	// decodeNaming: as decodeFilled, and every interpreted named type
	// differs, its errors not being renamed.
	decodeNaming
)

// decodeDiffers reports whether decoding JSON into a value of type t
// (nil: unknown) may differ in the interpreter.
func (f *folder) decodeDiffers(t types.Type, mode decodeMode) bool {
	return f.walkDecode(t, mode, false)
}

// twinDecodeDiffers is decodeDiffers for the target of a decode call of
// the folder's code, which the jsonDecodeErrors pass and the interpreter's
// json.Unmarshal hand to encoding/json through jsonfix.Twin: an exported
// embedded struct of the folder's module reached through pointers, slices,
// arrays and fields is embedded there as compiled, unless the target's
// type is recursive (see jsonfix.Twin).
func (f *folder) twinDecodeDiffers(t types.Type, mode decodeMode) bool {
	return f.walkDecode(t, mode, mode != decodeNaming)
}

// walkDecode reports whether decoding JSON into a value of type t (nil:
// unknown) may differ, handed to encoding/json through jsonfix.Twin when
// twinned says so.
func (f *folder) walkDecode(t types.Type, mode decodeMode, twinned bool) bool {
	if t == nil {
		return true
	}
	w := decodeWalk{f: f, mode: mode, seen: map[walked]bool{}, twinned: twinned, onPath: map[types.Type]bool{}}
	return w.differs(t, mode == decodeFresh, false) || w.embeds && w.recursive
}

// decodeWalk walks a type as encoding/json decodes into it.
type decodeWalk struct {
	f    *folder
	mode decodeMode
	seen map[walked]bool

	// For a target handed over through jsonfix.Twin: twinned is set,
	// onPath holds the types the walk is in, underMap counts the maps it
	// is in (Twin does not look into maps), embeds says that an embedded
	// struct was accepted and recursive that a type holds itself.
	twinned   bool
	onPath    map[types.Type]bool
	underMap  int
	embeds    bool
	recursive bool
}

// walked is a type a decodeWalk reached, and whether fresh.
type walked struct {
	t     types.Type
	fresh bool
}

// differs reports whether decoding into t differs; fresh says that the
// interfaces reached are nil, named that t is a struct field's type or
// one it holds, whose names the field's jsonfix.NamesTag gives (see
// markTypeNames).
func (w *decodeWalk) differs(t types.Type, fresh, named bool) bool {
	t = types.Unalias(t)
	if w.onPath[t] {
		w.recursive = true
	}
	if w.seen[walked{t, fresh}] {
		return false
	}
	w.seen[walked{t, fresh}] = true
	w.onPath[t] = true
	defer delete(w.onPath, t)
	if n, ok := t.(*types.Named); ok {
		if !w.f.interpretedPkg(n.Obj().Pkg()) {
			return false // compiled: its methods and name are its own
		}
		if w.mode == decodeNaming || w.f.namedDecodeDiffers(n, named) {
			return true
		}
	}
	switch u := t.Underlying().(type) {
	case *types.Pointer:
		return w.differs(u.Elem(), fresh, named)
	case *types.Slice:
		return w.differs(u.Elem(), fresh, named)
	case *types.Array:
		return w.differs(u.Elem(), fresh, named)
	case *types.Map:
		// A map's values are decoded into new zero values.
		w.underMap++
		defer func() { w.underMap-- }()
		return w.keyDiffers(u.Key(), named) || w.differs(u.Elem(), true, named)
	case *types.Struct:
		_, isNamed := t.(*types.Named)
		return w.structDiffers(u, fresh, !isNamed)
	case *types.Interface:
		return !fresh && w.f.boxesDecodeHazards()
	}
	return false
}

// structDiffers reports whether decoding into a struct of type st differs;
// unnamed says that st is not a named type's, so that an error names it
// by its fields.
func (w *decodeWalk) structDiffers(st *types.Struct, fresh, unnamed bool) bool {
	if unnamed && w.f.namesStruct(st) {
		return true
	}
	for i := range st.NumFields() {
		field := st.Field(i)
		tag := reflect.StructTag(st.Tag(i)).Get("json")
		name, _, _ := strings.Cut(tag, ",")
		switch {
		case tag == "-":
			continue // never decoded, in the interpreter neither
		case field.Embedded() && (name == "" || !field.Exported()):
			// Flattened by encoding/json, a plain field in the
			// interpreter, but for a twin's.
			if !w.twinEmbeds(field, name) {
				return true
			}
			w.embeds = true
			if w.differs(field.Type(), fresh, false) {
				return true
			}
			continue
		case !field.Exported() && field.Pkg() != nil && !w.f.interpretedPkg(field.Pkg()):
			continue
		case !field.Exported():
			// Hidden from encoding/json in the interpreter too (the
			// rewrite tags it `json:"-"`), but an unnamed struct type
			// holding one prints otherwise in an error.
			if unnamed {
				return true
			}
			continue
		}
		_, tagged, nameable := w.f.typeNames(field.Type())
		if tagged && (unnamed || !nameable) {
			// An unnamed struct's name in an error shows the tag; a
			// name the tag cannot give is not given.
			return true
		}
		if w.differs(field.Type(), fresh, tagged) {
			return true
		}
	}
	return false
}

// twinEmbeds reports whether jsonfix.Twin embeds field, an embedded field
// of a struct the walk reached, whose JSON name is name: an exported
// struct type of interpreted code (or a pointer to one), reached other
// than through a map.
func (w *decodeWalk) twinEmbeds(field *types.Var, name string) bool {
	if !w.twinned || w.underMap > 0 || name != "" || !field.Exported() {
		return false
	}
	t := types.Unalias(field.Type())
	if p, ok := t.(*types.Pointer); ok {
		t = types.Unalias(p.Elem())
	}
	n, ok := t.(*types.Named)
	if !ok || !w.f.interpretedPkg(n.Obj().Pkg()) || n.Obj().Parent() != n.Obj().Pkg().Scope() {
		return false // a type declared in a function: not twinned
	}
	// What n decodes by itself (an UnmarshalJSON, a generic or local
	// type) is the walk of the field's type, which follows.
	_, ok = n.Underlying().(*types.Struct)
	return ok
}

// namesStruct reports whether a named struct type the folder sees has the
// fields of st: the interpreter gives both one reflect type, so that an
// error names st after it ("Go struct field Inner.in.A" for ".in.A").
// Such a type declared by a package the folder does not import still
// names it (documented in dev-vs-build.md).
func (f *folder) namesStruct(st *types.Struct) bool {
	for _, n := range f.visibleTypes() {
		if f.interpretedPkg(n.Obj().Pkg()) && types.Identical(n.Underlying(), st) {
			return true
		}
	}
	// A type declared in a function is registered too.
	for _, n := range f.structTypes() {
		if n.Obj().Parent() != n.Obj().Pkg().Scope() && types.Identical(n.Underlying(), st) {
			return true
		}
	}
	return false
}

// keyDiffers reports whether decoding a map key of type t differs: a key
// of a string kind is converted, not decoded, unless its type has an
// UnmarshalText method, so that only the map's name tells its type, which
// a field's tag gives (named).
func (w *decodeWalk) keyDiffers(t types.Type, named bool) bool {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || !w.f.interpretedPkg(n.Obj().Pkg()) || w.mode == decodeNaming || !named {
		return w.differs(t, true, false)
	}
	if b, ok := n.Underlying().(*types.Basic); !ok || b.Info()&types.IsString == 0 {
		return w.differs(t, true, false) // its errors name it
	}
	return w.f.namedDecodeDiffers(n, true)
}

// namedDecodeDiffers reports whether n, an interpreted named type, decodes
// otherwise in the interpreter by itself, whatever it holds: it has an
// UnmarshalJSON or UnmarshalText method, is not declared at package level,
// is of another module (whose types may lose their methods), or is not a
// struct type, unless tagged says that a field's tag names it.
func (f *folder) namedDecodeDiffers(n *types.Named, tagged bool) bool {
	obj := n.Obj()
	if obj.Pkg() != nil && obj.Parent() != obj.Pkg().Scope() {
		return !f.namedLocalStruct(n)
	}
	if obj.Pkg() == nil || n.TypeArgs() != nil || n.TypeParams() != nil {
		return true
	}
	if _, ok := n.Underlying().(*types.Struct); !ok && !tagged {
		return true
	}
	if !sameModule(obj.Pkg().Path(), f.importPath) {
		return true
	}
	return hasUnmarshaler(n) || f.definedFromNamed(n)
}

// namedLocalStruct reports whether n, a type declared inside a function,
// is one whose decode errors jsonfix names as compiled Go does: a struct
// type written as a struct (type req struct{ … }, no methods) in a
// function of the folder's package that is not generic, which the
// jsonDecodeErrors pass registers under its name when its declaration
// runs (see registerLocalStructNames), and no other struct type the
// folder sees or declares has its fields under another name (the
// interpreter gives them one reflect type, which only one name can be
// registered for).
func (f *folder) namedLocalStruct(n *types.Named) bool {
	obj := n.Obj()
	if obj.Pkg() != f.pkg || f.pkg == nil || n.TypeArgs() != nil || n.TypeParams() != nil {
		return false
	}
	st, ok := n.Underlying().(*types.Struct)
	if !ok || !f.registersLocal(obj) {
		return false
	}
	for _, m := range f.structTypes() {
		if m.Obj().Name() != obj.Name() && types.Identical(m.Underlying(), st) {
			return false
		}
	}
	return true
}

// registersLocal reports whether registerLocalStructNames registers obj,
// a type declared inside a function: its declaration is a struct type,
// not an alias, in a function (or a literal inside one) of a file the
// rewrite accepts that is not generic.
func (f *folder) registersLocal(obj *types.TypeName) bool {
	for _, sf := range f.accepted() {
		for _, d := range sf.syntax.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil || obj.Pos() < fd.Body.Pos() || obj.Pos() >= fd.Body.End() {
				continue
			}
			if isGenericDecl(fd) || strings.HasPrefix(fd.Name.Name, "_dsg") {
				return false
			}
			found := false
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				ts, ok := n.(*ast.TypeSpec)
				if ok && ts.Name.Pos() == obj.Pos() {
					_, isStruct := ts.Type.(*ast.StructType)
					found = isStruct && ts.TypeParams == nil && !ts.Assign.IsValid()
				}
				return !found
			})
			return found
		}
	}
	return false
}

// structTypes returns the named struct types the folder's code can hold:
// the visible ones and those declared inside its functions.
func (f *folder) structTypes() []*types.Named {
	var out []*types.Named
	for _, n := range f.heldTypes() {
		if _, ok := n.Underlying().(*types.Struct); ok {
			out = append(out, n)
		}
	}
	return out
}

// hasUnmarshaler reports whether a *n has an UnmarshalJSON or
// UnmarshalText method, its own or promoted.
func hasUnmarshaler(n *types.Named) bool {
	ms := types.NewMethodSet(types.NewPointer(n))
	for i := range ms.Len() {
		if name := ms.At(i).Obj().Name(); name == "UnmarshalJSON" || name == "UnmarshalText" {
			return true
		}
	}
	return false
}

// definedFromNamed reports whether n is declared from another named type
// (type Stamp time.Time): the interpreter gives it that type's reflect
// type. Unknown declarations count as such.
func (f *folder) definedFromNamed(n *types.Named) bool {
	spec, info := f.typeSpec(n)
	if spec == nil || info == nil {
		return true
	}
	rhs := info.TypeOf(spec.Type)
	if rhs == nil {
		return true
	}
	_, named := types.Unalias(rhs).(*types.Named)
	return named
}

// callsSelector reports whether file calls x.name for one of names.
func callsSelector(file *ast.File, names ...string) bool {
	found := false
	ast.Inspect(file, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
				found = found || slices.Contains(names, sel.Sel.Name)
			}
		}
		return !found
	})
	return found
}

// typeSpec returns the declaration of n, a package-level type of the
// folder or of a package it interprets from source, with the type
// information of its package.
func (f *folder) typeSpec(n *types.Named) (*ast.TypeSpec, *types.Info) {
	pkg := n.Obj().Pkg()
	if pkg == f.pkg {
		return f.types[n.Obj().Name()], f.info
	}
	if f.importer == nil {
		return nil, nil
	}
	src := f.importer.source(pkg.Path())
	if src == nil || src.folder == nil {
		return nil, nil
	}
	return src.folder.types[n.Obj().Name()], src.info
}

// interpretedPkg reports whether the interpreter runs pkg from source:
// the folder's own package, or one it imports from source.
func (f *folder) interpretedPkg(pkg *types.Package) bool {
	if pkg == nil {
		return false
	}
	if pkg == f.pkg {
		return true
	}
	return f.importer != nil && f.importer.source(pkg.Path()) != nil
}

// boxesDecodeHazards reports whether the folder's code can hold in an
// interface a pointer to a type decoding into which differs: one of the
// named types it sees (its own, and those of the packages it interprets)
// decodes otherwise.
func (f *folder) boxesDecodeHazards() bool {
	if f.decodeBoxes != 0 {
		return f.decodeBoxes > 0
	}
	f.decodeBoxes = -1
	for _, n := range f.visibleTypes() {
		if f.interpretedPkg(n.Obj().Pkg()) && f.decodeDiffers(n, decodeFresh) {
			f.decodeBoxes = 1
			break
		}
	}
	return f.decodeBoxes > 0
}

// freshTargets returns the decode targets of file that are &x for a local
// variable x declared without a value (var x T) that no code but a decode
// writes: x is never assigned, incremented, ranged into or has its address
// taken elsewhere, and no method of a pointer receiver is called on it. Such a target holds no
// interface value a decode could fill.
func freshTargets(info *types.Info, file *ast.File) map[ast.Expr]bool {
	declared := map[*types.Var]bool{}
	ast.Inspect(file, func(n ast.Node) bool {
		if vs, ok := n.(*ast.ValueSpec); ok && len(vs.Values) == 0 {
			for _, id := range vs.Names {
				if v, ok := info.Defs[id].(*types.Var); ok && v.Parent() != nil && v.Pkg() != nil && v.Parent() != v.Pkg().Scope() {
					declared[v] = true
				}
			}
		}
		return true
	})
	if len(declared) == 0 {
		return nil
	}
	decodeArgs := map[ast.Expr]bool{}
	ast.Inspect(file, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			if target := decodeTarget(info, call); target != nil {
				decodeArgs[ast.Unparen(target)] = true
			}
		}
		return true
	})
	written := map[*types.Var]bool{}
	mark := func(e ast.Expr) {
		if v, ok := info.Uses[rootIdentOf(e)].(*types.Var); ok {
			written[v] = true
		}
	}
	ast.Inspect(file, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.AssignStmt:
			for _, l := range x.Lhs {
				mark(l)
			}
		case *ast.IncDecStmt:
			mark(x.X)
		case *ast.RangeStmt:
			if x.Tok == token.ASSIGN {
				mark(x.Key)
				mark(x.Value)
			}
		case *ast.UnaryExpr:
			if x.Op == token.AND && !decodeArgs[x] {
				mark(x.X)
			}
		case *ast.SelectorExpr:
			if sel, ok := info.Selections[x]; ok && sel.Kind() != types.FieldVal && pointerMethod(sel.Obj()) {
				mark(x.X)
			}
		}
		return true
	})
	out := map[ast.Expr]bool{}
	for e := range decodeArgs {
		u, ok := e.(*ast.UnaryExpr)
		if !ok || u.Op != token.AND {
			continue
		}
		id, ok := ast.Unparen(u.X).(*ast.Ident)
		if !ok {
			continue
		}
		if v, ok := info.Uses[id].(*types.Var); ok && declared[v] && !written[v] {
			out[e] = true
		}
	}
	return out
}

// pointerMethod reports whether obj is a method with a pointer receiver,
// which may write its operand; a value receiver gets a copy.
func pointerMethod(obj types.Object) bool {
	fn, ok := obj.(*types.Func)
	if !ok {
		return true
	}
	recv := fn.Type().(*types.Signature).Recv()
	if recv == nil {
		return true
	}
	_, ptr := recv.Type().(*types.Pointer)
	return ptr || types.IsInterface(recv.Type())
}

// rootIdentOf returns the variable an expression such as x.a.b[i] or
// (*x).c is part of, or nil.
func rootIdentOf(e ast.Expr) *ast.Ident {
	for e != nil {
		switch x := ast.Unparen(e).(type) {
		case *ast.Ident:
			return x
		case *ast.SelectorExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.StarExpr:
			e = x.X
		case *ast.SliceExpr:
			e = x.X
		default:
			return nil
		}
	}
	return nil
}

// findDecodeHandoffs finds a pointer to a type decoding into which differs
// (see findJSONDecode) handed as an interface to a function of another
// interpreted package that decodes JSON into an interface, or imports one
// that does: a shared httpx.Decode(r, v any) decodes the route's type,
// which the shared package does not see.
func findDecodeHandoffs(f *folder, sf *srcFile) []token.Pos {
	if f.importer == nil || !importsOwnSource(f, sf) {
		return nil
	}
	info := f.typeInfo()
	if info == nil {
		return nil
	}
	var out []token.Pos
	ast.Inspect(sf.syntax, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		fn := calledFunc(info, call)
		if fn == nil || fn.Pkg() == nil || fn.Pkg() == f.pkg || !f.interpretedPkg(fn.Pkg()) || !f.decodesInterfaces(fn.Pkg().Path()) {
			return true
		}
		sig := fn.Type().(*types.Signature)
		for i, arg := range call.Args {
			if pt := paramType(sig, i, call.Ellipsis.IsValid()); pt == nil || !types.IsInterface(pt) {
				continue
			}
			t := info.TypeOf(arg)
			if _, ptr := types.Unalias(t).(*types.Pointer); ptr && f.decodeDiffers(t, decodeFilled) {
				out = append(out, arg.Pos())
			}
		}
		return true
	})
	return out
}

// importsOwnSource reports whether sf imports a package the folder
// interprets from source.
func importsOwnSource(f *folder, sf *srcFile) bool {
	for _, imp := range sf.syntax.Imports {
		if p, err := strconv.Unquote(imp.Path.Value); err == nil && f.importer.source(p) != nil {
			return true
		}
	}
	return false
}

// decodesInterfaces reports whether the package path, interpreted from
// source, or one it imports from source, decodes JSON into a target that
// holds an interface.
func (f *folder) decodesInterfaces(path string) bool {
	return f.sourceOrImportsHas(&f.ifaceDecoders, path, func(info *types.Info, n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return false
		}
		target := decodeTarget(info, call)
		return target != nil && holdsInterface(info.TypeOf(target), 0)
	})
}

// decodeTarget returns the target of call when it is a JSON decode
// (json.Unmarshal, a Decoder's Decode, a next.Request's JSON), or nil.
func decodeTarget(info *types.Info, call *ast.CallExpr) ast.Expr {
	switch calleeKey(info, call) {
	case "encoding/json.Unmarshal":
		if len(call.Args) == 2 {
			return call.Args[1]
		}
	case "*encoding/json.Decoder.Decode", requestJSON:
		if len(call.Args) == 1 {
			return call.Args[0]
		}
	}
	return nil
}
