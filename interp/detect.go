package interp

import (
	"errors"
	"go/ast"
	"go/token"
	"go/types"
	"sort"
	"strconv"
	"strings"
)

// Some constructs load in the interpreter but run otherwise than the
// compiler runs them (json.Unmarshal skips a route type's UnmarshalJSON,
// an interface holding a typed nil pointer equals nil). With Loader.CompileDiffering, a detector finds each such
// construct in the user's module and the package using it is refused with
// ErrDiffers, so that the dev server runs the routes importing it
// compiled (the compiled tier), where they answer as built.
//
// A detector is one construct: its name for the log and a find function
// over one file. Each lives in a detect_*.go file of its own and adds
// itself to detectors with register, from an init function. find should
// look at the syntax first and ask for types (f.typeInfo(), which type
// checks the package, a cost every reload of it pays) only for a
// candidate.

// DiffersMarker ends the message of a construct a detector found: the
// error of a route refused for it says so after the construct.
const DiffersMarker = ", which the interpreter runs otherwise than the compiler"

// ErrDiffers is wrapped by the error of a route refused because its code
// uses a construct the interpreter runs otherwise than the compiler (see
// Loader.CompileDiffering). It is an ErrNotInterpreted too.
var ErrDiffers = errors.New("runs otherwise in the interpreter")

// A detector finds one construct the interpreter runs otherwise than the
// compiler.
type detector struct {
	// construct names it, as the log says it: "an Error method with a
	// value receiver".
	construct string
	// find returns where sf, a file of f, uses it (nil: nowhere).
	find func(f *folder, sf *srcFile) []token.Pos
}

// detectors are the registered detectors, in the order of their files.
var detectors []detector

// register adds a detector; called from the init function of its file.
func register(construct string, find func(f *folder, sf *srcFile) []token.Pos) {
	detectors = append(detectors, detector{construct: construct, find: find})
}

// detectDiffering is the pass that refuses the files of the user's module
// using a construct a detector finds, when the folder asks for it (its
// routes can run compiled instead). It changes nothing.
func detectDiffering(f *folder) (bool, []diagnostic) {
	if !f.detect || !f.own {
		return false, nil
	}
	var diags []diagnostic
	for _, sf := range f.accepted() {
		generic := genericSpans(sf.syntax)
		for _, d := range detectors {
			if pos := outside(d.find(f, sf), generic); pos.IsValid() {
				diags = append(diags, diagnostic{pos: pos, msg: d.construct + DiffersMarker, refuse: true})
				break // the first is enough to refuse the file
			}
		}
	}
	return false, diags
}

// genericSpans are the generic functions and methods of generic types of
// file. The interpreter never runs their code as written: every package
// instantiating them runs concrete copies made for its instances, which
// the detectors look into, or is refused (see monomorph.go).
func genericSpans(file *ast.File) [][2]token.Pos {
	var out [][2]token.Pos
	for _, d := range file.Decls {
		if isGenericDecl(d) {
			out = append(out, [2]token.Pos{d.Pos(), d.End()})
		}
	}
	return out
}

// outside returns the first of pos not within spans, or token.NoPos.
func outside(pos []token.Pos, spans [][2]token.Pos) token.Pos {
next:
	for _, p := range pos {
		for _, s := range spans {
			if p >= s[0] && p < s[1] {
				continue next
			}
		}
		return p
	}
	return token.NoPos
}

// differs marks err as ErrDiffers (and ErrNotInterpreted) when its text
// says a detector refused the code.
func differs(err error) error {
	if err != nil && strings.Contains(err.Error(), DiffersMarker) {
		return differing{err}
	}
	return err
}

type differing struct{ error }

func (e differing) Unwrap() error { return e.error }

func (e differing) Is(target error) bool { return target == ErrDiffers || target == ErrNotInterpreted }

// Helpers for detectors.

// ownType returns the package-level type declaration named by e (T or
// *T, possibly parenthesised), or nil.
func (f *folder) ownType(e ast.Expr) *ast.TypeSpec {
	for {
		switch x := e.(type) {
		case *ast.ParenExpr:
			e = x.X
			continue
		case *ast.StarExpr:
			e = x.X
			continue
		case *ast.Ident:
			return f.types[x.Name]
		}
		return nil
	}
}

// methods returns the methods the folder declares, by name, with whether
// each has a pointer receiver (true if any of that name has one).
func (f *folder) methods() map[string]bool {
	out := make(map[string]bool)
	for _, sf := range f.files {
		for _, d := range sf.syntax.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv == nil || len(fd.Recv.List) == 0 {
				continue
			}
			_, ptr := fd.Recv.List[0].Type.(*ast.StarExpr)
			out[fd.Name.Name] = out[fd.Name.Name] || ptr
		}
	}
	return out
}

// importName reports whether sf imports path, and under which name.
func (sf *srcFile) importName(path string) (string, bool) {
	for _, imp := range sf.syntax.Imports {
		if p, err := strconv.Unquote(imp.Path.Value); err == nil && p == path {
			if imp.Name != nil {
				return imp.Name.Name, true
			}
			return path[strings.LastIndex(path, "/")+1:], true
		}
	}
	return "", false
}

