package interp

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
)

func init() {
	register("a slice, array, map or pointer of a non-struct type with a MarshalJSON or MarshalText method (uuid.UUID) put in an interface, or a value of the type returned as one (encoding/json does not find the method in the interpreter)", findLostMarshalers)
	register("a struct field holding a non-struct type with a MarshalJSON or MarshalText method (uuid.UUID) other than as T, *T, []T or a map key (encoding/json does not find the method in the interpreter)", findUnmarkedMarshalFields)
	register("a value of another module's type with methods handed to database/sql, log/slog or a template (they do not find its methods in the interpreter)", findModuleValuesToStdlib)
	register("a struct type embedding a type with a MarshalJSON or MarshalText method (encoding/json calls the promoted method for the whole struct; the interpreter encodes its fields)", findPromotedMarshalers)
}

// findPromotedMarshalers finds the struct types of sf that get a
// MarshalJSON or MarshalText method from an embedded field (type Doc
// struct{ Audit; Title string }): encoding/json encodes such a struct as
// the method says, tagged or not, where the interpreter flattens or nests
// the embedded struct's fields.
func findPromotedMarshalers(f *folder, sf *srcFile) []token.Pos {
	var specs []*ast.TypeSpec
	// A struct type written in place is encoded so too:
	// json.Marshal(struct{ models.Money; Note string }{...}) wrote the
	// Money's MarshalJSON alone in a build, its fields in dev.
	var inPlace []*ast.StructType
	declared := map[ast.Expr]bool{}
	ast.Inspect(sf.syntax, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.TypeSpec:
			declared[n.Type] = true
			if st, ok := n.Type.(*ast.StructType); ok && hasEmbeddedField(st) {
				specs = append(specs, n)
			}
		case *ast.StructType:
			if !declared[n] && hasEmbeddedField(n) {
				inPlace = append(inPlace, n)
			}
		}
		return true
	})
	if len(specs) == 0 && len(inPlace) == 0 {
		return nil
	}
	info := f.typeInfo()
	if info == nil {
		return nil
	}
	promotes := func(t types.Type, pkg *types.Package) bool {
		ms := types.NewMethodSet(types.NewPointer(t))
		for _, name := range []string{"MarshalJSON", "MarshalText"} {
			// A standard type's (time.Time) is another detector's.
			if sel := ms.Lookup(pkg, name); sel != nil && len(sel.Index()) > 1 && sel.Obj().Pkg() != nil && !isStdlib(sel.Obj().Pkg().Path()) {
				return true
			}
		}
		return false
	}
	var out []token.Pos
	for _, ts := range specs {
		if obj := info.Defs[ts.Name]; obj != nil && promotes(obj.Type(), obj.Pkg()) {
			out = append(out, ts.Pos())
		}
	}
	for _, st := range inPlace {
		if t := info.TypeOf(st); t != nil && promotes(t, f.pkg) {
			out = append(out, st.Pos())
		}
	}
	return out
}

// hasEmbeddedField reports whether st has an embedded field.
func hasEmbeddedField(st *ast.StructType) bool {
	for _, fl := range st.Fields.List {
		if len(fl.Names) == 0 {
			return true
		}
	}
	return false
}

// A non-struct named type with a marshal method is represented by its
// underlying type in the interpreter (uuid.UUID by [16]uint8). JSON finds
// its method where jsonfix knows the static type: the arguments of the
// encoding calls (jsonArgs), struct fields marked by the tag pass, and a
// value of the type itself held in an interface (yaegival.TypeID). The
// detectors below find the other places.

// nonStructMarshaler reports whether t is a named non-struct type of
// interpreted code with a MarshalJSON or MarshalText method of a value
// receiver.
func (f *folder) nonStructMarshaler(t types.Type) bool {
	n, ok := f.interpretedNamed(t)
	if !ok {
		return false
	}
	if _, isStruct := n.Underlying().(*types.Struct); isStruct {
		return false
	}
	return hasValueMarshaler(n)
}

// mayHoldMarshalers reports, from the syntax, whether sf may use a
// non-struct marshal type: the folder declares a MarshalJSON or
// MarshalText method, or sf imports a package of another module with such
// a type.
func (f *folder) mayHoldMarshalers(sf *srcFile) bool {
	if f.hasMethod("MarshalJSON", "MarshalText") {
		return true
	}
	if f.foreign == nil || !sf.importsModules(f.importPath) {
		return false
	}
	for _, imp := range sf.syntax.Imports {
		if p, err := strconv.Unquote(imp.Path.Value); err == nil && len(f.foreign(p).types) > 0 {
			return true
		}
	}
	return false
}

