package interp

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"
)

func init() {
	register("a value of a type with a method compiled code asks its interface values for (WriteString, WriteTo, ReadFrom, or a ResponseWriter's Unwrap, Flush or Hijack) handed to compiled code as an interface (the interpreter hands over a wrapper without the method)", findOptionalMethodsHanded)
	register("a value of a type of your code handed to package flag as its flag.Value or text marshaler (flag asks the interpreter's wrapper for IsBoolFlag, makes a zero value of the wrapper's type for PrintDefaults, and TextVar panics: variable value type must be a pointer)", findFlagValues)
	register("a file system of your code (an fs.FS) handed to compiled code where its types have a method io/fs asks a file system or its files for (ReadFile, ReadDir, Stat, Glob, Sub, ReadLink, Lstat; a file's ReadDir or Seek) (the interpreter hands over a wrapper with Open only, and a directory listing of values made in a loop repeats the last)", findFSOptionalMethods)
	register("a type with a method named as one compiled code asks an interface value for (an fs.File's ReadDir or Seek, a fmt.Formatter's Error, an error's Format or GoString, an io.Reader's ReadRune or UnreadRune, a rand.Source's Uint64) but of another signature (the interpreter's wrapper for the interface would take it for that method, and panic)", findComposedMismatches)
	register("encoding/gob in a package with GobEncode, GobDecode, MarshalBinary, UnmarshalBinary, MarshalText or UnmarshalText methods (gob does not see them on the interpreter's values)", findGobMarshalers)
	register("encoding/gob in a package declaring struct types, writing one in place or using a shared package's (the interpreter's struct types have no names: gob's stream is shorter and its errors name no type, field .ID for Record.ID)", findGobStructs)
	register("encoding/binary reading into a struct of your code with a blank (_) or unexported field (the interpreter's struct types have those fields exported: binary.Read filled a blank padding field that Go skips, then binary.Write wrote it where Go writes zeros, and reading an unexported field did not panic)", findBinaryHiddenFields)
}

// binaryData are the functions of encoding/binary decoding into a value
// by reflection, by the index of that argument. Encoding one is left
// alone: a blank field holds zero unless a decoding filled it, and
// binary reads unexported fields as Go does.
var binaryData = map[string]int{"Read": 2, "Decode": 2}

// findBinaryHiddenFields finds the calls of encoding/binary's decoding
// functions whose data is (or points to, or is a slice or an array of) a
// struct of Go source with a blank or an unexported field: binary skips
// blank fields (reads nothing into them) and cannot set unexported ones
// (Read panics), and yaegi gives both exported names, so a padding field
// read in dev was then written back by binary.Write and compared by ==.
func findBinaryHiddenFields(f *folder, sf *srcFile) []token.Pos {
	name, ok := sf.importName("encoding/binary")
	if !ok {
		return nil
	}
	var out []token.Pos
	ast.Inspect(sf.syntax, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok {
			return true
		}
		pkg, ok := sel.X.(*ast.Ident)
		i, known := binaryData[sel.Sel.Name]
		if !ok || pkg.Name != name || !known || i >= len(call.Args) {
			return true
		}
		info := f.typeInfo()
		if info == nil {
			return false
		}
		if t := info.TypeOf(call.Args[i]); t != nil && hidesFields(t, 0) {
			out = append(out, call.Pos())
		}
		return true
	})
	return out
}

// hidesFields reports whether t is, or points to or holds, a struct of Go
// source with a blank or an unexported field.
func hidesFields(t types.Type, depth int) bool {
	if depth > 8 {
		return false
	}
	switch u := t.Underlying().(type) {
	case *types.Pointer:
		return hidesFields(u.Elem(), depth+1)
	case *types.Slice:
		return hidesFields(u.Elem(), depth+1)
	case *types.Array:
		return hidesFields(u.Elem(), depth+1)
	case *types.Struct:
		if n, ok := types.Unalias(t).(*types.Named); ok && n.Obj().Pkg() != nil && isStdlib(n.Obj().Pkg().Path()) {
			return false
		}
		for i := range u.NumFields() {
			if fld := u.Field(i); !fld.Exported() || hidesFields(fld.Type(), depth+1) {
				return true
			}
		}
	}
	return false
}

