// Command exercismconv turns the practice exercises of the Exercism Go
// track (github.com/exercism/go, exercises/practice/<name>: a reference
// solution in .meta/example.go, table-driven tests in *_test.go) into
// parity fixtures, one route per exercise, so that the dev server's fast
// tier is held to what the compiler does on ordinary, idiomatic Go
// written by many people.
//
// It is a hunting tool, not a test: CI does not run it. From the
// repository's root, with a checkout of exercism/go:
//
//	go run ./parity/internal/exercismconv -out /tmp/ex -per 30 ~/exercism-go/exercises/practice/*
//	PARITY_FIXTURES=/tmp/ex go test ./parity -run TestFixtures -count=1 -timeout 60m
//
// Each exercise becomes app/<name>/: the solution, the exercise's other
// provided files and its test files (renamed so the build keeps them), all
// in package route, and a route.go whose GET runs the Test functions
// through testing_shim.go, a stand-in for package testing that writes
// what `go test -v` would say (without timings) to the answer. After each
// assignment of a call's results in a test, the converter logs the
// assigned variables (t.Logf("got = %+v", got)) when printing them is
// deterministic, so the answer shows every result, not only failures.
// Benchmarks are dropped.
//
// With -shared the solution stays in its own package, lib/<name>, and
// the tests (in the route's package) call it qualified; an exercise whose
// tests use the solution's unexported names is converted as above.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"go/ast"
	"go/format"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/go/ast/astutil"
)

func main() {
	out := flag.String("out", ".", "folder to write the fixtures to")
	name := flag.String("name", "exercism", "fixture name: <name>_<n>.txtar")
	per := flag.Int("per", 30, "routes per fixture")
	shared := flag.Bool("shared", false, "keep the solution in its own package lib/<name>")
	noLog := flag.Bool("nolog", false, "do not log assigned results")
	compiled := flag.String("compiled", "", "comma-separated routes to leave off the interpreted list")
	skip := flag.String("skip", "", "comma-separated exercises to leave out")
	flag.Parse()

	fset := token.NewFileSet()
	imp := importer.ForCompiler(fset, "source", nil)
	var routes []route
	for _, dir := range flag.Args() {
		if slices.Contains(strings.Split(*skip, ","), filepath.Base(dir)) {
			continue
		}
		r, err := convert(fset, imp, dir, *shared, !*noLog)
		if err != nil {
			fmt.Fprintf(os.Stderr, "skip %s: %v\n", dir, err)
			continue
		}
		routes = append(routes, r)
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fatal(err)
	}
	n := *per
	if n <= 0 {
		n = len(routes)
	}
	for i := 0; i < len(routes); i += n {
		group := routes[i:min(i+n, len(routes))]
		file := fmt.Sprintf("%s_%d.txtar", *name, i/n+1)
		text := fixture(group, strings.Split(*compiled, ","))
		if err := os.WriteFile(filepath.Join(*out, file), []byte(text), 0o644); err != nil {
			fatal(err)
		}
		fmt.Fprintf(os.Stderr, "wrote %s (%d routes)\n", filepath.Join(*out, file), len(group))
	}
}

// route is one converted exercise: its files, keyed by their path in the
// app.
type route struct {
	name  string // route folder and request path
	files map[string][]byte
}

func fixture(routes []route, compiled []string) string {
	var b strings.Builder
	b.WriteString("Exercism Go track exercises converted by parity/internal/exercismconv:\n")
	b.WriteString("each route runs the exercise's tests against its reference solution.\n\n")
	b.WriteString("-- go.mod --\nmodule example.com/app\n\ngo 1.26\n\nrequire github.com/devserver/devserver v0.0.0\n\nreplace github.com/devserver/devserver => $DEVSERVER\n")
	var reqs, interp strings.Builder
	for _, r := range routes {
		keys := mapsKeys(r.files)
		slices.Sort(keys)
		for _, p := range keys {
			fmt.Fprintf(&b, "-- %s --\n%s", p, r.files[p])
		}
		fmt.Fprintf(&reqs, "GET /%s\n", r.name)
		if !slices.Contains(compiled, r.name) {
			fmt.Fprintf(&interp, "app/%s/route.go\n", r.name)
		}
	}
	b.WriteString("-- requests --\n" + reqs.String())
	if interp.Len() > 0 {
		b.WriteString("-- interpreted --\n" + interp.String())
	}
	return b.String()
}