// calls returns the calls in sf of pkg.fn for each fn of fns, pkg being
// the name sf imports path as.
func (sf *srcFile) calls(path string, fns ...string) []*ast.CallExpr {
	name, ok := sf.importName(path)
	if !ok {
		return nil
	}
	var out []*ast.CallExpr
	ast.Inspect(sf.syntax, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		if sel, ok := call.Fun.(*ast.SelectorExpr); ok {
			if id, ok := sel.X.(*ast.Ident); ok && id.Name == name {
				for _, fn := range fns {
					if sel.Sel.Name == fn {
						out = append(out, call)
					}
				}
			}
		}
		return true
	})
	return out
}

// visibleMethods returns the names of the methods whose receivers the
// folder's code can hold: those it declares (see methods) and those of the
// named types of the packages it imports that the interpreter runs from
// source (see visibleTypes). A value of an imported type reaches compiled
// code from the folder's code as one of its own would, without its
// methods.
func (f *folder) visibleMethods() map[string]bool {
	if f.visible != nil {
		return f.visible
	}
	out := f.methods()
	for _, n := range f.visibleTypes() {
		for i := range n.NumMethods() {
			m := n.Method(i)
			_, ptr := m.Signature().Recv().Type().(*types.Pointer)
			out[m.Name()] = out[m.Name()] || ptr
		}
	}
	f.visible = out
	return out
}

// visibleTypes returns the package-level named types, not generic, of the
// folder and of the packages it imports that the interpreter runs from
// source (the user's other packages, other modules), directly or through
// other such packages; nil when the folder does not type-check.
func (f *folder) visibleTypes() []*types.Named {
	if f.visibleNamed != nil {
		return f.visibleNamed
	}
	all := f.sourceTypes()
	if all == nil {
		return nil
	}
	out := []*types.Named{}
	for _, n := range all {
		if n.TypeParams() == nil {
			out = append(out, n)
		}
	}
	f.visibleNamed = out
	return out
}

// sourceTypes returns the package-level named types, generic ones
// included, of the folder and of the packages of source it imports,
// directly or through other such packages (compiled packages' types keep
// their methods); nil when the folder does not type-check.
func (f *folder) sourceTypes() []*types.Named {
	if f.sourceTypeCache != nil {
		return f.sourceTypeCache
	}
	if f.typeInfo() == nil || f.pkg == nil {
		return nil
	}
	out := []*types.Named{}
	seen := make(map[*types.Package]bool)
	var walk func(p *types.Package)
	walk = func(p *types.Package) {
		seen[p] = true
		scope := p.Scope()
		for _, name := range scope.Names() {
			tn, ok := scope.Lookup(name).(*types.TypeName)
			if !ok || tn.IsAlias() {
				continue
			}
			if n, ok := tn.Type().(*types.Named); ok {
				out = append(out, n)
			}
		}
		for _, imp := range p.Imports() {
			if !seen[imp] && f.importer != nil && f.importer.source(imp.Path()) != nil {
				walk(imp)
			}
		}
	}
	walk(f.pkg)
	f.sourceTypeCache = out
	return out
}

// eachSourceImport calls do with each package of source the folder
// imports, directly or through other such packages, once, before the
// packages it imports in turn, until do returns false.
func (f *folder) eachSourceImport(do func(src *checkedSource) bool) {
	if f.pkg == nil || f.importer == nil {
		return
	}
	seen := map[*types.Package]bool{f.pkg: true}
	stop := false
	var walk func(p *types.Package)
	walk = func(p *types.Package) {
		for _, imp := range p.Imports() {
			if stop || seen[imp] {
				continue
			}
			seen[imp] = true
			if src := f.importer.source(imp.Path()); src != nil {
				stop = !do(src)
				walk(imp)
			}
		}
	}
	walk(f.pkg)
}

// importedLocalTypes returns the named types, not interfaces nor generic,
// declared inside the functions of the packages of source the folder
// imports, directly or through other such packages: a shared package's
// func Summary() any { type summary struct{...}; return summary{...} }
// hands the folder's code values of a type the interpreter builds as it
// builds the folder's own (no name, renamed unexported fields, one
// reflect type for two of the same fields), which no package-level scope
// lists. Empty when the folder does not type-check.
func (f *folder) importedLocalTypes() []*types.Named {
	if f.importedLocal != nil {
		return f.importedLocal
	}
	out := []*types.Named{}
	if f.typeInfo() == nil || f.pkg == nil || f.importer == nil {
		f.importedLocal = out
		return out
	}
	f.eachSourceImport(func(src *checkedSource) bool {
		for _, obj := range src.info.Defs {
			tn, ok := obj.(*types.TypeName)
			if !ok || tn.IsAlias() || tn.Pkg() == nil || tn.Parent() == tn.Pkg().Scope() {
				continue
			}
			if n, ok := tn.Type().(*types.Named); ok && !types.IsInterface(n) && n.TypeParams() == nil {
				out = append(out, n)
			}
		}
		return true
	})
	// Defs is a map: the order must not depend on it.
	sort.Slice(out, func(i, j int) bool { return out[i].Obj().Pos() < out[j].Obj().Pos() })
	f.importedLocal = out
	return out
}

