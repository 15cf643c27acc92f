// Package build compiles an app natively: `devserver build` turns the same
// app/ the dev server interprets into one binary that serves it through the
// same server package, without the interpreter.
//
// The Go tool refuses import paths with "[", "]", "(" or ")", so route
// folders such as app/users/[id] cannot be compiled, vetted or tidied where
// they are. A View is the module as the Go tool can see it: a mirror folder
// of symbolic links to the user's files, in which every route package and
// every package with such a path appears under a sanitised path
// (devserver_build/p0, p1, ...), imports of those are rewritten, and
// relative replace directives made absolute. The files //go:embed
// patterns name are copies, not links, at the same place relative to their
// package: the Go tool refuses to embed a link. Positions in the Go tool's
// messages are mapped back to the real files. Nothing in the user's folders
// is written.
package build

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"io"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/devserver/devserver/approuter"
	"github.com/devserver/devserver/internal/gofiles"
	"github.com/devserver/devserver/internal/goline"
	"github.com/devserver/devserver/internal/gowork"
	"github.com/devserver/devserver/internal/linkwalk"
	"github.com/devserver/devserver/interp"
	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"
)

// VirtualDir is the folder, inside the user's module, under which a View
// places the generated main and (inside app/) the sanitised packages. It
// exists only in the mirror.
const VirtualDir = "devserver_build"

// methods are the handler names a route file may export, in Allow order.
var methods = []string{"DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"}

// Package is one package of app/ that the Go tool sees under a sanitised
// path.
type Package struct {
	// Dir is the real folder, absolute.
	Dir string
	// ImportPath is the import path route code uses, which the Go tool
	// rejects when it holds brackets or parentheses.
	ImportPath string
	// Virtual is the sanitised import path in the view.
	Virtual string
	// Route is the route file's path relative to app/, slash-separated, if
	// the package is a route; "" otherwise.
	Route string
	// Handlers lists the HTTP methods a route package exports, sorted.
	Handlers []string
	// Config lists the segment config identifiers (approuter.ConfigNames) a
	// route package declares, sorted.
	Config []string
}

// A View is a module as the Go tool can handle it. Create one with NewView.
type View struct {
	// Project is the app the view presents.
	Project *interp.Project
	// Packages are the sanitised packages, routes first in route order.
	Packages []*Package
	// Root is the mirror: run the Go tool here.
	Root string

	virtual map[string]*Package // slash path relative to Root ("devserver_build/p3") -> package
	// devserverSum is the go.sum of devserver's source, when the view
	// requires devserver from it (see requireDevserver).
	devserverSum []byte
	// workspace is the go.work the module belongs to, if any, whose
	// other modules the mirror's go.mod replaces by their folders.
	workspace *gowork.Workspace
	// added are the modules the view's go.mod requires that the app's does
	// not (devserver, next/go), for Tidy to leave out.
	added []string
	// tests puts the packages' _test.go files and testdata folders in the
	// view too (see NewTestView).
	tests bool
	// snapshot, when set, gives the Go files of the folders it holds: the
	// view has those, with that content, instead of what is on disk.
	snapshot interp.Snapshot
	// lang is the language version of the app's module ("go1.21"), ""
	// when its go.mod has no go line (see langFlags).
	lang string
	// partial makes a view for some of the routes (a compiled worker's): a
	// route whose route.go does not parse is left without handlers, not
	// the view's failure, as the build of the others does not compile it.
	partial bool
}

// importPathOK reports whether the Go tool accepts p as an import path:
// module.CheckImportPath is the check the go command itself applies.
func importPathOK(p string) bool { return module.CheckImportPath(p) == nil }

// skipDir reports folders the view leaves out: hidden ones, node_modules,
// testdata, and _-prefixed ones outside app/ (the Go tool ignores those too).
func skipDir(name string) bool {
	return strings.HasPrefix(name, ".") || name == "node_modules" || name == "testdata"
}

// NewView builds the view of proj in tmp/mod (tmp is a folder the caller
// owns and removes).
func NewView(proj *interp.Project, tmp string) (*View, error) {
	return newView(proj, tmp, false, nil, false)
}

// NewTestView is NewView with the tests of every package: their _test.go
// files and testdata folders, for go test.
func NewTestView(proj *interp.Project, tmp string) (*View, error) {
	return newView(proj, tmp, true, nil, false)
}