func mapsKeys(m map[string][]byte) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	return ks
}

type config struct {
	Files struct {
		Solution []string `json:"solution"`
		Test     []string `json:"test"`
		Example  []string `json:"example"`
		Editor   []string `json:"editor"`
	} `json:"files"`
}

func convert(fset *token.FileSet, imp types.Importer, dir string, shared, logResults bool) (route, error) {
	raw, err := os.ReadFile(filepath.Join(dir, ".meta", "config.json"))
	if err != nil {
		return route{}, err
	}
	var cfg config
	if err := json.Unmarshal(raw, &cfg); err != nil {
		return route{}, err
	}
	ex := filepath.Base(dir)
	parse := func(rel string) (*ast.File, error) {
		return parser.ParseFile(fset, filepath.Join(dir, rel), nil, parser.ParseComments|parser.SkipObjectResolution)
	}
	var sol, tests []*ast.File
	var solNames, testNames []string
	for _, rel := range append(slices.Clone(cfg.Files.Example), cfg.Files.Editor...) {
		if !strings.HasSuffix(rel, ".go") {
			continue
		}
		f, err := parse(rel)
		if err != nil {
			return route{}, err
		}
		sol = append(sol, f)
		solNames = append(solNames, filepath.Base(rel))
	}
	for _, rel := range cfg.Files.Test {
		if !strings.HasSuffix(rel, ".go") {
			continue
		}
		f, err := parse(rel)
		if err != nil {
			return route{}, err
		}
		tests = append(tests, f)
		testNames = append(testNames, strings.TrimSuffix(filepath.Base(rel), "_test.go")+"_tests.go")
	}
	if len(sol) == 0 || len(tests) == 0 {
		return route{}, fmt.Errorf("no solution or no tests")
	}
	// Drop benchmarks and the helpers that take a *testing.B.
	for _, f := range tests {
		f.Decls = slices.DeleteFunc(f.Decls, func(d ast.Decl) bool {
			fd, ok := d.(*ast.FuncDecl)
			return ok && (strings.HasPrefix(fd.Name.Name, "Benchmark") || takesB(fd))
		})
		dropUnusedImports(fset, f)
	}
	pkgName := sol[0].Name.Name
	info := &types.Info{
		Uses:  map[*ast.Ident]types.Object{},
		Defs:  map[*ast.Ident]types.Object{},
		Types: map[ast.Expr]types.TypeAndValue{},
	}
	conf := types.Config{Importer: imp, GoVersion: "go1.26"}
	pkg, err := conf.Check(pkgName, fset, append(slices.Clone(sol), tests...), info)
	if err != nil {
		return route{}, fmt.Errorf("type-check: %v", err)
	}
	for _, f := range append(slices.Clone(sol), tests...) {
		for _, im := range f.Imports {
			if p := strings.Trim(im.Path.Value, `"`); p == "unsafe" || p == "os/exec" || p == "syscall" {
				return route{}, fmt.Errorf("imports %s", p)
			}
		}
	}

	var testFuncs []string
	for _, f := range tests {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && strings.HasPrefix(fd.Name.Name, "Test") && takesT(fd) {
				testFuncs = append(testFuncs, fd.Name.Name)
			}
		}
	}
	if len(testFuncs) == 0 {
		return route{}, fmt.Errorf("no tests")
	}
	if logResults {
		for _, f := range tests {
			addLogs(f, info)
		}
	}

	// Shared: qualify the tests' uses of the solution's package-level names.
	libPath := "example.com/app/lib/" + strings.ReplaceAll(ex, "-", "")
	if shared {
		solFiles := map[string]bool{}
		for _, f := range sol {
			solFiles[fset.File(f.Pos()).Name()] = true
		}
		ok := true
		uses := map[*ast.File]bool{}
		testFiles := map[string]bool{}
		for _, f := range tests {
			testFiles[fset.File(f.Pos()).Name()] = true
		}
		// The solution must not use the tests' names; the tests must not
		// use the solution's unexported fields and methods, nor spell
		// its structs with unexported fields as literals.
		for id, obj := range info.Uses {
			if obj != nil && obj.Pkg() == pkg && solFiles[fset.File(id.Pos()).Name()] && obj.Pos().IsValid() && testFiles[fset.File(obj.Pos()).Name()] {
				ok = false
			}
		}
		for sel, selection := range info.Selections {
			if testFiles[fset.File(sel.Pos()).Name()] && !selection.Obj().Exported() && solFiles[fset.File(selection.Obj().Pos()).Name()] {
				ok = false
			}
		}
		for _, f := range tests {
			ast.Inspect(f, func(n ast.Node) bool {
				if cl, isLit := n.(*ast.CompositeLit); isLit {
					if st, isStruct := info.TypeOf(cl).Underlying().(*types.Struct); isStruct {
						for i := range st.NumFields() {
							if fv := st.Field(i); !fv.Exported() && solFiles[fset.File(fv.Pos()).Name()] {
								ok = false
							}
						}
					}
				}
				return true
			})
		}
		for _, f := range tests {
			for _, d := range f.Decls {
				if fd, isFn := d.(*ast.FuncDecl); isFn && fd.Recv != nil {
					ok = false // a method in a test file: it may be on a solution type
				}
			}
			if !ok {
				break
			}
			qualified := false
			astutil.Apply(f, func(c *astutil.Cursor) bool {
				id, isID := c.Node().(*ast.Ident)
				if !isID {
					return true
				}
				obj := info.Uses[id]
				if obj == nil || obj.Parent() != pkg.Scope() || !solFiles[fset.File(obj.Pos()).Name()] {
					return true
				}
				if !obj.Exported() {
					ok = false
					return false
				}
				if _, isSel := c.Parent().(*ast.SelectorExpr); isSel && c.Name() == "Sel" {
					return true
				}
				if kv, isKV := c.Parent().(*ast.KeyValueExpr); isKV && c.Name() == "Key" {
					// A struct field key is a field, not in the package scope;
					// a map key naming a constant is qualified below.
					_ = kv
				}
				c.Replace(&ast.SelectorExpr{X: ast.NewIdent(pkgName), Sel: ast.NewIdent(id.Name)})
				qualified = true
				return true
			}, nil)
			if qualified {
				uses[f] = true
			}
		}
		if !ok {
			shared = false
			fmt.Fprintf(os.Stderr, "%s: tests use unexported names or declare methods: converted unshared\n", ex)
			// Parse again: the tests were rewritten.
			return convert(fset, imp, dir, false, logResults)
		}
		for _, f := range tests {
			if uses[f] {
				astutil.AddNamedImport(fset, f, pkgName, libPath)
			}
		}
	}

	files := map[string][]byte{}
	routeDir := "app/" + ex
	if shared {
		routeDir = "app/" + ex + "-shared"
	}
	write := func(f *ast.File, path string) error {
		astutil.DeleteImport(fset, f, "testing")
		astutil.Apply(f, func(c *astutil.Cursor) bool {
			if sel, ok := c.Node().(*ast.SelectorExpr); ok {
				if x, ok := sel.X.(*ast.Ident); ok && x.Name == "testing" {
					c.Replace(ast.NewIdent("test" + sel.Sel.Name))
				}
			}
			return true
		}, nil)
		var buf bytes.Buffer
		if err := format.Node(&buf, fset, f); err != nil {
			return err
		}
		files[path] = buf.Bytes()
		return nil
	}
	for i, f := range sol {
		p := routeDir + "/" + solNames[i]
		if shared {
			p = "lib/" + strings.ReplaceAll(ex, "-", "") + "/" + solNames[i]
		} else {
			f.Name.Name = "route"
		}
		if err := write(f, p); err != nil {
			return route{}, err
		}
	}
	for i, f := range tests {
		f.Name.Name = "route"
		if err := write(f, routeDir+"/"+testNames[i]); err != nil {
			return route{}, err
		}
	}
	var rb strings.Builder
	files[routeDir+"/testing_shim.go"] = []byte(shimSrc)
	rb.WriteString("package route\n\nimport (\n\t\"bytes\"\n\t\"net/http\"\n)\n\n")
	rb.WriteString("func GET(w http.ResponseWriter, r *http.Request) {\n\tvar buf bytes.Buffer\n\ttestRunTests(&buf, []testInternalTest{\n")
	for _, tf := range testFuncs {
		fmt.Fprintf(&rb, "\t\t{Name: %q, F: %s},\n", tf, tf)
	}
	rb.WriteString("\t})\n\tw.Write(buf.Bytes())\n}\n")
	files[routeDir+"/route.go"] = []byte(rb.String())
	return route{name: strings.TrimPrefix(routeDir, "app/"), files: files}, nil
}

