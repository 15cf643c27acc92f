package interp

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/parser"
	"go/token"
	"go/types"
	"reflect"
	"strings"
	"sync"

	"github.com/devserver/devserver/interp/stdlib"
)

// Some passes need types: whether a range is over an integer, a function or
// something else; what min of its arguments returns. The folder is type
// checked on the first such question (most folders are never asked). The
// standard library and the next package are described to go/types from
// the interpreter's own symbol tables (reflect types of the compiled
// packages: no source, no go command, no export data needed); packages of
// the user's module and of other modules are checked from their source.
// Type errors are ignored: the interpreter and the background type check
// report them, and an expression whose type is not known is left as
// written.

// typeInfo returns the types of the folder's expressions, checking the
// package on the first call. It is nil when the folder cannot be checked.
func (f *folder) typeInfo() *types.Info {
	if f.checked {
		return f.info
	}
	f.checked = true
	imp := f.importer
	if imp == nil {
		imp = &sourceImporter{}
	}
	files := make([]*ast.File, len(f.files))
	for i, sf := range f.files {
		files[i] = sf.syntax
	}
	f.info = newTypesInfo()
	conf := types.Config{Importer: imp, Error: func(error) {}, FakeImportC: true}
	if f.lang != "" {
		// As the compiler checks the module's code (-lang): a feature
		// newer than its go line is an error, which newerFeatures reads.
		conf.GoVersion = f.lang
		conf.Error = func(err error) {
			if te, ok := err.(types.Error); ok && requiresGo.MatchString(te.Msg) {
				f.newer = append(f.newer, te.Pos)
			}
		}
	}
	func() {
		// go/types should not panic, but this is on the reload path.
		defer func() {
			if recover() != nil {
				f.info = nil
			}
		}()
		f.pkg, _ = conf.Check(f.importPath, f.fset, files, f.info)
	}()
	return f.info
}

// newTypesInfo returns the type information the passes read.
func newTypesInfo() *types.Info {
	return &types.Info{
		Types:      make(map[ast.Expr]types.TypeAndValue),
		Defs:       make(map[*ast.Ident]types.Object),
		Uses:       make(map[*ast.Ident]types.Object),
		Instances:  make(map[*ast.Ident]types.Instance),
		Selections: make(map[*ast.SelectorExpr]*types.Selection),
	}
}

// typeOf returns the type of e, or nil when it is not known.
func (f *folder) typeOf(e ast.Expr) types.Type {
	info := f.typeInfo()
	if info == nil {
		return nil
	}
	t := info.TypeOf(e)
	if t == nil || t == types.Typ[types.Invalid] {
		return nil
	}
	return t
}

// sourceImporter gives go/types the packages a folder imports: the
// standard library and next from the interpreter's symbols, the generic
// standard library and other packages from source. It caches what it
// checks for the rewrite of one load.
type sourceImporter struct {
	// resolve finds the folder of an import path of the user's module or
	// of another module of its build list.
	resolve func(importPath string) (string, bool)
	// parse reads the package in a folder; nil means parseFolder.
	parse func(dir string) *folder

	mu   sync.Mutex
	pkgs map[string]*types.Package // nil while being checked (a cycle)
	// sources are the packages checked from the source of a folder, with
	// their syntax and types, for the instances of their generic
	// declarations that the monomorphise step writes out.
	sources map[string]*checkedSource
}

// checkedSource is a package type-checked from source.
type checkedSource struct {
	folder *folder
	pkg    *types.Package
	info   *types.Info
}

// source returns the package path as checked from the source of its
// folder, or nil.
func (si *sourceImporter) source(path string) *checkedSource {
	si.mu.Lock()
	defer si.mu.Unlock()
	return si.sources[path]
}