func newView(proj *interp.Project, tmp string, tests bool, snapshot interp.Snapshot, partial bool) (*View, error) {
	if !fileExists(filepath.Join(proj.ModuleDir, "go.mod")) {
		return nil, fmt.Errorf("%s: no go.mod: devserver build, check and tidy need a Go module (go mod init example.com/myapp)", proj.Dir)
	}
	v := &View{Project: proj, Root: filepath.Join(tmp, "mod"), virtual: make(map[string]*Package), tests: tests, snapshot: snapshot, partial: partial}

	dirs, packages, err := v.scan(true)
	if err != nil {
		return nil, err
	}
	v.Packages = packages
	byImport := make(map[string]*Package)
	for _, pkg := range packages {
		byImport[pkg.ImportPath] = pkg
		v.virtual[strings.TrimPrefix(pkg.Virtual, proj.Module+"/")] = pkg
	}

	if err := v.mirrorModule(); err != nil {
		return nil, err
	}
	// app/: sanitised packages under their new folders, the others where
	// they are; any file importing a sanitised package is rewritten.
	for _, dir := range dirs {
		ip, _ := proj.ImportPath(dir)
		pkg := byImport[ip]
		var dst string
		switch {
		case pkg != nil:
			dst = filepath.Join(v.Root, filepath.FromSlash(strings.TrimPrefix(pkg.Virtual, proj.Module+"/")))
		case importPathOK(ip):
			rel, _ := filepath.Rel(proj.ModuleDir, dir)
			dst = filepath.Join(v.Root, rel)
		default:
			continue
		}
		exitPkg := ""
		if err := v.linkTestdata(dir, dst); err != nil {
			return nil, err
		}
		_, snapped := v.snapshot[dir]
		for _, name := range v.sourceFiles(dir) {
			src := filepath.Join(dir, name)
			content, err := v.readSource(dir, name)
			if err != nil {
				return nil, err
			}
			rewritten, changed, err := rewriteImports(src, content, byImport)
			switch {
			case err == nil:
				content = rewritten
			case !v.partial:
				return nil, err
			}
			// (In a partial view a file that does not parse is mirrored as
			// it is: only a build compiling its package reports it.)
			// The snapshot's content, not the file's (a link would show
			// the file as it is now).
			changed = changed || snapped && isSource(name)
			// A test's os.Exit (TestMain's) ends the test binary, as go test
			// expects; only route code's fails its request.
			if out, pkg, ok := rewriteExits(content, !v.tests); ok && !strings.HasSuffix(name, "_test.go") {
				content, changed, exitPkg = out, true, pkg
			}
			if changed {
				err = writeFile(filepath.Join(dst, name), content)
			} else {
				err = link(src, filepath.Join(dst, name))
			}
			if err != nil {
				return nil, err
			}
		}
		if exitPkg != "" {
			if err := writeFile(filepath.Join(dst, exitHelperFile), exitHelper(exitPkg)); err != nil {
				return nil, err
			}
		}
		if err := linkOthers(dir, dst); err != nil {
			return nil, err
		}
		if err := v.copyEmbedded(dir, dst); err != nil {
			return nil, err
		}
		if pkg != nil && pkg.Route != "" {
			if src := approuter.ParamValuesSource(dir); src != nil {
				if err := writeFile(filepath.Join(dst, approuter.ParamValuesFile), src); err != nil {
					return nil, err
				}
			}
		}
	}
	return v, nil
}