// optionalMethods are methods compiled code asks the values of its
// interface parameters for, by their signatures: io.WriteString,
// io.MultiWriter, a strings.Reader's WriteTo, http.Header's Write and a
// bufio.Writer's large writes call WriteString instead of Write;
// http.NewResponseController unwraps a ResponseWriter wrapper and asks it
// to Flush, Hijack or set deadlines; a bufio.Reader's WriteTo calls its
// reader's, a bufio.Writer's ReadFrom its writer's.
var optionalMethods = map[string]string{
	"WriteString":      "func(string) (int, error)",
	"WriteTo":          "func(io.Writer) (int64, error)",
	"ReadFrom":         "func(io.Reader) (int64, error)",
	"Unwrap":           "func() http.ResponseWriter",
	"Flush":            "func()",
	"FlushError":       "func() error",
	"Hijack":           "func() (net.Conn, *bufio.ReadWriter, error)",
	"SetReadDeadline":  "func(time.Time) error",
	"SetWriteDeadline": "func(time.Time) error",
	"EnableFullDuplex": "func() error",
}

// findOptionalMethodsHanded finds the arguments of calls of compiled
// functions and methods (other than fmt's, which only ever Write) that
// hand over, as an interface, a value of a type of interpreted code with
// one of optionalMethods, or a value of an interface type that may hold
// one. The interpreter's wrapper for the interface has the interface's
// methods only: a type whose WriteString does more than Write (counts, or
// transforms) answered otherwise, and a ResponseWriter wrapper with an
// Unwrap method made http.NewResponseController's Flush fail (feature not
// supported).
func findOptionalMethodsHanded(f *folder, sf *srcFile) []token.Pos {
	names := make([]string, 0, len(optionalMethods))
	for name := range optionalMethods {
		names = append(names, name)
	}
	if !f.hasMethod(names...) {
		return nil
	}
	info := f.typeInfo()
	if info == nil {
		return nil
	}
	errType := types.Universe.Lookup("error").Type()
	var out []token.Pos
	ast.Inspect(sf.syntax, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		sig, compiled := compiledCallee(info, call)
		if !compiled {
			return true
		}
		fn := calledFunc(info, call)
		if fn.Pkg().Path() == "fmt" {
			return true
		}
		// io.Copy's own WriteTo and ReadFrom are the copy pass's (see
		// copyCalls and findCopyInterfaces).
		copies := fn.Pkg().Path() == "io" && strings.HasPrefix(fn.Name(), "Copy")
		for i, a := range call.Args {
			param := paramType(sig, i, call.Ellipsis.IsValid())
			if param == nil || !types.IsInterface(param) || types.Identical(param, errType) {
				continue
			}
			if t := info.TypeOf(a); t != nil && f.hasOptionalMethod(t, copies) {
				out = append(out, a.Pos())
			}
		}
		return true
	})
	return out
}

// hasOptionalMethod reports whether t is (or points to) a type of
// interpreted code with one of optionalMethods, or an interface type with
// methods that a visible type of the folder with one implements.
func (f *folder) hasOptionalMethod(t types.Type, copies bool) bool {
	skipped := func(name string) bool { return copies && (name == "WriteTo" || name == "ReadFrom") }
	if it, ok := t.Underlying().(*types.Interface); ok {
		if it.NumMethods() == 0 {
			// Compiled code asks an any for its methods rarely (as
			// fmt does, which the fmt passes see to); every value of
			// the package fits one.
			return false
		}
		for name, sig := range optionalMethods {
			if !skipped(name) && f.mayHoldMethodOf(t, name, sig) {
				return true
			}
		}
		return false
	}
	base := t
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		base = p.Elem()
	}
	if _, ok := f.interpretedNamed(base); !ok {
		return false
	}
	ms := types.NewMethodSet(t)
	for name, want := range optionalMethods {
		sel := ms.Lookup(nil, name)
		if sel == nil || skipped(name) {
			continue
		}
		if sig, ok := sel.Obj().Type().(*types.Signature); ok && signatureText(sig) == want {
			return true
		}
	}
	return false
}

