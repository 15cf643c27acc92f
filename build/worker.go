package build

import (
	"bytes"
	"context"
	"fmt"
	"go/format"
	"go/scanner"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"

	"github.com/devserver/devserver/approuter"
	"github.com/devserver/devserver/internal/panicpos"
	"github.com/devserver/devserver/interp"
)

// Worker compiles the routes (absolute route.go files of proj, and its
// proxy file when the compiled tier runs it) into out, a
// compiled worker of the dev server (see serve.Worker): the binary serves
// those routes only, each from its real file's path, on loopback. The
// mirror is made in dir/mod, which is replaced: a folder of the caller's
// that stays the same from one build to the next, so that the go command's
// build cache makes a rebuild after an edit about a second.
//
// The compiler's errors come back by route file (Errors): each route's
// are those of its package and of every package it imports, directly or
// not, so that an error in a package one route imports does not take the
// others down. An error no route's imports explain is every route's. The
// error is for the build failing otherwise.
func Worker(ctx context.Context, proj *interp.Project, dir string, routes []string, goCmd, out string) (*WorkerOutput, error) {
	if err := os.RemoveAll(filepath.Join(dir, "mod")); err != nil {
		return nil, err
	}
	// Another route's file that does not parse (a save half written, a new
	// empty file) is no concern of these routes' build.
	v, err := newView(proj, dir, false, nil, true)
	if err != nil {
		return nil, err
	}
	main, err := v.workerSource(routes)
	if err != nil {
		return nil, err
	}
	if err := v.Add(VirtualDir+"/main/main.go", main); err != nil {
		return nil, err
	}
	// -trimpath as Build: the packages compiled for one are in the build
	// cache for the other. Without DWARF (-s -w) the link, most of a
	// rebuild after an edit, takes about a third less; panics still name
	// functions and lines.
	diags, err := v.buildJSON(ctx, goCmd, slices.Concat([]string{"build", "-mod=mod", "-trimpath", "-ldflags=-s -w", "-json"}, v.langFlags(), []string{"-o", out, "./" + VirtualDir + "/main"}))
	if err != nil {
		return nil, err
	}
	res := &WorkerOutput{Sources: v.sources("")}
	if len(diags) > 0 {
		if res.Errors, err = v.workerErrors(ctx, goCmd, routes, diags); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// WorkerOutput is what a build of a worker gives back besides the binary.
type WorkerOutput struct {
	// Errors are the compile errors by route file (absolute); none when
	// the binary was written.
	Errors map[string]scanner.ErrorList
	// Sources are the worker's server.App.Sources: what the file names of
	// its stack traces stand for.
	Sources panicpos.Sources
}

// workerErrors attributes the compile errors diags of a worker build to
// its routes.
func (v *View) workerErrors(ctx context.Context, goCmd string, routes []string, diags []Diagnostic) (map[string]scanner.ErrorList, error) {
	only := make(map[string]bool, len(routes))
	for _, r := range routes {
		only[r] = true
	}
	errs := make(map[string]scanner.ErrorList)
	if err := v.attribute(ctx, goCmd, diags, errs, only); err != nil {
		return nil, err
	}
	explained := make(map[token.Position]bool)
	for _, list := range errs {
		for _, e := range list {
			explained[e.Pos] = true
		}
	}
	for _, d := range diags {
		if explained[d.Pos] {
			continue
		}
		for _, r := range routes {
			errs[r] = append(errs[r], &scanner.Error{Pos: d.Pos, Msg: d.Msg})
		}
	}
	for _, list := range errs {
		list.Sort()
	}
	return errs, nil
}

// sources maps the import paths the view compiles the project's packages
// under to their folders (see server.App.Sources): the module's path to
// its folder, and each sanitised package's path to its own. With base
// (the project's folder) the folders are relative to it, slash-separated,
// as a binary that runs elsewhere names them; "" keeps them absolute.
func (v *View) sources(base string) panicpos.Sources {
	folder := func(dir string) string {
		if base == "" {
			return dir
		}
		if rel, err := filepath.Rel(base, dir); err == nil {
			return filepath.ToSlash(rel)
		}
		return dir
	}
	m := panicpos.Sources{v.Project.Module: folder(v.Project.ModuleDir)}
	for _, p := range v.Packages {
		m[p.Virtual] = folder(p.Dir)
	}
	return m
}

// workerSource generates the main package of a worker serving routes.
func (v *View) workerSource(routes []string) ([]byte, error) {
	data := mainData{Module: v.Project.Module, Dir: v.Project.Dir, AppDir: v.Project.AppDir, Worker: true, Sources: v.sources("")}
	proxyFile, proxyNames, err := v.proxy()
	if err != nil {
		return nil, err
	}
	want := make(map[string]bool, len(routes))
	for _, r := range routes {
		if proxyFile != "" && r == proxyFile {
			proxy, err := v.proxyCompiled(proxyFile, proxyNames, filepath.ToSlash(proxyFile))
			if err != nil {
				return nil, err
			}
			data.Compiled = append(data.Compiled, proxy)
			data.WorkerProxy = proxy.File
			continue
		}
		if filepath.Base(r) == approuter.InstrumentationFile {
			// Its package is the proxy's, which the worker runs: the
			// worker runs Register and OnRequestError too (see
			// server.Server.WorkerProxy).
			in, err := v.instrumentationCompiled(r)
			if err != nil {
				return nil, err
			}
			data.Compiled = append(data.Compiled, in)
			data.InstrumentationFile = in.File
			continue
		}
		want[filepath.Dir(r)] = true
	}
	for i, p := range v.Packages {
		if p.Route == "" || !want[p.Dir] {
			continue
		}
		secs, err := approuter.ReadMaxDuration(filepath.Join(p.Dir, "route.go"))
		if err != nil {
			return nil, err
		}
		data.Compiled = append(data.Compiled, compiledFile{
			Name: "r" + strconv.Itoa(i), ImportPath: p.Virtual,
			File:     filepath.ToSlash(filepath.Join(p.Dir, "route.go")),
			Handlers: p.Handlers, Config: p.Config, MaxDuration: secs,
		})
		data.Routes = append(data.Routes, p.Route)
		delete(want, p.Dir)
	}
	for dir := range want {
		return nil, fmt.Errorf("%s: no route package there", v.Project.Rel(dir))
	}
	var b bytes.Buffer
	if err := mainTemplate.Execute(&b, data); err != nil {
		return nil, fmt.Errorf("generate a worker's main: %w", err)
	}
	src, err := format.Source(b.Bytes())
	if err != nil {
		return nil, fmt.Errorf("generate a worker's main: %w\n%s", err, b.Bytes())
	}
	return src, nil
}