// findLostMarshalers finds a value whose type holds a non-struct marshal
// type in a slice, array, map or pointer converted to an interface (the
// interpreter keeps no type beside it), and a value of such a type
// returned as an interface (the caller receives it without its type).
// Arguments of compiled functions are left to the rewrites of the
// encoding and print calls and to findModuleValuesToStdlib.
func findLostMarshalers(f *folder, sf *srcFile) []token.Pos {
	if !f.mayHoldMarshalers(sf) {
		return nil
	}
	info := f.typeInfo()
	if info == nil {
		return nil
	}
	var out []token.Pos
	check := func(target types.Type, e ast.Expr, returned bool) {
		if target == nil || !types.IsInterface(target) {
			return
		}
		t := info.TypeOf(e)
		if t == nil || types.IsInterface(t) {
			return
		}
		d := f.jsonDesc(t, 0)
		if d == nil || d.Kind == "named" && !returned {
			return
		}
		out = append(out, e.Pos())
	}
	forEachConversion(info, sf.syntax, func(target types.Type, e ast.Expr, call *ast.CallExpr, arg int) {
		if call != nil {
			if _, compiled := compiledCallee(info, call); compiled {
				// Compiled code hands the value back as it got it;
				// the encoding calls are described (jsonArgs), fmt's
				// arguments too (fmtArgs), and the packages looking for
				// methods are findModuleValuesToStdlib's.
				return
			}
		}
		check(target, e, false)
	}, func(target types.Type, e ast.Expr) { check(target, e, true) })
	return out
}

// forEachConversion calls convert for each expression of file stored into
// a value of another type: assigned, declared, sent, an element of a
// composite literal, an argument (with its call and index), an explicit
// conversion's operand; and returned for each returned expression, with
// the result's type.
func forEachConversion(info *types.Info, file *ast.File, convert func(target types.Type, e ast.Expr, call *ast.CallExpr, arg int), returned func(target types.Type, e ast.Expr)) {
	var sigs []*types.Signature
	var visit func(n ast.Node) bool
	visit = func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncDecl:
			if n.Body == nil {
				return false
			}
			sig, _ := typeOfObj(info.Defs[n.Name]).(*types.Signature)
			sigs = append(sigs, sig)
			ast.Inspect(n.Body, visit)
			sigs = sigs[:len(sigs)-1]
			return false
		case *ast.FuncLit:
			sig, _ := info.TypeOf(n).(*types.Signature)
			sigs = append(sigs, sig)
			ast.Inspect(n.Body, visit)
			sigs = sigs[:len(sigs)-1]
			return false
		case *ast.AssignStmt:
			if n.Tok == token.ASSIGN && len(n.Lhs) == len(n.Rhs) {
				for i, r := range n.Rhs {
					convert(info.TypeOf(n.Lhs[i]), r, nil, -1)
				}
			}
		case *ast.ValueSpec:
			if n.Type != nil && len(n.Names) == len(n.Values) {
				for _, v := range n.Values {
					convert(info.TypeOf(n.Type), v, nil, -1)
				}
			}
		case *ast.ReturnStmt:
			if len(sigs) > 0 && sigs[len(sigs)-1] != nil && sigs[len(sigs)-1].Results().Len() == len(n.Results) {
				for i, r := range n.Results {
					returned(sigs[len(sigs)-1].Results().At(i).Type(), r)
				}
			}
		case *ast.SendStmt:
			if ch, ok := underlying(info.TypeOf(n.Chan)).(*types.Chan); ok {
				convert(ch.Elem(), n.Value, nil, -1)
			}
		case *ast.CallExpr:
			callConversions(info, n, convert)
		case *ast.CompositeLit:
			compositeConversions(info, n, convert)
		}
		return true
	}
	ast.Inspect(file, visit)
}

// callConversions reports the arguments of call with their parameters'
// types (an explicit conversion's operand with the type).
func callConversions(info *types.Info, call *ast.CallExpr, convert func(types.Type, ast.Expr, *ast.CallExpr, int)) {
	if tv, ok := info.Types[call.Fun]; ok && tv.IsType() {
		if len(call.Args) == 1 {
			convert(tv.Type, call.Args[0], nil, -1)
		}
		return
	}
	if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
		if b, ok := info.Uses[id].(*types.Builtin); ok {
			if b.Name() == "append" && len(call.Args) > 1 && !call.Ellipsis.IsValid() {
				if s, ok := underlying(info.TypeOf(call.Args[0])).(*types.Slice); ok {
					for _, a := range call.Args[1:] {
						convert(s.Elem(), a, nil, -1)
					}
				}
			}
			return
		}
	}
	sig, ok := underlying(info.TypeOf(call.Fun)).(*types.Signature)
	if !ok || call.Ellipsis.IsValid() {
		return
	}
	params := sig.Params()
	for i, a := range call.Args {
		switch {
		case sig.Variadic() && i >= params.Len()-1:
			if s, ok := params.At(params.Len() - 1).Type().Underlying().(*types.Slice); ok {
				convert(s.Elem(), a, call, i)
			}
		case i < params.Len():
			convert(params.At(i).Type(), a, call, i)
		}
	}
}

