// Command stdexconv turns the Go standard library's runnable examples (the
// func ExampleXxx functions with an "// Output:" comment in
// $GOROOT/src/**/*_test.go) into parity fixtures, one route per example,
// so that the dev server's fast tier is held to what the compiler does on
// everyday use of the standard library.
//
// It is a hunting tool, not a test: CI does not run it. From the
// repository's root:
//
//	go run ./parity/internal/stdexconv -out /tmp/stdex -name stdex -per 40 $(go env GOROOT)/src/strings
//	PARITY_FIXTURES=/tmp/stdex go test ./parity -run TestFixtures -count=1 -timeout 60m
//
// Arguments are folders (walked) or files. Each example becomes
// app/<pkg>-<example>/route.go, made of the example as go/doc makes it a
// playground program (the example and the declarations of its file it
// needs): package route, main renamed stdexMain (run by the route's GET
// handler, as are the file's init functions), fmt.Print* writing into a
// buffer the handler answers with, followed by "ok" (a panic is the
// server's 500 answer); os.Stdout and os.Stderr are the buffer, os.Exit
// and log.Fatal panic, log.Print writes into the buffer without time. Examples that are no deterministic route code are skipped, with
// the reason on standard error: unordered output, no output comment, the
// file system, the network, real time, randomness, os beyond
// Stdout/Stderr/Exit, unsafe, runtime, or that do not type-check once
// converted (helpers declared in another file). Every route is listed in
// the fixture's "interpreted" file unless -compiled names it (or
// -nointerpreted is given), so a route the dev server sends to the
// compiled tier is reported with the reason.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"go/ast"
	"go/build"
	"go/doc"
	"go/format"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io/fs"
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
	name := flag.String("name", "stdex", "fixture name: <name>.txtar, or <name>_<n>.txtar when -per splits")
	per := flag.Int("per", 0, "routes per fixture (0: all in one)")
	compiled := flag.String("compiled", "", "comma-separated routes to leave off the interpreted list (they run compiled)")
	only := flag.String("only", "", "comma-separated routes to keep (default: all that convert)")
	skip := flag.String("skip", "", "comma-separated routes to leave out (too slow, say)")
	noInterp := flag.Bool("nointerpreted", false, "write no interpreted file (the routes may run in either tier)")
	list := flag.Bool("list", false, "only list the routes that convert, one a line")
	flag.Parse()

	var files []string
	for _, a := range flag.Args() {
		st, err := os.Stat(a)
		if err != nil {
			fatal(err)
		}
		if !st.IsDir() {
			files = append(files, a)
			continue
		}
		filepath.WalkDir(a, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && (d.Name() == "testdata" || d.Name() == "vendor" || d.Name() == "internal" || d.Name() == "cmd") {
				return filepath.SkipDir
			}
			if !d.IsDir() && strings.HasSuffix(p, "_test.go") {
				files = append(files, p)
			}
			return nil
		})
	}

	root := filepath.Join(goroot(), "src")
	fset := token.NewFileSet()
	imp := importer.ForCompiler(fset, "source", nil)
	var routes []route
	seen := map[string]bool{}
	for _, file := range files {
		rs, err := convertFile(fset, imp, root, file)
		if err != nil {
			fmt.Fprintf(os.Stderr, "skip %s: %v\n", file, err)
			continue
		}
		for _, r := range rs {
			if r.err != nil {
				fmt.Fprintf(os.Stderr, "skip %s: %v\n", r.name, r.err)
				continue
			}
			if *only != "" && !slices.Contains(strings.Split(*only, ","), r.name) ||
				slices.Contains(strings.Split(*skip, ","), r.name) {
				continue
			}
			for seen[r.name] {
				r.name += "-x"
			}
			seen[r.name] = true
			routes = append(routes, r)
		}
	}
	if *list {
		for _, r := range routes {
			fmt.Println(r.name)
		}
		return
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
			file = fmt.Sprintf("%s_%02d.txtar", *name, i/n+1)
		}
		text := fixture(group, skipCompiled, !*noInterp)
		if err := os.WriteFile(filepath.Join(*out, file), []byte(text), 0o644); err != nil {
			fatal(err)
		}
		fmt.Fprintf(os.Stderr, "wrote %s (%d routes)\n", filepath.Join(*out, file), len(group))
	}
	fmt.Fprintf(os.Stderr, "%d routes\n", len(routes))
}

