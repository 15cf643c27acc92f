// Command gotestconv turns the Go toolchain's own runnable test programs
// ($GOROOT/test, the files whose first line is "// run": package main
// programs that panic, or print BUG, when the language misbehaves) into
// parity fixtures, one route per program, so that the dev server's fast
// tier is held to what the compiler does on programs written to find
// compiler bugs.
//
// It is a hunting tool, not a test: CI does not run it. From the
// repository's root:
//
//	go run ./parity/internal/gotestconv -out /tmp/gt -name gotest_ken -per 20 $(go env GOROOT)/test/ken/*.go
//	PARITY_FIXTURES=/tmp/gt go test ./parity -run TestFixtures -count=1 -timeout 60m
//
// Each program becomes app/<dir>-<name>/route.go: package route, main
// renamed gotestMain and every init gotestInitN (both run by the route's
// GET handler, under recover), fmt.Print* and the builtins print and
// println writing into a buffer the handler answers with, followed by
// "ok" or the recovered panic value; os.Exit panics; os.Stdout and
// os.Stderr are the buffer. Programs that are no ordinary route code are
// skipped, with the reason on standard error: they import the runtime,
// unsafe, os beyond Exit/Stdout/Stderr, time or the like, carry //go:
// directives, or do not type-check once converted. Every route is listed
// in the fixture's "interpreted" file unless -compiled names it (or
// -nointerpreted is given), so a route the dev server sends to the
// compiled tier is reported.
//
// -any takes package main programs without the "// run" header, and
// -root names the folder their routes are named after: yaegi's own
// regression programs, say (many are deliberately wrong; those the Go
// compiler rejects are skipped), with -allow time,log letting through
// the imports refused by default:
//
//	Y=$(go env GOMODCACHE)/github.com/traefik/yaegi@v0.16.1/_test
//	go run ./parity/internal/gotestconv -any -root $Y -out /tmp/yt -name y -per 100 $Y/*.go
package main

import (
	"bytes"
	"flag"
	"fmt"
	"go/ast"
	"go/build/constraint"
	"go/format"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"golang.org/x/tools/go/ast/astutil"
)

func main() {
	out := flag.String("out", ".", "folder to write the fixtures to")
	name := flag.String("name", "gotest", "fixture name: <name>.txtar, or <name>_<n>.txtar when -per splits")
	per := flag.Int("per", 0, "routes per fixture (0: all in one)")
	compiled := flag.String("compiled", "", "comma-separated routes to leave off the interpreted list (they run compiled)")
	only := flag.String("only", "", "comma-separated routes to keep (default: all that convert)")
	skip := flag.String("skip", "", "comma-separated routes to leave out (too slow, say)")
	noInterp := flag.Bool("nointerpreted", false, "write no interpreted file (the routes may run in either tier)")
	anyProgram := flag.Bool("any", false, "accept package main programs without the \"// run\" header (yaegi's _test programs, say)")
	allow := flag.String("allow", "", "comma-separated imports to accept although they are refused by default (time,log, say)")
	rootFlag := flag.String("root", "", "folder the route names and origins are relative to (default $GOROOT/test)")
	flag.Parse()

	root := *rootFlag
	if root == "" {
		root = filepath.Join(goroot(), "test")
	}
	acceptAny = *anyProgram
	if *allow != "" {
		allowed = strings.Split(*allow, ",")
	}
	if *rootFlag != "" {
		originPrefix = filepath.ToSlash(root) + "/"
	}
	var routes []route
	fset := token.NewFileSet()
	imp := importer.ForCompiler(fset, "source", nil)
	for _, file := range flag.Args() {
		r, err := convert(fset, imp, root, file)
		if err != nil {
			fmt.Fprintf(os.Stderr, "skip %s: %v\n", file, err)
			continue
		}
		if *only != "" && !slices.Contains(strings.Split(*only, ","), r.name) ||
			slices.Contains(strings.Split(*skip, ","), r.name) {
			continue
		}
		routes = append(routes, r)
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fatal(err)
	}
	skipCompiled := strings.Split(*compiled, ",")
	n := *per
	if n <= 0 {
		n = len(routes)
	}
	for i := 0; i < len(routes); i += n {
		group := routes[i:min(i+n, len(routes))]
		file := *name + ".txtar"
		if n < len(routes) {
			file = fmt.Sprintf("%s_%d.txtar", *name, i/n+1)
		}
		text := fixture(group, skipCompiled, !*noInterp)
		if err := os.WriteFile(filepath.Join(*out, file), []byte(text), 0o644); err != nil {
			fatal(err)
		}
		fmt.Fprintf(os.Stderr, "wrote %s (%d routes)\n", filepath.Join(*out, file), len(group))
	}
}

