package interp

import (
	"errors"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"hash/fnv"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// Before the passes run, a package's instances of generic functions and
// types declared in the user's code (its own and its shared packages, the
// generic cache or repository every route imports) are written out as
// concrete declarations, as a compiler that monomorphises does:
//
//	var users = cache.New[string, User]()
//	  →  var users = _dsgNew_1f2e3d4c()
//	     func _dsgNew_1f2e3d4c() *_dsgCache_5a6b7c8d { return &_dsgCache_5a6b7c8d{m: make(map[string]User)} }
//	     type _dsgCache_5a6b7c8d struct { mu sync.Mutex; m map[string]User }
//	     func (c *_dsgCache_5a6b7c8d) Get(k string) (User, bool) { ... }
//
// yaegi's generics fail on many ordinary shapes (a keyed composite literal
// of a generic type, a package-level variable of another package's generic
// type, a generic type instantiated with another, a generic function
// passing its type parameters on), and it then refuses the route, which
// runs compiled. The concrete copies are ordinary code, which it runs. The
// copies go after the last line of the package's first file that uses an
// instance (no line of the user's code moves), and every pass after this
// step rewrites them as it rewrites the user's own code, detectors
// included.
//
// A package is written out entirely or not at all: when an instance cannot
// be copied into it (its code reads an unexported name of another package,
// a type argument is declared inside a function, a value of the instance
// comes from another package that has its own copy, an instance is an
// embedded field), the package is left as written. The generic
// declarations themselves stay (unused; in a package declaring a generic
// alias, which yaegi fails on, they go, see dropGenericDecls) and those
// of the standard library are left to yaegi. An instance of a generic
// alias is written out as the type it stands for.

// monomorphise returns f with the instances of generic declarations it
// uses written out, or f itself when there are none. When some cannot be,
// it returns f itself and, for a folder instantiating generic code of the
// user's (whose generic bodies detectors do not look into, see
// detectDiffering), the refusal of its first instance: the interpreter
// would run that code as written.
func monomorphise(f *folder) (out *folder, refusal *diagnostic) {
	defer func() {
		// On the reload path: a shape this step mishandles refuses the
		// package rather than the load.
		if recover() != nil {
			out, refusal = f, firstDecl(f, "generic code the dev server failed to write out as concrete code")
		}
	}()
	info := f.typeInfo()
	if info == nil || f.pkg == nil {
		return f, firstDecl(f, "generic code, in a package the dev server cannot type-check to write it out as concrete code")
	}
	if len(info.Instances) == 0 {
		return f, nil
	}
	m := &mono{f: f, info: info, names: make(map[string]string), display: make(map[string]string), imports: make(map[string]string), existing: make(map[string]bool)}
	srcs, err := m.run()
	if err != nil {
		if site := m.firstSite(); site.IsValid() {
			return f, &diagnostic{pos: site, msg: "an instance of generic code the dev server cannot write out as concrete code for the interpreter (" + strings.TrimPrefix(err.Error(), errNotCopyable.Error()+": ") + ")" + DiffersMarker, refuse: true}
		}
		return f, nil
	}
	if srcs == nil {
		return f, nil
	}
	nf := f.reparsed(srcs)
	nf.copies = m.copies
	nf.monomorphised = true
	nf.instanceNames = make(map[string]string, len(m.display))
	for name, display := range m.display {
		nf.instanceNames[f.pkg.Name()+"."+name] = display
	}
	return nf, nil
}

// firstDecl returns a refusal with msg at the first declaration of f.
func firstDecl(f *folder, msg string) *diagnostic {
	for _, sf := range f.files {
		return &diagnostic{pos: sf.syntax.Name.Pos(), msg: msg + DiffersMarker, refuse: true}
	}
	return nil
}

// firstSite returns the position of the folder's first instance of a
// generic declaration this step would write out, outside generic code.
func (m *mono) firstSite() token.Pos {
	cs := m.source(m.f.pkg)
	for _, sf := range m.f.files {
		for _, n := range nonGenericDecls(sf.syntax) {
			var site token.Pos
			ast.Inspect(n, func(n ast.Node) bool {
				id, ok := n.(*ast.Ident)
				if !ok || site.IsValid() {
					return !site.IsValid()
				}
				if name, err := m.instanceName(cs, id, nil); name != "" || err != nil {
					site = id.Pos()
				}
				return true
			})
			if site.IsValid() {
				return site
			}
		}
	}
	return token.NoPos
}

// mono is one package's monomorphisation.
type mono struct {
	f    *folder
	info *types.Info
	home *srcFile // the file the copies go in

	names   map[string]string // instance key → its concrete declaration's name
	display map[string]string // concrete type's name → the instance's, as %T prints it
	queue   []instance        // instances named but not yet written out
	imports map[string]string // import path → its name in home
	// existing are the imports home has already.
	existing map[string]bool
	decls    strings.Builder
	// copies are the spans of decls holding copied function bodies.
	copies []copySpan
	// copying is set while generic declarations are written out into
	// home (see write), after the uses in place are replaced.
	copying bool
}

// copySpan is a span of a file holding a function body written out from
// generic code, with where that code comes from: a panic in it names the
// generic declaration's line, in its own file, not a line past the end of
// the file using the instance.
type copySpan struct {
	file     string // the file the copy is in (its name in the folder)
	from, to int    // the copy's byte offsets in it
	origin   string // the generic declaration's file, on disk
	line     int    // the line of from in origin
}

// instance is one instantiation of a generic function or type.
type instance struct {
	origin types.Object // the generic *types.Func or *types.TypeName
	args   []types.Type
	name   string
}

// errNotCopyable says an instance cannot be written out in the package.
var errNotCopyable = errors.New("not copyable")

func notCopyable(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{errNotCopyable}, args...)...)
}

