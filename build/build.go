package build

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"go/format"
	"go/scanner"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"text/template"

	"github.com/devserver/devserver/approuter"
	"github.com/devserver/devserver/internal/linkwalk"
	"github.com/devserver/devserver/internal/panicpos"
	"github.com/devserver/devserver/interp"
)

// Options configure Build.
type Options struct {
	// Dir is the project directory (holding app/) or the app directory.
	Dir string
	// Output is the binary to write, relative to the current directory;
	// "" means the project's BinaryName in the current directory. It must
	// not be a folder.
	Output string
	// Go is the go command; "" means "go" from PATH.
	Go string
	// LDFlags are flags for the Go linker, as go build -ldflags takes
	// them: "-s -w" leaves the symbol table and the debug information
	// out, for a smaller binary linked faster (panics still name their
	// functions, files and lines).
	LDFlags string
}

// Build compiles the app in opts.Dir into the binary opts.Output. It fails,
// naming every file at fault, when a route conflicts with another or the
// code does not compile. The user's go.mod and go.sum are read, never
// written: missing checksums are fetched into a private copy.
func Build(ctx context.Context, opts Options) error {
	proj, err := interp.FindProject(opts.Dir)
	if err != nil {
		return err
	}
	out, err := outputPath(proj, opts.Output)
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "devserver-build-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)

	v, err := NewView(proj, tmp)
	if err != nil {
		return fmt.Errorf("build %s: %w", proj.Rel(proj.AppDir), err)
	}
	if err := checkTable(v); err != nil {
		return err
	}
	if err := v.addMain(); err != nil {
		return err
	}
	return v.goBuild(ctx, opts.Go, out, opts.LDFlags)
}

// outputPath returns the absolute path of the binary to write: output, or
// the project's BinaryName when output is "". A folder is refused: go build
// would write the binary inside it, under a name nobody chose (a project
// with a server/ folder and -o server got server/main), so the folder is
// more likely a name clash than the user's intent.
func outputPath(proj *interp.Project, output string) (string, error) {
	if output == "" {
		output = proj.BinaryName()
	}
	out, err := filepath.Abs(output)
	if err != nil {
		return "", err
	}
	if fi, err := os.Stat(out); err == nil && fi.IsDir() {
		return "", fmt.Errorf("build: output %s is a folder: name the binary with -o file", output)
	}
	return out, nil
}

// checkTable refuses an app whose routes conflict, or whose GET reads
// request data under Dynamic = "error": the dev server answers 500 on those
// URLs, and a production build must not ship that way.
func checkTable(v *View) error {
	files, err := approuter.ScanApp(v.Project.AppDir)
	if err != nil {
		return err
	}
	var errs []error
	for _, r := range approuter.NewTable(files).Routes() {
		file := v.Project.Rel(filepath.Join(v.Project.AppDir, filepath.FromSlash(r.File)))
		if r.Err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", file, r.Err))
		}
	}
	entries := []string{}
	for _, p := range v.Packages {
		if p.Route != "" {
			entries = append(entries, filepath.Join(p.Dir, "route.go"))
		}
	}
	if f := approuter.FindProxy(filepath.Dir(v.Project.AppDir)); f != "" {
		entries = append(entries, f)
	}
	if f := approuter.FindInstrumentation(filepath.Dir(v.Project.AppDir)); f != "" {
		entries = append(entries, f)
	}
	for _, f := range entries {
		for _, e := range v.packageClauses(f) {
			errs = append(errs, e) // each file at fault on its line
		}
	}
	for _, p := range v.Packages {
		if p.Route == "" {
			continue
		}
		if _, err := approuter.ReadMaxDuration(filepath.Join(p.Dir, "route.go")); err != nil {
			errs = append(errs, err)
		}
		if err := approuter.DynamicError(p.Dir); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", v.Project.Rel(filepath.Join(v.Project.AppDir, filepath.FromSlash(p.Route))), err))
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("build %s: routes cannot be built:\n%w", v.Project.Rel(v.Project.AppDir), errors.Join(errs...))
	}
	return nil
}