// forSpreadArgs calls fn with each argument of a call of file spreading a
// slice into its variadic parameter (f(a, b, xs...)) but the slice, with
// its parameter's type and the call: forEachConversion leaves such calls
// out.
func forSpreadArgs(info *types.Info, file *ast.File, fn func(target types.Type, e ast.Expr, call *ast.CallExpr)) {
	ast.Inspect(file, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || !call.Ellipsis.IsValid() {
			return true
		}
		sig, ok := underlying(info.TypeOf(call.Fun)).(*types.Signature)
		if !ok || !sig.Variadic() || len(call.Args) != sig.Params().Len() {
			return true
		}
		for i, a := range call.Args[:len(call.Args)-1] {
			fn(sig.Params().At(i).Type(), a, call)
		}
		return true
	})
}

// compositeConversions reports the elements (and map keys) of a
// composite literal with their types.
func compositeConversions(info *types.Info, lit *ast.CompositeLit, convert func(types.Type, ast.Expr, *ast.CallExpr, int)) {
	var key, elem types.Type
	switch u := underlying(info.TypeOf(lit)).(type) {
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
					if v, ok := info.Uses[id].(*types.Var); ok {
						convert(v.Type(), kv.Value, nil, -1)
					}
				}
				continue
			}
			if i < u.NumFields() {
				convert(u.Field(i).Type(), e, nil, -1)
			}
		}
		return
	default:
		return
	}
	for _, e := range lit.Elts {
		if kv, ok := e.(*ast.KeyValueExpr); ok {
			if key != nil {
				convert(key, kv.Key, nil, -1)
			}
			e = kv.Value
		}
		convert(elem, e, nil, -1)
	}
}

// findUnmarkedMarshalFields finds, in the user's struct types, a field
// holding a non-struct marshal type in a shape the tag pass does not mark
// (map[string]uuid.UUID, [][]uuid.UUID, []*uuid.UUID, an unexported or
// embedded field is left to encoding/json, which skips or flattens it
// compiled too).
func findUnmarkedMarshalFields(f *folder, sf *srcFile) []token.Pos {
	if !f.mayHoldMarshalers(sf) {
		return nil
	}
	var candidates []*ast.Field
	ast.Inspect(sf.syntax, func(n ast.Node) bool {
		if st, ok := n.(*ast.StructType); ok {
			for _, fl := range st.Fields.List {
				if len(fl.Names) > 0 && fl.Names[0].IsExported() {
					candidates = append(candidates, fl)
				}
			}
		}
		return true
	})
	if len(candidates) == 0 {
		return nil
	}
	info := f.typeInfo()
	if info == nil {
		return nil
	}
	var out []token.Pos
	for _, fl := range candidates {
		t := info.TypeOf(fl.Type)
		if t == nil || f.jsonDesc(t, 0) == nil || f.markedShape(t) {
			continue
		}
		out = append(out, fl.Type.Pos())
	}
	return out
}

// markedShape reports whether t is T, *T, []T or map[T]V for a
// non-struct marshal type T, with V holding none: the shapes the tag pass
// marks.
func (f *folder) markedShape(t types.Type) bool {
	if f.nonStructMarshaler(t) {
		return true
	}
	switch u := types.Unalias(t).(type) {
	case *types.Pointer:
		return f.nonStructMarshaler(u.Elem())
	case *types.Slice:
		return f.nonStructMarshaler(u.Elem())
	case *types.Map:
		return f.nonStructMarshaler(u.Key()) && f.jsonDesc(u.Elem(), 0) == nil
	}
	return false
}

// moduleMethodSinks are the standard-library packages whose functions
// look for methods (driver.Valuer, sql.Scanner, fmt.Stringer,
// slog.LogValuer) on values they receive as interfaces.
var moduleMethodSinks = map[string]bool{
	"database/sql":        true,
	"database/sql/driver": true,
	"log/slog":            true,
	"text/template":       true,
	"html/template":       true,
}

// findModuleValuesToStdlib finds an argument of a function of
// moduleMethodSinks, passed as an interface, whose type holds a type of
// another module with methods: compiled code receives the value without
// them (uuid.UUID's Value and Scan, a String for slog).
func findModuleValuesToStdlib(f *folder, sf *srcFile) []token.Pos {
	if !sf.importsModules(f.importPath) {
		return nil
	}
	imports := false
	for p := range moduleMethodSinks {
		if _, ok := sf.importName(p); ok {
			imports = true
		}
	}
	if !imports {
		return nil
	}
	info := f.typeInfo()
	if info == nil {
		return nil
	}
	var out []token.Pos
	forEachConversion(info, sf.syntax, func(target types.Type, e ast.Expr, call *ast.CallExpr, arg int) {
		if call == nil || target == nil || !types.IsInterface(target) || !moduleMethodSinks[calleePkg(info, call)] {
			return
		}
		if t := info.TypeOf(e); t != nil && !types.IsInterface(t) && f.holdsModuleMethods(t, 0) {
			out = append(out, e.Pos())
		}
	}, func(types.Type, ast.Expr) {})
	return out
}