// Import implements types.Importer.
func (si *sourceImporter) Import(path string) (*types.Package, error) {
	if path == "unsafe" {
		return types.Unsafe, nil
	}
	si.mu.Lock()
	p, seen := si.pkgs[path]
	if !seen {
		if si.pkgs == nil {
			si.pkgs = make(map[string]*types.Package)
		}
		si.pkgs[path] = nil
	}
	si.mu.Unlock()
	if seen {
		if p == nil {
			return nil, fmt.Errorf("import cycle through %s", path)
		}
		return p, nil
	}
	p, err := si.load(path)
	si.mu.Lock()
	if err == nil {
		si.pkgs[path] = p
	} else {
		delete(si.pkgs, path)
	}
	si.mu.Unlock()
	return p, err
}

func (si *sourceImporter) load(path string) (*types.Package, error) {
	if srcs := genericStdlib(path); srcs != nil {
		return si.check(path, "", srcs)
	}
	if p := binaryPackage(path); p != nil {
		return p, nil
	}
	if si.resolve != nil {
		if dir, ok := si.resolve(path); ok {
			return si.check(path, dir, nil)
		}
	}
	return nil, fmt.Errorf("package %s not found", path)
}

// check type-checks the package path from the Go files in dir, or from
// srcs when dir is empty.
func (si *sourceImporter) check(path, dir string, srcs map[string][]byte) (*types.Package, error) {
	var f *folder
	switch {
	case dir != "" && si.parse != nil:
		f = si.parse(dir)
	case dir != "":
		f = parseFolder(dir)
	default:
		f = newFolder(path, srcs)
	}
	files := make([]*ast.File, len(f.files))
	for i, sf := range f.files {
		files[i] = sf.syntax
	}
	info := newTypesInfo()
	conf := types.Config{Importer: si, Error: func(error) {}, FakeImportC: true}
	p, _ := conf.Check(path, f.fset, files, info)
	if p == nil {
		return nil, fmt.Errorf("package %s does not type-check", path)
	}
	if declaresGenerics(f) {
		declareExports(p, info, files)
	}
	if dir != "" {
		si.mu.Lock()
		if si.sources == nil {
			si.sources = make(map[string]*checkedSource)
		}
		si.sources[path] = &checkedSource{folder: f, pkg: p, info: info}
		si.mu.Unlock()
	}
	return p, nil
}

// binaryPackage describes a package of the interpreter's symbol tables (the
// standard library and next) to go/types, or returns nil. Packages are
// built once per process: the compiled code does not change.
func binaryPackage(path string) *types.Package {
	binTypes.mu.Lock()
	defer binTypes.mu.Unlock()
	if p, ok := binTypes.done[path]; ok {
		return p
	}
	syms, name := binarySymbols(path)
	if syms == nil {
		return nil
	}
	if binTypes.done == nil {
		binTypes.done = make(map[string]*types.Package)
		binTypes.named = make(map[reflect.Type]*types.Named)
		binTypes.pkgs = make(map[string]*types.Package)
	}
	p := binTypes.pkg(path)
	p.SetName(name)
	scope := p.Scope()
	for n, v := range syms {
		if strings.HasPrefix(n, "_") || !v.IsValid() {
			continue
		}
		if obj := binTypes.object(p, n, v); obj != nil {
			scope.Insert(obj)
		}
	}
	for _, obj := range genericDecls(path) {
		scope.Insert(obj)
	}
	for _, obj := range genericFuncs(p) {
		scope.Insert(obj)
	}
	p.MarkComplete()
	binTypes.done[path] = p
	return p
}

// binaryGenerics are the generic types of compiled standard packages,
// which their symbol tables cannot hold, declared for the type checker
// only: the rewrite writes their instances out (see pass_atomic.go).
var binaryGenerics = map[string]string{
	// Without them an expression using sync.OnceValue had no type, and
	// every pass reading types (fmt's operands, the detectors) passed it
	// by; the onceValues pass writes the calls out.
	"sync": `package sync

func OnceValue[T any](f func() T) func() T                         { return f }
func OnceValues[T1, T2 any](f func() (T1, T2)) func() (T1, T2) { return f }
`,
	"sync/atomic": `package atomic

type Pointer[T any] struct{ _ [0]*T }

func (x *Pointer[T]) Load() *T                                  { return nil }
func (x *Pointer[T]) Store(val *T)                              {}
func (x *Pointer[T]) Swap(new *T) (old *T)                      { return nil }
func (x *Pointer[T]) CompareAndSwap(old, new *T) (swapped bool) { return false }
`,
}

