package server

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/devserver/devserver/approuter"
)

// App locates an app on disk.
type App struct {
	// Dir is the project directory; messages name files relative to it.
	Dir string
	// AppDir holds the route files (app/).
	AppDir string
	// PublicDir holds static files served at "/" (public/); it may not exist.
	PublicDir string

	// Routes, when non-nil, lists the files that define URLs (route.go,
	// page.go, page.html; slash-separated, relative to AppDir) instead of
	// scanning AppDir: a production build has no app/ folder at run time.
	Routes []string
	// Public, when non-nil, holds the static files instead of PublicDir: a
	// production build embeds public/.
	Public fs.FS
	// AppFS, when non-nil, holds the page and layout templates of app/
	// instead of AppDir: a production build embeds them.
	AppFS fs.FS
	// ProxyFile, when not empty, is the proxy (proxy.go or middleware.go)
	// to load, absolute or relative to Dir; when empty, Dir/proxy.go or
	// Dir/middleware.go is used if it exists. A production build sets it.
	ProxyFile string
}

// proxyFile returns the proxy file of the app, or "".
func (a App) proxyFile() string {
	if a.ProxyFile != "" {
		if filepath.IsAbs(a.ProxyFile) || a.Dir == "" {
			return a.ProxyFile
		}
		return filepath.Join(a.Dir, a.ProxyFile)
	}
	if a.Dir == "" || a.Routes != nil {
		return ""
	}
	return approuter.FindProxy(a.Dir)
}

// Generation is one complete, immutable state of the app: a route table and
// the handlers behind it. Every request is answered by exactly one
// generation; a reload builds a new one and swaps it in.
type Generation struct {
	// ID counts generations from 1; responses carry it in the
	// X-Devserver-Generation header.
	ID uint64
	// Table is the route table.
	Table *approuter.Table

	app       App
	files     []string // the URL-defining files of app/, as ScanApp lists them
	proxy     *proxy   // nil without a proxy file
	endpoints map[*approuter.Route]*endpoint
	problems  []Problem
	public    map[string]bool // files in public/, by URL path without the leading "/"
}

// Problem is an error or warning found while building a generation.
type Problem struct {
	// File is the file at fault, absolute.
	File string
	// Err is the error; for a warning, Warning is set instead.
	Err error
	// Warning is a problem that does not stop the file from serving.
	Warning string
}

// Problems returns the errors and warnings of the generation, errors first.
func (g *Generation) Problems() []Problem { return g.problems }

// endpoint is what one route answers with.
type endpoint struct {
	route    *approuter.Route
	file     string // absolute
	handlers map[string]handler
	allow    string // the Allow header: methods, HEAD when GET, OPTIONS; sorted
	err      error  // the route is broken: answer 500 with err
	page     *page  // a page.html route
	config   approuter.Config
	cache    *routeCache // GET responses, when the config caches them
}