// scan returns the folders of app/ holding non-test Go files, and the
// packages among them the view presents under sanitised paths, numbered in
// order: the routes by route path, then the packages whose import path the
// Go tool rejects. It reads each route's handlers and segment config when
// handlers is true.
func (v *View) scan(handlers bool) (dirs []string, packages []*Package, err error) {
	proj := v.Project
	err = linkwalk.Walk(proj.AppDir, func(p string, d fs.DirEntry, err error) error { // linked folders too, as dev serves them
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != proj.AppDir && skipDir(d.Name()) {
				return filepath.SkipDir
			}
			if v.goFiles(p) != nil {
				dirs = append(dirs, p)
			}
		}
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("scan %s: %w", proj.AppDir, err)
	}
	var routes, others []*Package
	for _, dir := range dirs {
		ip, err := proj.ImportPath(dir)
		if err != nil {
			return nil, nil, err
		}
		pkg := &Package{Dir: dir, ImportPath: ip}
		switch {
		case v.hasRoute(dir):
			rel, _ := filepath.Rel(proj.AppDir, filepath.Join(dir, "route.go"))
			pkg.Route = filepath.ToSlash(rel)
			if handlers {
				if err := v.readHandlers(pkg); err != nil && !v.partial {
					return nil, nil, err
				}
			}
			routes = append(routes, pkg)
		case !importPathOK(ip):
			others = append(others, pkg)
		}
	}
	sort.Slice(routes, func(i, j int) bool { return routes[i].Route < routes[j].Route })
	packages = append(routes, others...)
	for i, pkg := range packages {
		pkg.Virtual = proj.Module + "/" + v.packagesDir() + "/p" + strconv.Itoa(i)
	}
	return dirs, packages, nil
}

// readHandlers fills in the handlers and the segment config the route
// package pkg declares: the handlers from route.go itself, as in Next.js.
func (v *View) readHandlers(pkg *Package) error {
	src, err := v.readSource(pkg.Dir, "route.go")
	if err != nil {
		return err
	}
	own, err := approuter.DeclaredInSource(filepath.Join(pkg.Dir, "route.go"), src, methods)
	if err != nil {
		return err
	}
	pkg.Handlers = slices.Sorted(maps.Keys(own))
	pkg.Config, err = v.declared(pkg.Dir, approuter.ConfigNames)
	return err
}

// SanitisedPaths returns the import path a build of proj gives each
// package of app/ it moves (see View), by the import path route code uses.
// fmt prints a package's path in the name of a generic type instantiated
// with one of its types (%T: route.Box[example.com/app/app/devserver_build/p0.Item]):
// the dev server prints what the binary does.
func SanitisedPaths(proj *interp.Project) (map[string]string, error) {
	v := &View{Project: proj}
	_, packages, err := v.scan(false)
	if err != nil {
		return nil, err
	}
	paths := make(map[string]string, len(packages))
	for _, pkg := range packages {
		paths[pkg.ImportPath] = pkg.Virtual
	}
	return paths, nil
}

// mirrorModule recreates the module's folders outside app/ in the mirror,
// with a link for each file (the Go tool does not walk linked folders, and
// go mod tidy must see every package), and writes its go.mod (relative
// replacements made absolute) and go.sum.
func (v *View) mirrorModule() error {
	mod := v.Project.ModuleDir
	exits := exitRewrites{}
	pkgDirs := make(map[string]bool) // folders holding Go files, for copyEmbedded
	err := filepath.WalkDir(mod, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p == mod {
			return nil
		}
		rel, _ := filepath.Rel(mod, p)
		if !d.IsDir() && strings.HasSuffix(d.Name(), ".go") {
			pkgDirs[filepath.Dir(p)] = true
		}
		if _, snapped := v.snapshot[filepath.Dir(p)]; snapped && !d.IsDir() && isSource(d.Name()) {
			// A Go file of a folder the snapshot holds: written from the
			// snapshot (writeSnapshot), or left out when it came later.
			return nil
		}
		if d.IsDir() {
			if v.tests && d.Name() == "testdata" {
				if err := v.linkTestdata(filepath.Dir(p), filepath.Join(v.Root, filepath.Dir(rel))); err != nil {
					return err
				}
				return filepath.SkipDir
			}
			if p == v.Project.AppDir || skipDir(d.Name()) || fileExists(filepath.Join(p, "go.mod")) {
				return filepath.SkipDir // app/ is laid out by NewView; nested modules are not ours
			}
			return nil
		}
		switch rel {
		case "go.mod", "go.sum", "go.work", "go.work.sum":
			return nil
		}
		if isSource(d.Name()) {
			content, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			if done, err := exits.write(filepath.Join(v.Root, rel), content, !v.tests); done || err != nil {
				return err
			}
		}
		return link(p, filepath.Join(v.Root, rel))
	})
	if err != nil {
		return fmt.Errorf("mirror %s: %w", mod, err)
	}
	if err := v.writeSnapshot(exits); err != nil {
		return fmt.Errorf("mirror %s: %w", mod, err)
	}
	if err := exits.writeHelpers(); err != nil {
		return fmt.Errorf("mirror %s: %w", mod, err)
	}
	for dir := range v.snapshot {
		if v.mirrored(dir) {
			pkgDirs[dir] = true
		}
	}
	for dir := range pkgDirs {
		rel, _ := filepath.Rel(mod, dir)
		if err := v.copyEmbedded(dir, filepath.Join(v.Root, rel)); err != nil {
			return fmt.Errorf("mirror %s: %w", mod, err)
		}
	}
	if err := v.writeModFile(); err != nil {
		return err
	}
	sum, err := os.ReadFile(filepath.Join(mod, "go.sum"))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	// devserver's own checksums, when the view requires it from its
	// source, and the workspace's (see writeModFile).
	sum = appendLines(sum, v.devserverSum)
	if v.workspace != nil {
		sum = appendLines(sum, v.workspace.Sums)
	}
	return writeFile(filepath.Join(v.Root, "go.sum"), sum)
}