// run rewrites the instances of the folder's files and returns the new
// sources of every file, or nil when nothing is instantiated.
func (m *mono) run() (map[string][]byte, error) {
	fileEdits := make(map[*srcFile]*edits)
	for _, sf := range m.f.files {
		eds := &edits{}
		// The file is the home of the copies if it is the first to use
		// an instance: a generic alias's is written out in place, and
		// may name a package the home file imports (see importName).
		first := m.home == nil
		if first {
			m.home = sf
		}
		for _, n := range nonGenericDecls(sf.syntax) {
			if err := m.replaceUses(sf, n, eds); err != nil {
				return nil, err
			}
		}
		if len(*eds) > 0 {
			fileEdits[sf] = eds
		} else if first {
			m.home = nil
		}
	}
	if m.home == nil {
		return nil, nil
	}
	for len(m.queue) > 0 {
		in := m.queue[0]
		m.queue = m.queue[1:]
		if err := m.write(in); err != nil {
			return nil, err
		}
	}
	if err := m.crossPackageValues(); err != nil {
		return nil, err
	}
	srcs := make(map[string][]byte, len(m.f.files))
	for _, sf := range m.f.files {
		eds := fileEdits[sf]
		if eds == nil {
			eds = &edits{}
		}
		m.dropGenericDecls(sf, eds)
		if sf == m.home {
			eds.insert(int(sf.syntax.Name.End()-sf.syntax.FileStart), m.importClause())
			eds.insert(len(sf.src), "\n"+m.decls.String())
		}
		srcs[sf.name] = eds.apply(sf.src)
		if sf == m.home {
			// The copies end the file: their offsets in it follow.
			start := len(srcs[sf.name]) - m.decls.Len()
			for i := range m.copies {
				c := &m.copies[i]
				c.file, c.from, c.to = sf.name, start+c.from, start+c.to
			}
		}
	}
	return srcs, nil
}

// importClause returns the imports the copies need, to follow the package
// clause on its line.
func (m *mono) importClause() string {
	paths := make([]string, 0, len(m.imports))
	for p := range m.imports {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	var b strings.Builder
	for _, p := range paths {
		if !m.existing[p] {
			fmt.Fprintf(&b, "; import %s %s", m.imports[p], strconv.Quote(p))
		}
	}
	return b.String()
}

// nonGenericDecls returns the declarations of file other than generic
// functions, methods of generic types and generic types, which stay as
// written (unused once their instances are copied).
func nonGenericDecls(file *ast.File) []ast.Node {
	var out []ast.Node
	for _, d := range file.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.TYPE {
			if !isGenericDecl(d) {
				out = append(out, d)
			}
			continue
		}
		for _, s := range gd.Specs {
			if ts := s.(*ast.TypeSpec); ts.TypeParams == nil {
				out = append(out, ts)
			}
		}
	}
	return out
}

// isGenericDecl reports whether d declares a generic function or a method
// of a generic type.
func isGenericDecl(d ast.Decl) bool {
	fd, ok := d.(*ast.FuncDecl)
	if !ok {
		return false
	}
	if fd.Type.TypeParams != nil {
		return true
	}
	if fd.Recv != nil && len(fd.Recv.List) == 1 {
		t := fd.Recv.List[0].Type
		if st, ok := t.(*ast.StarExpr); ok {
			t = st.X
		}
		switch t.(type) {
		case *ast.IndexExpr, *ast.IndexListExpr:
			return true
		}
	}
	return false
}

// crossPackageValues refuses the package when a value of an instance it
// has copied can come from another package (store.Users of type
// *cache.Cache[string, User], which store writes out on its own, beside a
// cache.New[string, User]() of the package's): the two copies would be
// two types. A value of an instance the package has not copied (it only
// calls store.Users's methods) is the other package's copy's, which the
// interpreter runs as it is.
func (m *mono) crossPackageValues() error {
	// Fields and methods of an instance come along with its copy.
	members := make(map[*ast.Ident]bool)
	for sel, s := range m.info.Selections {
		t := s.Recv()
		if p, ok := types.Unalias(t).(*types.Pointer); ok {
			t = p.Elem()
		}
		if n, ok := types.Unalias(t).(*types.Named); ok && n.TypeArgs().Len() > 0 && m.copyable(n.Origin().Obj()) {
			members[sel.Sel] = true
		}
	}
	for id, obj := range m.info.Uses {
		if obj.Pkg() == nil || obj.Pkg() == m.f.pkg || members[id] {
			continue
		}
		if v, ok := obj.(*types.Var); ok && v.IsField() {
			continue // a field of a type of the package: its copy has the field
		}
		if _, ok := obj.(*types.PkgName); ok {
			continue
		}
		if tn, ok := obj.(*types.TypeName); ok && isGenericType(tn) {
			continue
		}
		if fn, ok := obj.(*types.Func); ok && fn.Signature().TypeParams().Len() > 0 {
			continue
		}
		if m.mentionsCopied(obj.Type(), 0) {
			return notCopyable("%s of another package has an instance's type", id.Name)
		}
	}
	return nil
}