// route is one converted example.
type route struct {
	name   string // folder under app/ and request path
	origin string // file under $GOROOT/src and example name
	src    []byte // route.go
	err    error  // why it was skipped
}

func fixture(routes []route, compiled []string, interpreted bool) string {
	var b strings.Builder
	b.WriteString("Runnable examples of the Go standard library ($GOROOT/src, func Example\n")
	b.WriteString("with an // Output: comment), converted to routes by\n")
	b.WriteString("parity/internal/stdexconv: each answers its output and \"ok\".\n\n")
	b.WriteString("-- go.mod --\nmodule example.com/app\n\ngo 1.26\n\nrequire github.com/devserver/devserver v0.0.0\n\nreplace github.com/devserver/devserver => $DEVSERVER\n")
	var reqs, interp strings.Builder
	for _, r := range routes {
		fmt.Fprintf(&b, "-- app/%s/route.go --\n// From $GOROOT/src/%s.\n\n%s", r.name, r.origin, r.src)
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

// refusedImports are packages whose examples are no deterministic route
// code: the runtime, memory layout, processes, the file system, the
// network, randomness.
var refusedImports = regexp.MustCompile(`^(runtime|runtime/.*|unsafe|syscall|syscall/.*|os/.*|internal/.*|testing|testing/slogtest|testing/synctest|testing/quick|plugin|io/ioutil|math/rand|math/rand/v2|crypto/rand|net/rpc.*|net/smtp|log/syslog|embed|debug/.*|go/build.*|go/importer|crypto/tls|crypto/x509|net/http/cgi|net/http/fcgi|net/http/pprof|expvar)$`)

// refusedUses are the functions and variables of packages that reach
// real time, the network or the file system.
var refusedUses = map[string][]string{
	"time":               {"Now", "Since", "Until", "Sleep", "After", "AfterFunc", "Tick", "NewTicker", "NewTimer", "LoadLocation", "Local"},
	"net/http":           {"Get", "Post", "Head", "PostForm", "ListenAndServe", "ListenAndServeTLS", "Serve", "ServeTLS", "DefaultClient", "DefaultTransport", "FileServer", "Dir", "ServeFile", "Handle", "HandleFunc", "DefaultServeMux", "NewFileTransport", "FS", "FileServerFS", "ServeFileFS", "Client", "Server", "Transport"},
	"net/http/httptest":  {"NewServer", "NewTLSServer", "NewUnstartedServer"},
	"path/filepath":      {"Walk", "WalkDir", "Glob", "Abs", "EvalSymlinks"},
	"log":                {"SetOutput", "SetFlags", "SetPrefix", "Panic", "Panicf", "Panicln", "Default", "Output", "Writer"},
	"log/slog":           {"SetDefault", "Default", "Info", "Warn", "Error", "Debug", "Log", "LogAttrs", "InfoContext", "WarnContext", "ErrorContext", "DebugContext", "SetLogLoggerLevel"},
	"context":            {"WithTimeout", "WithDeadline"},
	"os":                 nil, // handled apart
	"mime":               {"TypeByExtension", "ExtensionsByType", "AddExtensionType"},
	"crypto/x509":        nil,
	"text/template":      {"ParseFiles", "ParseGlob", "ParseFS"},
	"html/template":      {"ParseFiles", "ParseGlob", "ParseFS"},
	"io/fs":              {"WalkDir", "Glob", "ReadDir", "ReadFile", "Stat", "Sub"},
	"net/http/cookiejar": nil,
	"net": {"Dial", "DialTimeout", "DialIP", "DialTCP", "DialUDP", "DialUnix", "Listen", "ListenPacket", "ListenIP", "ListenTCP", "ListenUDP", "ListenUnix", "ListenUnixgram", "ListenMulticastUDP",
		"LookupAddr", "LookupCNAME", "LookupHost", "LookupIP", "LookupMX", "LookupNS", "LookupPort", "LookupSRV", "LookupTXT", "ResolveIPAddr", "ResolveTCPAddr", "ResolveUDPAddr", "ResolveUnixAddr",
		"Interfaces", "InterfaceAddrs", "InterfaceByIndex", "InterfaceByName", "FileConn", "FileListener", "FilePacketConn", "DefaultResolver", "Dialer", "ListenConfig", "Resolver"},
	"sync/atomic": nil,
}

// harnessNames are the names the generated handler declares: an example
// declaring one at package level is skipped.
var harnessNames = []string{"GET", "stdexOut", "stdexMain", "stdexExit", "stdexhttp", "stdexfmt", "stdexbytes", "stdexArgs",
	"stdexLogFatal", "stdexLogFatalf", "stdexLogFatalln", "stdexLogPrint", "stdexLogPrintf", "stdexLogPrintln"}

// convertFile turns the examples of one test file into routes.
func convertFile(fset *token.FileSet, imp types.Importer, root, file string) ([]route, error) {
	if ok, err := build.Default.MatchFile(filepath.Dir(file), filepath.Base(file)); err != nil || !ok {
		return nil, fmt.Errorf("not built here (build constraints)")
	}
	f, err := parser.ParseFile(fset, file, nil, parser.ParseComments)
	if err != nil {
		return nil, err
	}
	exs := doc.Examples(f)
	if len(exs) == 0 {
		return nil, fmt.Errorf("no examples")
	}
	rel, err := filepath.Rel(root, file)
	if err != nil || strings.HasPrefix(rel, "..") {
		rel = filepath.Base(file)
	}
	rel = filepath.ToSlash(rel)
	pkg := strings.NewReplacer("/", "-", "_", "-", ".", "-").Replace(strings.ToLower(filepath.ToSlash(filepath.Dir(rel))))
	var out []route
	for _, ex := range exs {
		name := pkg + "-" + strings.NewReplacer("_", "-").Replace(strings.ToLower(ex.Name))
		if ex.Name == "" {
			name = pkg + "-package"
		}
		name = strings.TrimSuffix(name, "-")
		r := route{name: name, origin: rel + ": Example" + ex.Name}
		switch {
		case ex.Unordered:
			r.err = fmt.Errorf("unordered output")
		case ex.Output == "" && !ex.EmptyOutput:
			r.err = fmt.Errorf("no output comment")
		case ex.Play == nil:
			r.err = fmt.Errorf("no playground program (in-package example or unresolved names)")
		default:
			r.src, r.err = convert(fset, imp, ex.Play)
		}
		out = append(out, r)
	}
	return out, nil
}

func convert(fset *token.FileSet, imp types.Importer, play *ast.File) ([]byte, error) {
	// Print the playground program and parse it afresh: its nodes mix
	// positions of the test file.
	var pb bytes.Buffer
	if err := format.Node(&pb, fset, play); err != nil {
		return nil, err
	}
	f, err := parser.ParseFile(fset, "main.go", pb.Bytes(), parser.ParseComments)
	if err != nil {
		return nil, fmt.Errorf("parse the program: %v", err)
	}
	for _, im := range f.Imports {
		p := strings.Trim(im.Path.Value, `"`)
		if refusedImports.MatchString(p) {
			return nil, fmt.Errorf("imports %s", p)
		}
		if im.Name != nil && im.Name.Name == "." {
			return nil, fmt.Errorf("dot import")
		}
	}
	for _, d := range f.Decls {
		for _, n := range declNames(d) {
			if slices.Contains(harnessNames, n) {
				return nil, fmt.Errorf("declares %s, a name the handler uses", n)
			}
		}
	}
	info := &types.Info{Uses: map[*ast.Ident]types.Object{}, Types: map[ast.Expr]types.TypeAndValue{}}
	conf := types.Config{Importer: imp, GoVersion: "go1.26"}
	if _, err := conf.Check("main", fset, []*ast.File{f}, info); err != nil {
		return nil, fmt.Errorf("type-check: %v", err)
	}
	for id, obj := range info.Uses {
		if obj == nil || obj.Pkg() == nil {
			if b, ok := obj.(*types.Builtin); ok && (b.Name() == "print" || b.Name() == "println") {
				return nil, fmt.Errorf("uses %s", b.Name())
			}
			continue
		}
		p := obj.Pkg().Path()
		if _, isPkg := obj.(*types.PkgName); isPkg {
			continue
		}
		if obj.Parent() != obj.Pkg().Scope() {
			continue // a method or field
		}
		if _, isType := obj.(*types.TypeName); p == "flag" && !isType && !slices.Contains([]string{"NewFlagSet", "ErrHelp", "ContinueOnError", "ExitOnError", "PanicOnError"}, id.Name) {
			return nil, fmt.Errorf("uses flag.%s (the command line)", id.Name)
		}
		if names, ok := refusedUses[p]; ok && p != "os" && (names == nil || slices.Contains(names, id.Name)) {
			return nil, fmt.Errorf("uses %s.%s", p, id.Name)
		}
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
			fd.Name.Name = "stdexMain"
		case "init":
			fd.Name.Name = fmt.Sprintf("stdexInit%d", inits)
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
	out := func(pos token.Pos) ast.Expr {
		return &ast.UnaryExpr{OpPos: pos, Op: token.AND, X: &ast.Ident{NamePos: pos, Name: "stdexOut"}}
	}
	astutil.Apply(f, func(c *astutil.Cursor) bool {
		switch n := c.Node().(type) {
		case *ast.CallExpr:
			if sel, ok := n.Fun.(*ast.SelectorExpr); ok && pkgOf(sel.X) == "fmt" {
				switch sel.Sel.Name {
				case "Print", "Println", "Printf":
					sel.Sel.Name = "F" + strings.ToLower(sel.Sel.Name[:1]) + sel.Sel.Name[1:]
					if len(n.Args) == 1 {
						if t, ok := info.Types[n.Args[0]].Type.(*types.Tuple); ok && t.Len() > 1 {
							n.Args[0] = &ast.CallExpr{Fun: &ast.Ident{NamePos: n.Lparen, Name: "stdexArgs"}, Args: []ast.Expr{n.Args[0]}}
							n.Ellipsis = n.Rparen
						}
					}
					n.Args = append([]ast.Expr{out(n.Lparen)}, n.Args...)
				}
			}
			if sel, ok := n.Fun.(*ast.SelectorExpr); ok && pkgOf(sel.X) == "log" {
				// The error paths: log.Fatal panics (the route answers
				// it), log.Print writes into the answer, without time.
				switch sel.Sel.Name {
				case "Fatal", "Fatalf", "Fatalln", "Print", "Printf", "Println":
					c.Replace(&ast.CallExpr{Fun: &ast.Ident{NamePos: n.Pos(), Name: "stdexLog" + sel.Sel.Name}, Lparen: n.Lparen, Args: n.Args, Ellipsis: n.Ellipsis, Rparen: n.Rparen})
				}
			}
		case *ast.SelectorExpr:
			if pkgOf(n.X) != "os" {
				return true
			}
			switch n.Sel.Name {
			case "Exit":
				c.Replace(&ast.Ident{NamePos: n.Pos(), Name: "stdexExit"})
			case "Stdout", "Stderr":
				c.Replace(&ast.ParenExpr{Lparen: n.Pos(), X: out(n.Pos()), Rparen: n.End()})
			default:
				bad = fmt.Errorf("uses os.%s", n.Sel.Name)
			}
			return false
		}
		return true
	}, nil)
	if bad != nil {
		return nil, bad
	}
	for _, p := range []string{"os", "log"} {
		if !astutil.UsesImport(f, p) {
			astutil.DeleteImport(fset, f, p)
		}
	}
	// The handler uses the example's own imports of bytes, fmt and
	// net/http, and imports them as stdex<name> when it has none.
	names := map[string]string{}
	for _, p := range []string{"bytes", "fmt", "net/http"} {
		for _, im := range f.Imports {
			if strings.Trim(im.Path.Value, `"`) != p {
				continue
			}
			switch {
			case im.Name == nil:
				names[p] = p[strings.LastIndex(p, "/")+1:]
			case im.Name.Name != "_" && im.Name.Name != ".":
				names[p] = im.Name.Name
			}
		}
		if names[p] == "" {
			names[p] = "stdex" + p[strings.LastIndex(p, "/")+1:]
			astutil.AddNamedImport(fset, f, names[p], p)
		}
	}
	var b bytes.Buffer
	if err := format.Node(&b, fset, f); err != nil {
		return nil, err
	}
	b.WriteString(strings.NewReplacer("stdexbytes.", names["bytes"]+".", "stdexfmt.", names["fmt"]+".", "stdexhttp.", names["net/http"]+".").Replace(harness(inits)))
	src, err := format.Source(b.Bytes())
	if err != nil {
		return nil, fmt.Errorf("format the route: %v", err)
	}
	// The route must build, or the whole fixture's binary does not.
	f2, err := parser.ParseFile(fset, "route.go", src, 0)
	if err != nil {
		return nil, fmt.Errorf("parse the route: %v", err)
	}
	conf2 := types.Config{Importer: imp, GoVersion: "go1.26"}
	if _, err := conf2.Check("route", fset, []*ast.File{f2}, nil); err != nil {
		return nil, fmt.Errorf("type-check the route: %v", err)
	}
	return src, nil
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
// the example and answers what they printed, then "ok". A panic is left
// to the server, whose 500 answer (with --error-details) is compared
// too: recovering it and printing the value with fmt would send every
// example with a String method to the compiled tier (the value may be
// one of its types).
func harness(inits int) string {
	var calls strings.Builder
	for i := range inits {
		fmt.Fprintf(&calls, "\tstdexInit%d()\n", i)
	}
	return `
// stdexOut collects what the example prints.
var stdexOut stdexbytes.Buffer

func GET(w stdexhttp.ResponseWriter, r *stdexhttp.Request) {
	stdexOut.Reset()
` + calls.String() + `	stdexMain()
	w.Write(stdexOut.Bytes())
	w.Write([]byte("\nok\n"))
}

func stdexExit(code int) {
	panic(stdexfmt.Sprintf("os.Exit(%d)", code))
}

func stdexArgs(a ...any) []any { return a }

func stdexLogFatal(a ...any)            { panic("log.Fatal: " + stdexfmt.Sprint(a...)) }
func stdexLogFatalf(f string, a ...any) { panic("log.Fatal: " + stdexfmt.Sprintf(f, a...)) }
func stdexLogFatalln(a ...any)          { panic("log.Fatal: " + stdexfmt.Sprintln(a...)) }
func stdexLogPrint(a ...any)            { stdexOut.WriteString(stdexfmt.Sprint(a...) + "\n") }
func stdexLogPrintf(f string, a ...any) { stdexOut.WriteString(stdexfmt.Sprintf(f, a...) + "\n") }
func stdexLogPrintln(a ...any)          { stdexOut.WriteString(stdexfmt.Sprintln(a...)) }
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
	fmt.Fprintln(os.Stderr, "stdexconv:", err)
	os.Exit(1)
}