// gobMethods are the methods encoding/gob calls on the values it encodes
// and decodes, in its order of preference.
var gobMethods = []string{"GobEncode", "GobDecode", "MarshalBinary", "UnmarshalBinary", "MarshalText", "UnmarshalText"}

// findGobMarshalers finds the import of encoding/gob in a package whose
// types have one of gobMethods: gob encoded the interpreter's values of
// such types field by field (a Version with MarshalBinary as its Major and
// Minor) and decoded them without the method's checks.
func findGobMarshalers(f *folder, sf *srcFile) []token.Pos {
	if !f.hasMethod(gobMethods...) {
		return nil
	}
	return sf.importPos("encoding/gob")
}

// findGobStructs finds the import of encoding/gob in a package writing a
// struct type, or using a shared package's types, or encoding an
// interface value that may hold one (see gobEncodesHeld): gob writes a struct type's name into its stream, and
// names it in its errors (wrong type (string) for received field
// Record.ID), and yaegi's reflect type for it has none, so the stream
// was shorter and the errors said .ID.
func findGobStructs(f *folder, sf *srcFile) []token.Pos {
	if _, ok := sf.importName("encoding/gob"); !ok {
		return nil
	}
	if !f.declaresStruct() {
		// A shared package's types are the interpreter's too.
		info := f.typeInfo()
		if info == nil {
			return nil
		}
		if concrete, _ := usesSourceTypes(f, info); !concrete && !f.gobEncodesHeld(sf, info) {
			return nil
		}
	}
	return sf.importPos("encoding/gob")
}

// gobEncodesHeld reports whether sf hands an Encoder's Encode a value
// holding an interface (an any a shared package's func returned) while a
// type the folder's code can hold is one gob names (see holdsGobbedType).
func (f *folder) gobEncodesHeld(sf *srcFile, info *types.Info) bool {
	found := false
	ast.Inspect(sf.syntax, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || found || len(call.Args) != 1 {
			return !found
		}
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok {
			return true
		}
		fn, ok := info.Uses[sel.Sel].(*types.Func)
		if !ok || fn.Pkg() == nil || fn.Pkg().Path() != "encoding/gob" || fn.Name() != "Encode" {
			return true
		}
		if t := info.TypeOf(call.Args[0]); t != nil && holdsInterface(t, 0) && f.holdsGobbedType() {
			found = true
		}
		return !found
	})
	return found
}

// holdsGobbedType reports whether a type the folder's code can hold (see
// heldTypes: those of the packages of source it imports too, declared at
// package level or in a function) is a struct type or has one of
// gobMethods: a shared package's func returning a models.Rec as an any,
// which gob encoded without the type's name in dev, needs the folder to
// name no shared type at all.
func (f *folder) holdsGobbedType() bool {
	for _, n := range f.heldTypes() {
		if _, ok := n.Underlying().(*types.Struct); ok {
			return true
		}
		for _, m := range gobMethods {
			if obj, _, _ := types.LookupFieldOrMethod(types.NewPointer(n), true, n.Obj().Pkg(), m); obj != nil {
				return true
			}
		}
	}
	return false
}