// mentionsCopied reports whether t is, or is made of, an instance this
// step has written out.
func (m *mono) mentionsCopied(t types.Type, depth int) bool {
	if depth > 10 {
		return false
	}
	switch t := types.Unalias(t).(type) {
	case *types.Named:
		if t.TypeArgs().Len() > 0 && m.copyable(t.Origin().Obj()) {
			if _, copied := m.names[instanceKey(t.Origin().Obj(), slices.Collect(t.TypeArgs().Types()))]; copied {
				return true
			}
		}
		// Its type arguments may be instances too.
		for a := range t.TypeArgs().Types() {
			if m.mentionsCopied(a, depth+1) {
				return true
			}
		}
	case *types.Pointer:
		return m.mentionsCopied(t.Elem(), depth+1)
	case *types.Slice:
		return m.mentionsCopied(t.Elem(), depth+1)
	case *types.Array:
		return m.mentionsCopied(t.Elem(), depth+1)
	case *types.Chan:
		return m.mentionsCopied(t.Elem(), depth+1)
	case *types.Map:
		return m.mentionsCopied(t.Key(), depth+1) || m.mentionsCopied(t.Elem(), depth+1)
	case *types.Signature:
		for _, tup := range []*types.Tuple{t.Params(), t.Results()} {
			for v := range tup.Variables() {
				if m.mentionsCopied(v.Type(), depth+1) {
					return true
				}
			}
		}
	case *types.Struct:
		for v := range t.Fields() {
			if m.mentionsCopied(v.Type(), depth+1) {
				return true
			}
		}
	}
	return false
}

// isGenericType reports whether tn declares a generic type or a generic
// alias (not an instance).
func isGenericType(tn *types.TypeName) bool {
	if a, ok := tn.Type().(*types.Alias); ok && tn.IsAlias() {
		return a.TypeParams().Len() > 0 && a.TypeArgs().Len() == 0 // a generic alias
	}
	n, ok := tn.Type().(*types.Named)
	return ok && n.TypeParams().Len() > 0 && n.TypeArgs().Len() == 0
}

// copyable reports whether obj, a generic function or type, is one this
// step writes out: declared at package level in source the rewrite reads
// (the package itself, or one checked from its folder).
func (m *mono) copyable(obj types.Object) bool {
	if obj == nil || obj.Pkg() == nil || obj.Parent() != obj.Pkg().Scope() {
		return false
	}
	return m.source(obj.Pkg()) != nil
}

// source returns the checked source of pkg: the folder itself or a
// package of the user's module or build list.
func (m *mono) source(pkg *types.Package) *checkedSource {
	if pkg == m.f.pkg {
		return &checkedSource{folder: m.f, pkg: m.f.pkg, info: m.info}
	}
	if m.f.importer == nil {
		return nil
	}
	return m.f.importer.source(pkg.Path())
}

// replaceUses records, in eds, the instances in d (of sf, a file of the
// folder) replaced by their concrete declarations' names.
func (m *mono) replaceUses(sf *srcFile, d ast.Node, eds *edits) error {
	env := map[*types.TypeParam]types.Type{}
	return m.substitute(m.source(m.f.pkg), sf, d, env, eds)
}

// substitute records, in eds, the edits that make node (of sf, in the
// package cs) concrete code of the folder: instances become their
// concrete declarations, type parameters their arguments (env), and names
// of other packages are qualified.
func (m *mono) substitute(cs *checkedSource, sf *srcFile, node ast.Node, env map[*types.TypeParam]types.Type, eds *edits) error {
	var err error
	fail := func(e error) bool {
		if err == nil {
			err = e
		}
		return false
	}
	off := func(p token.Pos) int { return cs.folder.offset(p) }
	replace := func(n ast.Node, text string) {
		*eds = append(*eds, edit{off: off(n.Pos()), end: off(n.End()), text: text})
	}
	// converted are the instances and type parameters converting a value
	// (Fn[int](f), PT(&v)): one written out as a type literal is
	// parenthesised there, and only there (yaegi fails on var p (*int)).
	converted := make(map[ast.Node]bool)
	ast.Inspect(node, func(n ast.Node) bool {
		if err != nil {
			return false
		}
		switch n := n.(type) {
		case *ast.CallExpr:
			if len(n.Args) == 1 {
				converted[ast.Unparen(n.Fun)] = true
			}
		case *ast.Field:
			if len(n.Names) == 0 {
				t := n.Type
				if st, ok := t.(*ast.StarExpr); ok {
					t = st.X
				}
				if m.instanceOf(cs, t) != nil {
					return fail(notCopyable("an instance embedded as a field"))
				}
			}
		case *ast.IndexExpr, *ast.IndexListExpr:
			var x ast.Expr
			if ix, ok := n.(*ast.IndexExpr); ok {
				x = ix.X
			} else {
				x = n.(*ast.IndexListExpr).X
			}
			if id := m.instanceOf(cs, x); id != nil {
				name, e := m.instanceName(cs, id, env)
				if e != nil {
					return fail(e)
				}
				if converted[n] && typeLiteralOperator(name) {
					name = "(" + name + ")"
				}
				if name != "" {
					replace(n, name)
					return false
				}
			}
		case *ast.SelectorExpr:
			if id, ok := n.X.(*ast.Ident); ok {
				if pn, ok := cs.info.Uses[id].(*types.PkgName); ok {
					if _, isInst := cs.info.Instances[n.Sel]; isInst {
						name, e := m.instanceName(cs, n.Sel, env)
						if e != nil {
							return fail(e)
						}
						if name != "" {
							replace(n, name)
							return false
						}
					}
					// A copy goes in home, whose imports are not those of
					// the generic declaration's file, even in the same
					// package (yaegi's imports are the file's).
					if cs.pkg != m.f.pkg || m.copying {
						replace(id, m.importName(pn.Imported().Path(), pn.Imported().Name()))
					}
					return false
				}
			}
			if sel := cs.info.Selections[n]; sel != nil && cs.pkg != m.f.pkg && !sel.Obj().Exported() && !m.ownField(cs, sel) {
				return fail(notCopyable("%s reads the unexported %s", cs.pkg.Path(), sel.Obj().Name()))
			}
			if err := m.substitute(cs, sf, n.X, env, eds); err != nil {
				return fail(err)
			}
			if v, ok := cs.info.Uses[n.Sel].(*types.Var); ok {
				name, e := m.embeddedName(v, env)
				if e != nil {
					return fail(e)
				}
				if name != "" {
					replace(n.Sel, name)
				}
			}
			return false
		case *ast.KeyValueExpr:
			// A field of a composite literal: an embedded instance is
			// named as written out.
			if id, ok := n.Key.(*ast.Ident); ok {
				if v, ok := cs.info.Uses[id].(*types.Var); ok {
					name, e := m.embeddedName(v, env)
					if e != nil {
						return fail(e)
					}
					if name != "" {
						replace(id, name)
					}
				}
			}
		case *ast.Ident:
			if _, isInst := cs.info.Instances[n]; isInst {
				name, e := m.instanceName(cs, n, env)
				if e != nil {
					return fail(e)
				}
				if name != "" {
					replace(n, name)
				}
				return false
			}
			if shadowable[n.Name] && cs.pkg != m.f.pkg && shadowsLocally(cs.info.ObjectOf(n), cs.pkg) {
				// Renamed in the folder's own code before this step
				// (see renameShadowedPredeclared), not in another
				// package's source read as written.
				replace(n, shadowedName(n.Name))
				return false
			}
			obj := cs.info.Uses[n]
			if obj == nil {
				return false
			}
			if tn, ok := obj.(*types.TypeName); ok {
				if tp, ok := tn.Type().(*types.TypeParam); ok {
					arg := env[tp]
					if arg == nil {
						return fail(notCopyable("type parameter %s without an argument", n.Name))
					}
					text, e := m.typeExpr(arg)
					if e != nil {
						return fail(e)
					}
					if converted[n] && typeLiteralOperator(text) {
						text = "(" + text + ")" // PT(&v), PT a *T
					}
					replace(n, text)
					return false
				}
			}
			if cs.pkg == m.f.pkg || obj.Pkg() != cs.pkg || obj.Parent() != cs.pkg.Scope() {
				return false
			}
			pkg := m.importName(cs.pkg.Path(), cs.pkg.Name())
			switch {
			case obj.Exported():
				replace(n, pkg+"."+n.Name)
			case !exportable(cs.pkg, obj):
				return fail(notCopyable("%s uses its unexported %s", cs.pkg.Path(), n.Name))
			case isVar(obj):
				// The package's genericExports pass hands out its address.
				t, e := m.typeExpr(obj.Type())
				if e != nil {
					return fail(e)
				}
				replace(n, "(*"+pkg+"."+exportPrefix+n.Name+"().(*"+t+"))")
			default:
				replace(n, pkg+"."+exportPrefix+n.Name)
			}
		}
		return true
	})
	return err
}