func paramType(fd *ast.FuncDecl, name string) bool {
	for _, p := range fd.Type.Params.List {
		if st, ok := p.Type.(*ast.StarExpr); ok {
			if sel, ok := st.X.(*ast.SelectorExpr); ok && sel.Sel.Name == name {
				if x, ok := sel.X.(*ast.Ident); ok && x.Name == "testing" {
					return true
				}
			}
		}
	}
	return false
}

func takesT(fd *ast.FuncDecl) bool { return len(fd.Type.Params.List) == 1 && paramType(fd, "T") }
func takesB(fd *ast.FuncDecl) bool { return paramType(fd, "B") }

// tParam is the name of a function's *testing.T parameter, or "".
func tParam(ft *ast.FuncType) string {
	for _, p := range ft.Params.List {
		if st, ok := p.Type.(*ast.StarExpr); ok {
			if sel, ok := st.X.(*ast.SelectorExpr); ok && sel.Sel.Name == "T" {
				if x, ok := sel.X.(*ast.Ident); ok && x.Name == "testing" && len(p.Names) == 1 {
					return p.Names[0].Name
				}
			}
		}
	}
	return ""
}

// addLogs logs, after each assignment of a call's results inside a function
// taking a *testing.T (not inside other closures), the variables assigned.
func addLogs(f *ast.File, info *types.Info) {
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Body == nil {
			continue
		}
		if t := tParam(fd.Type); t != "" {
			logBlock(fd.Body, t, info)
		}
	}
}