// genericFuncs declares, for the type checker only, the generic functions
// of the compiled package p that the stdGenerics pass rewrites: their
// signatures name p's own types, which binaryGenerics' separately checked
// source cannot.
func genericFuncs(p *types.Package) []types.Object {
	param := func(name string, t types.Type) *types.Var { return types.NewParam(token.NoPos, p, name, t) }
	typeParam := func(name string, constraint types.Type) *types.TypeParam {
		return types.NewTypeParam(types.NewTypeName(token.NoPos, p, name, nil), constraint)
	}
	switch p.Path() {
	case "errors":
		// func AsType[E error](err error) (E, bool)
		errType := types.Universe.Lookup("error").Type()
		e := typeParam("E", errType)
		sig := types.NewSignatureType(nil, nil, []*types.TypeParam{e}, types.NewTuple(param("err", errType)), types.NewTuple(param("", e), param("", types.Typ[types.Bool])), false)
		return []types.Object{types.NewFunc(token.NoPos, p, "AsType", sig)}
	case "reflect":
		// func TypeFor[T any]() Type
		typ := p.Scope().Lookup("Type")
		if typ == nil {
			return nil
		}
		t := typeParam("T", types.Universe.Lookup("any").Type())
		sig := types.NewSignatureType(nil, nil, []*types.TypeParam{t}, nil, types.NewTuple(param("", typ.Type())), false)
		return []types.Object{types.NewFunc(token.NoPos, p, "TypeFor", sig)}
	}
	return nil
}

// genericDecls returns the objects of binaryGenerics[path], type-checked.
func genericDecls(path string) []types.Object {
	src, ok := binaryGenerics[path]
	if !ok {
		return nil
	}
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, path+".go", src, 0)
	if err != nil {
		return nil
	}
	p, err := (&types.Config{}).Check(path, fset, []*ast.File{file}, nil)
	if err != nil {
		return nil
	}
	var out []types.Object
	for _, n := range p.Scope().Names() {
		out = append(out, p.Scope().Lookup(n))
	}
	return out
}

// binarySymbols returns the symbols of the package path and its name.
func binarySymbols(path string) (map[string]reflect.Value, string) {
	stdlibIndex()
	if k, ok := stdlibByPkg[path]; ok {
		return stdlib.Symbols[k], k[strings.LastIndexByte(k, '/')+1:]
	}
	for k, syms := range Symbols {
		if i := strings.LastIndexByte(k, '/'); i > 0 && k[:i] == path {
			return syms, k[i+1:]
		}
	}
	return nil, ""
}

// binTypes holds the go/types view of compiled packages.
var binTypes reflectTypes

// reflectTypes turns reflect types into go/types ones.
type reflectTypes struct {
	mu    sync.Mutex
	done  map[string]*types.Package // packages whose scope is filled
	pkgs  map[string]*types.Package // every package seen, filled or not
	named map[reflect.Type]*types.Named
}

func (rt *reflectTypes) pkg(path string) *types.Package {
	if p := rt.pkgs[path]; p != nil {
		return p
	}
	p := types.NewPackage(path, path[strings.LastIndexByte(path, '/')+1:])
	rt.pkgs[path] = p
	return p
}