// appendLines appends the lines more to the lines sum, on a line of their
// own.
func appendLines(sum, more []byte) []byte {
	if len(sum) > 0 && len(more) > 0 && sum[len(sum)-1] != '\n' {
		sum = append(sum, '\n')
	}
	return append(sum, more...)
}

// writeSnapshot writes into the mirror the Go files of the snapshot's
// folders outside app/ (NewView lays out app/) that are packages of the
// module, as the snapshot read them: the files of those folders on disk
// are left out of the mirror.
func (v *View) writeSnapshot(exits exitRewrites) error {
	mod := v.Project.ModuleDir
	for dir, files := range v.snapshot {
		if !v.mirrored(dir) {
			continue
		}
		rel, _ := filepath.Rel(mod, dir)
		for name, content := range files {
			dst := filepath.Join(v.Root, rel, name)
			if isSource(name) {
				if done, err := exits.write(dst, content, !v.tests); done || err != nil {
					return err
				}
			}
			if err := writeFile(dst, content); err != nil {
				return err
			}
		}
	}
	return nil
}

// mirrored reports whether mirrorModule mirrors the folder dir: inside the
// module, outside app/, in no folder the Go tool skips or another module.
func (v *View) mirrored(dir string) bool {
	mod := v.Project.ModuleDir
	rel, err := filepath.Rel(mod, dir)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
		return false
	}
	for d := dir; d != mod; d = filepath.Dir(d) {
		if d == v.Project.AppDir || skipDir(filepath.Base(d)) || fileExists(filepath.Join(d, "go.mod")) {
			return false
		}
		if filepath.Dir(d) == d {
			return false
		}
	}
	return true
}

// writeModFile writes the module's go.mod into the mirror, its relative
// replacements made absolute: relative to the mirror they would name
// nothing.
func (v *View) writeModFile() error {
	mod := v.Project.ModuleDir
	f, err := readModFile(mod)
	if err != nil {
		return err
	}
	for _, r := range relativeReplaces(f) {
		abs := filepath.Join(mod, filepath.FromSlash(r.New.Path))
		if err := f.AddReplace(r.Old.Path, r.Old.Version, abs, ""); err != nil {
			return fmt.Errorf("%s: %w", filepath.Join(mod, "go.mod"), err)
		}
	}
	// The mirror is built with GOWORK=off: a workspace's other modules
	// become replacements by their folders.
	if v.workspace, err = gowork.Find(mod); err != nil {
		return fmt.Errorf("read the workspace (go.work): %w", err)
	}
	if v.workspace != nil {
		if err := v.workspace.Apply(f); err != nil {
			return err
		}
	}
	if v.lang = goline.Lang(mod); v.lang != "" && v.importsDevserver() {
		v.lang = "" // the requirement raises the go line (goline)
	}
	before := make(map[string]bool)
	for _, r := range f.Require {
		before[r.Mod.Path] = true
	}
	if err := requireSDK(f, mod); err != nil {
		return err
	}
	if v.devserverSum, err = requireDevserver(f); err != nil {
		return err
	}
	for _, r := range f.Require {
		if !before[r.Mod.Path] {
			v.added = append(v.added, r.Mod.Path)
		}
	}
	return writeModFile(f, filepath.Join(v.Root, "go.mod"))
}

