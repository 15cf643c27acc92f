package build

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"go/scanner"
	"go/token"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/devserver/devserver/interp"
	"golang.org/x/tools/go/packages"
)

// Diagnostic is one finding of Check.
type Diagnostic struct {
	// Pos is the position in the real file (absolute path).
	Pos token.Position
	// Msg is the message, as the Go compiler or go vet words it.
	Msg string
	// Vet is true for a go vet finding; false for a compile (type) error,
	// which would fail `devserver build`.
	Vet bool
}

// Report is the result of Check.
type Report struct {
	// Diagnostics are all findings, compile errors first, sorted by
	// position within each kind.
	Diagnostics []Diagnostic
	// Routes maps each route file (absolute) to the compile errors of its
	// own package and of every package it imports: the reasons a build of
	// that route would fail.
	Routes map[string]scanner.ErrorList
}

// Errors returns the compile errors, the findings that fail a build.
func (r *Report) Errors() []Diagnostic {
	var out []Diagnostic
	for _, d := range r.Diagnostics {
		if !d.Vet {
			out = append(out, d)
		}
	}
	return out
}

// Check type-checks every package of the module holding proj, route
// folders included, as `go build` would (with the Go type checker, through
// the view), then, when that passes, runs go vet over them. A compile error
// is a Diagnostic, not an error: the error is for Check itself failing.
// goCmd is the go command ("" for the one on PATH).
func Check(ctx context.Context, proj *interp.Project, goCmd string) (*Report, error) {
	return CheckSnapshot(ctx, proj, goCmd, nil)
}

// CheckSnapshot is Check of the source a load read (see
// interp.Loader.Snapshot) rather than of the files as they are now: the
// Go files of the folders snap holds are checked with the content it
// holds, so that the report is about the generation that load made, not
// about a save that came after it. nil checks the files on disk.
func CheckSnapshot(ctx context.Context, proj *interp.Project, goCmd string, snap interp.Snapshot) (*Report, error) {
	tmp, err := os.MkdirTemp("", "devserver-check-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	v, err := newView(proj, tmp, false, snap, false)
	if err != nil {
		return nil, err
	}
	pkgs, err := v.importPaths()
	if err != nil {
		return nil, err
	}
	rep := &Report{Routes: make(map[string]scanner.ErrorList)}
	if len(pkgs) == 0 {
		return rep, nil
	}
	if rep.Diagnostics, err = v.compile(ctx, goCmd, pkgs); err != nil {
		return nil, err
	}
	if len(rep.Diagnostics) == 0 {
		if rep.Diagnostics, err = v.vet(ctx, goCmd, pkgs); err != nil {
			return nil, err
		}
	}
	if errs := rep.Errors(); len(errs) > 0 {
		if err := v.attribute(ctx, goCmd, errs, rep.Routes, nil); err != nil {
			return nil, err
		}
	}
	return rep, nil
}

// compile builds pkgs without writing anything (go build does not, given
// several packages) and returns the compiler's errors, all of them, in its
// own words. They are read from go build -json: one line of the
// compiler's output ("file:line:col: message") per event.
func (v *View) compile(ctx context.Context, goCmd string, pkgs []string) ([]Diagnostic, error) {
	return v.buildJSON(ctx, goCmd, slices.Concat([]string{"build", "-mod=mod", "-json"}, v.langFlags(), pkgs))
}

// buildJSON runs go build with args (which hold -json) in the view and
// returns the compiler's errors, or nil when the build succeeds. An error
// is for the go command failing without compile errors.
func (v *View) buildJSON(ctx context.Context, goCmd string, args []string) ([]Diagnostic, error) {
	out, err := runGo(ctx, goCmd, v.Root, args...)
	if err == nil {
		return nil, nil
	}
	var ge *GoError
	if !errors.As(err, &ge) || ctx.Err() != nil {
		return nil, err
	}
	var ds []Diagnostic
	var text strings.Builder // everything the go command said, for an error without positions
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var ev struct{ Action, Output string }
		if err := dec.Decode(&ev); err == io.EOF {
			break
		} else if err != nil {
			return nil, fmt.Errorf("go build -json: %w", err)
		}
		if ev.Action != "build-output" {
			continue
		}
		text.WriteString(ev.Output)
		posn, msg, ok := strings.Cut(strings.TrimSpace(ev.Output), ": ")
		if pos := v.position(posn); ok && pos.Line > 0 && strings.HasSuffix(pos.Filename, ".go") {
			ds = append(ds, Diagnostic{Pos: pos, Msg: v.RealPaths(msg)})
		}
	}
	if len(ds) == 0 {
		return nil, fmt.Errorf("go build: %s", v.RealPaths(strings.TrimSpace(text.String()+"\n"+ge.Stderr)))
	}
	sortByPosition(ds)
	return ds, nil
}

// vet runs go vet over pkgs and returns its findings, read from its JSON
// report: {"package": {"analyzer": [{"posn": "file:line:col", "message": ...}]}}.
func (v *View) vet(ctx context.Context, goCmd string, pkgs []string) ([]Diagnostic, error) {
	out, err := runGo(ctx, goCmd, v.Root, slices.Concat([]string{"vet", "-mod=mod", "-json"}, v.langFlags(), pkgs)...)
	if err != nil {
		var ge *GoError
		if errors.As(err, &ge) && ctx.Err() == nil {
			return nil, fmt.Errorf("go vet: %s", v.RealPaths(ge.Stderr))
		}
		return nil, err
	}
	type finding struct{ Posn, Message string }
	var ds []Diagnostic
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var report map[string]map[string]json.RawMessage
		if err := dec.Decode(&report); err == io.EOF {
			break
		} else if err != nil {
			return nil, fmt.Errorf("go vet -json: %w", err)
		}
		for _, analyzers := range report {
			for name, raw := range analyzers {
				var fs []finding
				if json.Unmarshal(raw, &fs) != nil {
					// {"error": ...}: the analyzer could not run.
					return nil, fmt.Errorf("go vet: %s: %s", name, v.RealPaths(string(raw)))
				}
				for _, f := range fs {
					ds = append(ds, Diagnostic{Pos: v.position(f.Posn), Msg: v.RealPaths(f.Message), Vet: true})
				}
			}
		}
	}
	sortByPosition(ds)
	return ds, nil
}

