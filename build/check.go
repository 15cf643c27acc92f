package build

import (
	"context"
	"errors"
	"fmt"
	"go/scanner"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/devserver/devserver/interp"
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
func Check(ctx context.Context, proj *interp.Project, goCmd string) (*Report, error) {
	tmp, err := os.MkdirTemp("", "devserver-check-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	v, err := NewView(proj, tmp)
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
	// go build compiles without writing anything when given several
	// packages; its type errors are the compiler's own, all of them.
	if _, err := runGo(ctx, goCmd, v.Root, append([]string{"build", "-mod=mod"}, pkgs...)...); err != nil {
		var ge *GoError
		if !errors.As(err, &ge) || ctx.Err() != nil {
			return nil, err
		}
		rep.Diagnostics = v.diagnostics(ge.Stderr, false)
		if len(rep.Diagnostics) == 0 {
			return nil, fmt.Errorf("go build: %s", v.RealPaths(ge.Stderr))
		}
	} else if _, err := runGo(ctx, goCmd, v.Root, append([]string{"vet", "-mod=mod"}, pkgs...)...); err != nil {
		var ge *GoError
		if !errors.As(err, &ge) || ctx.Err() != nil {
			return nil, err
		}
		rep.Diagnostics = v.diagnostics(ge.Stderr, true)
	}
	if errs := rep.Errors(); len(errs) > 0 {
		if err := v.attribute(ctx, goCmd, errs, rep.Routes); err != nil {
			return nil, err
		}
	}
	return rep, nil
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

// diagRE matches one finding: "file.go:line:col: message", possibly after
// "vet: ".
var diagRE = regexp.MustCompile(`^(?:vet: )?((?:\./)?[^\s:]+\.go):(\d+):(\d+): (.*)$`)

// diagnostics parses the Go tool's output.
func (v *View) diagnostics(out string, vet bool) []Diagnostic {
	var ds []Diagnostic
	for _, line := range strings.Split(out, "\n") {
		m := diagRE.FindStringSubmatch(strings.TrimSpace(line))
		if m == nil {
			continue
		}
		l, _ := strconv.Atoi(m[2])
		c, _ := strconv.Atoi(m[3])
		ds = append(ds, Diagnostic{
			Pos: token.Position{Filename: v.Real(m[1]), Line: l, Column: c},
			Msg: v.RealPaths(m[4]),
			Vet: vet,
		})
	}
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
	return ds
}

// attribute fills routes with, for each route file, the errors of its
// package and of the packages it imports.
func (v *View) attribute(ctx context.Context, goCmd string, errs []Diagnostic, routes map[string]scanner.ErrorList) error {
	var routePkgs []string
	byVirtual := make(map[string]*Package)
	for _, p := range v.Packages {
		if p.Route != "" {
			routePkgs = append(routePkgs, p.Virtual)
			byVirtual[p.Virtual] = p
		}
	}
	if len(routePkgs) == 0 {
		return nil
	}
	out, err := runGo(ctx, goCmd, v.Root, append([]string{"list", "-e", "-mod=mod", "-f", "{{.ImportPath}} {{join .Deps \" \"}}"}, routePkgs...)...)
	if err != nil {
		return err
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
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		if len(fields) == 0 || byVirtual[fields[0]] == nil {
			continue
		}
		deps := map[string]bool{fields[0]: true}
		for _, d := range fields[1:] {
			deps[d] = true
		}
		file := filepath.Join(v.Project.AppDir, filepath.FromSlash(byVirtual[fields[0]].Route))
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
