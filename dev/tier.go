package dev

import (
	"context"
	"errors"
	"fmt"
	"go/parser"
	"go/scanner"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/charmbracelet/log"

	"github.com/devserver/devserver/approuter"
	"github.com/devserver/devserver/interp"
)

// The dev server has two tiers. The fast one interprets route code (see
// package interp): an edit is served in milliseconds. A route the
// interpreter cannot load although it is valid Go (unsafe, cgo, generic
// code it does not handle) runs in the compiled tier instead: compiled with
// the Go toolchain, through the same mirror of the module `devserver build`
// uses, into a worker process that the dev server hands the route's
// requests to (compiledTier, worker.go). An edit there takes about a
// second. A package both tiers import would exist once in each, where a
// build has one instance: the routes sharing a package that holds state
// with a compiled route run compiled too (shareState).

// tieredLoader is the dev server's approuter.Loader: the interpreter's
// loads, with the routes it cannot run moved to the compiled tier.
type tieredLoader struct {
	fast     *interp.Loader
	compiled *compiledTier // nil: no go command, the interpreter's errors stand
	// ready asks for a reload that hands a route loaded on demand to the
	// compiled tier (the interp.Loader's Ready).
	ready func(files []string)
	// logger, when set, gets the line saying which routes loaded on
	// demand the reload hands over; rel makes their paths relative to
	// the project.
	logger *log.Logger
	rel    func(path string) string

	mu     sync.Mutex
	handed []string // routes loaded on demand to hand over at the next Load
}

// Load interprets files and hands the routes the interpreter refused, but
// that may compile, to the compiled tier, with the routes sharing a
// package holding state with one of them (see shareState).
func (t *tieredLoader) Load(ctx context.Context, files []string) []approuter.Loaded {
	loaded := t.fast.Load(ctx, files)
	if t.compiled == nil {
		return loaded
	}
	reasons := make(map[string]string)
	for _, l := range loaded {
		if why := compiledReason(l); why != "" && l.Pending == nil {
			reasons[l.File] = why
		}
	}
	t.logHandedOver(reasons)
	t.shareState(loaded, reasons)
	if followProxy(loaded, reasons) {
		t.shareState(loaded, reasons) // the instrumentation's state too
	}
	var routes []string
	for i, l := range loaded {
		switch {
		case reasons[l.File] != "":
			routes = append(routes, l.File)
		case l.Pending != nil:
			loaded[i].Pending = tieredPending{Pending: l.Pending, loader: t}
		}
	}
	b := t.compiled.update(routes, reasons)
	if b == nil {
		return loaded
	}
	for i, l := range loaded {
		if reasons[l.File] == "" {
			continue
		}
		if b.failed(l.File) {
			// It does not compile either: the compiler's errors, at their
			// positions, are what to fix (the interpreter's reason for
			// handing the route over, "uses package unsafe", is not);
			// when the build failed otherwise the interpreter's stands.
			if err := b.errs[l.File]; err != nil {
				loaded[i] = approuter.Loaded{File: l.File, Err: err}
			}
			continue
		}
		fast := l.Err
		if errors.Is(fast, interp.ErrDiffers) {
			fast = nil // it loads: if it does not compile, the compiler says why
		}
		loaded[i] = approuter.Loaded{File: l.File, Remote: &remote{tier: t.compiled, build: b, file: l.File, fast: fast}}
	}
	return loaded
}

// logHandedOver logs, in one line, the routes loaded on demand since the
// last load that the interpreter refused and that the compiled tier now
// takes over (those reasons names): an edit of a package many routes
// import hands over each of them, and a line for each would bury the
// rest. Why each runs compiled is logged once its worker is ready
// (compiledTier.logReady).
func (t *tieredLoader) logHandedOver(reasons map[string]string) {
	t.mu.Lock()
	handed := t.handed
	t.handed = nil
	t.mu.Unlock()
	var names []string
	for _, f := range handed {
		if reasons[f] != "" && !slices.Contains(names, t.relPath(f)) {
			names = append(names, t.relPath(f))
		}
	}
	if len(names) == 0 || t.logger == nil {
		return
	}
	slices.Sort(names)
	t.logger.Info(fmt.Sprintf("the interpreter refused %d route(s) loaded on demand; the compiled tier takes them over: %s", len(names), compactList(names, 3)))
}