// calleePkg returns the import path of the package of the function or
// method call calls, or "".
func calleePkg(info *types.Info, call *ast.CallExpr) string {
	if _, ok := compiledCallee(info, call); !ok {
		return ""
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return ""
	}
	fn, _ := info.Uses[sel.Sel].(*types.Func)
	if fn == nil || fn.Pkg() == nil {
		return ""
	}
	return fn.Pkg().Path()
}

// holdsModuleMethods reports whether t is, or holds (through pointers,
// slices, arrays, maps and struct fields), a named type of another module
// the interpreter runs, with methods.
func (f *folder) holdsModuleMethods(t types.Type, depth int) bool {
	return f.holdsModuleType(t, depth, func(n *types.Named) bool {
		return types.NewMethodSet(types.NewPointer(n)).Len() > 0
	})
}

// holdsModuleType reports whether t is, or holds (through pointers,
// slices, arrays, maps and struct fields), a named type of another module
// the interpreter runs for which match is true.
func (f *folder) holdsModuleType(t types.Type, depth int, match func(*types.Named) bool) bool {
	if depth > 6 {
		return false
	}
	if n, ok := f.interpretedNamed(t); ok && !sameModule(n.Obj().Pkg().Path(), f.importPath) && match(n) {
		return true
	}
	switch u := t.Underlying().(type) {
	case *types.Pointer:
		return f.holdsModuleType(u.Elem(), depth+1, match)
	case *types.Slice:
		return f.holdsModuleType(u.Elem(), depth+1, match)
	case *types.Array:
		return f.holdsModuleType(u.Elem(), depth+1, match)
	case *types.Map:
		return f.holdsModuleType(u.Key(), depth+1, match) || f.holdsModuleType(u.Elem(), depth+1, match)
	case *types.Struct:
		for i := range u.NumFields() {
			if f.holdsModuleType(u.Field(i).Type(), depth+1, match) {
				return true
			}
		}
	}
	return false
}

// ownFmtMethods reports whether the folder, or a package of its module
// it imports, declares a method fmt calls.
func (f *folder) ownFmtMethods() bool {
	return f.ownMethod("String", "Error", "Format", "GoString")
}

// ownMethod reports whether the folder, or a package of its module it
// imports, declares a method of one of names (of one of fmtMethods, only
// of a shape fmt can call: see fmtShapedMethods).
func (f *folder) ownMethod(names ...string) bool {
	declared := f.methods()
	for _, name := range names {
		if _, ok := declared[name]; ok && (fmtMethods[name] == "" || f.fmtShapedMethods()[name]) {
			return true
		}
	}
	for _, n := range f.visibleTypes() {
		if !sameModule(n.Obj().Pkg().Path(), f.importPath) {
			continue
		}
		for i := range n.NumMethods() {
			m := n.Method(i)
			sig := m.Signature()
			for _, name := range names {
				if m.Name() == name && (fmtMethods[name] == "" || fmtShaped(name, sig.Params().Len(), sig.Results().Len())) {
					return true
				}
			}
		}
	}
	return false
}

// boxesModuleStringers reports whether a file of the folder puts a value
// of another module's type with a method fmt calls in an interface, other
// than as an argument of a compiled function.
func (f *folder) boxesModuleStringers(info *types.Info) bool {
	found := false
	for _, sf := range f.accepted() {
		forEachConversion(info, sf.syntax, func(target types.Type, e ast.Expr, call *ast.CallExpr, _ int) {
			if call != nil {
				if _, compiled := compiledCallee(info, call); compiled {
					return
				}
			}
			found = found || f.boxesStringer(target, info.TypeOf(e))
		}, func(target types.Type, e ast.Expr) { found = found || f.boxesStringer(target, info.TypeOf(e)) })
		if found {
			return true
		}
	}
	return false
}

// boxesStringer reports whether a value of type t stored into target puts
// a value of another module's type with a method fmt calls in an
// interface.
func (f *folder) boxesStringer(target, t types.Type) bool {
	if target == nil || t == nil || !types.IsInterface(target) || types.IsInterface(t) {
		return false
	}
	return f.holdsModuleType(t, 0, func(n *types.Named) bool {
		ms := types.NewMethodSet(types.NewPointer(n))
		for m := range fmtMethods {
			if ms.Lookup(n.Obj().Pkg(), m) != nil {
				return true
			}
		}
		return false
	})
}