// shadowsLocally reports whether obj, of package pkg, is a variable,
// constant or function declared inside a function of pkg.
func shadowsLocally(obj types.Object, pkg *types.Package) bool {
	if obj == nil || obj.Pkg() != pkg || obj.Parent() == nil || obj.Parent() == pkg.Scope() || obj.Parent() == types.Universe {
		return false
	}
	switch obj := obj.(type) {
	case *types.Var:
		return !obj.IsField()
	case *types.Const:
		return true
	}
	return false
}

func isVar(obj types.Object) bool {
	_, ok := obj.(*types.Var)
	return ok
}

// ownField reports whether sel selects a field or method of an instance of
// a generic type of cs, which comes along with its copy.
func (m *mono) ownField(cs *checkedSource, sel *types.Selection) bool {
	t := sel.Recv()
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	if tp, ok := types.Unalias(t).(*types.TypeParam); ok {
		_ = tp
		return false
	}
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.TypeParams().Len() > 0 && n.Obj().Pkg() == cs.pkg && len(sel.Index()) == 1
}

// instanceOf returns the identifier of x (an identifier or a qualified
// one) when cs records it as an instance, or nil.
func (m *mono) instanceOf(cs *checkedSource, x ast.Expr) *ast.Ident {
	var id *ast.Ident
	switch x := x.(type) {
	case *ast.Ident:
		id = x
	case *ast.SelectorExpr:
		id = x.Sel
	}
	if id == nil {
		return nil
	}
	if _, ok := cs.info.Instances[id]; !ok {
		return nil
	}
	return id
}

// instanceName returns the name of the concrete declaration of the
// instance id of cs, with its type arguments made concrete by env, or ""
// when it is not one this step writes out (the generic standard library).
func (m *mono) instanceName(cs *checkedSource, id *ast.Ident, env map[*types.TypeParam]types.Type) (string, error) {
	inst := cs.info.Instances[id]
	obj := cs.info.Uses[id]
	if obj == nil {
		return "", nil // a declaration
	}
	origin := originOf(obj)
	if !m.copyable(origin) {
		return "", nil
	}
	if tn, ok := origin.(*types.TypeName); ok && tn.IsAlias() {
		// An instance of a generic alias (type Twin[T any] = Pair[T, T])
		// is the type it stands for, written out as any other.
		t, err := substType(inst.Type, env, 0)
		if err != nil {
			return "", err
		}
		if len(env) == 0 && cs.pkg == m.f.pkg && hasTypeParamDeep(t, 0) {
			return "", nil // inside a generic declaration left as written
		}
		return m.typeExpr(t)
	}
	args := make([]types.Type, inst.TypeArgs.Len())
	for i := range args {
		a, err := substType(inst.TypeArgs.At(i), env, 0)
		if err != nil {
			return "", err
		}
		args[i] = a
	}
	if len(env) == 0 && cs.pkg == m.f.pkg {
		for _, a := range args {
			if hasTypeParamDeep(a, 0) {
				return "", nil // inside a generic declaration left as written
			}
		}
	}
	return m.name(origin, args), nil
}