// packageClauses is approuter.PackageClauses of the folder of entry (a
// route, proxy or instrumentation file), its positions named relative to
// the project as the dev server names them: go build would only say, at
// the generated main's import of the folder, that it is a program or
// holds two packages.
func (v *View) packageClauses(entry string) scanner.ErrorList {
	dir := filepath.Dir(entry)
	srcs := make(map[string][]byte)
	for _, name := range v.goFiles(dir) {
		src, err := v.readSource(dir, name)
		if err != nil {
			return nil // go build says why it cannot read it
		}
		srcs[name] = src
	}
	var list scanner.ErrorList
	if !errors.As(approuter.PackageClauses(entry, srcs), &list) {
		return nil
	}
	for _, e := range list {
		e.Pos.Filename = v.Project.Rel(e.Pos.Filename)
	}
	return list
}

// proxy returns the app's proxy file (proxy.go or middleware.go beside
// app/, so in src/ for src/app) and the proxy identifiers it declares, or "".
func (v *View) proxy() (string, []string, error) {
	p := approuter.FindProxy(filepath.Dir(v.Project.AppDir))
	if p == "" {
		return "", nil, nil
	}
	// Read from the proxy file itself, as Next.js reads Proxy and Config.
	own, err := approuter.DeclaredIn(p, approuter.ProxyNames)
	return p, slices.Sorted(maps.Keys(own)), err
}

// proxyCompiled is the compiledFile of the proxy file proxyFile, which
// declares names (see proxy), named file in the main package.
func (v *View) proxyCompiled(proxyFile string, names []string, file string) (compiledFile, error) {
	ip, err := v.Project.ImportPath(filepath.Dir(proxyFile))
	if err != nil {
		return compiledFile{}, err
	}
	proxy := compiledFile{Name: "proxy", ImportPath: ip, File: file}
	for _, n := range names {
		if n == "Matcher" || n == "Config" {
			proxy.Config = append(proxy.Config, n)
		} else {
			proxy.Handlers = append(proxy.Handlers, n)
		}
	}
	return proxy, nil
}

// pageFiles lists the page.html files of app/ (slash-separated, relative to
// it), and copies them with every layout.html beside the generated main,
// for go:embed.
func (v *View) pageFiles() ([]string, error) {
	var pages []string
	err := linkwalk.Walk(v.Project.AppDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != v.Project.AppDir && skipDir(d.Name()) {
				return filepath.SkipDir
			}
			return nil
		}
		if d.Name() != "page.html" && d.Name() != "layout.html" {
			return nil
		}
		rel, _ := filepath.Rel(v.Project.AppDir, p)
		if d.Name() == "page.html" {
			pages = append(pages, filepath.ToSlash(rel))
		}
		return copyFile(p, filepath.Join(v.Root, VirtualDir, "main", "app", rel))
	})
	return pages, err
}

// addMain puts the main package of a build into the view: the generated
// main.go and public/ beside it, for go:embed.
func (v *View) addMain() error {
	main, err := v.mainSource()
	if err != nil {
		return err
	}
	if err := v.Add(VirtualDir+"/main/main.go", main); err != nil {
		return err
	}
	return v.addPublic()
}

