// Package build compiles an app natively: `devserver build` turns the same
// app/ the dev server interprets into one binary that serves it through the
// same server package, without the interpreter.
//
// The Go tool refuses import paths with "[", "]", "(" or ")", so route
// folders such as app/users/[id] cannot be compiled where they are. A View
// presents the module to the Go tool through a `go build -overlay` file:
// every such package appears again under a sanitised path inside the module
// (devserver_build/p0, p1, ...), imports of it are rewritten, and positions
// in the Go tool's messages are mapped back to the real files. Nothing in
// the user's folders is written.
package build

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/devserver/devserver/interp"
)

// VirtualDir is the folder, inside the user's module, under which a View
// places the sanitised packages. It exists only in the overlay.
const VirtualDir = "devserver_build"

// methods are the handler names a route file may export, in Allow order.
var methods = []string{"DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"}

// Package is one package of app/ that the Go tool can only see through the
// view.
type Package struct {
	// Dir is the real folder, absolute.
	Dir string
	// ImportPath is the import path route code uses, which the Go tool
	// rejects when it holds brackets or parentheses.
	ImportPath string
	// Virtual is the sanitised import path the overlay provides.
	Virtual string
	// Route is the route file's path relative to app/, slash-separated, if
	// the package is a route; "" otherwise.
	Route string
	// Handlers lists the HTTP methods a route package exports, sorted.
	Handlers []string
}

// A View is a module as the Go tool can compile it. Create one with NewView;
// Overlay lists what it adds or replaces.
type View struct {
	// Project is the app the view presents.
	Project *interp.Project
	// Packages are the sanitised packages, routes first in route order.
	Packages []*Package
	// Overlay maps an absolute path the Go tool should see to the file
	// holding its content, as `go build -overlay` expects.
	Overlay map[string]string

	tmp      string
	realDirs map[string]string // "devserver_build/p3" -> real folder, relative to Project.Dir
}

// importPathOK reports whether the Go tool accepts p as an import path
// element by element (letters, digits and -._~+, no leading dot).
func importPathOK(p string) bool {
	for _, elem := range strings.Split(p, "/") {
		if elem == "" || elem[0] == '.' {
			return false
		}
		for _, r := range elem {
			ok := 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || strings.ContainsRune("-._~+", r)
			if !ok {
				return false
			}
		}
	}
	return true
}

// NewView prepares the view of proj, writing rewritten sources into tmp (a
// folder the caller owns and removes). Every route package of app/ and
// every package of app/ with an import path the Go tool rejects is given a
// sanitised path.
func NewView(proj *interp.Project, tmp string) (*View, error) {
	if proj.ModuleDir == "" || proj.Module == "app" && !fileExists(filepath.Join(proj.ModuleDir, "go.mod")) {
		return nil, fmt.Errorf("build %s: no go.mod: a built app is a Go module (go mod init example.com/myapp)", proj.Dir)
	}
	v := &View{Project: proj, Overlay: make(map[string]string), tmp: tmp, realDirs: make(map[string]string)}

	// Find the packages of app/: folders holding non-test Go files.
	var dirs []string
	err := filepath.WalkDir(proj.AppDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != proj.AppDir && (strings.HasPrefix(d.Name(), ".") || d.Name() == "node_modules" || d.Name() == "testdata") {
				return filepath.SkipDir
			}
			if goFiles(p) != nil {
				dirs = append(dirs, p)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("build: scan %s: %w", proj.AppDir, err)
	}

	byImport := make(map[string]*Package)
	var routes, others []*Package
	for _, dir := range dirs {
		ip, err := proj.ImportPath(dir)
		if err != nil {
			return nil, err
		}
		pkg := &Package{Dir: dir, ImportPath: ip}
		if fileExists(filepath.Join(dir, "route.go")) {
			rel, _ := filepath.Rel(proj.AppDir, filepath.Join(dir, "route.go"))
			pkg.Route = filepath.ToSlash(rel)
			if pkg.Handlers, err = exportedHandlers(dir); err != nil {
				return nil, err
			}
			routes = append(routes, pkg)
		} else if !importPathOK(ip) {
			others = append(others, pkg)
		} else {
			continue
		}
		byImport[ip] = pkg
	}
	sort.Slice(routes, func(i, j int) bool { return routes[i].Route < routes[j].Route })
	v.Packages = append(routes, others...)
	for i, pkg := range v.Packages {
		rel := VirtualDir + "/p" + strconv.Itoa(i)
		pkg.Virtual = proj.Module + "/" + rel
		realRel, _ := filepath.Rel(proj.Dir, pkg.Dir)
		v.realDirs[rel] = filepath.ToSlash(realRel)
	}

	// Every Go file of app/ goes into the overlay: a sanitised package's
	// files under their new folder, and any file importing a sanitised
	// package rewritten to import it by its new path.
	for _, dir := range dirs {
		pkg := byImport[mustImportPath(proj, dir)]
		for _, name := range goFiles(dir) {
			src := filepath.Join(dir, name)
			dst := src
			if pkg != nil {
				dst = filepath.Join(proj.ModuleDir, filepath.FromSlash(strings.TrimPrefix(pkg.Virtual, proj.Module+"/")), name)
			}
			content, changed, err := rewriteImports(src, byImport)
			if err != nil {
				return nil, err
			}
			if changed {
				tmpFile := filepath.Join(tmp, "src", strconv.Itoa(len(v.Overlay))+"_"+name)
				if err := writeFile(tmpFile, content); err != nil {
					return nil, err
				}
				v.Overlay[dst] = tmpFile
			} else if dst != src {
				v.Overlay[dst] = src
			}
		}
	}
	return v, nil
}

func mustImportPath(proj *interp.Project, dir string) string {
	ip, _ := proj.ImportPath(dir)
	return ip
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
		if e.Type().IsRegular() && strings.HasSuffix(n, ".go") && !strings.HasSuffix(n, "_test.go") {
			if ok, err := build.Default.MatchFile(dir, n); err == nil && ok {
				out = append(out, n)
			}
		}
	}
	return out
}

