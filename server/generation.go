package server

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync/atomic"

	"github.com/devserver/devserver/approuter"
	"github.com/devserver/devserver/cachestore"
	"github.com/devserver/devserver/internal/panicpos"
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
	// to load, absolute or relative to Dir; when empty, proxy.go or
	// middleware.go beside AppDir is used if it exists (in Dir, or in src/
	// for an app in src/app). A production build sets it.
	ProxyFile string
	// InstrumentationFile, when not empty, is the instrumentation file
	// (instrumentation.go) to load, absolute or relative to Dir; when
	// empty, instrumentation.go beside AppDir is used if it exists. A
	// production build sets it.
	InstrumentationFile string
	// Sources, when non-nil, holds the folders of the project's compiled
	// Go packages by the import path the binary was built with (-trimpath
	// names files by it); a prefix stands for the folders under it. A
	// panic of compiled route code then names its lines in the project's
	// files, as the interpreter's do in development. A compiled worker of
	// the dev server sets it.
	Sources panicpos.Sources
}

// compiledFrames returns the frames of the project's code among pcs,
// innermost first, with the files they are in (see App.Sources): none
// without Sources.
func (a App) compiledFrames(pcs []uintptr) []panicpos.Frame {
	if a.Sources == nil || len(pcs) == 0 {
		return nil
	}
	var out []panicpos.Frame
	frames := runtime.CallersFrames(pcs)
	for {
		f, more := frames.Next()
		if file, ok := a.Sources.File(f.File); ok {
			out = append(out, panicpos.Frame{File: file, Line: f.Line})
		}
		if !more {
			return out
		}
	}
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
	return approuter.FindProxy(a.proxyDir())
}

// proxyDir is where the proxy file is looked for: beside app/, as Next.js
// looks for it (src/ for an app in src/app).
func (a App) proxyDir() string {
	if a.AppDir == "" {
		return a.Dir
	}
	return filepath.Dir(a.AppDir)
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
	problems  []Problem          // the deferred routes' come from their loads (see Problems)
	deferred  []*endpoint        // the routes whose code is loaded on demand, in table order
	loaded    chan struct{}      // closed by the warm-up once every deferred route is loaded
	demand    *atomic.Int32      // loads of deferred routes that requests started, running
	public    map[string]bool    // files in public/, by URL path without the leading "/"
	data      *cachestore.Memory // next.Cached values, when the server has no CacheStore
	// requests counts the requests running on the generation (see
	// Server.enter). A pointer: a copy (a reload of public/ only) gets its
	// own, and copying a Generation copies no atomic value.
	requests *atomic.Int64
	// loadFiles are the files given to the loader (route files, proxy,
	// instrumentation): those the values its code kept may belong to.
	loadFiles []string
	// errorShown is set once a deferred route that loaded with an error
	// has been shown on the overlays (see Generation.firstError).
	errorShown *atomic.Bool
	// loadErrors are the positioned load errors logged for g (under
	// Server.warnMu; nil until one is): each is logged once.
	loadErrors *loadErrors

	instrumentation *instrumentation // nil without an instrumentation file
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
// A route whose code is loaded on demand (approuter.Loaded.Pending)
// counts as still loading (approuter.ErrLoading) until it has loaded.
func (g *Generation) Problems() []Problem {
	if len(g.deferred) == 0 {
		return g.problems
	}
	out := slices.Clone(g.problems)
	for _, e := range g.deferred {
		out = append(out, e.pending.problemsOf(e)...)
	}
	sortProblems(out)
	return out
}

// Loaded returns a channel closed once the code of every route of g is
// loaded: at once, unless some are loaded on demand (see
// approuter.Loaded.Pending); never, for a generation replaced before.
func (g *Generation) Loaded() <-chan struct{} {
	if g.loaded == nil {
		return closedChan
	}
	return g.loaded
}

var closedChan = func() chan struct{} {
	c := make(chan struct{})
	close(c)
	return c
}()

// sortProblems puts errors before warnings, keeping their order.
func sortProblems(ps []Problem) {
	sort.SliceStable(ps, func(i, j int) bool {
		return (ps[i].Err != nil) && (ps[j].Err == nil)
	})
}

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
	// remote serves the route from another process (approuter.Loaded.Remote).
	remote approuter.Remote
	// pending loads the route's code on demand (approuter.Loaded.Pending);
	// until then err is approuter.ErrLoading's.
	pending *pendingLoad
	// netHTTP: every handler is a func(http.ResponseWriter, *http.Request),
	// Next.js's route.go shape, which answers other methods as it does.
	netHTTP bool
}