// writesHiddenAnonStructs reports whether the folder's files, or those of
// a package of source it imports (directly or through others), write a
// struct type in place (not a declared type's: []struct{ Name string;
// score int }{...}, a func's result) with an unexported or embedded
// field. The interpreter's reflect type for it renames the field (Xscore,
// tagged json:"-") and makes an embedded one ordinary, so %T, %#v and %+v
// of an interface holding such a value, which a shared package's func may
// return as an any, print otherwise.
func (f *folder) writesHiddenAnonStructs() bool {
	if f.hiddenAnon != 0 {
		return f.hiddenAnon > 0
	}
	hidden := func(files []*srcFile) bool {
		found := false
		for _, sf := range files {
			declared := map[*ast.StructType]bool{}
			ast.Inspect(sf.syntax, func(n ast.Node) bool {
				if found {
					return false
				}
				switch n := n.(type) {
				case *ast.TypeSpec:
					if st, ok := n.Type.(*ast.StructType); ok {
						declared[st] = true
					}
				case *ast.StructType:
					if declared[n] {
						return true
					}
					for _, fl := range n.Fields.List {
						if len(fl.Names) == 0 {
							found = true
						}
						for _, name := range fl.Names {
							found = found || !name.IsExported()
						}
					}
				}
				return !found
			})
		}
		return found
	}
	found := hidden(f.files)
	if !found && f.typeInfo() != nil {
		f.eachSourceImport(func(src *checkedSource) bool {
			found = hidden(src.folder.files)
			return !found
		})
	}
	f.hiddenAnon = -1
	if found {
		f.hiddenAnon = 1
	}
	return found
}

// inPlaceStructs returns the struct types written in place (not those of
// declared types: struct{ X, Y int }{0, 0}, a func's result type) in the
// folder's files and in those of the packages of source it imports,
// directly or through others. yaegi builds one reflect type for such a
// type and a named struct type of the same fields, so a value of one
// passes for the other: geo.Origin() returning struct{ X, Y int }{} as
// an any equalled a geo.Point{} and asserted to one, in dev.
func (f *folder) inPlaceStructs() []*types.Struct {
	if f.inPlace != nil {
		return f.inPlace
	}
	out := []*types.Struct{}
	collect := func(files []*srcFile, info *types.Info) {
		for _, sf := range files {
			declared := map[ast.Expr]bool{}
			ast.Inspect(sf.syntax, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.TypeSpec:
					declared[n.Type] = true
				case *ast.StructType:
					if !declared[n] {
						if st, ok := info.TypeOf(n).(*types.Struct); ok {
							out = append(out, st)
						}
					}
				}
				return true
			})
		}
	}
	if info := f.typeInfo(); info != nil && f.pkg != nil {
		collect(f.files, info)
		f.eachSourceImport(func(src *checkedSource) bool {
			collect(src.folder.files, src.info)
			return true
		})
	}
	f.inPlace = out
	return out
}

// inPlaceShadows reports whether a struct type written in place (see
// inPlaceStructs) has the fields of the named struct type n, which the
// interpreter cannot tell apart.
func (f *folder) inPlaceShadows(n *types.Named) bool {
	for _, st := range f.inPlaceStructs() {
		if types.IdenticalIgnoreTags(n.Underlying(), st) && !tagsTell(n.Underlying(), st) {
			return true
		}
	}
	return false
}

// mayHoldMethod reports whether a value of the interface type iface may
// hold a value of a visible type of the folder's code (or a pointer to
// one) with the method name.
func (f *folder) mayHoldMethod(iface types.Type, name string) bool {
	return f.mayHoldMethodOf(iface, name, "")
}

// mayHoldMethodOf is mayHoldMethod for a method of the signature sig (as
// signatureText writes it), or of any signature when sig is "": an error
// type's Unwrap() error is not a ResponseWriter wrapper's Unwrap.
func (f *folder) mayHoldMethodOf(iface types.Type, name, sig string) bool {
	it, ok := iface.Underlying().(*types.Interface)
	if !ok {
		return false
	}
	for _, n := range f.visibleTypes() {
		for _, t := range []types.Type{n, types.NewPointer(n)} {
			if hasMethodOf(t, name, sig) && types.Implements(t, it) {
				return true
			}
		}
	}
	return false
}

// hasMethodOf reports whether t's method set has the method name, of the
// signature sig unless sig is "".
func hasMethodOf(t types.Type, name, sig string) bool {
	sel := types.NewMethodSet(t).Lookup(nil, name)
	if sel == nil {
		// Lookup finds exported names only with a nil package.
		return sig == "" && hasMethodNamed(t, name)
	}
	if sig == "" {
		return true
	}
	s, ok := sel.Obj().Type().(*types.Signature)
	return ok && signatureText(s) == sig
}
