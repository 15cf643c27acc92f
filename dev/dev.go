// Package dev wires the development loop together: the project on disk, the
// interpreter, the file watcher and the HTTP server. A saved file becomes a
// new generation of the app, swapped in while requests keep flowing.
package dev

import (
	"bytes"
	"context"
	"go/parser"
	"go/token"
	"io"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/charmbracelet/log"

	"github.com/devserver/devserver/build"
	"github.com/devserver/devserver/internal/dotenv"
	"github.com/devserver/devserver/interp"
	"github.com/devserver/devserver/server"
	"github.com/devserver/devserver/typegen"
	"github.com/devserver/devserver/watch"
)

// Options configure a dev server. Dir is required.
type Options struct {
	// Dir is the project directory (holding app/) or the app directory.
	Dir string
	// Poll makes the watcher poll instead of using fsnotify.
	Poll bool
	// MaxBody limits request bodies; see server.Server.MaxBody.
	MaxBody int64
	// HandlerTimeout bounds a handler's time to respond; see
	// server.Server.HandlerTimeout.
	HandlerTimeout time.Duration
	// Guard refuses requests a page on another site could have made the
	// browser send; see server.Guard. nil guards nothing.
	Guard *server.Guard
	// Logger receives request and reload lines; nil logs nothing.
	Logger *log.Logger
	// Stdout and Stderr receive what route code prints; nil means the
	// process's own.
	Stdout, Stderr io.Writer
	// InitTimeout bounds the code each package runs at init, compiling
	// aside; 0 means interp.DefaultInitTimeout.
	InitTimeout time.Duration
	// LiveReload makes HTML pages reload themselves in the browser after a
	// reload and show an error overlay while the app is broken (see
	// server.Server.LiveReload).
	LiveReload bool
	// TypeCheck runs the Go compiler's type checker and go vet over the
	// module in the background after every reload (see build.Check): type
	// errors are logged and their routes answer 500 with them, as a build
	// would refuse them. It needs the go command; without it, it is off.
	TypeCheck bool
	// InterpretOnly turns the compiled tier off: a route the interpreter
	// cannot load answers 500 with its error, and one it runs otherwise
	// than the compiler is interpreted, instead of running compiled (see
	// tier.go). Without the go command or a go.mod it is off anyway.
	InterpretOnly bool
}

// Dev is a running development loop. Its Server is the http.Handler to serve.
type Dev struct {
	// Project is the app being served.
	Project *interp.Project
	// Server answers requests from the current generation.
	Server *server.Server

	watcher *watch.Watcher
	cancel  context.CancelFunc
	done    sync.WaitGroup
	loader  *interp.Loader // its Env is set by the loop goroutine only
	tier    *compiledTier  // nil: off
	root    string         // the folder watched

	checks     chan checkJob // generations to type-check, newest wins
	lastReport string        // what the last check logged, to log changes only

	checkMu     sync.Mutex
	cancelCheck context.CancelFunc // stops the check running, if any

	ready      chan struct{} // a unit finished loading in the background
	loadedLate chan struct{} // a generation's routes loaded on demand are all loaded
	readyMu    sync.Mutex
	readyFiles []string // its route files, until the loop reloads

	// written are the typed params files the dev server wrote, with what
	// it wrote: the reload that wrote one has read it, so the watcher's
	// report of the write is no change (else one save reloads twice). Used
	// by Start, then by the loop goroutine only.
	written map[string][]byte
}

// checkJob is a generation to type-check, with the source its load read.
type checkJob struct {
	g    *server.Generation
	snap interp.Snapshot
}

// checkDelay is how long a type check waits after a reload before it
// starts: saves often come in bursts, and a check competing for the CPU
// with the next reload would slow that reload down.
const checkDelay = 250 * time.Millisecond

// interpretedMaxStack is the dev server's limit on a goroutine's stack:
// the runtime's ceiling, twice the 1 GB limit of a built binary (a stack
// grows by doubling, so a built binary's goroutines use at most 512 MB). An
// interpreted call takes about 600 bytes of Go stack where a compiled one
// takes tens: a recursion a build runs (a sum over a list a million long)
// overflowed the dev server's stack at the default limit. This doubles the
// depth the interpreter reaches; an endless recursion then costs about 1.5 GB
// before it crashes, instead of 768 MB.
const interpretedMaxStack = 2_000_000_000