// declaresStruct reports whether a file of f writes a struct type: a
// declared one, at package level or in a function, or one written in
// place (struct{ n int }{1}).
func (f *folder) declaresStruct() bool {
	found := false
	for _, sf := range f.files {
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			st, ok := n.(*ast.StructType)
			found = found || ok && len(st.Fields.List) > 0 // struct{} has nothing to name
			return !found
		})
	}
	return found
}

// findFlagValues finds the arguments of package flag's functions and
// *FlagSet methods (Var, TextVar) that hand over a value of a type of
// interpreted code as an interface (a flag.Value, an
// encoding.TextUnmarshaler), or a value of an interface type that may
// hold one. flag looks past the interface at the value: it asks it for
// IsBoolFlag (a boolean flag's -v took the next argument as its value in
// the interpreter), makes a zero value of its type with reflect for
// PrintDefaults (the interpreter's wrapper printed "(default L0)" where a
// build leaves the zero default out), and TextVar compares the types of
// its two values (it panicked: variable value type must be a pointer).
func findFlagValues(f *folder, sf *srcFile) []token.Pos {
	if !importsPath(f, "flag") {
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
		if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != "flag" {
			return true
		}
		sig := fn.Signature()
		for i, a := range call.Args {
			param := paramType(sig, i, call.Ellipsis.IsValid())
			if param == nil || !types.IsInterface(param) {
				continue
			}
			if t := info.TypeOf(a); t != nil && f.mayBeInterpreted(t) {
				out = append(out, a.Pos())
			}
		}
		return true
	})
	return out
}

// mayBeInterpreted reports whether a value of static type t is, or may
// hold, a value of a named type the interpreter runs from source: t is
// such a type or a pointer to one, or an interface with methods that a
// visible type of the folder (or a pointer to one) implements.
func (f *folder) mayBeInterpreted(t types.Type) bool {
	if it, ok := t.Underlying().(*types.Interface); ok {
		if it.NumMethods() == 0 {
			return len(f.visibleTypes()) > 0
		}
		for _, n := range f.visibleTypes() {
			if types.Implements(n, it) || types.Implements(types.NewPointer(n), it) {
				return true
			}
		}
		return false
	}
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return false
	}
	path := n.Obj().Pkg().Path()
	return path == f.importPath || fromSource(path)
}

// fsOptionalMethods are the methods, by name and signature, that io/fs,
// net/http and the templates ask a file system behind an fs.FS for
// (fs.ReadFileFS, fs.ReadDirFS, fs.StatFS, fs.GlobFS, fs.SubFS,
// fs.ReadLinkFS), calling them instead of their fallbacks through Open,
// and its files for (a directory's ReadDir, Seek). The interpreter's
// composed wrappers keep a file's ReadDir and Seek, but a method of a
// value of the route's type made in a loop (fs.FileInfoToDirEntry(info{n}),
// listing a directory) reads the loop's last value when compiled code
// calls it later: such file systems stay compiled.
var fsOptionalMethods = map[string][]string{
	"ReadDir":  {"func(int) ([]fs.DirEntry, error)", "func(string) ([]fs.DirEntry, error)"},
	"Seek":     {"func(int64, int) (int64, error)"},
	"ReadFile": {"func(string) ([]byte, error)"},
	"Stat":     {"func(string) (fs.FileInfo, error)"},
	"Glob":     {"func(string) ([]string, error)"},
	"Sub":      {"func(string) (fs.FS, error)"},
	"ReadLink": {"func(string) (string, error)"},
	"Lstat":    {"func(string) (fs.FileInfo, error)"},
}

