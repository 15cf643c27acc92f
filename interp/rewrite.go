package interp

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/devserver/devserver/internal/jsonfix"
)

// jsonfixPath is the package the rewritten source registers marshal methods
// with; it exists only in the interpreter's symbol table.
const jsonfixPath = "github.com/devserver/devserver/internal/jsonfix"

// methodsPath is the package the rewritten source registers Unwrap, Is and
// As methods with, for errors.Is and errors.As; interpreter-only too.
const methodsPath = "github.com/devserver/devserver/internal/methods"

// errorMethod is an Unwrap, Is or As method of a local struct type, and the
// signature of the function that registers it ("(v *T) error").
type errorMethod struct {
	file string
	name string
	sig  string // parameters after the receiver, with the results: "(target error) bool"
	call string // "v.Is(target)"
	recv string // "*T" or "T"
}

// rewritten is the source of one package of the user's module as yaegi
// reads it. yaegi represents interpreted types with reflect types that lose
// what encoding/json needs (see internal/jsonfix); the rewrite puts it back
// in struct tags and registration calls, changing no line numbers: tags go
// at the end of their field's line, one import after the package clause,
// registrations after the last line.
type rewritten struct {
	files    map[string][]byte // file name -> source
	errs     map[string]error  // file name -> a construct devserver refuses
	warnings []string          // differences that cannot be fixed in another module's code
}

// rewriter caches the rewritten packages of one load.
type rewriter struct {
	// resolve finds the folder of an import path (the user's module or
	// another of its build list).
	resolve func(importPath string) (string, bool)

	// cache, when set, keeps rewritten packages across loads; hashOf gives
	// the content hash of a folder's package, which validates them.
	cache  *rewriteCache
	hashOf func(dir string) string

	mu        sync.Mutex
	foreign   map[string]foreignMarshalers // folder -> its non-struct marshal types
	pkgs      map[string]*rewritten        // folder -> package
	refused   map[string]error             // folder -> why its package cannot be interpreted
	warnings  []string                     // not yet taken by takeWarnings
	consulted []string                     // folders foreignOf read for the package being rewritten
}

// rewriteCache keeps rewritten packages from one load to the next: a
// package is rewritten again only when its files, or those of the packages
// its rewrite looked into, changed.
type rewriteCache struct {
	mu   sync.Mutex
	pkgs map[rewriteKey]*cachedRewrite
}

type rewriteKey struct {
	dir string
	own bool
}

type cachedRewrite struct {
	hash string            // of the package's files
	deps map[string]string // folder foreignOf read -> its hash
	pkg  *rewritten
}

func (c *rewriteCache) get(k rewriteKey, hashOf func(string) string) *rewritten {
	c.mu.Lock()
	e := c.pkgs[k]
	c.mu.Unlock()
	if e == nil || e.hash != hashOf(k.dir) {
		return nil
	}
	for d, h := range e.deps {
		if hashOf(d) != h {
			return nil
		}
	}
	return e.pkg
}

func (c *rewriteCache) put(k rewriteKey, e *cachedRewrite) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.pkgs == nil {
		c.pkgs = make(map[rewriteKey]*cachedRewrite)
	}
	c.pkgs[k] = e
}

// takeWarnings returns the warnings of the packages rewritten since the
// last call.
func (rw *rewriter) takeWarnings() []string {
	rw.mu.Lock()
	defer rw.mu.Unlock()
	w := rw.warnings
	rw.warnings = nil
	return w
}

// refuse records that the package in dir cannot be interpreted.
func (rw *rewriter) refuse(dir string, err error) {
	rw.mu.Lock()
	defer rw.mu.Unlock()
	if rw.refused == nil {
		rw.refused = make(map[string]error)
	}
	if rw.refused[dir] == nil {
		rw.refused[dir] = err
	}
}

func (rw *rewriter) refusal(dir string) error {
	rw.mu.Lock()
	defer rw.mu.Unlock()
	return rw.refused[dir]
}