// deepenStacks sets interpretedMaxStack once per process.
var deepenStacks sync.Once

// Start loads the app's first generation and starts watching it. Close stops
// the watching.
func Start(ctx context.Context, opts Options) (*Dev, error) {
	deepenStacks.Do(func() { debug.SetMaxStack(interpretedMaxStack) })
	proj, err := interp.FindProject(opts.Dir)
	if err != nil {
		return nil, err
	}
	loader := &interp.Loader{Project: proj, Stdout: opts.Stdout, Stderr: opts.Stderr, InitTimeout: opts.InitTimeout, ReloadWait: interp.DefaultReloadWait, EagerUnits: interp.DefaultEagerUnits}
	// Type names print the import paths the binary compiles route
	// packages under, read from the app as it is when one is printed.
	loader.PackagePaths = func() map[string]string {
		paths, _ := build.SanitisedPaths(proj)
		return paths
	}
	srv := &server.Server{
		App: server.App{
			Dir:       proj.Dir,
			AppDir:    proj.AppDir,
			PublicDir: filepath.Join(proj.Dir, "public"),
		},
		Logger:         opts.Logger,
		MaxBody:        opts.MaxBody,
		HandlerTimeout: opts.HandlerTimeout,
		// The interpreter's Go stack of a route's panic, logged after the
		// route's own lines, helps only to debug devserver itself.
		PanicStacks: os.Getenv("DEVSERVER_PANIC_STACKS") == "1",
		Guard:       opts.Guard,
		LiveReload:  opts.LiveReload,
		LoadingWait: loadingWait,
	}
	// Watch the whole module: route files import its other packages, and
	// public/ sits beside app/.
	root := proj.ModuleDir
	if !strings.HasPrefix(proj.Dir+string(filepath.Separator), root+string(filepath.Separator)) {
		root = proj.Dir
	}
	w, err := watch.New(root, watch.Options{Poll: opts.Poll})
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	d := &Dev{Project: proj, Server: srv, watcher: w, cancel: cancel, loader: loader, root: root, ready: make(chan struct{}, 1), loadedLate: make(chan struct{}, 1)}
	loader.Ready = d.unitReady
	tiered := &tieredLoader{fast: loader, logger: opts.Logger, rel: proj.Rel}
	if !opts.InterpretOnly {
		tiered.ready = d.unitReady
		d.tier = newCompiledTier(ctx, proj, opts, d.routeEnv, d.unitReady)
		if d.tier != nil {
			d.tier.notice = srv.Notice
			d.tier.tags = srv.TagStore
		}
		tiered.compiled = d.tier
		loader.CompileDiffering = d.tier != nil
	}
	srv.Loader = tiered
	if os.Getenv("NODE_ENV") == "" {
		// Route code tells development from production by it (next.Env), as
		// next dev sets it.
		os.Setenv("NODE_ENV", dotenv.Development)
	}
	d.loadEnv(opts.Logger, false)
	d.typegen(opts.Logger)
	g := d.load(ctx, nil)
	if opts.TypeCheck {
		if _, err := exec.LookPath("go"); err != nil {
			if opts.Logger != nil {
				opts.Logger.Warn("type check off: the go command is not installed (PATH)")
			}
		} else {
			d.checks = make(chan checkJob, 1)
			d.done.Add(1)
			go d.checkLoop(ctx, opts.Logger)
			d.check(g)
		}
	}
	d.done.Add(1)
	go d.loop(ctx, opts.Logger)
	return d, nil
}

// check queues g, the generation the last load made, for a type check of
// the source that load read, replacing any generation still waiting and
// stopping a check of an older one. It is called right after the load, by
// the goroutine that loads.
func (d *Dev) check(g *server.Generation) {
	if d.checks == nil {
		return
	}
	job := checkJob{g: g, snap: d.loader.Snapshot()}
	d.checkMu.Lock()
	if d.cancelCheck != nil {
		d.cancelCheck()
	}
	d.checkMu.Unlock()
	for {
		select {
		case d.checks <- job:
			return
		default:
			select {
			case <-d.checks:
			default:
			}
		}
	}
}