// relPath is path relative to the project, when t knows it.
func (t *tieredLoader) relPath(path string) string {
	if t.rel == nil {
		return path
	}
	return t.rel(path)
}

// compactList is names joined with commas, the first max of them, and
// how many more there are.
func compactList(names []string, max int) string {
	if len(names) <= max {
		return strings.Join(names, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(names[:max], ", "), len(names)-max)
}

// handOver notes that the route loaded on demand file is handed to the
// compiled tier at the next load.
func (t *tieredLoader) handOver(file string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.handed = append(t.handed, file)
}

// shareState adds to reasons, the routes that run compiled and why, every
// other route that imports a package of the app holding state that one of
// them imports, directly or not (interp.Loader.SharedState), and so on: a
// build has one instance of the package, which the compiled worker and
// the interpreter each have one of. A counter or a store of a shared
// package, changed by a POST to a compiled route, would otherwise read
// unchanged from an interpreted one. Only routes that loaded, or load on
// demand, move: one that failed keeps its error.
func (t *tieredLoader) shareState(loaded []approuter.Loaded, reasons map[string]string) {
	if len(reasons) == 0 {
		return
	}
	files := make([]string, 0, len(loaded))
	for _, l := range loaded {
		if compiledUnit(l.File) {
			files = append(files, l.File)
		}
	}
	state := t.fast.SharedState(files)
	owner := make(map[string]string) // import path -> a compiled route importing it
	for moved := true; moved; {
		moved = false
		for _, l := range loaded {
			if reasons[l.File] == "" {
				continue
			}
			for _, pkg := range state[l.File] {
				if _, ok := owner[pkg]; !ok {
					owner[pkg] = l.File
				}
			}
		}
		for _, l := range loaded {
			if reasons[l.File] != "" || l.Err != nil && l.Pending == nil {
				continue
			}
			for _, pkg := range state[l.File] {
				if other, ok := owner[pkg]; ok {
					reasons[l.File] = fmt.Sprintf("it imports package %s, which holds state (variables routes may change, or an init function), as %s does, which runs compiled: a build has one instance of the package", pkg, other)
					moved = true
					break
				}
			}
		}
	}
}

// followProxy adds to reasons the instrumentation file of loaded when the
// proxy, whose package it shares, runs compiled, and reports whether it
// did: a build has one instance of the package. The worker running the
// proxy runs Register and OnRequestError too
// (server.WorkerInstrumentationPath).
func followProxy(loaded []approuter.Loaded, reasons map[string]string) bool {
	moved := false
	for _, in := range loaded {
		if !isInstrumentation(in.File) || reasons[in.File] != "" {
			continue
		}
		for _, p := range loaded {
			base := filepath.Base(p.File)
			if reasons[p.File] != "" && slices.Contains(approuter.ProxyFiles, base) && filepath.Dir(p.File) == filepath.Dir(in.File) {
				reasons[in.File] = fmt.Sprintf("its package is that of %s, which runs compiled: %s", base, reasons[p.File])
				moved = true
				break
			}
		}
	}
	return moved
}

// isInstrumentation reports whether file is an instrumentation file.
func isInstrumentation(file string) bool {
	return filepath.Base(file) == approuter.InstrumentationFile
}

// tieredPending is a route loaded on demand (approuter.Pending) by the
// dev server's loader.
type tieredPending struct {
	approuter.Pending
	loader *tieredLoader
}

// Load loads the route. One the interpreter refuses but the compiled tier
// may run is still loading: a reload, which it asks for, hands it to the
// compiled tier with the unit's code the interpreter now has.
func (p tieredPending) Load() approuter.Loaded {
	l := p.Pending.Load()
	if compiledReason(l) == "" || p.loader.ready == nil {
		return l
	}
	p.loader.handOver(l.File)
	p.loader.ready([]string{l.File})
	return approuter.Loaded{File: l.File, Err: handingOver(l.File)}
}

// handingOver is the error of a route loaded on demand that the
// interpreter refused, until the reload that hands it to the compiled
// tier: it is still loading, and handed over (approuter.ErrHandedOver),
// which the loader logs for all such routes at once.
type handingOver string

func (f handingOver) Error() string {
	return string(f) + ": the interpreter refused it; the compiled tier takes it over"
}

func (handingOver) Is(target error) bool {
	return target == approuter.ErrLoading || target == approuter.ErrHandedOver
}

// Unload is called by the server when a generation has no route file
// left: the compiled worker stops.
func (t *tieredLoader) Unload() {
	if t.compiled != nil {
		t.compiled.update(nil, nil)
	}
}

// ReleaseKept is called by the server once the requests of the
// generations before the one loaded from files have finished: the
// interpreter drops the values kept by the routes files no longer has.
func (t *tieredLoader) ReleaseKept(files []string) { t.fast.ReleaseKept(files) }

// compiledReason says why the route l (or the proxy), as the interpreter
// loaded it, runs in the compiled tier, or "" when it does not: the interpreter could not
// load its code, for a reason other than a syntax error (which the
// compiler refuses too) in the route's package or in the package the
// error is in (a package the route imports: handing the route over would
// only wait for a build that fails the same way, after interpreting every
// other route importing it).
func compiledReason(l approuter.Loaded) string {
	if !errors.Is(l.Err, interp.ErrNotInterpreted) || !compiledUnit(l.File) {
		return ""
	}
	if !parses(filepath.Dir(l.File)) {
		return ""
	}
	if dir := errorDir(l.Err); dir != "" && dir != filepath.Dir(l.File) && !parses(dir) {
		return ""
	}
	msg, _, _ := strings.Cut(l.Err.Error(), "\n")
	msg = importPrefix.ReplaceAllString(msg, ": ")
	if errors.Is(l.Err, interp.ErrDiffers) {
		return "it uses " + strings.TrimSuffix(strings.TrimSuffix(msg, interp.DiffersMarker), ",")
	}
	return "the interpreter cannot load it: " + msg
}

// compiledUnit reports whether the loaded file may run in the compiled
// tier: a route.go, the proxy (proxy.go, middleware.go), which a
// worker runs for the dev server before it serves a request
// (server.Server.WorkerProxy), or instrumentation.go, whose Register the
// worker runs as it starts and whose OnRequestError it tells of errors
// (server.Server.WorkerInstrumentation).
func compiledUnit(file string) bool {
	base := filepath.Base(file)
	return base == "route.go" || slices.Contains(approuter.ProxyFiles, base) || base == approuter.InstrumentationFile
}

// importPrefix is how yaegi introduces an error of a package being
// imported, which says nothing to the user.
var importPrefix = regexp.MustCompile(`: ?\d+:\d+: import "[^"]*" error: `)

// errorDir is the folder of the file err is positioned in, or "".
func errorDir(err error) string {
	var list scanner.ErrorList
	if !errors.As(err, &list) || len(list) == 0 || !filepath.IsAbs(list[0].Pos.Filename) {
		return ""
	}
	return filepath.Dir(list[0].Pos.Filename)
}

// parses reports whether every Go file of dir parses.
func parses(dir string) bool {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	fset := token.NewFileSet()
	for _, e := range entries {
		if n := e.Name(); strings.HasSuffix(n, ".go") && !strings.HasSuffix(n, "_test.go") {
			if _, err := parser.ParseFile(fset, filepath.Join(dir, n), nil, parser.SkipObjectResolution); err != nil {
				return false
			}
		}
	}
	return true
}

// compiledNotice is the line logged when a route starts running compiled.
func compiledNotice(file, why string) string {
	return fmt.Sprintf("%s runs compiled (edits take about a second): %s", file, why)
}