// build scans app, loads its route files with loader and returns a new
// generation. Errors are part of the generation: a broken route answers 500
// with its error while every other route serves. files are the
// URL-defining files of app/ when already known (nil: scan for them).
func build(ctx context.Context, id uint64, app App, loader approuter.Loader, files []string) *Generation {
	g := &Generation{ID: id, app: app, endpoints: make(map[*approuter.Route]*endpoint), data: new(cachestore.Memory), requests: new(atomic.Int64)}
	g.files = g.scan(files)
	g.Table = approuter.NewTable(g.files)
	g.public = app.publicFiles()

	// One Load for every route file and the proxy: the loader shares what
	// they import.
	routeFiles, index := g.routeFiles()
	proxyFile := app.proxyFile()
	if proxyFile != "" {
		routeFiles = append(routeFiles, proxyFile)
	}
	instrFile := app.instrumentationFile()
	if instrFile != "" {
		routeFiles = append(routeFiles, instrFile)
	}
	g.loadFiles = routeFiles
	var loaded []approuter.Loaded
	if len(routeFiles) > 0 {
		loaded = loader.Load(ctx, routeFiles)
	} else if u, ok := loader.(unloader); ok {
		u.Unload()
	}
	if instrFile != "" {
		g.instrumentation = buildInstrumentation(app, instrFile, loadNow(loaded[len(loaded)-1]))
		loaded = loaded[:len(loaded)-1]
		if err := g.instrumentation.err; err != nil {
			g.problems = append(g.problems, Problem{File: instrFile, Err: err})
		}
	}
	if proxyFile != "" {
		g.proxy = buildProxy(app, proxyFile, loadNow(loaded[len(loaded)-1]))
		if g.proxy.err != nil {
			g.problems = append(g.problems, Problem{File: proxyFile, Err: g.proxy.err})
		}
	}
	for _, r := range g.Table.Routes() {
		var l approuter.Loaded
		if i, ok := index[r]; ok {
			l = loaded[i]
		}
		e, problems := newEndpoint(app, r, l)
		g.endpoints[r] = e
		g.problems = append(g.problems, problems...)
		if e.pending != nil {
			g.deferred = append(g.deferred, e)
		}
	}
	sortProblems(g.problems)
	if len(g.deferred) > 0 {
		g.loaded, g.demand, g.errorShown = make(chan struct{}), new(atomic.Int32), new(atomic.Bool)
	}
	return g
}

// loadNow returns l, loaded: the proxy and the instrumentation, which
// every request goes through, are not loaded on demand.
func loadNow(l approuter.Loaded) approuter.Loaded {
	if l.Pending == nil {
		return l
	}
	l = l.Pending.Load()
	l.Pending = nil
	return l
}

// unloader is a loader that wants to know when a generation has no route
// file to load, to let go of what it held for the last ones (the dev
// server's stops its compiled worker; the values the routes kept are
// released as after any load, see keeper).
type unloader interface{ Unload() }

// scan returns files, or the production build's route list, or else the
// URL-defining files found in app/.
func (g *Generation) scan(files []string) []string {
	if files != nil {
		return files
	}
	if g.app.Routes != nil {
		return g.app.Routes
	}
	files, err := approuter.ScanApp(g.app.AppDir)
	if err != nil {
		g.problems = append(g.problems, Problem{File: g.app.AppDir, Err: err})
	}
	return files
}

// routeFiles lists the route.go files of the table that can serve
// (absolute), each once, and where each route's file is in the list.
func (g *Generation) routeFiles() ([]string, map[*approuter.Route]int) {
	var files []string
	index := make(map[*approuter.Route]int)
	seen := make(map[string]int)
	for _, r := range g.Table.Routes() {
		if r.Kind != approuter.KindRoute || r.Err != nil {
			continue
		}
		abs := g.abs(r)
		i, ok := seen[abs]
		if !ok {
			i = len(files)
			seen[abs] = i
			files = append(files, abs)
		}
		index[r] = i
	}
	return files, index
}

// newEndpoint makes what route r of app answers with, from l, what the
// loader made of its file (zero for a page or a route that cannot serve),
// and returns it with its problems. A route whose code is loaded on demand
// has none yet.
func newEndpoint(app App, r *approuter.Route, l approuter.Loaded) (*endpoint, []Problem) {
	e := &endpoint{route: r, file: app.abs(r)}
	var problems []Problem
	switch {
	case r.Err != nil:
		e.err = r.Err
	case r.Kind == approuter.KindPage && strings.HasSuffix(r.File, ".html"):
		e.page, e.err = loadPage(app, r.File)
	case r.Kind == approuter.KindRoute && l.Pending != nil:
		e.pending = &pendingLoad{from: l.Pending, done: make(chan struct{})}
		e.err = fmt.Errorf("%s: %w", e.file, approuter.ErrLoading)
		return e, nil
	case r.Kind == approuter.KindRoute:
		for _, w := range l.Warnings {
			problems = append(problems, Problem{File: e.file, Warning: w})
		}
		e.err = e.load(app, l)
	}
	if e.err != nil {
		problems = append(problems, Problem{File: e.file, Err: e.err})
	}
	return e, problems
}

// load takes the handlers and the segment config of a route file from l:
// each handler adapted to one shape, the config checked and
// GenerateStaticParams called. On error the endpoint keeps no handlers.
func (e *endpoint) load(app App, l approuter.Loaded) error {
	if l.Err != nil {
		return l.Err
	}
	if l.Remote != nil {
		e.remote = l.Remote
		return nil
	}
	rel := app.rel(e.file)
	handlers := make(map[string]handler, len(l.Handlers))
	for m, fn := range l.Handlers {
		h, err := adapt(rel, m, fn)
		if err != nil {
			return err
		}
		handlers[m] = h
	}
	cfg, err := approuter.ParseConfig(l.Config)
	if err == nil {
		err = cfg.LoadStaticParams()
	}
	if err != nil {
		return fmt.Errorf("%s: %w", rel, err)
	}
	e.handlers, e.allow, e.config = handlers, allowHeader(handlers), cfg
	e.netHTTP = len(handlers) > 0
	for _, h := range handlers {
		e.netHTTP = e.netHTTP && h.plain != nil
	}
	if cfg.Cached() {
		e.cache = newRouteCache(e.route)
	}
	return nil
}

// abs is the absolute path of r's file.
func (g *Generation) abs(r *approuter.Route) string { return g.app.abs(r) }

// abs is the absolute path of r's file.
func (a App) abs(r *approuter.Route) string {
	return filepath.Join(a.AppDir, filepath.FromSlash(r.File))
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