// build scans app, loads its route files with loader and returns a new
// generation. Errors are part of the generation: a broken route answers 500
// with its error while every other route serves. files are the
// URL-defining files of app/ when already known (nil: scan for them).
func build(ctx context.Context, id uint64, app App, loader approuter.Loader, files []string) *Generation {
	var err error
	if files == nil {
		files = app.Routes
	}
	if files == nil {
		files, err = approuter.ScanApp(app.AppDir)
	}
	g := &Generation{ID: id, app: app, files: files, endpoints: make(map[*approuter.Route]*endpoint)}
	if err != nil {
		g.problems = append(g.problems, Problem{File: app.AppDir, Err: err})
	}
	g.Table = approuter.NewTable(files)
	g.public = app.publicFiles()

	var routeFiles []string
	index := make(map[string]int)
	for _, r := range g.Table.Routes() {
		if r.Kind != approuter.KindRoute || r.Err != nil {
			continue
		}
		abs := filepath.Join(app.AppDir, filepath.FromSlash(r.File))
		if _, ok := index[abs]; !ok {
			index[abs] = len(routeFiles)
			routeFiles = append(routeFiles, abs)
		}
	}
	proxyFile := app.proxyFile()
	if proxyFile != "" {
		routeFiles = append(routeFiles, proxyFile)
	}
	var loaded []approuter.Loaded
	if len(routeFiles) > 0 {
		loaded = loader.Load(ctx, routeFiles)
	}
	if proxyFile != "" {
		g.proxy = buildProxy(app, proxyFile, loaded[len(loaded)-1])
		if g.proxy.err != nil {
			g.problems = append(g.problems, Problem{File: proxyFile, Err: g.proxy.err})
		}
	}
	for _, r := range g.Table.Routes() {
		abs := filepath.Join(app.AppDir, filepath.FromSlash(r.File))
		e := &endpoint{route: r, file: abs}
		g.endpoints[r] = e
		switch {
		case r.Err != nil:
			e.err = r.Err
			g.problems = append(g.problems, Problem{File: abs, Err: r.Err})
			continue
		case r.Kind == approuter.KindPage && strings.HasSuffix(r.File, ".html"):
			p, err := loadPage(app, r.File)
			if err != nil {
				e.err = err
				g.problems = append(g.problems, Problem{File: abs, Err: err})
			}
			e.page = p
			continue
		case r.Kind != approuter.KindRoute:
			continue
		}
		l := loaded[index[abs]]
		for _, w := range l.Warnings {
			g.problems = append(g.problems, Problem{File: abs, Warning: w})
		}
		if l.Err != nil {
			e.err = l.Err
			g.problems = append(g.problems, Problem{File: abs, Err: l.Err})
			continue
		}
		e.handlers = make(map[string]handler, len(l.Handlers))
		for m, fn := range l.Handlers {
			h, err := adapt(app.rel(abs), m, fn)
			if err != nil {
				e.err = err
				g.problems = append(g.problems, Problem{File: abs, Err: err})
				break
			}
			e.handlers[m] = h
		}
		if e.err != nil {
			e.handlers = nil
			continue
		}
		e.allow = allowHeader(e.handlers)
		cfg, err := approuter.ParseConfig(l.Config)
		if err == nil {
			err = cfg.LoadStaticParams()
		}
		if err != nil {
			e.err = fmt.Errorf("%s: %w", app.rel(abs), err)
			e.handlers = nil
			g.problems = append(g.problems, Problem{File: abs, Err: e.err})
			continue
		}
		e.config = cfg
		if cfg.Cached() {
			e.cache = &routeCache{entries: make(map[string]*cacheEntry)}
		}
	}
	sort.SliceStable(g.problems, func(i, j int) bool {
		return (g.problems[i].Err != nil) && (g.problems[j].Err == nil)
	})
	return g
}

// allowHeader lists the methods a route answers: its handlers, HEAD when it
// has GET, and OPTIONS, sorted as Next.js sorts them.
func allowHeader(h map[string]handler) string {
	set := map[string]bool{"OPTIONS": true}
	for m := range h {
		set[m] = true
	}
	if set["GET"] {
		set["HEAD"] = true
	}
	ms := make([]string, 0, len(set))
	for m := range set {
		ms = append(ms, m)
	}
	sort.Strings(ms)
	return strings.Join(ms, ", ")
}

// sameRouteFiles says whether the URL-defining files of app/ are still
// those of g after the changes to the paths changed: every changed path is
// a file that exists, and none is a route.go, page.go or page.html that g
// did not have. Then an edit need not walk app/ again.
func (g *Generation) sameRouteFiles(changed []string) bool {
	if len(changed) == 0 || g.files == nil {
		return false
	}
	for _, p := range changed {
		fi, err := os.Lstat(p)
		if err != nil || !fi.Mode().IsRegular() {
			return false // removed, or a folder: its routes may have gone
		}
		if approuter.IsRouteFile(filepath.Base(p)) {
			rel, err := filepath.Rel(g.app.AppDir, p)
			if err != nil || !slices.Contains(g.files, filepath.ToSlash(rel)) {
				return false
			}
		}
	}
	return true
}

// rel names path relative to the project directory, for messages.
func (a App) rel(path string) string {
	if a.Dir == "" {
		return path
	}
	if r, err := filepath.Rel(a.Dir, path); err == nil && !strings.HasPrefix(r, "..") {
		return filepath.ToSlash(r)
	}
	return path
}