// mainSource generates the main package of the binary.
func (v *View) mainSource() ([]byte, error) {
	pages, err := v.pageFiles()
	if err != nil {
		return nil, err
	}
	data := mainData{Module: v.Project.Module, Public: v.hasPublic(), Pages: len(pages) > 0, Dir: ".", AppDir: "app", Sources: v.sources(v.Project.Dir)}
	for i, p := range v.Packages {
		if p.Route == "" {
			continue
		}
		// The server asks for route files relative to the project directory
		// ("app/users/[id]/route.go"), app.Routes lists them relative to app/.
		secs, err := approuter.ReadMaxDuration(filepath.Join(p.Dir, "route.go"))
		if err != nil {
			return nil, err
		}
		data.Compiled = append(data.Compiled, compiledFile{
			Name: "r" + strconv.Itoa(i), ImportPath: p.Virtual, File: "app/" + p.Route,
			Handlers: p.Handlers, Config: p.Config, MaxDuration: secs,
		})
		data.Routes = append(data.Routes, p.Route)
	}
	data.Routes = append(data.Routes, pages...)
	proxyFile, proxyNames, err := v.proxy()
	if err != nil {
		return nil, err
	}
	if proxyFile != "" {
		// Named as the dev server names it, relative to the project:
		// src/proxy.go for an app in src/app.
		proxy, err := v.proxyCompiled(proxyFile, proxyNames, filepath.ToSlash(v.Project.Rel(proxyFile)))
		if err != nil {
			return nil, err
		}
		data.Compiled = append(data.Compiled, proxy)
		data.ProxyFile = proxy.File
	}
	if f := approuter.FindInstrumentation(filepath.Dir(v.Project.AppDir)); f != "" {
		in, err := v.instrumentationCompiled(f)
		if err != nil {
			return nil, err
		}
		in.File = approuter.InstrumentationFile
		data.Compiled = append(data.Compiled, in)
		data.InstrumentationFile = in.File
	}
	var b bytes.Buffer
	if err := mainTemplate.Execute(&b, data); err != nil {
		return nil, fmt.Errorf("generate main: %w", err)
	}
	src, err := format.Source(b.Bytes())
	if err != nil {
		return nil, fmt.Errorf("generate main: %w\n%s", err, b.Bytes())
	}
	return src, nil
}

// mainData is what the generated main package is made of.
type mainData struct {
	Module        string
	Public, Pages bool           // public/ and page files are embedded
	Compiled      []compiledFile // the routes, then the proxy, then the instrumentation
	Routes        []string       // app.Routes: route files, then pages, relative to app/
	ProxyFile     string
	// InstrumentationFile is instrumentation.go when the app has one.
	InstrumentationFile string
	// Dir and AppDir are server.App's: "." and "app" in a binary, the real
	// folders in a worker of the dev server.
	Dir, AppDir string
	// Worker makes the main a compiled worker of the dev server
	// (serve.Worker) instead of a production server (serve.Main).
	Worker bool
	// WorkerProxy, in a worker running the app's proxy too, is the proxy
	// file (absolute, slash-separated), one of Compiled.
	WorkerProxy string
	// Sources is server.App's: the folder of each package the view
	// compiles under another path, and of the module; absolute in a
	// worker, relative to the project (Dir ".") in a binary.
	Sources panicpos.Sources
}

// instrumentationCompiled is the instrumentation file f compiled: named
// by its path, slash-separated, as a worker's server loads it.
func (v *View) instrumentationCompiled(f string) (compiledFile, error) {
	own, err := approuter.DeclaredIn(f, approuter.InstrumentationNames)
	if err != nil {
		return compiledFile{}, err
	}
	ip, err := v.Project.ImportPath(filepath.Dir(f))
	if err != nil {
		return compiledFile{}, err
	}
	return compiledFile{Name: "instrumentation", ImportPath: ip, File: filepath.ToSlash(f), Handlers: slices.Sorted(maps.Keys(own))}, nil
}

// compiledFile is a route or proxy file compiled into the binary: its
// package is imported as Name, and the names it declares are passed to the
// server as the interpreter passes them in dev.
type compiledFile struct {
	Name, ImportPath, File string
	Handlers, Config       []string
	MaxDuration            int // seconds, read from route.go statically; 0 for none
}