// file returns the rewritten source of the Go file at path, or the error
// that refuses it. own is true for files of the user's module: constructs
// the interpreter cannot run faithfully are refused there, and only warned
// about in other modules, whose code the user cannot change.
func (rw *rewriter) file(path, virtual string, own bool) ([]byte, error) {
	dir, name := filepath.Split(path)
	dir = filepath.Clean(dir)
	rw.mu.Lock()
	pkg, ok := rw.pkgs[dir]
	if !ok && rw.cache != nil {
		pkg = rw.cache.get(rewriteKey{dir, own}, rw.hashOf)
		ok = pkg != nil
		if ok {
			if rw.pkgs == nil {
				rw.pkgs = make(map[string]*rewritten)
			}
			rw.pkgs[dir] = pkg
			rw.warnings = append(rw.warnings, pkg.warnings...)
		}
	}
	if !ok {
		rw.consulted = rw.consulted[:0]
		hash := ""
		if rw.cache != nil {
			hash = rw.hashOf(dir)
		}
		pkg = rw.rewritePackage(dir, strings.TrimSuffix(virtual, name), own)
		if rw.cache != nil {
			e := &cachedRewrite{hash: hash, deps: make(map[string]string), pkg: pkg}
			for _, d := range rw.consulted {
				e.deps[d] = rw.hashOf(d)
			}
			rw.cache.put(rewriteKey{dir, own}, e)
		}
		if rw.pkgs == nil {
			rw.pkgs = make(map[string]*rewritten)
		}
		rw.pkgs[dir] = pkg
		rw.warnings = append(rw.warnings, pkg.warnings...)
	}
	rw.mu.Unlock()
	if err := pkg.errs[name]; err != nil {
		return nil, err
	}
	if src, ok := pkg.files[name]; ok {
		return src, nil
	}
	return os.ReadFile(path)
}

// marshalMethod is a MarshalJSON or MarshalText method of a local type.
type marshalMethod struct {
	decl  *ast.FuncDecl
	file  string
	typ   string // receiver type name
	ptr   bool   // pointer receiver
	named string // "import/path.Type" for a non-struct type of another module
}