// route is one converted program.
type route struct {
	name   string // folder under app/ and request path
	origin string // path under the root ($GOROOT/test)
	src    []byte // route.go
}

func fixture(routes []route, compiled []string, interpreted bool) string {
	var b strings.Builder
	b.WriteString("Test programs (by default the Go toolchain's own, $GOROOT/test, \"// run\"),\n")
	b.WriteString("converted to routes by parity/internal/gotestconv: each answers its\n")
	b.WriteString("output and \"ok\", or the value it panicked with.\n\n")
	b.WriteString("-- go.mod --\nmodule example.com/app\n\ngo 1.26\n\nrequire github.com/devserver/devserver v0.0.0\n\nreplace github.com/devserver/devserver => $DEVSERVER\n")
	var reqs, interp strings.Builder
	for _, r := range routes {
		fmt.Fprintf(&b, "-- app/%s/route.go --\n// From %s%s.\n\n%s", r.name, originPrefix, r.origin, r.src)
		fmt.Fprintf(&reqs, "GET /%s\n", r.name)
		if !slices.Contains(compiled, r.name) {
			fmt.Fprintf(&interp, "app/%s/route.go\n", r.name)
		}
	}
	b.WriteString("-- requests --\n" + reqs.String())
	if interpreted && interp.Len() > 0 {
		b.WriteString("-- interpreted --\n" + interp.String())
	}
	return b.String()
}

// refusedImports are packages whose programs are no ordinary route code:
// they test the runtime, the garbage collector, memory layout or timing.
var refusedImports = regexp.MustCompile(`^(runtime/.*|unsafe|syscall|os/.*|internal/.*|testing|time|log|flag|io/ioutil|plugin|reflect/internal.*|sync/atomic|iter/internal.*)$`)

// runtimeNames are the names of package runtime ordinary code uses.
var runtimeNames = []string{"Error", "TypeAssertionError", "Gosched", "GC", "GOOS", "GOARCH"}

// harnessNames are the names the generated handler relies on: a program
// declaring one at package level is skipped.
var harnessNames = []string{"fmt", "http", "bytes", "recover", "string", "any", "float64", "float32", "complex128", "real", "imag", "byte", "int", "len", "GET", "panic"}

// acceptAny is the -any flag; originPrefix names the root in the
// comment heading each route.
var (
	acceptAny    bool
	originPrefix = "$GOROOT/test/"
	allowed      []string // the -allow flag
)