// findFSOptionalMethods finds the arguments handing an fs.FS that may be
// a value of interpreted code to compiled code (fs.WalkDir, fs.ReadDir,
// http.FileServerFS, template.ParseFS), when a type the folder's code
// can hold has one of fsOptionalMethods. The interpreter hands compiled
// code a wrapper of fs.FS with Open only: a file system listing its
// directories with its own ReadDir (whose Open opens files only) was
// walked as an empty tree.
func findFSOptionalMethods(f *folder, sf *srcFile) []token.Pos {
	names := make([]string, 0, len(fsOptionalMethods))
	for name := range fsOptionalMethods {
		names = append(names, name)
	}
	if !f.hasMethod(names...) || !f.hasFSOptionalMethod() {
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
		sig, compiled := compiledCallee(info, call)
		if !compiled {
			return true
		}
		for i, a := range call.Args {
			param := paramType(sig, i, call.Ellipsis.IsValid())
			if param == nil || types.TypeString(param, nil) != "io/fs.FS" {
				continue
			}
			if t := info.TypeOf(a); t != nil && f.mayBeInterpreted(t) {
				out = append(out, a.Pos())
			}
		}
		return true
	})
	return out
}

// hasFSOptionalMethod reports whether a type the folder's code can hold
// (or a pointer to one) has one of fsOptionalMethods, by its signature.
func (f *folder) hasFSOptionalMethod() bool {
	for _, n := range f.visibleTypes() {
		ms := types.NewMethodSet(types.NewPointer(n))
		for i := range ms.Len() {
			m := ms.At(i).Obj()
			sig, ok := m.Type().(*types.Signature)
			if ok && slices.Contains(fsOptionalMethods[m.Name()], signatureText(sig)) {
				return true
			}
		}
	}
	return false
}

// composedExtras are, for the interfaces that interp/stdlib's composed
// wrappers extend (by the methods a type must have to be handed over in
// one of them), the methods the composed wrappers add, by name and
// signature. yaegi picks a composed wrapper by method names alone, and
// then panics storing a method of another signature in it.
var composedExtras = []struct {
	base   []string
	extras map[string]string
}{
	{[]string{"Close", "Read", "Stat"}, map[string]string{"ReadDir": "func(int) ([]fs.DirEntry, error)", "Seek": "func(int64, int) (int64, error)"}},
	{[]string{"Format"}, map[string]string{"Error": "func() string"}},
	{[]string{"Error"}, map[string]string{"Format": "func(fmt.State, int32)", "GoString": "func() string"}},
	{[]string{"Read"}, map[string]string{"ReadRune": "func() (int32, int, error)", "UnreadRune": "func() error"}},
	{[]string{"Int63", "Seed"}, map[string]string{"Uint64": "func() uint64"}},
}

// findComposedMismatches finds the types declared in the file whose
// method set (of the type or its pointer) has the methods of one of
// composedExtras' interfaces and a method named as one of its extras but
// of another signature: a fmt.Formatter with an Error(msg string)
// method, a file with a ReadDir(name string) method.
func findComposedMismatches(f *folder, sf *srcFile) []token.Pos {
	info := f.typeInfo()
	if info == nil {
		return nil
	}
	var out []token.Pos
	ast.Inspect(sf.syntax, func(n ast.Node) bool {
		ts, ok := n.(*ast.TypeSpec)
		if !ok {
			return true
		}
		obj, ok := info.Defs[ts.Name].(*types.TypeName)
		if !ok || types.IsInterface(obj.Type()) {
			return true
		}
		if composedMismatch(types.NewMethodSet(types.NewPointer(obj.Type()))) {
			out = append(out, ts.Pos())
		}
		return true
	})
	return out
}

// composedMismatch reports whether the method set ms has the methods of
// one of composedExtras' interfaces and an extra of another signature.
func composedMismatch(ms *types.MethodSet) bool {
	for _, c := range composedExtras {
		if !slices.ContainsFunc(c.base, func(name string) bool { return ms.Lookup(nil, name) == nil }) {
			for name, want := range c.extras {
				sel := ms.Lookup(nil, name)
				if sel == nil {
					continue
				}
				sig, ok := sel.Obj().Type().(*types.Signature)
				if !ok || strings.ReplaceAll(signatureText(sig), "rune", "int32") != want {
					return true
				}
			}
		}
	}
	return false
}