// langFlags are the go command's flags that compile the module's own
// packages at the language version of the app's module (goline.Lang), as
// go build in the app's module does (-lang=go1.21: Go 1.21's loop
// variables, range over an integer refused as requiring go1.22). The
// view's go.mod requires devserver, whose go line may be newer, so the go
// command raises the view's to it (where the app's own module, not
// requiring devserver, keeps its go line), and would compile the app at
// that version otherwise. The language version of a file with a
// //go:build go1.N line is the compiler's business, as in any build.
func (v *View) langFlags() []string {
	if v.lang == "" {
		return nil
	}
	return []string{"-gcflags=" + v.Project.Module + "/...=-lang=" + v.lang}
}

// importsDevserver reports whether the app's routes, proxy or
// instrumentation, or a package of the module they import, directly or
// not, import a package of devserver (the next SDK), as the dev server's
// loader finds them (interp's snapshot.importsDevserver).
func (v *View) importsDevserver() bool {
	proj := v.Project
	var queue []string
	for _, p := range v.Packages {
		if p.Route != "" {
			queue = append(queue, p.Dir)
		}
	}
	for _, f := range []string{approuter.FindProxy(filepath.Dir(proj.AppDir)), approuter.FindInstrumentation(filepath.Dir(proj.AppDir))} {
		if f != "" {
			queue = append(queue, filepath.Dir(f))
		}
	}
	seen := make(map[string]bool)
	fset := token.NewFileSet()
	for len(queue) > 0 {
		dir := queue[0]
		queue = queue[1:]
		if seen[dir] {
			continue
		}
		seen[dir] = true
		for _, name := range v.goFiles(dir) {
			src, err := v.readSource(dir, name)
			if err != nil {
				continue
			}
			f, err := parser.ParseFile(fset, filepath.Join(dir, name), src, parser.ImportsOnly)
			if err != nil {
				continue
			}
			for _, is := range f.Imports {
				path, err := strconv.Unquote(is.Path.Value)
				switch {
				case err != nil:
				case goline.OfDevserver(path):
					return true
				case path == proj.Module || strings.HasPrefix(path, proj.Module+"/"):
					rel := strings.TrimPrefix(strings.TrimPrefix(path, proj.Module), "/")
					queue = append(queue, filepath.Join(proj.ModuleDir, filepath.FromSlash(rel)))
				}
			}
		}
	}
	return false
}

// readModFile parses the go.mod file in dir.
func readModFile(dir string) (*modfile.File, error) {
	name := filepath.Join(dir, "go.mod")
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	return modfile.Parse(name, data, nil)
}

// writeModFile writes f, formatted as the go command formats go.mod, to
// the file name.
func writeModFile(f *modfile.File, name string) error {
	f.Cleanup()
	data, err := f.Format()
	if err != nil {
		return err
	}
	return writeFile(name, data)
}

// relativeReplaces returns the replace directives of f whose target is a
// relative path (a replacement by a folder has no version).
func relativeReplaces(f *modfile.File) []*modfile.Replace {
	var out []*modfile.Replace
	for _, r := range f.Replace {
		if r.New.Version == "" && !filepath.IsAbs(r.New.Path) {
			out = append(out, r)
		}
	}
	return out
}

// runGo runs the go command in dir and returns its standard output; the
// error carries its standard error.
func runGo(ctx context.Context, goCmd, dir string, args ...string) ([]byte, error) {
	if goCmd == "" {
		goCmd = "go"
	}
	cmd := exec.CommandContext(ctx, goCmd, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=", "GOWORK=off")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return out, &GoError{Args: args, Err: err, Stderr: strings.TrimSpace(stderr.String())}
	}
	return out, nil
}

// GoError is a failed run of the go command.
type GoError struct {
	Args   []string // after "go"
	Err    error    // usually an *exec.ExitError
	Stderr string   // what it printed, paths still those of the view
}

func (e *GoError) Error() string {
	return fmt.Sprintf("go %s: %v\n%s", strings.Join(e.Args, " "), e.Err, e.Stderr)
}

func (e *GoError) Unwrap() error { return e.Err }