// convert turns one program into a route; fset and imp are shared by
// all, so the standard library is type-checked once.
func convert(fset *token.FileSet, imp types.Importer, root, file string) (route, error) {
	src, err := os.ReadFile(file)
	if err != nil {
		return route{}, err
	}
	if first, _, _ := bytes.Cut(src, []byte("\n")); !acceptAny && string(bytes.TrimSpace(first)) != "// run" {
		return route{}, fmt.Errorf("not a plain // run program")
	}
	if src, err = dropDirectives(src); err != nil {
		return route{}, err
	}
	rel, err := filepath.Rel(root, file)
	if err != nil || strings.HasPrefix(rel, "..") {
		rel = filepath.Base(file)
	}
	rel = filepath.ToSlash(rel)
	name := strings.NewReplacer("/", "-", "_", "-", ".", "-").Replace(strings.ToLower(strings.TrimSuffix(rel, ".go")))

	f, err := parser.ParseFile(fset, file, src, parser.ParseComments)
	if err != nil {
		return route{}, err
	}
	for _, imp := range f.Imports {
		p := strings.Trim(imp.Path.Value, `"`)
		if refusedImports.MatchString(p) && !slices.Contains(allowed, p) {
			return route{}, fmt.Errorf("imports %s", p)
		}
	}
	for _, d := range f.Decls {
		for _, n := range declNames(d) {
			if slices.Contains(harnessNames, n) || strings.HasPrefix(n, "gotest") {
				return route{}, fmt.Errorf("declares %s, a name the handler uses", n)
			}
		}
	}
	info := &types.Info{Uses: map[*ast.Ident]types.Object{}}
	conf := types.Config{Importer: imp, GoVersion: "go1.26"}
	if _, err := conf.Check("main", fset, []*ast.File{f}, info); err != nil {
		return route{}, fmt.Errorf("type-check: %v", err)
	}

	var bad error
	inits := 0
	f.Name.Name = "route"
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Recv != nil {
			continue
		}
		switch fd.Name.Name {
		case "main":
			fd.Name.Name = "gotestMain"
		case "init":
			fd.Name.Name = fmt.Sprintf("gotestInit%d", inits)
			inits++
		}
	}
	pkgOf := func(x ast.Expr) string {
		id, ok := x.(*ast.Ident)
		if !ok {
			return ""
		}
		if pn, ok := info.Uses[id].(*types.PkgName); ok {
			return pn.Imported().Path()
		}
		return ""
	}
	astutil.Apply(f, func(c *astutil.Cursor) bool {
		switch n := c.Node().(type) {
		case *ast.CallExpr:
			if id, ok := n.Fun.(*ast.Ident); ok {
				if b, ok := info.Uses[id].(*types.Builtin); ok && (b.Name() == "print" || b.Name() == "println") {
					id.Name = "gotestP" + b.Name()[1:]
				}
			}
			if sel, ok := n.Fun.(*ast.SelectorExpr); ok && pkgOf(sel.X) == "fmt" {
				switch sel.Sel.Name {
				case "Print", "Println", "Printf":
					sel.Sel.Name = "F" + strings.ToLower(sel.Sel.Name[:1]) + sel.Sel.Name[1:]
					out := &ast.UnaryExpr{OpPos: n.Lparen, Op: token.AND, X: &ast.Ident{NamePos: n.Lparen, Name: "gotestOut"}}
					n.Args = append([]ast.Expr{out}, n.Args...)
				}
			}
		case *ast.SelectorExpr:
			if pkgOf(n.X) == "runtime" && !slices.Contains(runtimeNames, n.Sel.Name) {
				bad = fmt.Errorf("uses runtime.%s", n.Sel.Name)
			}
			if pkgOf(n.X) != "os" {
				return true
			}
			switch n.Sel.Name {
			case "Exit":
				c.Replace(&ast.Ident{NamePos: n.Pos(), Name: "gotestExit"})
			case "Stdout", "Stderr":
				c.Replace(&ast.ParenExpr{Lparen: n.Pos(), X: &ast.UnaryExpr{OpPos: n.Pos(), Op: token.AND, X: &ast.Ident{NamePos: n.Pos(), Name: "gotestOut"}}, Rparen: n.End()})
			default:
				bad = fmt.Errorf("uses os.%s", n.Sel.Name)
			}
			return false
		}
		return true
	}, nil)
	if bad != nil {
		return route{}, bad
	}
	if !astutil.UsesImport(f, "os") {
		astutil.DeleteImport(fset, f, "os")
	}
	for _, p := range []string{"bytes", "fmt", "net/http"} {
		astutil.AddImport(fset, f, p)
	}
	var b bytes.Buffer
	if err := format.Node(&b, fset, f); err != nil {
		return route{}, err
	}
	b.WriteString(harness(inits))
	out, err := format.Source(b.Bytes())
	if err != nil {
		return route{}, fmt.Errorf("format the route: %v", err)
	}
	// The route must build, or the whole fixture's binary does not.
	f2, err := parser.ParseFile(fset, "route.go", out, 0)
	if err != nil {
		return route{}, fmt.Errorf("parse the route: %v", err)
	}
	conf2 := types.Config{Importer: imp, GoVersion: "go1.26"}
	if _, err := conf2.Check("route", fset, []*ast.File{f2}, nil); err != nil {
		return route{}, fmt.Errorf("type-check the route: %v", err)
	}
	return route{name: name, origin: rel, src: out}, nil
}

// dropDirectives blanks the directives that do not change what a program
// does (inlining, stack checks) and the build constraints linux/amd64
// satisfies; a program with any other //go: directive is no route code.
func dropDirectives(src []byte) ([]byte, error) {
	lines := bytes.Split(src, []byte("\n"))
	for i, l := range lines {
		s := string(bytes.TrimSpace(l))
		switch {
		case !strings.HasPrefix(s, "//go:"):
		case s == "//go:noinline" || s == "//go:nosplit" || s == "//go:norace":
			lines[i] = nil
		case constraint.IsGoBuild(s):
			expr, err := constraint.Parse(s)
			if err != nil {
				return nil, err
			}
			if !expr.Eval(func(tag string) bool {
				return tag == "linux" || tag == "amd64" || tag == "gc" || tag == "unix" || strings.HasPrefix(tag, "go1.")
			}) {
				return nil, fmt.Errorf("built only where %s", s)
			}
			lines[i] = nil
		default:
			return nil, fmt.Errorf("carries %s", s)
		}
	}
	return bytes.Join(lines, []byte("\n")), nil
}