// checkLoop type-checks queued generations one at a time, off the reload
// path: a reload never waits for it.
func (d *Dev) checkLoop(ctx context.Context, logger *log.Logger) {
	defer d.done.Done()
	for {
		select {
		case <-ctx.Done():
			return
		case job := <-d.checks:
			g := job.g
			select {
			case <-ctx.Done():
				return
			case <-time.After(checkDelay):
			}
			if g != d.Server.Current() {
				continue // superseded while waiting
			}
			cctx, cancel := context.WithCancel(ctx)
			d.checkMu.Lock()
			d.cancelCheck = cancel
			d.checkMu.Unlock()
			start := time.Now()
			// The source the generation runs, not the files as they are
			// now: a save since is the next generation's to check.
			rep, err := build.CheckSnapshot(cctx, d.Project, "", job.snap)
			stopped := cctx.Err() != nil
			cancel()
			if ctx.Err() != nil {
				return
			}
			if stopped {
				continue // a reload stopped it; its generation is checked next
			}
			if err != nil {
				d.logCheck(logger, "type check failed: "+err.Error(), func(l *log.Logger, m string) { l.Warn(m) })
				continue
			}
			d.Server.SetTypeErrors(g, rep.Routes)
			d.logReport(logger, rep, time.Since(start))
		}
	}
}

// logReport logs a check's findings when they differ from the last ones.
func (d *Dev) logReport(logger *log.Logger, rep *build.Report, took time.Duration) {
	var b strings.Builder
	for _, diag := range rep.Diagnostics {
		b.WriteString(diag.String(d.Project))
		b.WriteString("\n")
	}
	key := b.String()
	if key == d.lastReport || logger == nil {
		d.lastReport = key
		return
	}
	d.lastReport = key
	if len(rep.Diagnostics) == 0 {
		logger.Info("✓ type check clean", "took", took.Round(time.Millisecond))
		return
	}
	errs := len(rep.Errors())
	for _, diag := range rep.Diagnostics {
		if diag.Vet {
			logger.Warn(diag.String(d.Project))
		} else {
			logger.Error(diag.String(d.Project))
		}
	}
	logger.Info("✗ type check", "errors", errs, "vet", len(rep.Diagnostics)-errs, "took", took.Round(time.Millisecond))
}

func (d *Dev) logCheck(logger *log.Logger, msg string, f func(*log.Logger, string)) {
	if msg == d.lastReport || logger == nil {
		return
	}
	d.lastReport = msg
	f(logger, msg)
}

// typegen refreshes the typed params files (see package typegen) when the
// app uses them: once `devserver typegen` has written one, new and renamed
// route folders get theirs as they appear. Files are written only when
// their content changes, so the watcher settles. It returns the files
// written, remembered for dropOwnWrites.
func (d *Dev) typegen(logger *log.Logger) []string {
	if !anyFile(d.Project.AppDir, typegen.File) {
		return nil
	}
	changed, err := typegen.Generate(d.Project.AppDir)
	for _, p := range changed {
		if data, err := os.ReadFile(p); err == nil {
			if d.written == nil {
				d.written = make(map[string][]byte)
			}
			d.written[p] = data
		}
	}
	if logger == nil {
		return changed
	}
	if err != nil {
		logger.Warn("typegen", "err", err)
	}
	if len(changed) > 0 {
		rel := make([]string, len(changed))
		for i, c := range changed {
			rel[i] = d.Project.Rel(c)
		}
		logger.Info("✓ typed params", "files", strings.Join(rel, ", "))
	}
	return changed
}

// dropOwnWrites removes from paths the files the dev server wrote itself
// that still hold what it wrote. A file changed since (by the user, say) is
// kept, and forgotten.
func (d *Dev) dropOwnWrites(paths []string) []string {
	return slices.DeleteFunc(paths, func(p string) bool {
		want, ok := d.written[p]
		if !ok {
			return false
		}
		if got, err := os.ReadFile(p); err == nil && bytes.Equal(got, want) {
			return true
		}
		delete(d.written, p)
		return false
	})
}