// exportedHandlers lists the HTTP method names declared at package level in
// the route package in dir, as functions or variables.
func exportedHandlers(dir string) ([]string, error) {
	fset := token.NewFileSet()
	var out []string
	for _, name := range goFiles(dir) {
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		for _, decl := range f.Decls {
			switch d := decl.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil && slices.Contains(methods, d.Name.Name) {
					out = append(out, d.Name.Name)
				}
			case *ast.GenDecl:
				for _, spec := range d.Specs {
					if vs, ok := spec.(*ast.ValueSpec); ok && d.Tok == token.VAR {
						for _, n := range vs.Names {
							if slices.Contains(methods, n.Name) {
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

// rewriteImports returns the source of file with every import of a package
// in byImport replaced by its sanitised path. Only the import path literals
// change, so line numbers stay true.
func rewriteImports(file string, byImport map[string]*Package) ([]byte, bool, error) {
	src, err := os.ReadFile(file)
	if err != nil {
		return nil, false, err
	}
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

// Add puts a file into the view at rel (slash-separated, relative to the
// module folder) with the given content, written under the view's tmp.
func (v *View) Add(rel string, content []byte) error {
	tmpFile := filepath.Join(v.tmp, "gen", filepath.FromSlash(rel))
	if err := writeFile(tmpFile, content); err != nil {
		return err
	}
	v.Overlay[filepath.Join(v.Project.ModuleDir, filepath.FromSlash(rel))] = tmpFile
	return nil
}

// WriteOverlay writes the overlay file for `go build -overlay` and returns
// its path.
func (v *View) WriteOverlay() (string, error) {
	b, err := json.MarshalIndent(struct{ Replace map[string]string }{v.Overlay}, "", "\t")
	if err != nil {
		return "", err
	}
	p := filepath.Join(v.tmp, "overlay.json")
	return p, writeFile(p, b)
}

// RealPaths rewrites, in output of the Go tool run in the module folder,
// every sanitised file path to the real one, relative to the project.
func (v *View) RealPaths(output string) string {
	re := regexp.MustCompile(`(?:\./)?(?:` + regexp.QuoteMeta(filepath.ToSlash(v.Project.ModuleDir)) + `/)?` + VirtualDir + `/p[0-9]+`)
	return re.ReplaceAllStringFunc(output, func(m string) string {
		i := strings.Index(m, VirtualDir+"/")
		if real, ok := v.realDirs[m[i:]]; ok {
			return real
		}
		return m
	})
}

// RealImportPaths rewrites sanitised import paths in output to the ones
// route code uses.
func (v *View) RealImportPaths(output string) string {
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