// embeddedName returns the name of the field v when it is an embedded
// instance of generic code written out as concrete code: the field takes
// the name of the concrete type (l.Page.Items → l._dsgPage_1a2b3c4d.Items),
// or "" for another field.
func (m *mono) embeddedName(v *types.Var, env map[*types.TypeParam]types.Type) (string, error) {
	if !v.IsField() || !v.Embedded() {
		return "", nil
	}
	t := types.Unalias(v.Type())
	if p, ok := t.(*types.Pointer); ok {
		t = types.Unalias(p.Elem())
	}
	n, ok := t.(*types.Named)
	if !ok || n.TypeArgs().Len() == 0 || !m.copyable(n.Origin().Obj()) {
		return "", nil
	}
	args := make([]types.Type, n.TypeArgs().Len())
	for i := range args {
		a, err := substType(n.TypeArgs().At(i), env, 0)
		if err != nil {
			return "", err
		}
		if hasTypeParamDeep(a, 0) {
			return "", nil // inside a generic declaration left as written
		}
		args[i] = a
	}
	return m.name(n.Origin().Obj(), args), nil
}

// originOf returns the generic declaration obj instantiates.
func originOf(obj types.Object) types.Object {
	switch o := obj.(type) {
	case *types.Func:
		return o.Origin()
	case *types.TypeName:
		if n, ok := o.Type().(*types.Named); ok {
			return n.Origin().Obj()
		}
	}
	return obj
}

// name returns the name of the concrete declaration of origin[args],
// queueing it to be written out the first time.
func (m *mono) name(origin types.Object, args []types.Type) string {
	key := instanceKey(origin, args)
	if n, ok := m.names[key]; ok {
		return n
	}
	h := fnv.New32a()
	h.Write([]byte(key))
	n := fmt.Sprintf("_dsg%s_%08x", origin.Name(), h.Sum32())
	m.names[key] = n
	if _, isType := origin.(*types.TypeName); isType {
		// As the compiler names an instance: its package's name, and the
		// paths of the packages of its type arguments.
		var d strings.Builder
		d.WriteString(origin.Pkg().Name() + "." + origin.Name() + "[")
		for i, a := range args {
			if i > 0 {
				d.WriteString(",")
			}
			d.WriteString(types.TypeString(a, func(p *types.Package) string { return p.Path() }))
		}
		d.WriteString("]")
		m.display[n] = d.String()
	}
	m.queue = append(m.queue, instance{origin: origin, args: args, name: n})
	return n
}

// instanceKey identifies the instance of origin with args among a
// package's copies.
func instanceKey(origin types.Object, args []types.Type) string {
	var key strings.Builder
	key.WriteString(origin.Pkg().Path() + "." + origin.Name() + "[")
	for i, a := range args {
		if i > 0 {
			key.WriteString(",")
		}
		key.WriteString(types.TypeString(a, nil))
	}
	key.WriteString("]")
	return key.String()
}

// importName returns the name the copies use for the package path: the
// home file's own import of it, or its own name when the file's scope
// leaves it free (yaegi resolves the generic standard library, compiled
// from source, under its own name only), or an alias; the home file
// imports it.
func (m *mono) importName(path, name string) string {
	if n, ok := m.imports[path]; ok {
		return n
	}
	n := ""
	for _, imp := range m.home.syntax.Imports {
		if p, err := strconv.Unquote(imp.Path.Value); err == nil && p == path {
			if imp.Name == nil {
				n = name
			} else if imp.Name.Name != "_" && imp.Name.Name != "." {
				n = imp.Name.Name
			}
		}
	}
	if n != "" {
		m.imports[path] = n
		m.existing[path] = true
		return n
	}
	n = name
	if m.taken(name) {
		n = fmt.Sprintf("_dsgi%d", len(m.imports))
	}
	m.imports[path] = n
	return n
}

// taken reports whether name is declared in the package's scope or
// imported under it by the home file.
func (m *mono) taken(name string) bool {
	if m.f.pkg.Scope().Lookup(name) != nil {
		return true
	}
	for p, n := range m.imports {
		if n == name && !m.existing[p] {
			return true
		}
	}
	for _, imp := range m.home.syntax.Imports {
		n := ""
		if imp.Name != nil {
			n = imp.Name.Name
		} else if p, err := strconv.Unquote(imp.Path.Value); err == nil {
			n = p[strings.LastIndexByte(p, '/')+1:]
		}
		if n == name {
			return true
		}
	}
	return false
}