// anyFile reports whether a file named name exists anywhere under dir.
func anyFile(dir, name string) bool {
	found := false
	_ = filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err == nil && !e.IsDir() && e.Name() == name {
			found = true
			return filepath.SkipAll
		}
		return nil
	})
	return found
}

// loadEnv reads the environment files into the loader, so that the next
// generation's route code sees them, and says so, naming files and counting
// variables, never showing a value.
func (d *Dev) loadEnv(logger *log.Logger, reload bool) {
	e := loadEnv(d.Project.Dir)
	d.loader.Env = e.vars
	if logger == nil {
		return
	}
	for _, f := range e.failed {
		logger.Warn("environment file not loaded: it does not parse", "file", f)
	}
	switch {
	case reload:
		logger.Info("✓ environment reloaded", "files", strings.Join(e.loaded, ", "), "vars", e.keys)
	case len(e.loaded) > 0:
		logger.Info("- environments: "+strings.Join(e.loaded, ", "), "vars", e.keys)
	}
}

// SettleDelay is how long after the last reload the dev server collects
// the garbage of replaced generations and returns it to the system. Short,
// because until then the process holds several times its live heap (a
// burst of saves at GOGC=400), and anyone looking at its memory after an
// edit — a person, a container limit, a benchmark's idle sample — should
// see what it keeps, not what it is about to drop; one collection per pause
// in editing costs a few milliseconds.
const SettleDelay = 200 * time.Millisecond

// WatchMode says how files are watched: "fsnotify" or "poll".
func (d *Dev) WatchMode() string { return d.watcher.Mode() }

func (d *Dev) loop(ctx context.Context, logger *log.Logger) {
	defer d.done.Done()
	// Each load leaves garbage to the collector — the first one the
	// temporaries of compiling every route in parallel, each reload the
	// previous generation's interpreters — and with the dev server's high
	// GOGC the heap would keep it for long (the first load alone: ~105 MB
	// RSS at 200 routes where ~75 MB is kept). Once loads settle, it is
	// collected and the memory returned to the system.
	settle := time.AfterFunc(SettleDelay, debug.FreeOSMemory)
	defer settle.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case cs, ok := <-d.watcher.Changes():
			if !ok {
				return
			}
			cs = d.awaitWrites(cs)
			if cs.Paths = d.dropOwnWrites(cs.Paths); len(cs.Paths) == 0 && len(cs.Dirs) == 0 {
				continue
			}
			// What the watcher saw is all that changed: the next load
			// reads only that again.
			d.loader.Changed(d.root, cs.Paths)
			changed := relevant(cs, filepath.Join(d.Project.Dir, "public"), d.loader.Embeds)
			if len(changed) > 0 {
				// Typed params written for this change are read by its
				// reload, not by one more.
				written := d.typegen(logger)
				d.loader.Changed(d.root, written)
				changed = append(changed, written...)
			}
			for _, p := range cs.Paths {
				if isEnvFile(d.Project.Dir, p) {
					changed = append(changed, p)
					d.loadEnv(logger, true)
					break
				}
			}
			if len(changed) > 0 {
				d.check(d.load(ctx, changed))
				settle.Reset(SettleDelay)
			}
		case <-d.loadedLate:
			settle.Reset(SettleDelay)
		case <-d.ready:
			d.readyMu.Lock()
			files := d.readyFiles
			d.readyFiles = nil
			d.readyMu.Unlock()
			// Nothing changed on disk since: the load reads nothing again.
			d.loader.Changed(d.root, nil)
			d.check(d.loadReady(ctx, files))
			settle.Reset(SettleDelay)
		case err, ok := <-d.watcher.Errors():
			if ok && logger != nil {
				logger.Warn("watcher", "err", err)
			}
		}
	}
}

// unitReady is the loader's Ready: a unit a reload did not wait for (an
// init still running) has finished, so a new generation can have it.
func (d *Dev) unitReady(files []string) {
	d.readyMu.Lock()
	d.readyFiles = append(d.readyFiles, files...)
	d.readyMu.Unlock()
	select {
	case d.ready <- struct{}{}:
	default: // a reload is already due
	}
}