// rewritePackage rewrites the Go files in dir. virtualDir is the folder as
// yaegi names it, for error positions it will map back.
func (rw *rewriter) rewritePackage(dir, virtualDir string, own bool) *rewritten {
	importPath := strings.TrimSuffix(strings.TrimPrefix(virtualDir, "src/"), "/")
	out := &rewritten{files: make(map[string][]byte), errs: make(map[string]error)}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return out
	}
	fset := token.NewFileSet()
	srcs := make(map[string][]byte)
	asts := make(map[string]*ast.File)
	var names []string
	for _, e := range entries {
		n := e.Name()
		if !e.Type().IsRegular() || !strings.HasSuffix(n, ".go") || strings.HasSuffix(n, "_test.go") {
			continue
		}
		src, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil {
			continue
		}
		f, err := parser.ParseFile(fset, n, src, parser.SkipObjectResolution)
		if err != nil {
			continue // yaegi reports the syntax error itself
		}
		srcs[n], asts[n] = src, f
		names = append(names, n)
	}
	sort.Strings(names)

	// Package-level types, and the marshal methods declared on them.
	types := make(map[string]*ast.TypeSpec)
	typeFile := make(map[string]string)
	for _, n := range names {
		for _, d := range asts[n].Decls {
			if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.TYPE {
				for _, s := range gd.Specs {
					ts := s.(*ast.TypeSpec)
					types[ts.Name.Name] = ts
					typeFile[ts.Name.Name] = n
				}
			}
		}
	}
	refuse := func(pos token.Pos, msg string) {
		p := fset.Position(pos)
		if own {
			if out.errs[p.Filename] == nil {
				out.errs[p.Filename] = fmt.Errorf("%s%s:%d:%d: %s", virtualDir, p.Filename, p.Line, p.Column, msg)
			}
			return
		}
		out.warnings = append(out.warnings, fmt.Sprintf("%s:%d:%d: %s", filepath.Join(dir, p.Filename), p.Line, p.Column, msg))
	}
	var methods []marshalMethod
	marked := make(map[string]bool) // struct types whose first field gets a type tag
	for _, n := range names {
		for _, d := range asts[n].Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv == nil || len(fd.Recv.List) != 1 || (fd.Name.Name != "MarshalJSON" && fd.Name.Name != "MarshalText") {
				continue
			}
			if fd.Type.Params.NumFields() != 0 || fd.Type.Results.NumFields() != 2 {
				continue
			}
			m := marshalMethod{decl: fd, file: n, typ: receiverName(fd)}
			rt := fd.Recv.List[0].Type
			if st, ok := rt.(*ast.StarExpr); ok {
				m.ptr, rt = true, st.X
			}
			id, ok := rt.(*ast.Ident)
			ts := types[id.String()]
			if !ok || ts == nil {
				refuse(fd.Name.Pos(), fmt.Sprintf("method %s on a generic type: devserver's interpreter cannot make encoding/json call it as a compiled program would; encode a non-generic type", fd.Name.Name))
				continue
			}
			st, isStruct := ts.Type.(*ast.StructType)
			switch {
			case ts.TypeParams != nil:
				refuse(fd.Name.Pos(), fmt.Sprintf("method %s on generic type %s: devserver's interpreter cannot make encoding/json call it as a compiled program would; encode a non-generic type", fd.Name.Name, id.Name))
				continue
			case !isStruct:
				under := exprString(fset, srcs[typeFile[id.Name]], ts.Type)
				if own {
					refuse(fd.Name.Pos(), fmt.Sprintf("method %s on %s, which is not a struct type: devserver's interpreter represents %s by its underlying type, so encoding/json could not call this method in dev although a build would; make %s a struct (e.g. struct{ V %s }) or convert values before encoding", fd.Name.Name, id.Name, id.Name, id.Name, under))
					continue
				}
				if !m.ptr {
					// Struct fields of this type in the user's code are marked
					// and encoded through it; other places cannot be told.
					m.named = importPath + "." + id.Name
					methods = append(methods, m)
				}
				refuse(fd.Name.Pos(), fmt.Sprintf("%s.%s has method %s but is not a struct type (%s): in dev, encoding/json calls it only for struct fields of type %s, *%s or []%s declared in your code; elsewhere (a value on its own, in a map, in a slice of any) it encodes a plain %s, unlike a build", asts[n].Name.Name, id.Name, fd.Name.Name, under, id.Name, id.Name, id.Name, under))
				continue
			case st.Fields.NumFields() == 0:
				refuse(fd.Name.Pos(), fmt.Sprintf("method %s on %s, a struct without fields: devserver's interpreter cannot tell %s from other empty structs; give it a field", fd.Name.Name, id.Name, id.Name))
				continue
			}
			marked[id.Name] = true
			methods = append(methods, m)
		}
	}

	// Unwrap, Is and As methods, which errors.Is and errors.As must see.
	var errMethods []errorMethod
	for _, n := range names {
		for _, d := range asts[n].Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv == nil || len(fd.Recv.List) != 1 || fd.Type.TypeParams != nil {
				continue
			}
			name := fd.Name.Name
			params, results := fd.Type.Params.NumFields(), fd.Type.Results.NumFields()
			var sig, call string
			switch {
			case name == "Unwrap" && params == 0 && results == 1:
				sig, call = "() "+exprString(fset, srcs[n], fd.Type.Results.List[0].Type), "v.Unwrap()"
			case (name == "Is" || name == "As") && params == 1 && results == 1 && len(fd.Type.Params.List[0].Names) <= 1:
				sig, call = "(target "+exprString(fset, srcs[n], fd.Type.Params.List[0].Type)+") bool", "v."+name+"(target)"
			default:
				continue
			}
			recv := receiverName(fd)
			ts := types[recv]
			if ts == nil || ts.TypeParams != nil {
				continue
			}
			if st, isStruct := ts.Type.(*ast.StructType); !isStruct || st.Fields.NumFields() == 0 {
				p := fset.Position(fd.Name.Pos())
				out.warnings = append(out.warnings, fmt.Sprintf("%s:%d:%d: errors.Is and errors.As cannot see method %s of %s in dev, as %s is not a struct with fields (devserver's interpreter cannot tell its values apart); they will in a build", filepath.Join(dir, p.Filename), p.Line, p.Column, name, recv, recv))
				continue
			}
			if _, ptr := fd.Recv.List[0].Type.(*ast.StarExpr); ptr {
				recv = "*" + recv
			}
			marked[receiverName(fd)] = true
			errMethods = append(errMethods, errorMethod{file: n, name: name, sig: sig, call: call, recv: recv})
		}
	}

	for _, n := range names {
		if out.errs[n] != nil {
			continue
		}
		var ed edits
		f, src := asts[n], srcs[n]
		// Tags on the fields of every struct type in the file.
		ast.Inspect(f, func(node ast.Node) bool {
			switch x := node.(type) {
			case *ast.TypeSpec:
				if st, ok := x.Type.(*ast.StructType); ok && marked[x.Name.Name] && len(st.Fields.List) > 0 {
					ed.tag(fset, src, st.Fields.List[0], "devservertype", dir+"."+x.Name.Name)
				}
			case *ast.StructType:
				for _, field := range x.Fields.List {
					fieldTags(&ed, fset, src, field, types)
					if own {
						rw.markForeign(&ed, fset, src, f, field)
					}
				}
			}
			return true
		})
		if own {
			for _, path := range []string{"log/slog", "text/template", "html/template"} {
				for _, imp := range f.Imports {
					if imp.Path.Value == strconv.Quote(path) {
						p := fset.Position(imp.Pos())
						out.warnings = append(out.warnings, fmt.Sprintf("%s:%d:%d: values of types declared in route code that %s receives lose their methods in dev (String, Error, MarshalJSON: devserver's interpreter cannot attach them to what it hands compiled code); a build keeps them", filepath.Join(dir, p.Filename), p.Line, p.Column, path))
					}
				}
			}
			warnedVerb := false
			ast.Inspect(f, func(node ast.Node) bool {
				if lit, ok := node.(*ast.BasicLit); ok && lit.Kind == token.STRING && !warnedVerb &&
					(strings.Contains(lit.Value, "%+v") || strings.Contains(lit.Value, "%#v")) && importedAs(f, "fmt", "fmt") {
					warnedVerb = true
					p := fset.Position(lit.Pos())
					out.warnings = append(out.warnings, fmt.Sprintf("%s:%d:%d: %%+v and %%#v print values of types declared in route code differently in dev (unexported fields appear as Xname, type names are the interpreter's); a build prints them as Go does", filepath.Join(dir, p.Filename), p.Line, p.Column))
				}
				sel, ok := node.(*ast.SelectorExpr)
				if !ok || sel.Sel.Name != "NewEncoder" {
					return true
				}
				if id, ok := sel.X.(*ast.Ident); ok && importedAs(f, "encoding/json", id.Name) {
					p := fset.Position(sel.Pos())
					out.warnings = append(out.warnings, fmt.Sprintf("%s:%d:%d: values encoded with a json.Encoder in dev do not get devserver's fixes for interpreted types (unexported fields, embedded structs, MarshalJSON), unlike next.JSON and json.Marshal; a build encodes them as Go does", filepath.Join(dir, p.Filename), p.Line, p.Column))
				}
				return true
			})
		}
		// Registrations of the marshal methods declared in this file.
		var reg strings.Builder
		for _, m := range methods {
			if m.file != n {
				continue
			}
			recv := m.typ
			if m.ptr {
				recv = "*" + recv
			}
			if m.named != "" {
				kind := "json"
				if m.decl.Name.Name == "MarshalText" {
					kind = "text"
				}
				fmt.Fprintf(&reg, "\nfunc init() { __devserver_jsonfix.RegisterNamed(%q, %q, %q, func(v %s) ([]byte, error) { return v.%s() }) }\n", m.named, f.Name.Name+"."+m.typ, kind, recv, m.decl.Name.Name)
				continue
			}
			fn := "RegisterJSON"
			if m.decl.Name.Name == "MarshalText" {
				fn = "RegisterText"
			}
			fmt.Fprintf(&reg, "\nfunc init() { __devserver_jsonfix.%s(%q, func(v %s) ([]byte, error) { return v.%s() }) }\n", fn, f.Name.Name+"."+m.typ, recv, m.decl.Name.Name)
		}
		var imports string
		if reg.Len() > 0 {
			imports += "; import __devserver_jsonfix " + strconv.Quote(jsonfixPath)
		}
		withMethods := false
		for _, m := range errMethods {
			if m.file == n {
				fmt.Fprintf(&reg, "\nfunc init() { __devserver_methods.Register(%q, func(v %s%s { return %s }) }\n", m.name, m.recv, strings.Replace(m.sig, "(", ", ", 1), m.call)
				withMethods = true
			}
		}
		if withMethods {
			imports += "; import __devserver_methods " + strconv.Quote(methodsPath)
		}
		if reg.Len() > 0 {
			ed.insert(fset.Position(f.Name.End()).Offset, imports)
			ed.insert(len(src), "\n"+reg.String())
		}
		if len(ed) > 0 {
			out.files[n] = ed.apply(src)
		}
	}
	return out
}

