package interp

import (
	"embed"
	"go/ast"
	"go/parser"
	"go/token"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// The generic standard library (cmp, iter, slices, maps) cannot be
// compiled into the interpreter's symbol tables: the interpreter compiles
// it from source, as yaegi does with its own copy. yaegi's copy stops at Go
// 1.22 and leaves out sorting; devserver adds the standard library's own
// sorting and iterator files (stdsrc/, from Go's source; Go's license in
// stdsrc/LICENSE) and its own iter (Pull on a goroutine), and runs the
// rewrite passes over the result, so that the library's own range over
// functions and uses of min and max run in the interpreter too.

//go:embed stdsrc/*.go.txt
var stdsrc embed.FS

// genericPackages are the generic standard-library packages, each after
// the ones it imports.
var genericPackages = []string{"cmp", "iter", "slices", "maps"}

// genericImports are the packages each generic package imports.
var genericImports = map[string][]string{
	"slices": {"cmp", "iter", "math/bits"},
	"maps":   {"iter"},
}

// genericOriginal returns the source of the generic standard-library
// package path as one file, before the rewrite, or nil when path is not
// one of them.
func genericOriginal(path string) []byte {
	genericOnce.Do(func() {
		parts := make(map[string][]string)
		for _, src := range genericSources {
			if name := packageName(src); name != "" {
				parts[name] = append(parts[name], src)
			}
		}
		files, _ := stdsrc.ReadDir("stdsrc")
		for _, e := range files {
			b, err := stdsrc.ReadFile("stdsrc/" + e.Name())
			if err == nil {
				name := packageName(string(b))
				parts[name] = append(parts[name], string(b))
			}
		}
		genericByPkg = make(map[string][]byte)
		for name, srcs := range parts {
			genericByPkg[name] = []byte(joinFiles(name, srcs))
		}
		// yaegi's maps.Clone calls a clone that returns the map itself
		// (the runtime's is not there): the clone shared the original's
		// entries, and failed on some key types. Copy the entries.
		genericByPkg["maps"] = []byte(strings.Replace(string(genericByPkg["maps"]), "return clone(m).(M)", "r := make(M, len(m)); for k, v := range m { r[k] = v }; return r", 1))
		// yaegi panics compiling slices.Concat's Grow[S](nil, size) (an
		// explicit instance given an untyped nil): grow as Grow does.
		genericByPkg["slices"] = []byte(strings.Replace(string(genericByPkg["slices"]), "newslice := Grow[S](nil, size)", "var newslice S; newslice = append(newslice, make(S, size)...)[:0]", 1))
		// yaegi's slices.Replace is Go 1.21's: replacing up to the end
		// left the elements past the new length in place, where Go
		// clears them; and its overlaps, which needs unsafe, says no
		// slices overlap, so that a replacement taken from the slice
		// itself (slices.Replace(s, 1, 2, s[2:4]...)) was clobbered
		// before it was copied. Clear as Go does; two slices overlap
		// where one starts inside the other (the only way slices of one
		// element type overlap without unsafe), and never for elements
		// of size zero, as in Go.
		// Its call of Insert, inferring the type arguments of a generic
		// function with a variadic parameter inside another, made the
		// file calling slices.Replace fail to load ("invalid type in
		// assignment"): give them.
		genericByPkg["slices"] = []byte(strings.Replace(string(genericByPkg["slices"]), "return Insert(s, i, v...)", "return Insert[S, E](s, i, v...)", 1))
		genericByPkg["slices"] = []byte(strings.Replace(string(genericByPkg["slices"]), "\t\treturn append(s[:i], v...)\n", "\t\ts2 := append(s[:i], v...)\n\t\tif len(s2) < len(s) {\n\t\t\tclear(s[len(s2):])\n\t\t}\n\t\treturn s2\n", 1))
		genericByPkg["slices"] = []byte(strings.Replace(string(genericByPkg["slices"]), "func overlaps[E any](a, b []E) bool {\n\treturn false\n", "func overlaps[E any](a, b []E) bool {\n\treturn overlapping(a, b)\n", 1))
		genericByPkg["slices"] = append(genericByPkg["slices"], overlapping...)
		// yaegi makes the call of a generic function inside its own
		// instance a child of that instance: the syntax becomes circular,
		// and its report of any panic later, which walks the syntax of the
		// panicking code's file, overflows the stack (a fatal error: the
		// dev server went down). The sorting functions that recurse call
		// themselves through a function value instead.
		genericByPkg["slices"] = unrecurse(genericByPkg["slices"], "pdqsortOrdered", "symMergeOrdered", "pdqsortCmpFunc", "symMergeCmpFunc")
	})
	return genericByPkg[path]
}

var (
	genericOnce  sync.Once
	genericByPkg map[string][]byte
)

// overlapping is the slices package's overlaps without unsafe (see
// genericOriginal).
const overlapping = `
func overlapping[E any](a, b []E) bool {
	if len(a) == 0 || len(b) == 0 {
		return false
	}
	var z [2]E
	if &z[0] == &z[1] {
		return false // elements of size zero
	}
	return startsIn(&b[0], a) || startsIn(&a[0], b)
}

func startsIn[E any](p *E, s []E) bool {
	for i := range s {
		if &s[i] == p {
			return true
		}
	}
	return false
}
`

// genericStdlib returns the files of a generic standard-library package
// for the type checker, or nil.
func genericStdlib(path string) map[string][]byte {
	if src := genericOriginal(path); src != nil {
		return map[string][]byte{path + ".go": src}
	}
	return nil
}

// genericCompiled returns the source of the generic package path that
// interpreters compile: the original, rewritten.
func genericCompiled(path string) string {
	compiledOnce.Do(func() {
		compiledByPkg = make(map[string]string)
		for _, p := range genericPackages {
			src := genericOriginal(p)
			f := newFolder("/devserver/std/"+p, map[string][]byte{p + ".go": src})
			f.importPath, f.virtualDir = p, "src/"+p+"/"
			f.foreign = func(string) foreignMarshalers { return foreignMarshalers{} }
			f.importer = &sourceImporter{}
			f.rewrite(passes)
			res := f.result()
			if out, ok := res.files[p+".go"]; ok && res.errs[p+".go"] == nil {
				src = out
			}
			compiledByPkg[p] = unnamedSeqs.ReplaceAllString(string(src), "func(func($2) bool)")
		}
	})
	return compiledByPkg[path]
}

var (
	compiledOnce  sync.Once
	compiledByPkg map[string]string
)

// unnamedSeqs finds iter.Seq[V] and iter.Seq2[K, V] in the library's
// signatures: yaegi fails on generic functions taking a generic named
// function type ("CFG post-order panic", "undefined type for K"), so the
// compiled library spells them as the function types they name, which
// values of iter.Seq types are assignable to.
var unnamedSeqs = regexp.MustCompile(`iter\.Seq(2?)\[([^\[\]]+)\]`)

// packageName returns the package name of the Go source src.
func packageName(src string) string {
	f, err := parser.ParseFile(token.NewFileSet(), "", src, parser.PackageClauseOnly)
	if err != nil {
		return ""
	}
	return f.Name.Name
}

// joinFiles makes one file of package name from the files srcs: yaegi
// scopes imports by package, so each may be imported once.
func joinFiles(name string, srcs []string) string {
	imports := make(map[string]bool)
	var bodies []string
	for _, src := range srcs {
		f, err := parser.ParseFile(token.NewFileSet(), "", src, parser.ImportsOnly)
		if err != nil {
			continue
		}
		end := int(f.Name.End() - f.FileStart)
		for _, d := range f.Decls {
			end = int(d.End() - f.FileStart)
		}
		for _, imp := range f.Imports {
			if p, _ := strconv.Unquote(imp.Path.Value); p != "unsafe" {
				imports[p] = true
			}
		}
		bodies = append(bodies, src[end:])
	}
	paths := make([]string, 0, len(imports))
	for p := range imports {
		paths = append(paths, strconv.Quote(p))
	}
	sort.Strings(paths)
	head := "package " + name + "\n"
	if len(paths) > 0 {
		head += "\nimport (\n\t" + strings.Join(paths, "\n\t") + "\n)\n"
	}
	return head + strings.Join(bodies, "\n")
}

// unrecurse returns src, Go source, with the bodies of the functions
// named (which take no type parameter of their own in their recursive
// calls and return nothing) run as function literals held in a variable
// of the function's name, through which they call themselves, on the
// lines they had:
//
//	func f[E any](s []E, n int) {           func f[E any](s []E, n int) { var f func(s []E, n int); f = func(s []E, n int) {
//		f(s, n-1)                               f(s, n-1)
//	}                                       }; f(s, n) }
func unrecurse(src []byte, names ...string) []byte {
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "", src, 0)
	if err != nil {
		return src
	}
	want := make(map[string]bool, len(names))
	for _, n := range names {
		want[n] = true
	}
	var e edits
	for _, d := range file.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Body == nil || !want[fd.Name.Name] || fd.Type.Results != nil {
			continue
		}
		params := string(src[fset.Position(fd.Type.Params.Opening).Offset+1 : fset.Position(fd.Type.Params.Closing).Offset])
		var args []string
		for _, field := range fd.Type.Params.List {
			for _, id := range field.Names {
				args = append(args, id.Name)
			}
		}
		name := fd.Name.Name
		e.insert(fset.Position(fd.Body.Lbrace).Offset+1, " var "+name+" func("+params+"); "+name+" = func("+params+") {")
		e.insert(fset.Position(fd.Body.Rbrace).Offset+1, "; "+name+"("+strings.Join(args, ", ")+") }")
	}
	return e.apply(src)
}