// load builds and swaps in a new generation (see server.Server.Reload),
// compiling at reloadGCPercent, until the routes it loads on demand are
// loaded too (or a newer generation replaces it); the loop then returns
// their garbage to the system, as after a reload.
func (d *Dev) load(ctx context.Context, changed []string) *server.Generation {
	return d.loadWith(ctx, changed, d.Server.Reload)
}

// loadReady is load after the units of files became ready, nothing having
// changed on disk (see server.Server.ReloadReady).
func (d *Dev) loadReady(ctx context.Context, files []string) *server.Generation {
	return d.loadWith(ctx, files, d.Server.ReloadReady)
}

// loadWith is load, reloading with reload.
func (d *Dev) loadWith(ctx context.Context, paths []string, reload func(context.Context, []string) *server.Generation) *server.Generation {
	restore := collectOften()
	g := reload(ctx, paths)
	select {
	case <-g.Loaded():
		restore()
		return g
	default:
	}
	go func() {
		defer restore()
		for {
			select {
			case <-g.Loaded():
				// The loop returns the garbage to the system once
				// loads settle.
				select {
				case d.loadedLate <- struct{}{}:
				default:
				}
				return
			case <-ctx.Done():
				return
			case <-time.After(loadedPoll):
				if d.Server.Current() != g {
					return // replaced: its warm-up stopped
				}
			}
		}
	}()
	return g
}

// loadedPoll is how often a generation's wait for its routes loaded on
// demand checks that it is still the current one.
const loadedPoll = 100 * time.Millisecond

// reloadGCPercent is the GOGC a reload runs with.
const reloadGCPercent = 100

// lowGC counts the loads compiling at reloadGCPercent (see collectOften):
// a generation's routes loaded on demand may still be compiling when the
// next reload starts.
var lowGC struct {
	sync.Mutex
	holders int
	prev    int  // the GOGC to put back
	lowered bool // by the first holder
}

// collectOften lowers GOGC to reloadGCPercent (when it is higher) until
// restore is called, by every caller that lowered it. A reload allocates
// the new generation's long-lived interpreter state among much short-lived garbage; at the dev server's
// serving GOGC (400) the heap grows far before a collection, the new state
// lands scattered over fresh spans, and each reload leaves spans pinned
// by a few live objects: RSS crept up ~10 MB over the first hundred
// reloads of a 50-route app, and the first load of a 200-route app held
// 69 MB of spans for 43 MB of objects. Collecting often while compiling
// refills the freed slots instead (+3 MB over the reloads).
func collectOften() (restore func()) {
	lowGC.Lock()
	defer lowGC.Unlock()
	if lowGC.holders == 0 {
		prev := debug.SetGCPercent(reloadGCPercent)
		lowGC.prev, lowGC.lowered = prev, prev >= 0 && prev > reloadGCPercent
		if !lowGC.lowered { // GOGC=off or already low: as set
			debug.SetGCPercent(prev)
		}
	}
	lowGC.holders++
	return sync.OnceFunc(func() {
		lowGC.Lock()
		defer lowGC.Unlock()
		lowGC.holders--
		if lowGC.holders == 0 && lowGC.lowered {
			debug.SetGCPercent(lowGC.prev)
			lowGC.lowered = false
		}
	})
}

// loadingWait is how long a request for a route still loading waits for
// it (see server.Server.LoadingWait): the loader stops waiting for a unit
// after interp.DefaultReloadWait, and a unit that merely compiles slowly
// on a busy machine is ready a moment later; an init that blocks is
// answered 503 after it.
const loadingWait = 3 * time.Second

// writeGrace is how long a changed Go file that is empty or does not
// parse must stay as it is before the loop takes it as saved, and
// writeMax how long the loop waits for such files at most.
const (
	writeGrace = 300 * time.Millisecond
	writeMax   = time.Second
)