// importedAs reports whether f imports path under the name name.
func importedAs(f *ast.File, path, name string) bool {
	for _, imp := range f.Imports {
		if p, err := strconv.Unquote(imp.Path.Value); err == nil && p == path {
			if imp.Name != nil {
				return imp.Name.Name == name
			}
			return name == path[strings.LastIndex(path, "/")+1:]
		}
	}
	return false
}

func receiverName(fd *ast.FuncDecl) string {
	rt := fd.Recv.List[0].Type
	if st, ok := rt.(*ast.StarExpr); ok {
		rt = st.X
	}
	if id, ok := rt.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}

func exprString(fset *token.FileSet, src []byte, e ast.Expr) string {
	return string(src[fset.Position(e.Pos()).Offset:fset.Position(e.End()).Offset])
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
	fset := token.NewFileSet()
	names, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	typeKinds := map[string]bool{} // type name -> is a struct
	var recvs []string
	for _, n := range names {
		if strings.HasSuffix(n, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, n, nil, parser.SkipObjectResolution)
		if err != nil {
			continue
		}
		fm.name = f.Name.Name
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.GenDecl:
				for _, sp := range d.Specs {
					if ts, ok := sp.(*ast.TypeSpec); ok {
						_, isStruct := ts.Type.(*ast.StructType)
						typeKinds[ts.Name.Name] = isStruct
					}
				}
			case *ast.FuncDecl:
				if d.Recv != nil && len(d.Recv.List) == 1 && (d.Name.Name == "MarshalJSON" || d.Name.Name == "MarshalText") {
					if id, ok := d.Recv.List[0].Type.(*ast.Ident); ok {
						recvs = append(recvs, id.Name)
					}
				}
			}
		}
	}
	for _, r := range recvs {
		if isStruct, known := typeKinds[r]; known && !isStruct {
			fm.types[r] = true
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
func (rw *rewriter) markForeign(ed *edits, fset *token.FileSet, src []byte, f *ast.File, field *ast.Field) {
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
		fm := rw.foreignOf(path)
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

// fieldTags adds the tags one struct field needs: json:"-" on unexported
// fields, which compiled encoding/json never sees, and a devserver:"embed"
// mark on embedded fields, which yaegi turns into ordinary ones.
func fieldTags(ed *edits, fset *token.FileSet, src []byte, field *ast.Field, types map[string]*ast.TypeSpec) {
	if len(field.Names) > 0 {
		for _, n := range field.Names {
			if n.IsExported() {
				return // a mixed list shares one tag; leave it
			}
		}
		ed.tag(fset, src, field, "json", "-")
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

// edits are insertions and replacements in one source file.
type edits []edit

type edit struct {
	off, end int // replace src[off:end]
	text     string
}

func (e *edits) insert(off int, text string) { *e = append(*e, edit{off, off, text}) }

// tag sets key to value in field's struct tag, replacing the key if the
// tag has it, adding the tag if the field has none.
func (e *edits) tag(fset *token.FileSet, src []byte, field *ast.Field, key, value string) {
	if field.Tag == nil {
		end := fset.Position(field.Type.End()).Offset
		for i := range *e {
			if x := &(*e)[i]; x.off == end && x.end == end && strings.HasPrefix(x.text, " ") {
				old, _ := strconv.Unquote(x.text[1:])
				x.text = " " + quoteTag(setTag(old, key, value))
				return
			}
		}
		*e = append(*e, edit{end, end, " " + quoteTag(key+":"+strconv.Quote(value))})
		return
	}
	off, end := fset.Position(field.Tag.Pos()).Offset, fset.Position(field.Tag.End()).Offset
	// A field may get two tags (a type mark and its own): merge with an
	// edit already made at the same place.
	for i := range *e {
		if (*e)[i].off == off && (*e)[i].end == end {
			old, _ := strconv.Unquote((*e)[i].text)
			(*e)[i].text = quoteTag(setTag(old, key, value))
			return
		}
	}
	old, err := strconv.Unquote(string(src[off:end]))
	if err != nil {
		return
	}
	*e = append(*e, edit{off, end, quoteTag(setTag(old, key, value))})
}

func quoteTag(s string) string {
	if strings.Contains(s, "`") || strings.ContainsAny(s, "\n\r") {
		return strconv.Quote(s)
	}
	return "`" + s + "`"
}

// setTag returns tag with key set to value; other keys are kept.
func setTag(tag, key, value string) string {
	var out []string
	rest := strings.TrimSpace(tag)
	for rest != "" {
		i := strings.Index(rest, `:"`)
		if i <= 0 {
			break
		}
		k := rest[:i]
		j := i + 2
		for j < len(rest) && rest[j] != '"' {
			if rest[j] == '\\' {
				j++
			}
			j++
		}
		if j >= len(rest) {
			break
		}
		if k != key {
			out = append(out, rest[:j+1])
		}
		rest = strings.TrimSpace(rest[j+1:])
	}
	out = append(out, key+":"+strconv.Quote(value))
	return strings.Join(out, " ")
}

func (e edits) apply(src []byte) []byte {
	sort.SliceStable(e, func(i, j int) bool { return e[i].off < e[j].off })
	var b bytes.Buffer
	last := 0
	for _, x := range e {
		if x.off < last {
			continue
		}
		b.Write(src[last:x.off])
		b.WriteString(x.text)
		last = x.end
	}
	b.Write(src[last:])
	return b.Bytes()
}