// linkOthers links into dst the files of dir in other languages that the
// go command builds into the package (add_amd64.s, hash.c: see
// gofiles.Other): without them, a function declared without a body in Go
// is "missing function body".
func linkOthers(dir, dst string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil // the Go files' reading reports it
	}
	for _, e := range entries {
		if !e.IsDir() && gofiles.Other(e.Name()) {
			if err := link(filepath.Join(dir, e.Name()), filepath.Join(dst, e.Name())); err != nil {
				return err
			}
		}
	}
	return nil
}

// link makes dst a symbolic link to src, creating dst's folder.
func link(src, dst string) error {
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	return os.Symlink(src, dst)
}

// sourceFiles lists the Go files of dir the view holds: goFiles, and the
// test files too in a test view.
func (v *View) sourceFiles(dir string) []string {
	files := v.goFiles(dir)
	if !v.tests {
		return files
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		n := e.Name()
		if (e.Type().IsRegular() || e.Type()&fs.ModeSymlink != 0) && strings.HasSuffix(n, "_test.go") {
			if ok, err := build.Default.MatchFile(dir, n); err == nil && ok {
				files = append(files, n)
			}
		}
	}
	return files
}

// linkTestdata links the testdata folder of dir, if any, into dst, the
// package's folder in the view, in a test view: tests read it relative to
// their package.
func (v *View) linkTestdata(dir, dst string) error {
	src := filepath.Join(dir, "testdata")
	if fi, err := os.Stat(src); !v.tests || err != nil || !fi.IsDir() {
		return nil
	}
	return link(src, filepath.Join(dst, "testdata"))
}

// goFiles lists the non-test Go files in dir that the current build
// context would compile.
func goFiles(dir string) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range entries {
		n := e.Name()
		if (e.Type().IsRegular() || e.Type()&fs.ModeSymlink != 0) && strings.HasSuffix(n, ".go") && !strings.HasSuffix(n, "_test.go") {
			if ok, err := build.Default.MatchFile(dir, n); err == nil && ok {
				out = append(out, n)
			}
		}
	}
	return out
}

// goFiles is goFiles of dir, or of its Go files in the snapshot when it
// holds dir.
func (v *View) goFiles(dir string) []string {
	files, ok := v.snapshot[dir]
	if !ok {
		return goFiles(dir)
	}
	var out []string
	for name, content := range files {
		ctxt := build.Default
		ctxt.OpenFile = func(string) (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(content)), nil }
		if ok, err := ctxt.MatchFile(dir, name); err == nil && ok {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

// readSource returns the content of the file name in dir: the snapshot's
// for a Go file of a folder it holds, else the file's.
func (v *View) readSource(dir, name string) ([]byte, error) {
	if files, ok := v.snapshot[dir]; ok && isSource(name) {
		content, ok := files[name]
		if !ok {
			return nil, &fs.PathError{Op: "read", Path: filepath.Join(dir, name), Err: fs.ErrNotExist}
		}
		return content, nil
	}
	return os.ReadFile(filepath.Join(dir, name))
}

// hasRoute reports whether dir holds a route.go.
func (v *View) hasRoute(dir string) bool {
	if files, ok := v.snapshot[dir]; ok {
		_, ok := files["route.go"]
		return ok
	}
	return fileExists(filepath.Join(dir, "route.go"))
}

// isSource reports whether the file name is a Go file of a package, not
// of its tests.
func isSource(name string) bool {
	return strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, "_test.go")
}

// declared lists which of names the package in dir declares at package
// level, as functions, variables or constants.
func (v *View) declared(dir string, names []string) ([]string, error) {
	fset := token.NewFileSet()
	var out []string
	for _, name := range v.goFiles(dir) {
		src, err := v.readSource(dir, name)
		if err != nil {
			return nil, err
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), src, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		for _, decl := range f.Decls {
			switch d := decl.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil && slices.Contains(names, d.Name.Name) {
					out = append(out, d.Name.Name)
				}
			case *ast.GenDecl:
				for _, spec := range d.Specs {
					if vs, ok := spec.(*ast.ValueSpec); ok {
						for _, n := range vs.Names {
							if slices.Contains(names, n.Name) {
								out = append(out, n.Name)
							}
						}
					}
				}
			}
		}
	}
	sort.Strings(out)
	return slices.Compact(out), nil
}