// awaitWrites returns cs, merged with the batches that follow it while a
// changed Go file is unfinished: empty, or not a whole Go file. A file is
// empty between its creation (or truncation) and its first write, and
// half-written between an editor's writes; a writer held up between two
// (a loaded machine, a slow disk) would otherwise be read half-saved, its
// route briefly answering a syntax error the user never wrote. The rest of
// the save arrives as another event, which ends the wait; a file that
// stays as it is for writeGrace holds a real syntax error. This is the
// only wait for it: the loader is told (interp.Loader.Awaited) that the
// content it waited on is final, so that the load does not wait for it
// to change again and the error is reported writeGrace after the save.
func (d *Dev) awaitWrites(cs watch.ChangeSet) watch.ChangeSet {
	unfinished := unfinishedGoFiles(cs.Paths)
	if len(unfinished) == 0 {
		return cs
	}
	quiet := time.NewTimer(writeGrace)
	defer quiet.Stop()
	limit := time.NewTimer(writeMax)
	defer limit.Stop()
	for len(unfinished) > 0 {
		select {
		case more, ok := <-d.watcher.Changes():
			if !ok {
				return cs
			}
			cs.Paths = slices.Compact(slices.Sorted(slices.Values(append(cs.Paths, more.Paths...))))
			cs.Dirs = slices.Compact(slices.Sorted(slices.Values(append(cs.Dirs, more.Dirs...))))
			now := unfinishedGoFiles(cs.Paths)
			if !maps.EqualFunc(now, unfinished, bytes.Equal) {
				// Still being written: quiet again from here.
				quiet.Reset(writeGrace)
			}
			unfinished = now
		case <-quiet.C:
			d.loader.Awaited(unfinished)
			return cs
		case <-limit.C:
			return cs
		}
	}
	return cs
}

// unfinishedGoFiles returns the Go files among paths that are empty or
// have a syntax error, what a save caught between two writes looks like,
// with the content read.
func unfinishedGoFiles(paths []string) map[string][]byte {
	var out map[string][]byte
	for _, p := range paths {
		if !strings.HasSuffix(p, ".go") {
			continue
		}
		fi, err := os.Stat(p)
		if err != nil || !fi.Mode().IsRegular() {
			continue
		}
		src, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		if len(src) > 0 {
			if _, err := parser.ParseFile(token.NewFileSet(), p, src, parser.SkipObjectResolution); err == nil {
				continue
			}
		}
		if out == nil {
			out = make(map[string][]byte)
		}
		out[p] = src
	}
	return out
}

// relevant keeps the changed paths that can change what the app serves: Go
// files, page files, go.mod, anything in publicDir, files a package embeds
// (embedded reports them: //go:embed), and folders (a folder renamed or
// removed takes its routes with it).
func relevant(cs watch.ChangeSet, publicDir string, embedded func(path string) bool) []string {
	var out []string
	for _, p := range cs.Paths {
		base := filepath.Base(p)
		switch {
		case strings.HasSuffix(base, ".go"), base == "page.html", base == "layout.html", base == "go.mod", base == "go.sum",
			inDir(publicDir, p), slices.Contains(cs.Dirs, p), embedded(p):
			out = append(out, p)
		}
	}
	return out
}

// inDir reports whether path is inside dir (both absolute): by position,
// not by a folder name that may appear anywhere in an absolute path.
func inDir(dir, path string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != "." && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// CompiledReady waits until the compiled tier has built and started the
// worker of the current generation's compiled routes (at once when there
// are none), or ctx is done. Requests to those routes wait for it anyway;
// a caller that must not see that wait (a test, a benchmark) waits here.
func (d *Dev) CompiledReady(ctx context.Context) error {
	if d.tier == nil {
		return nil
	}
	return d.tier.wait(ctx)
}

// routeEnv is the environment of route code. Called by the loop goroutine.
func (d *Dev) routeEnv() []string {
	if d.loader.Env != nil {
		return d.loader.Env
	}
	return os.Environ()
}

// Close stops watching and the compiled tier's workers. Requests already
// being served by the interpreter are not affected.
func (d *Dev) Close() error {
	d.cancel()
	err := d.watcher.Close()
	d.done.Wait()
	if d.tier != nil {
		d.tier.close()
	}
	return err
}