// mainTemplate is the source of the binary's main package (gofmt'd after).
var mainTemplate = template.Must(template.New("main").Parse(`// Code generated by devserver build. DO NOT EDIT.

// Command server serves {{.Module}} compiled: the routes of app/
// and the files of public/, through the same server as devserver's dev mode.
package main

import (
{{- if or .Public .Pages}}
	"embed"
	"io/fs"
{{end}}
	"github.com/devserver/devserver/approuter"
	"github.com/devserver/devserver/serve"
	"github.com/devserver/devserver/server"
{{range .Compiled}}
	{{.Name}} {{printf "%q" .ImportPath}} // {{.File}}
{{- end}}
)
{{if .Public}}
//go:embed all:public
var public embed.FS
{{end}}
{{- if .Pages}}
//go:embed all:app
var pages embed.FS
{{end}}
func main() {
	compiled := []approuter.Loaded{
{{- range $f := .Compiled}}
		{File: {{printf "%q" $f.File}}, Handlers: map[string]any{
			{{- range $f.Handlers}}{{printf "%q" .}}: {{$f.Name}}.{{.}}, {{end -}}
		}
		{{- if or $f.Config $f.MaxDuration}}, Config: map[string]any{
			{{- range $f.Config}}{{printf "%q" .}}: {{$f.Name}}.{{.}}, {{end -}}
			{{- if $f.MaxDuration}}"MaxDuration": {{$f.MaxDuration}}, {{end -}}
		}{{end}}},
{{- end}}
	}
	app := server.App{Dir: {{printf "%q" .Dir}}, AppDir: {{printf "%q" .AppDir}}, ProxyFile: {{printf "%q" .ProxyFile}}, InstrumentationFile: {{printf "%q" .InstrumentationFile}}, Routes: []string{
{{- range .Routes}}
		{{printf "%q" .}},
{{- end}}
	}}
{{- if .Public}}
	app.Public = sub(public, "public")
{{- end}}
{{- if .Pages}}
	app.AppFS = sub(pages, "app")
{{- end}}
{{- if .Sources}}
	app.Sources = map[string]string{
{{- range $path, $dir := .Sources}}
		{{printf "%q" $path}}: {{printf "%q" $dir}},
{{- end}}
	}
{{- end}}
{{- if .WorkerProxy}}
	serve.WorkerWithProxy(app, compiled, {{printf "%q" .WorkerProxy}})
{{- else if .Worker}}
	serve.Worker(app, compiled)
{{- else}}
	serve.Main(app, compiled)
{{- end}}
}
{{if or .Public .Pages}}
func sub(f fs.FS, dir string) fs.FS {
	s, err := fs.Sub(f, dir)
	if err != nil {
		panic(err)
	}
	return s
}
{{end}}`))

func (v *View) publicDir() string { return filepath.Join(v.Project.Dir, "public") }

func (v *View) hasPublic() bool {
	fi, err := os.Stat(v.publicDir())
	return err == nil && fi.IsDir()
}

// addPublic copies public/ beside the generated main, for go:embed, which
// refuses symbolic links.
func (v *View) addPublic() error {
	if !v.hasPublic() {
		return nil
	}
	dir := v.publicDir()
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		return copyFile(p, filepath.Join(v.Root, VirtualDir, "main", "public", rel))
	})
}

// goBuild runs go build in the view, with ldflags for the linker when not
// "". -mod=mod lets it fetch checksums it needs into the view's go.sum,
// never the user's.
func (v *View) goBuild(ctx context.Context, goCmd, out, ldflags string) error {
	args := slices.Concat([]string{"build", "-mod=mod", "-trimpath"}, v.langFlags())
	if ldflags != "" {
		args = append(args, "-ldflags="+ldflags)
	}
	if _, err := runGo(ctx, goCmd, v.Root, append(args, "-o", out, "./"+VirtualDir+"/main")...); err != nil {
		var ge *GoError
		if errors.As(err, &ge) && ge.Stderr != "" {
			return fmt.Errorf("build %s: go build failed:\n%s", v.Project.Rel(v.Project.AppDir), v.RealPaths(ge.Stderr))
		}
		return fmt.Errorf("build %s: %w", v.Project.Rel(v.Project.AppDir), err)
	}
	return nil
}

func copyFile(from, to string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return writeFile(to, b)
}