// rewriteImports returns src, the source of file, with every import of a
// package in byImport replaced by its sanitised path. Only the import path
// literals change, so line numbers stay true.
func rewriteImports(file string, src []byte, byImport map[string]*Package) ([]byte, bool, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, file, src, parser.ImportsOnly)
	if err != nil {
		return nil, false, err
	}
	var out bytes.Buffer
	last := 0
	for _, spec := range f.Imports {
		p, err := strconv.Unquote(spec.Path.Value)
		if err != nil || byImport[p] == nil {
			continue
		}
		start, end := fset.Position(spec.Path.Pos()).Offset, fset.Position(spec.Path.End()).Offset
		out.Write(src[last:start])
		out.WriteString(strconv.Quote(byImport[p].Virtual))
		last = end
	}
	if last == 0 {
		return src, false, nil
	}
	out.Write(src[last:])
	return out.Bytes(), true, nil
}

// packagesDir is the folder of the sanitised packages, slash-separated and
// relative to Root: VirtualDir inside app/, so that a route may import an
// internal package of app/ (app/internal/...), as the Go tool allows it
// where the route really is.
func (v *View) packagesDir() string {
	rel, err := filepath.Rel(v.Project.ModuleDir, v.Project.AppDir)
	if err != nil || rel == "." || strings.HasPrefix(rel, "..") {
		return VirtualDir
	}
	return filepath.ToSlash(rel) + "/" + VirtualDir
}

// Add writes a file into the view at rel (slash-separated, relative to the
// mirror's root).
func (v *View) Add(rel string, content []byte) error {
	return writeFile(filepath.Join(v.Root, filepath.FromSlash(rel)), content)
}

// posRE finds "file.go:line:col" (or "file.go:line") in the Go tool's output.
var posRE = regexp.MustCompile(`(?m)(^|[\s(])((?:\./)?[^\s:()]+\.go)(:\d+(?::\d+)?)`)

// Real maps a path the Go tool printed while running in the view (relative
// to Root, or absolute) to the real file, absolute.
func (v *View) Real(p string) string {
	rel := strings.TrimPrefix(filepath.ToSlash(p), "./")
	if r, ok := strings.CutPrefix(rel, filepath.ToSlash(v.Root)+"/"); ok {
		rel = r
	} else if filepath.IsAbs(p) {
		return p
	}
	if pkgs := v.packagesDir(); strings.HasPrefix(rel, pkgs+"/p") {
		dir, file, _ := strings.Cut(strings.TrimPrefix(rel, pkgs+"/"), "/")
		if pkg := v.virtual[pkgs+"/"+dir]; pkg != nil {
			return filepath.Join(pkg.Dir, filepath.FromSlash(file))
		}
	}
	return filepath.Join(v.Project.ModuleDir, filepath.FromSlash(rel))
}

// RealPaths rewrites, in output of the Go tool run in the view, every file
// position to the real file, named relative to the project as the dev
// server names files, and every sanitised import path to the real one.
func (v *View) RealPaths(output string) string {
	output = posRE.ReplaceAllStringFunc(output, func(m string) string {
		sub := posRE.FindStringSubmatch(m)
		return sub[1] + v.Project.Rel(v.Real(sub[2])) + sub[3]
	})
	// A folder of the view named whole ("found packages route (route.go)
	// and main (gen.go) in /tmp/devserver-build-…/mod/internal/lib"): the
	// real one, as the dev server names it, not a temporary path that
	// differs from one build to the next.
	if v.Root != "" {
		root := regexp.QuoteMeta(filepath.ToSlash(v.Root))
		output = regexp.MustCompile(root+`(/[^\s:()'"]*)?`).ReplaceAllStringFunc(output, func(m string) string {
			rel := strings.TrimPrefix(strings.TrimPrefix(m, filepath.ToSlash(v.Root)), "/")
			if rel == "" {
				return v.Project.Rel(v.Project.ModuleDir)
			}
			return v.Project.Rel(v.Real(rel))
		})
	}
	for i := len(v.Packages) - 1; i >= 0; i-- { // p12 before p1
		output = strings.ReplaceAll(output, v.Packages[i].Virtual, v.Packages[i].ImportPath)
	}
	return output
}

func writeFile(p string, b []byte) error {
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, b, 0o644)
}

func fileExists(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.Mode().IsRegular()
}