// write appends the concrete declaration of in (and, for a type, of its
// methods) to the copies.
func (m *mono) write(in instance) error {
	m.copying = true
	cs := m.source(in.origin.Pkg())
	if cs == nil {
		return notCopyable("no source for %s", in.origin.Pkg().Path())
	}
	switch o := in.origin.(type) {
	case *types.Func:
		sig := o.Signature()
		env := envOf(sig.TypeParams(), in.args)
		sf, fd := findFunc(cs, o)
		if fd == nil || fd.Body == nil {
			return notCopyable("no body for %s", o.Name())
		}
		return m.writeFunc(cs, sf, fd, env, in.name, nil)
	case *types.TypeName:
		named, ok := o.Type().(*types.Named)
		if !ok {
			return notCopyable("generic alias %s", o.Name())
		}
		sf, spec := findType(cs, o)
		if spec == nil || spec.Assign.IsValid() {
			return notCopyable("no declaration for %s", o.Name())
		}
		env := envOf(named.TypeParams(), in.args)
		eds := &edits{}
		if err := m.substitute(cs, sf, spec.Type, env, eds); err != nil {
			return err
		}
		m.decls.WriteString("type " + in.name + " " + m.excerpt(cs, sf, spec.Type, *eds) + "\n")
		for _, fsf := range cs.folder.files {
			for _, d := range fsf.syntax.Decls {
				fd, ok := d.(*ast.FuncDecl)
				if !ok || fd.Recv == nil || fd.Body == nil || len(fd.Recv.List) != 1 {
					continue
				}
				recv, params := receiverBase(fd.Recv.List[0].Type)
				if recv == nil || cs.info.Uses[recv] != o {
					continue
				}
				menv := map[*types.TypeParam]types.Type{}
				for i, p := range params {
					tp, ok := cs.info.Defs[p].(*types.TypeName)
					if !ok || i >= len(in.args) {
						continue
					}
					if tpt, ok := tp.Type().(*types.TypeParam); ok {
						menv[tpt] = in.args[i]
					}
				}
				if err := m.writeFunc(cs, fsf, fd, menv, fd.Name.Name, &in); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// writeFunc appends fd (of sf, in cs) made concrete by env under name; a
// method gets the receiver type of recv.
func (m *mono) writeFunc(cs *checkedSource, sf *srcFile, fd *ast.FuncDecl, env map[*types.TypeParam]types.Type, name string, recv *instance) error {
	eds := &edits{}
	var b strings.Builder
	b.WriteString("func ")
	if recv != nil {
		field := fd.Recv.List[0]
		b.WriteString("(")
		if len(field.Names) > 0 {
			b.WriteString(field.Names[0].Name + " ")
		}
		if _, ok := field.Type.(*ast.StarExpr); ok {
			b.WriteString("*")
		}
		b.WriteString(recv.name + ") ")
	}
	b.WriteString(name)
	if err := m.substitute(cs, sf, fd.Type.Params, env, eds); err != nil {
		return err
	}
	b.WriteString(m.excerpt(cs, sf, fd.Type.Params, *eds))
	if fd.Type.Results != nil {
		eds = &edits{}
		if err := m.substitute(cs, sf, fd.Type.Results, env, eds); err != nil {
			return err
		}
		b.WriteString(" " + m.excerpt(cs, sf, fd.Type.Results, *eds))
	}
	eds = &edits{}
	if err := m.substitute(cs, sf, fd.Body, env, eds); err != nil {
		return err
	}
	body := m.excerpt(cs, sf, fd.Body, *eds)
	b.WriteString(" ")
	from := m.decls.Len() + b.Len()
	m.copies = append(m.copies, copySpan{from: from, to: from + len(body), origin: filepath.Join(cs.folder.dir, sf.name), line: cs.folder.position(fd.Body.Pos()).Line})
	b.WriteString(body + "\n")
	m.decls.WriteString(b.String())
	return nil
}

// excerpt returns the source of node (of sf, in cs) with eds applied;
// edits are at offsets of the whole file.
func (m *mono) excerpt(cs *checkedSource, sf *srcFile, node ast.Node, eds edits) string {
	start, end := cs.folder.offset(node.Pos()), cs.folder.offset(node.End())
	local := make(edits, 0, len(eds))
	for _, e := range eds {
		if e.off >= start && e.end <= end {
			local = append(local, edit{off: e.off - start, end: e.end - start, text: e.text})
		}
	}
	return string(local.apply(sf.src[start:end:end]))
}

// receiverBase returns the type name of a method's receiver and its type
// parameters.
func receiverBase(t ast.Expr) (*ast.Ident, []*ast.Ident) {
	if st, ok := t.(*ast.StarExpr); ok {
		t = st.X
	}
	var params []ast.Expr
	switch x := t.(type) {
	case *ast.IndexExpr:
		t, params = x.X, []ast.Expr{x.Index}
	case *ast.IndexListExpr:
		t, params = x.X, x.Indices
	default:
		return nil, nil
	}
	id, ok := t.(*ast.Ident)
	if !ok {
		return nil, nil
	}
	var ids []*ast.Ident
	for _, p := range params {
		pid, ok := p.(*ast.Ident)
		if !ok {
			return nil, nil
		}
		ids = append(ids, pid)
	}
	return id, ids
}

func envOf(params *types.TypeParamList, args []types.Type) map[*types.TypeParam]types.Type {
	env := make(map[*types.TypeParam]types.Type, len(args))
	for i := 0; i < params.Len() && i < len(args); i++ {
		env[params.At(i)] = args[i]
	}
	return env
}

// findFunc returns the declaration of the package-level function fn of cs.
func findFunc(cs *checkedSource, fn *types.Func) (*srcFile, *ast.FuncDecl) {
	for _, sf := range cs.folder.files {
		for _, d := range sf.syntax.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && cs.info.Defs[fd.Name] == fn {
				return sf, fd
			}
		}
	}
	return nil, nil
}

// findType returns the declaration of the package-level type tn of cs.
func findType(cs *checkedSource, tn *types.TypeName) (*srcFile, *ast.TypeSpec) {
	for _, sf := range cs.folder.files {
		for _, d := range sf.syntax.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.TYPE {
				continue
			}
			for _, s := range gd.Specs {
				if ts := s.(*ast.TypeSpec); cs.info.Defs[ts.Name] == tn {
					return sf, ts
				}
			}
		}
	}
	return nil, nil
}

// substType returns t with the type parameters of env replaced by their
// arguments.
func substType(t types.Type, env map[*types.TypeParam]types.Type, depth int) (types.Type, error) {
	if depth > 20 {
		return nil, notCopyable("type too deep")
	}
	sub := func(t types.Type) (types.Type, error) { return substType(t, env, depth+1) }
	switch t := t.(type) {
	case *types.TypeParam:
		if a := env[t]; a != nil {
			return a, nil
		}
		return t, nil
	case *types.Alias:
		return sub(types.Unalias(t))
	case *types.Basic:
		return t, nil
	case *types.Named:
		if t.TypeArgs().Len() == 0 {
			return t, nil
		}
		args := make([]types.Type, t.TypeArgs().Len())
		for i := range args {
			a, err := sub(t.TypeArgs().At(i))
			if err != nil {
				return nil, err
			}
			args[i] = a
		}
		return types.Instantiate(nil, t.Origin(), args, false)
	case *types.Pointer:
		e, err := sub(t.Elem())
		if err != nil {
			return nil, err
		}
		return types.NewPointer(e), nil
	case *types.Slice:
		e, err := sub(t.Elem())
		if err != nil {
			return nil, err
		}
		return types.NewSlice(e), nil
	case *types.Array:
		e, err := sub(t.Elem())
		if err != nil {
			return nil, err
		}
		return types.NewArray(e, t.Len()), nil
	case *types.Chan:
		e, err := sub(t.Elem())
		if err != nil {
			return nil, err
		}
		return types.NewChan(t.Dir(), e), nil
	case *types.Map:
		k, err := sub(t.Key())
		if err != nil {
			return nil, err
		}
		e, err := sub(t.Elem())
		if err != nil {
			return nil, err
		}
		return types.NewMap(k, e), nil
	case *types.Signature:
		params, err := substTuple(t.Params(), env, depth)
		if err != nil {
			return nil, err
		}
		results, err := substTuple(t.Results(), env, depth)
		if err != nil {
			return nil, err
		}
		return types.NewSignatureType(nil, nil, nil, params, results, t.Variadic()), nil
	case *types.Struct:
		fields := make([]*types.Var, t.NumFields())
		tags := make([]string, t.NumFields())
		for i := range fields {
			f := t.Field(i)
			ft, err := sub(f.Type())
			if err != nil {
				return nil, err
			}
			fields[i] = types.NewField(f.Pos(), f.Pkg(), f.Name(), ft, f.Embedded())
			tags[i] = t.Tag(i)
		}
		return types.NewStruct(fields, tags), nil
	case *types.Interface:
		if hasTypeParamDeep(t, depth) {
			return nil, notCopyable("an interface of type parameters")
		}
		return t, nil
	}
	return nil, notCopyable("type %s", t)
}

func substTuple(tup *types.Tuple, env map[*types.TypeParam]types.Type, depth int) (*types.Tuple, error) {
	vars := make([]*types.Var, tup.Len())
	for i := range vars {
		v := tup.At(i)
		t, err := substType(v.Type(), env, depth+1)
		if err != nil {
			return nil, err
		}
		vars[i] = types.NewParam(v.Pos(), v.Pkg(), v.Name(), t)
	}
	return types.NewTuple(vars...), nil
}

// hasTypeParamDeep reports whether t mentions a type parameter anywhere
// (in signatures, struct fields and interfaces too), depth levels down.
func hasTypeParamDeep(t types.Type, depth int) bool {
	if depth > 20 {
		return true
	}
	switch t := t.(type) {
	case *types.TypeParam:
		return true
	case *types.Alias:
		return hasTypeParamDeep(types.Unalias(t), depth+1)
	case *types.Named:
		for a := range t.TypeArgs().Types() {
			if hasTypeParamDeep(a, depth+1) {
				return true
			}
		}
	case *types.Pointer:
		return hasTypeParamDeep(t.Elem(), depth+1)
	case *types.Slice:
		return hasTypeParamDeep(t.Elem(), depth+1)
	case *types.Array:
		return hasTypeParamDeep(t.Elem(), depth+1)
	case *types.Chan:
		return hasTypeParamDeep(t.Elem(), depth+1)
	case *types.Map:
		return hasTypeParamDeep(t.Key(), depth+1) || hasTypeParamDeep(t.Elem(), depth+1)
	case *types.Signature:
		for _, tup := range []*types.Tuple{t.Params(), t.Results()} {
			for v := range tup.Variables() {
				if hasTypeParamDeep(v.Type(), depth+1) {
					return true
				}
			}
		}
	case *types.Struct:
		for f := range t.Fields() {
			if hasTypeParamDeep(f.Type(), depth+1) {
				return true
			}
		}
	case *types.Interface:
		for i := range t.NumEmbeddeds() {
			if hasTypeParamDeep(t.EmbeddedType(i), depth+1) {
				return true
			}
		}
		for f := range t.Methods() {
			if hasTypeParamDeep(f.Type(), depth+1) {
				return true
			}
		}
	}
	return false
}

// typeExpr returns the source of the concrete type t in the folder.
func (m *mono) typeExpr(t types.Type) (string, error) {
	switch t := t.(type) {
	case *types.Alias:
		if obj := t.Obj(); obj.Pkg() == nil {
			return obj.Name(), nil // any
		}
		return m.typeExpr(types.Unalias(t))
	case *types.Basic:
		return t.Name(), nil
	case *types.Named:
		obj := t.Obj()
		if t.TypeArgs().Len() > 0 {
			origin := t.Origin().Obj()
			if m.copyable(origin) {
				return m.name(origin, slicesOf(t.TypeArgs())), nil
			}
			// An instance yaegi makes (iter.Seq[int]) or a pass rewrites
			// (atomic.Pointer[Config]): written as it is.
			args := make([]string, t.TypeArgs().Len())
			for i := range args {
				a, err := m.typeExpr(t.TypeArgs().At(i))
				if err != nil {
					return "", err
				}
				args[i] = a
			}
			base := origin.Name()
			if origin.Pkg() != m.f.pkg {
				base = m.importName(origin.Pkg().Path(), origin.Pkg().Name()) + "." + base
			}
			return base + "[" + strings.Join(args, ", ") + "]", nil
		}
		if obj.Pkg() == nil {
			return obj.Name(), nil // error, comparable
		}
		if obj.Parent() != obj.Pkg().Scope() {
			return "", notCopyable("a type declared inside a function (%s)", obj.Name())
		}
		if obj.Pkg() == m.f.pkg {
			return obj.Name(), nil
		}
		if !obj.Exported() {
			return "", notCopyable("the unexported type %s.%s", obj.Pkg().Path(), obj.Name())
		}
		return m.importName(obj.Pkg().Path(), obj.Pkg().Name()) + "." + obj.Name(), nil
	case *types.Pointer:
		e, err := m.typeExpr(t.Elem())
		return "*" + e, err
	case *types.Slice:
		e, err := m.typeExpr(t.Elem())
		return "[]" + e, err
	case *types.Array:
		e, err := m.typeExpr(t.Elem())
		return fmt.Sprintf("[%d]%s", t.Len(), e), err
	case *types.Map:
		k, err := m.typeExpr(t.Key())
		if err != nil {
			return "", err
		}
		e, err := m.typeExpr(t.Elem())
		return "map[" + k + "]" + e, err
	case *types.Chan:
		e, err := m.typeExpr(t.Elem())
		switch t.Dir() {
		case types.SendOnly:
			return "chan<- " + e, err
		case types.RecvOnly:
			return "<-chan " + e, err
		}
		return "chan " + e, err
	case *types.Signature:
		return m.signatureExpr(t)
	case *types.Struct:
		var b strings.Builder
		b.WriteString("struct{")
		for i := range t.NumFields() {
			f := t.Field(i)
			if !f.Exported() && f.Pkg() != m.f.pkg {
				return "", notCopyable("a struct with unexported fields of another package")
			}
			ft, err := m.typeExpr(f.Type())
			if err != nil {
				return "", err
			}
			if i > 0 {
				b.WriteString("; ")
			}
			if !f.Embedded() {
				b.WriteString(f.Name() + " ")
			}
			b.WriteString(ft)
			if tag := t.Tag(i); tag != "" {
				b.WriteString(" " + strconv.Quote(tag))
			}
		}
		b.WriteString("}")
		return b.String(), nil
	case *types.Interface:
		if t.Empty() {
			return "interface{}", nil
		}
	}
	return "", notCopyable("the type %s", t)
}

func (m *mono) signatureExpr(sig *types.Signature) (string, error) {
	tuple := func(tup *types.Tuple, variadic bool) (string, error) {
		parts := make([]string, tup.Len())
		for i := range parts {
			t := tup.At(i).Type()
			prefix := ""
			if variadic && i == tup.Len()-1 {
				t, prefix = t.(*types.Slice).Elem(), "..."
			}
			s, err := m.typeExpr(t)
			if err != nil {
				return "", err
			}
			parts[i] = prefix + s
		}
		return strings.Join(parts, ", "), nil
	}
	params, err := tuple(sig.Params(), sig.Variadic())
	if err != nil {
		return "", err
	}
	results, err := tuple(sig.Results(), false)
	if err != nil {
		return "", err
	}
	switch sig.Results().Len() {
	case 0:
		return "func(" + params + ")", nil
	case 1:
		return "func(" + params + ") " + results, nil
	}
	return "func(" + params + ") (" + results + ")", nil
}

func slicesOf(l *types.TypeList) []types.Type {
	out := make([]types.Type, l.Len())
	for i := range out {
		out[i] = l.At(i)
	}
	return out
}

// dropGenericDecls records, in eds, the removal of the generic
// declarations of sf (functions, types, their methods), keeping their
// lines, when the folder declares a generic alias (type Twin[T any] =
// Pair[T, T]): yaegi fails on such a declaration ("type not found:
// route.Twin[any]"), and on generic code naming one ("constant definition
// loop"). The instances of all of them are written out (an alias's as
// the type it stands for, see instanceName), so the interpreter needs
// none of them.
func (m *mono) dropGenericDecls(sf *srcFile, eds *edits) {
	if !m.declaresGenericAlias() {
		return
	}
	drop := func(from, to token.Pos) {
		off, end := int(from-sf.syntax.FileStart), int(to-sf.syntax.FileStart)
		*eds = append(*eds, edit{off: off, end: end, text: strings.Repeat("\n", strings.Count(string(sf.src[off:end]), "\n"))})
	}
	for _, d := range sf.syntax.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.TYPE {
			if isGenericDecl(d) {
				drop(d.Pos(), d.End())
			}
			continue
		}
		for _, spec := range gd.Specs {
			ts := spec.(*ast.TypeSpec)
			if ts.TypeParams == nil {
				continue
			}
			if !gd.Lparen.IsValid() {
				drop(gd.Pos(), gd.End())
			} else {
				drop(ts.Pos(), ts.End())
			}
		}
	}
}

// declaresGenericAlias reports whether the folder declares a generic
// alias.
func (m *mono) declaresGenericAlias() bool {
	for _, sf := range m.f.files {
		for _, d := range sf.syntax.Decls {
			if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.TYPE {
				for _, spec := range gd.Specs {
					if ts := spec.(*ast.TypeSpec); ts.TypeParams != nil && ts.Assign.IsValid() {
						return true
					}
				}
			}
		}
	}
	return false
}

// typeLiteralOperator reports whether the type expression t needs
// parentheses as the operand of a conversion (*int, func(int) int, chan
// int, <-chan int).
func typeLiteralOperator(t string) bool {
	for _, p := range []string{"*", "<-", "func", "chan"} {
		if strings.HasPrefix(t, p) {
			return true
		}
	}
	return false
}