// position turns a "file:line:col" (or "file:line", or "file") position of
// the view into one of the real file.
func (v *View) position(posn string) token.Position {
	var pos token.Position
	rest := posn
	for _, n := range []*int{&pos.Column, &pos.Line} {
		i := strings.LastIndexByte(rest, ':')
		if i < 0 {
			break
		}
		k, err := strconv.Atoi(rest[i+1:])
		if err != nil {
			break
		}
		*n, rest = k, rest[:i]
	}
	if pos.Line == 0 { // "file:line": what was taken for the column is the line
		pos.Line, pos.Column = pos.Column, 0
	}
	if rest != "" && rest != "-" {
		pos.Filename = v.Real(rest)
	}
	return pos
}

func sortByPosition(ds []Diagnostic) {
	sort.SliceStable(ds, func(i, j int) bool {
		a, b := ds[i].Pos, ds[j].Pos
		if a.Filename != b.Filename {
			return a.Filename < b.Filename
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Column < b.Column
	})
}

// importPaths lists every package of the view: the module's packages
// outside app/, the valid ones inside it, and the sanitised ones.
func (v *View) importPaths() ([]string, error) {
	var out []string
	err := filepath.WalkDir(v.Root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		if p != v.Root && (strings.HasPrefix(d.Name(), "_") || d.Name() == "vendor") {
			return filepath.SkipDir // the Go tool ignores these too
		}
		if goFiles(p) != nil && p != filepath.Join(v.Root, VirtualDir, "main") {
			rel, _ := filepath.Rel(v.Root, p)
			out = append(out, "./"+filepath.ToSlash(rel))
		}
		return nil
	})
	sort.Strings(out)
	return out, err
}

// attribute fills routes with, for each route file, the errors of its
// package and of the packages it imports, directly or not, as go/packages
// reads the import graph from go list. only, when not nil, holds the
// route files (absolute) to attribute errors to, and the proxy file when
// it is one of them; nil is every route.
func (v *View) attribute(ctx context.Context, goCmd string, errs []Diagnostic, routes map[string]scanner.ErrorList, only map[string]bool) error {
	var routePkgs []string
	fileOf := make(map[string]string) // import path in the view -> the route file
	for _, p := range v.Packages {
		if file := filepath.Join(v.Project.AppDir, filepath.FromSlash(p.Route)); p.Route != "" && (only == nil || only[file]) {
			routePkgs = append(routePkgs, p.Virtual)
			fileOf[p.Virtual] = file
		}
	}
	// A compiled worker running the proxy: its errors are the proxy's.
	if proxyFile, _, err := v.proxy(); err == nil && proxyFile != "" && only[proxyFile] {
		if ip, err := v.Project.ImportPath(filepath.Dir(proxyFile)); err == nil {
			routePkgs = append(routePkgs, ip)
			fileOf[ip] = proxyFile
		}
	}
	if len(routePkgs) == 0 {
		return nil
	}
	env := append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
	if dir := filepath.Dir(goCmd); goCmd != "" && dir != "." {
		// go/packages runs the go command found on PATH.
		env = append(env, "PATH="+dir+string(filepath.ListSeparator)+os.Getenv("PATH"))
	}
	cfg := &packages.Config{Context: ctx, Mode: packages.NeedName | packages.NeedImports | packages.NeedDeps, Dir: v.Root, Env: env}
	loaded, err := packages.Load(cfg, routePkgs...)
	if err != nil {
		return fmt.Errorf("list the routes' imports: %s", v.RealPaths(err.Error()))
	}
	// The package of each error, by the folder of its file.
	byDir := make(map[string]string) // real folder -> import path in the view
	for _, p := range v.Packages {
		byDir[p.Dir] = p.Virtual
	}
	pkgOf := func(file string) string {
		dir := filepath.Dir(file)
		if ip, ok := byDir[dir]; ok {
			return ip
		}
		ip, _ := v.Project.ImportPath(dir)
		return ip
	}
	for _, lp := range loaded {
		file, ok := fileOf[lp.PkgPath]
		if !ok {
			continue
		}
		deps := make(map[string]bool)
		packages.Visit([]*packages.Package{lp}, func(p *packages.Package) bool {
			deps[p.PkgPath] = true
			return true
		}, nil)
		for _, e := range errs {
			if deps[pkgOf(e.Pos.Filename)] {
				routes[file] = append(routes[file], &scanner.Error{Pos: e.Pos, Msg: e.Msg})
			}
		}
	}
	return nil
}

// String renders d as file:line:col: message, the file relative to the
// project of p.
func (d Diagnostic) String(p *interp.Project) string {
	kind := ""
	if d.Vet {
		kind = "vet: "
	}
	return fmt.Sprintf("%s:%d:%d: %s%s", p.Rel(d.Pos.Filename), d.Pos.Line, d.Pos.Column, kind, d.Msg)
}