// object returns the package-level object n of p whose symbol is v.
func (rt *reflectTypes) object(p *types.Package, n string, v reflect.Value) types.Object {
	t := v.Type()
	switch {
	case v.CanAddr():
		return types.NewVar(token.NoPos, p, n, rt.typ(t))
	case t.Kind() == reflect.Pointer && v.IsNil():
		elem := t.Elem()
		typ := rt.typ(elem)
		if named, ok := typ.(*types.Named); ok && elem.Name() == n && elem.PkgPath() == p.Path() {
			return named.Obj()
		}
		return types.NewTypeName(token.NoPos, p, n, typ) // an alias
	case t.Kind() == reflect.Func:
		return types.NewFunc(token.NoPos, p, n, rt.signature(t, nil))
	}
	if cv, ok := v.Interface().(constant.Value); ok {
		kinds := map[constant.Kind]types.BasicKind{constant.Bool: types.UntypedBool, constant.String: types.UntypedString, constant.Int: types.UntypedInt, constant.Float: types.UntypedFloat, constant.Complex: types.UntypedComplex}
		if k, ok := kinds[cv.Kind()]; ok {
			return types.NewConst(token.NoPos, p, n, types.Typ[k], cv)
		}
		return nil
	}
	var cv constant.Value
	switch t.Kind() {
	case reflect.Bool:
		cv = constant.MakeBool(v.Bool())
	case reflect.String:
		cv = constant.MakeString(v.String())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		cv = constant.MakeInt64(v.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		cv = constant.MakeUint64(v.Uint())
	case reflect.Float32, reflect.Float64:
		cv = constant.MakeFloat64(v.Float())
	default:
		return types.NewVar(token.NoPos, p, n, rt.typ(t))
	}
	return types.NewConst(token.NoPos, p, n, rt.typ(t), cv)
}

var basicKinds = map[reflect.Kind]types.BasicKind{
	reflect.Bool: types.Bool, reflect.Int: types.Int, reflect.Int8: types.Int8, reflect.Int16: types.Int16,
	reflect.Int32: types.Int32, reflect.Int64: types.Int64, reflect.Uint: types.Uint, reflect.Uint8: types.Uint8,
	reflect.Uint16: types.Uint16, reflect.Uint32: types.Uint32, reflect.Uint64: types.Uint64, reflect.Uintptr: types.Uintptr,
	reflect.Float32: types.Float32, reflect.Float64: types.Float64, reflect.Complex64: types.Complex64,
	reflect.Complex128: types.Complex128, reflect.String: types.String, reflect.UnsafePointer: types.UnsafePointer,
}

// typ returns the go/types type of t.
func (rt *reflectTypes) typ(t reflect.Type) types.Type {
	if t.Name() != "" {
		if t.PkgPath() != "" && t.Kind() == reflect.Func && strings.Contains(t.Name(), "[") && t.NumMethod() == 0 && reflect.PointerTo(t).NumMethod() == 0 {
			// An instance of a generic function type (strings.Lines' iter.Seq[string]):
			// a named type of that name would be another type than the
			// instance the generic package's source declares, and type
			// inference would fail on it (enumerate(strings.Lines(s)) of
			// a func enumerate[T any](iter.Seq[T])). Its type literal is
			// assignable to the instance, and infers its type arguments.
			return rt.structure(t, nil)
		}
		if t.PkgPath() != "" {
			return rt.namedType(t)
		}
		if t.Kind() == reflect.Interface && t.Name() == "error" {
			return types.Universe.Lookup("error").Type()
		}
		if k, ok := basicKinds[t.Kind()]; ok {
			return types.Typ[k]
		}
	}
	return rt.structure(t, nil)
}

// structure returns the type literal of t; pkg owns its unexported names.
func (rt *reflectTypes) structure(t reflect.Type, pkg *types.Package) types.Type {
	switch t.Kind() {
	case reflect.Pointer:
		return types.NewPointer(rt.typ(t.Elem()))
	case reflect.Slice:
		return types.NewSlice(rt.typ(t.Elem()))
	case reflect.Array:
		return types.NewArray(rt.typ(t.Elem()), int64(t.Len()))
	case reflect.Map:
		return types.NewMap(rt.typ(t.Key()), rt.typ(t.Elem()))
	case reflect.Chan:
		dir := map[reflect.ChanDir]types.ChanDir{reflect.BothDir: types.SendRecv, reflect.SendDir: types.SendOnly, reflect.RecvDir: types.RecvOnly}[t.ChanDir()]
		return types.NewChan(dir, rt.typ(t.Elem()))
	case reflect.Func:
		return rt.signature(t, nil)
	case reflect.Struct:
		fields := make([]*types.Var, t.NumField())
		tags := make([]string, t.NumField())
		for i := range fields {
			sf := t.Field(i)
			fp := pkg
			if sf.PkgPath != "" {
				fp = rt.pkg(sf.PkgPath)
			}
			fields[i] = types.NewField(token.NoPos, fp, sf.Name, rt.typ(sf.Type), sf.Anonymous)
			tags[i] = string(sf.Tag)
		}
		return types.NewStruct(fields, tags)
	case reflect.Interface:
		methods := make([]*types.Func, t.NumMethod())
		for i := range methods {
			m := t.Method(i)
			mp := pkg
			if m.PkgPath != "" {
				mp = rt.pkg(m.PkgPath)
			}
			methods[i] = types.NewFunc(token.NoPos, mp, m.Name, rt.signature(m.Type, nil))
		}
		return types.NewInterfaceType(methods, nil).Complete()
	}
	if k, ok := basicKinds[t.Kind()]; ok {
		return types.Typ[k]
	}
	return types.Typ[types.Invalid]
}

// namedType returns the named type t, with its methods.
func (rt *reflectTypes) namedType(t reflect.Type) types.Type {
	if n := rt.named[t]; n != nil {
		return n
	}
	p := rt.pkg(t.PkgPath())
	obj := types.NewTypeName(token.NoPos, p, t.Name(), nil)
	if token.IsExported(t.Name()) && !strings.Contains(t.Name(), "[") {
		// In its package's scope now, while the type is not yet handed
		// out: binaryPackage inserting it later, when another package's
		// signatures made it first, set its parent while the checks of
		// other folders read it (a data race).
		p.Scope().Insert(obj)
	}
	n := types.NewNamed(obj, nil, nil)
	rt.named[t] = n
	n.SetUnderlying(rt.structure(t, p).Underlying())
	if t.Kind() == reflect.Interface {
		return n
	}
	value := make(map[string]bool)
	for i := range t.NumMethod() {
		m := t.Method(i)
		value[m.Name] = true
		n.AddMethod(types.NewFunc(token.NoPos, p, m.Name, rt.signature(m.Type, types.NewVar(token.NoPos, p, "", n))))
	}
	pt := reflect.PointerTo(t)
	for i := range pt.NumMethod() {
		if m := pt.Method(i); !value[m.Name] {
			n.AddMethod(types.NewFunc(token.NoPos, p, m.Name, rt.signature(m.Type, types.NewVar(token.NoPos, p, "", types.NewPointer(n)))))
		}
	}
	return n
}

// signature returns the signature of the function type t; with a
// receiver, t's first parameter is the receiver's and is left out.
func (rt *reflectTypes) signature(t reflect.Type, recv *types.Var) *types.Signature {
	first := 0
	if recv != nil {
		first = 1
	}
	params := make([]*types.Var, 0, t.NumIn())
	for i := first; i < t.NumIn(); i++ {
		params = append(params, types.NewParam(token.NoPos, nil, "", rt.typ(t.In(i))))
	}
	results := make([]*types.Var, t.NumOut())
	for i := range results {
		results[i] = types.NewParam(token.NoPos, nil, "", rt.typ(t.Out(i)))
	}
	return types.NewSignatureType(recv, nil, nil, types.NewTuple(params...), types.NewTuple(results...), t.IsVariadic())
}
