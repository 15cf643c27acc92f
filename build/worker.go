package build

import (
	"bytes"
	"context"
	"fmt"
	"go/format"
	"os"
	"path/filepath"
	"strconv"

	"github.com/devserver/devserver/approuter"
	"github.com/devserver/devserver/interp"
)

// Worker compiles the routes (absolute route.go files of proj) into out, a
// compiled worker of the dev server (see serve.Worker): the binary serves
// those routes only, each from its real file's path, on loopback. The
// mirror is made in dir/mod, which is replaced: a folder of the caller's
// that stays the same from one build to the next, so that the go command's
// build cache makes a rebuild after an edit about a second.
//
// The compiler's errors come back as Diagnostics, as Check reports them;
// the error is for the build failing otherwise.
func Worker(ctx context.Context, proj *interp.Project, dir string, routes []string, goCmd, out string) ([]Diagnostic, error) {
	if err := os.RemoveAll(filepath.Join(dir, "mod")); err != nil {
		return nil, err
	}
	v, err := NewView(proj, dir)
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
	return v.buildJSON(ctx, goCmd, []string{"build", "-mod=mod", "-trimpath", "-ldflags=-s -w", "-json", "-o", out, "./" + VirtualDir + "/main"})
}

// workerSource generates the main package of a worker serving routes.
func (v *View) workerSource(routes []string) ([]byte, error) {
	data := mainData{Module: v.Project.Module, Dir: v.Project.Dir, AppDir: v.Project.AppDir, Worker: true}
	want := make(map[string]bool, len(routes))
	for _, r := range routes {
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