func logBlock(n ast.Node, t string, info *types.Info) {
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			if t2 := tParam(n.Type); t2 != "" {
				logBlock(n.Body, t2, info)
			}
			return false
		case *ast.BlockStmt:
			n.List = logList(n.List, t, info)
		case *ast.CaseClause:
			n.Body = logList(n.Body, t, info)
		case *ast.CommClause:
			n.Body = logList(n.Body, t, info)
		}
		return true
	})
}

func logList(list []ast.Stmt, t string, info *types.Info) []ast.Stmt {
	var out []ast.Stmt
	for _, s := range list {
		switch s := s.(type) {
		case *ast.AssignStmt:
			out = append(out, s)
			if l := logStmt(s, t, info); l != nil {
				out = append(out, l)
			}
			continue
		case *ast.IfStmt:
			if as, ok := s.Init.(*ast.AssignStmt); ok {
				if l := logStmt(as, t, info); l != nil {
					s.Init = nil
					out = append(out, &ast.BlockStmt{List: []ast.Stmt{as, l, s}})
					continue
				}
			}
		}
		out = append(out, s)
	}
	return out
}

// logged holds the assignments logStmt has logged already.
var logged = map[*ast.AssignStmt]bool{}

func logStmt(as *ast.AssignStmt, t string, info *types.Info) ast.Stmt {
	if logged[as] {
		return nil
	}
	logged[as] = true
	if as.Tok != token.DEFINE && as.Tok != token.ASSIGN {
		return nil
	}
	hasCall := false
	for _, r := range as.Rhs {
		ast.Inspect(r, func(n ast.Node) bool {
			if c, ok := n.(*ast.CallExpr); ok {
				if tv, ok := info.Types[c.Fun]; ok && !tv.IsType() && !tv.IsBuiltin() {
					if sel, ok := c.Fun.(*ast.SelectorExpr); ok {
						if x, ok := sel.X.(*ast.Ident); ok && x.Name == t {
							return true
						}
					}
					hasCall = true
				}
			}
			return !hasCall
		})
	}
	if !hasCall {
		return nil
	}
	var format []string
	args := []ast.Expr{}
	for _, l := range as.Lhs {
		id, ok := l.(*ast.Ident)
		if !ok || id.Name == "_" {
			continue
		}
		obj := info.Defs[id]
		if obj == nil {
			obj = info.Uses[id]
		}
		v, ok := obj.(*types.Var)
		if !ok || !printable(v.Type(), true, map[types.Type]bool{}) {
			continue
		}
		format = append(format, id.Name+" = %+v")
		args = append(args, ast.NewIdent(id.Name))
	}
	if len(args) == 0 {
		return nil
	}
	return &ast.ExprStmt{X: &ast.CallExpr{
		Fun:  &ast.SelectorExpr{X: ast.NewIdent(t), Sel: ast.NewIdent("Logf")},
		Args: append([]ast.Expr{&ast.BasicLit{Kind: token.STRING, Value: fmt.Sprintf("%q", strings.Join(format, ", "))}}, args...),
	}}
}