func declNames(d ast.Decl) []string {
	var names []string
	switch d := d.(type) {
	case *ast.FuncDecl:
		if d.Recv == nil {
			names = append(names, d.Name.Name)
		}
	case *ast.GenDecl:
		for _, s := range d.Specs {
			switch s := s.(type) {
			case *ast.TypeSpec:
				names = append(names, s.Name.Name)
			case *ast.ValueSpec:
				for _, n := range s.Names {
					names = append(names, n.Name)
				}
			}
		}
	}
	return names
}

// harness is the handler appended to every route: it runs the inits and
// main under recover and answers what they printed, then "ok" or the
// panic value. print and println format floats as the runtime does.
func harness(inits int) string {
	var calls strings.Builder
	for i := range inits {
		fmt.Fprintf(&calls, "\tgotestInit%d()\n", i)
	}
	return `
// gotestOut collects what the program prints.
var gotestOut bytes.Buffer

func GET(w http.ResponseWriter, r *http.Request) {
	gotestOut.Reset()
	res := gotestRun()
	w.Write(gotestOut.Bytes())
	w.Write([]byte(res))
}

func gotestRun() (res string) {
	defer func() {
		if p := recover(); p != nil {
			res = fmt.Sprintf("\npanic: %v\n", p)
		}
	}()
` + calls.String() + `	gotestMain()
	return "\nok\n"
}

func gotestExit(code int) {
	panic(fmt.Sprintf("os.Exit(%d)", code))
}

func gotestPrint(args ...any) {
	for _, a := range args {
		gotestPrintOne(a)
	}
}

func gotestPrintln(args ...any) {
	for i, a := range args {
		if i > 0 {
			gotestOut.WriteByte(' ')
		}
		gotestPrintOne(a)
	}
	gotestOut.WriteByte('\n')
}

func gotestPrintOne(a any) {
	switch v := a.(type) {
	case float64:
		gotestFloat(v)
	case float32:
		gotestFloat(float64(v))
	case complex128:
		gotestOut.WriteByte('(')
		gotestFloat(real(v))
		gotestFloat(imag(v))
		gotestOut.WriteString("i)")
	case complex64:
		gotestPrintOne(complex128(v))
	case nil:
		gotestOut.WriteString("nil")
	default:
		fmt.Fprint(&gotestOut, v)
	}
}

// gotestFloat is the runtime's printfloat.
func gotestFloat(v float64) {
	switch {
	case v != v:
		gotestOut.WriteString("NaN")
		return
	case v+v == v && v > 0:
		gotestOut.WriteString("+Inf")
		return
	case v+v == v && v < 0:
		gotestOut.WriteString("-Inf")
		return
	}
	const n = 7
	var buf [n + 7]byte
	buf[0] = '+'
	e := 0
	if v == 0 {
		if 1/v < 0 {
			buf[0] = '-'
		}
	} else {
		if v < 0 {
			v = -v
			buf[0] = '-'
		}
		for v >= 10 {
			e++
			v /= 10
		}
		for v < 1 {
			e--
			v *= 10
		}
		h := 5.0
		for i := 0; i < n; i++ {
			h /= 10
		}
		v += h
		if v >= 10 {
			e++
			v /= 10
		}
	}
	for i := 0; i < n; i++ {
		s := int(v)
		buf[i+2] = byte(s + '0')
		v -= float64(s)
		v *= 10
	}
	buf[1] = buf[2]
	buf[2] = '.'
	buf[n+2] = 'e'
	buf[n+3] = '+'
	if e < 0 {
		e = -e
		buf[n+3] = '-'
	}
	buf[n+4] = byte(e/100 + '0')
	buf[n+5] = byte(e/10)%10 + '0'
	buf[n+6] = byte(e%10) + '0'
	gotestOut.Write(buf[:])
}
`
}

func goroot() string {
	if r := os.Getenv("GOROOT"); r != "" {
		return r
	}
	out, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		fatal(err)
	}
	return strings.TrimSpace(string(out))
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "gotestconv:", err)
	os.Exit(1)
}