// printable reports whether fmt's %+v prints a value of type t the same
// way every run: no pointers (but a pointer to a struct at the top), no
// channels, no funcs.
func printable(t types.Type, top bool, seen map[types.Type]bool) bool {
	if seen[t] {
		return true
	}
	seen[t] = true
	if hasStringer(t) {
		return true
	}
	switch u := t.Underlying().(type) {
	case *types.Basic:
		return u.Kind() != types.UnsafePointer
	case *types.Pointer:
		if _, ok := u.Elem().Underlying().(*types.Struct); ok && top {
			return printable(u.Elem(), false, seen)
		}
		return false
	case *types.Slice:
		return printable(u.Elem(), false, seen)
	case *types.Array:
		return printable(u.Elem(), false, seen)
	case *types.Map:
		return printable(u.Key(), false, seen) && printable(u.Elem(), false, seen)
	case *types.Struct:
		for i := 0; i < u.NumFields(); i++ {
			if !printable(u.Field(i).Type(), false, seen) {
				return false
			}
		}
		return true
	case *types.Interface:
		return true
	}
	return false
}

func hasStringer(t types.Type) bool {
	ms := types.NewMethodSet(t)
	for i := 0; i < ms.Len(); i++ {
		if n := ms.At(i).Obj().Name(); n == "String" || n == "Error" {
			return true
		}
	}
	return false
}

// dropUnusedImports deletes the imports the benchmarks alone used.
func dropUnusedImports(fset *token.FileSet, f *ast.File) {
	used := map[string]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if x, ok := sel.X.(*ast.Ident); ok {
				used[x.Name] = true
			}
		}
		return true
	})
	for _, im := range slices.Clone(f.Imports) {
		p := strings.Trim(im.Path.Value, `"`)
		name := p[strings.LastIndex(p, "/")+1:]
		if im.Name != nil {
			name = im.Name.Name
		}
		if name == "_" || name == "." || used[name] {
			continue
		}
		if im.Name != nil {
			astutil.DeleteNamedImport(fset, f, im.Name.Name, p)
		} else {
			astutil.DeleteImport(fset, f, p)
		}
	}
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, err)
	os.Exit(1)
}
