package interp

import (
	"context"
	"errors"
	"fmt"
	"go/scanner"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/devserver/devserver/approuter"
	"github.com/devserver/devserver/internal/fmtfix"
	"github.com/devserver/devserver/internal/goembed"
	"github.com/devserver/devserver/internal/jsonfix"
	"github.com/devserver/devserver/internal/keep"
	"github.com/devserver/devserver/internal/yaegival"
	"github.com/devserver/devserver/interp/stdlib"
	"github.com/devserver/devserver/nextsdk"
	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib/generic"
)

// Methods are the exported function names a route file may define, one per
// HTTP method.
var Methods = []string{"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}

// DefaultInitTimeout bounds how long the code a package runs at init (its
// variables' initialisers and init functions) may run before the load
// gives up on the route importing it. Compiling does not count: on a
// loaded machine, compiling a route's modules can take longer than any
// init should. It is generous: an init of a few milliseconds can take
// seconds there, and a route wrongly given up stays out until its file
// changes.
const DefaultInitTimeout = 10 * time.Second

// Loader interprets the route files of one project. A Load interprets
// changed code in fresh interpreters: the interpreter serving requests is
// never evaluated into. The zero value is not usable: Project must be set.
type Loader struct {
	// Project is the app being served.
	Project *Project
	// InitTimeout bounds the code each package runs at init, compiling
	// aside (see DefaultInitTimeout); 0 means DefaultInitTimeout.
	InitTimeout time.Duration
	// Stdout and Stderr receive what route code prints, and yaegi's panic
	// traces (with real file paths); nil means os.Stdout and os.Stderr.
	Stdout, Stderr io.Writer
	// Env is the environment os.Getenv sees in route code; nil means
	// os.Environ() at load time.
	Env []string
	// ReloadWait, when positive, bounds how long a Load waits for each unit
	// it interprets, counted from the unit's start (the dev server uses
	// DefaultReloadWait). A unit still loading then (an init that blocks)
	// goes on in the background: its routes keep their last loaded code
	// meanwhile, or carry approuter.ErrLoading (on the first Load, always).
	// 0 means a Load waits for every unit, as a one-off load does: on a
	// loaded machine, compiling a unit alone can take longer than any
	// wait meant for a blocked init.
	ReloadWait time.Duration
	// Ready, when set, is called with the route files of a unit that
	// finished loading after the Load (or the Pending route) waiting for
	// it returned without it: the next Load has its code (or its error).
	// It is called from the loader's goroutine and must not block.
	Ready func(files []string)
	// CompileDiffering refuses, with ErrDiffers, the routes whose code
	// uses a construct the interpreter is known to run otherwise than the
	// compiler (see detect.go): for a dev server that runs them compiled.
	// Off, they are interpreted.
	CompileDiffering bool
	// EagerUnits, when positive, bounds how many units a Load after the
	// first interprets before it returns (the dev server uses
	// DefaultEagerUnits). A Load with more to interpret (an edit of a
	// package many routes import) interprets none of them: their routes
	// come back Pending (approuter.Loaded.Pending), interpreted when the
	// server first asks for each, so that a request waits for its own
	// unit only. 0 interprets every unit before returning, as a one-off
	// load does.
	EagerUnits int
	// PackagePaths, when set, returns the import path under which the
	// binary `devserver build` makes compiles each package of the
	// Project's app/ that it moves (by its real import path; see
	// build.SanitisedPaths): fmt prints it in the name of a generic type
	// instantiated with the package's types, which route code then prints
	// as the binary does. It is called for such a name only.
	PackagePaths func() map[string]string

	src      sourceCache  // facts of the Go files seen, by content
	rewrites rewriteCache // rewritten packages, by content
	mu       sync.Mutex
	units    map[string][]approuter.Loaded // unit key -> the routes of its last load
	pkgs     map[string]*pkgInfo           // the packages the last load read
	embeds   map[string][]string           // folder -> its //go:embed patterns, of the packages of pkgs
	changes  *changes                      // reported by Changed for the next load
	inflight map[string]*unitLoad          // unit key -> its load, until it finishes
	last     map[string]lastLoad           // route file -> its last finished load
	wanted   map[string]bool               // the unit keys of the last Load
	// refusedPkgs maps the folder of a package, not a route's own, that
	// made the interpreter refuse a unit importing it to the content hash
	// it had then, and the refusal (see importsRefused).
	refusedPkgs map[string]refusal
	// fmtTypes are the app's types fmt prints, registered by its code (see
	// fmtfix.Registry): the loader's own, not the process's.
	fmtTypes fmtfix.Registry
}

// refusal is a version of a package whose import made the interpreter
// refuse a unit.
type refusal struct {
	dir  string
	hash string
	// err is the error of a route of that unit positioned in the package
	// (or in one it imports whose import failed too), what every importer
	// of that version gets; nil when no route's error was.
	err error
}

// Changed tells the loader which paths (absolute; files or folders) a
// watcher of root saw change since the last Load. The next Load then reads
// again only the packages in or under them, and keeps what it knows of the
// others under root. Without a call, or after an event overflow (report
// root itself), a Load reads every package.
func (l *Loader) Changed(root string, paths []string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.changes != nil && l.changes.root == root {
		l.changes.paths = append(l.changes.paths, paths...)
		return
	}
	l.changes = &changes{root: filepath.Clean(root), paths: append([]string(nil), paths...)}
}

// Awaited tells the loader that the caller waited for the Go files given
// (absolute path -> content) to be written in full, and they then held
// that content, empty or not parsing (the dev server waits for the rest
// of a half-written save). A Load reading one of them with that content
// takes it as it is, a real syntax error, rather than waiting once more
// for it to change, so that the error is reported after one wait.
func (l *Loader) Awaited(files map[string][]byte) { l.src.await(files) }

// Load interprets files, absolute paths of route.go files (or the proxy
// file), and returns one approuter.Loaded per file, in order. Routes that import a common package holding
// state share an interpreter, so that package is one instance, as in a
// compiled program (see units.go). A route that fails to load carries its
// error; the others load regardless. Only units whose sources, environment
// or build list changed since the last Load are interpreted again; the
// others keep their handlers. Past EagerUnits, the units to interpret
// again are interpreted on demand: their routes come back Pending.
func (l *Loader) Load(ctx context.Context, files []string) []approuter.Loaded {
	jsonfix.Enable()
	routes := make([]approuter.Loaded, len(files))
	for i, f := range files {
		routes[i].File = f
	}
	// go.mod may have changed since the last load (a renamed module changes
	// every import path), so read it afresh.
	proj := l.Project.refresh()
	mods := loadModules(ctx, proj)
	snap := newSnapshot(proj, mods, &l.src)
	l.mu.Lock()
	snap.seed(l.pkgs, l.changes)
	l.changes = nil
	l.mu.Unlock()
	env := l.Env
	if env == nil {
		env = os.Environ()
	}
	// The module's go line, when older than the interpreter's Go, unless
	// the app imports devserver, whose requirement raises it (goline).
	if snap.lang = mods.lang; snap.lang != "" && snap.importsDevserver(files) {
		snap.lang = ""
	}
	extra := fmt.Sprintf("%s\x00%p\x00%q\x00%s", proj.Module, mods, env, snap.lang)
	units := snap.partition(files, extra)

	l.mu.Lock()
	prev := l.units
	kept := make(map[string][]approuter.Loaded, len(units))
	pending := make(map[*unit]*unitLoad)
	// Units to interpret that no earlier Load started: the edit's.
	// Those whose routes the interpreter refused last time are
	// interpreted in any case, for the compiled tier to learn of them in
	// this reload.
	var fresh, refused []*unitLoad
	for _, u := range units {
		if old, ok := prev[u.key]; ok {
			for j, i := range u.files {
				routes[i] = old[j]
			}
			kept[u.key] = old
			continue
		}
		// One an earlier Load made is joined: deferred, it is started
		// below or on demand; started, it is waited for until it has run
		// for the reload wait, which one an earlier Load gave up on (a
		// slow init) has, so that it holds back no other route's edit
		// (see awaitUnits).
		ul, ok := l.inflight[u.key]
		if !ok {
			ul = l.newUnitLoad(ctx, proj, mods, snap, env, u, files)
		}
		pending[u] = ul
		if ul.started {
			continue
		}
		r, importsRefused := l.importsRefused(ul)
		switch {
		case importsRefused && r.err != nil && !l.refusedBefore(ul):
			l.refuseAs(ul, r)
		case importsRefused || l.refusedBefore(ul):
			refused = append(refused, ul)
		default:
			fresh = append(fresh, ul)
		}
	}
	deferred := l.EagerUnits > 0 && prev != nil && len(fresh) > l.EagerUnits
	start := refused
	if !deferred {
		start = append(start, fresh...)
	}
	l.track(units, pending)
	l.mu.Unlock()
	// Units are independent interpreters: load them side by side, each in
	// the background, so that a unit whose init blocks holds back only its
	// own routes, on the first load as on every other (see awaitUnits).
	sem := make(chan struct{}, max(1, runtime.GOMAXPROCS(0)))
	for _, ul := range start {
		l.start(ul, sem)
	}
	if !deferred {
		// Also those an earlier Load deferred and a request started.
		start = start[:0]
		for _, ul := range pending {
			start = append(start, ul)
		}
	}
	awaitUnits(start)
	l.collect(ctx, files, routes, units, kept, pending, snap, deferred)
	return routes
}

// DefaultEagerUnits is how many units the dev server's Loads interpret
// before they return (see Loader.EagerUnits): what an edit of a few files
// changes, interpreted side by side in about the time of one. An edit
// changing more (a package many routes import) would make every request
// wait for all of them: at 200 routes, a quarter of a second.
const DefaultEagerUnits = 8

// newUnitLoad makes the load of the unit u of a Load of files, not
// started. l.mu is held.
func (l *Loader) newUnitLoad(ctx context.Context, proj *Project, mods *modules, snap *snapshot, env []string, u *unit, files []string) *unitLoad {
	ul := &unitLoad{key: u.key, done: make(chan struct{}), stalled: make(chan struct{}), hashes: make(map[string]string, len(u.dirs))}
	for _, i := range u.files {
		ul.files = append(ul.files, files[i])
	}
	for _, d := range u.dirs {
		ul.hashes[d] = snap.pkg(d).hash
	}
	ul.run = func(sem chan struct{}) { l.runUnit(ctx, proj, mods, snap, env, ul, sem, l.ReloadWait) }
	if l.inflight == nil {
		l.inflight = make(map[string]*unitLoad)
	}
	l.inflight[u.key] = ul
	return ul
}

// track forgets the unit loads an earlier Load deferred that were never
// started and that this Load, of units, no longer has. l.mu is held.
func (l *Loader) track(units []*unit, pending map[*unit]*unitLoad) {
	keep := make(map[string]bool, len(pending))
	for _, u := range units {
		keep[u.key] = true
	}
	for key, ul := range l.inflight {
		if !ul.started && !keep[key] {
			delete(l.inflight, key)
		}
	}
}

// refusedBefore reports whether a route of ul's unit was refused by the
// interpreter when it last loaded, for a cause ul still has. A refusal
// that came from a package other than the routes' own (a shared package
// that stopped compiling, or that used unsafe) that has changed since is
// none: the edit fixing it is deferred as any edit of a shared package is,
// rather than interpreted before the swap in every unit importing it. l.mu
// is held.
func (l *Loader) refusedBefore(ul *unitLoad) bool {
	for _, f := range ul.files {
		if last, ok := l.last[f]; ok && errors.Is(last.route.Err, ErrNotInterpreted) && !last.causeChanged(ul) {
			return true
		}
	}
	return false
}

// causeChanged reports whether one of the packages whose import made the
// interpreter refuse last's route, other than the route's own, has another
// version (or is gone) in ul.
func (last lastLoad) causeChanged(ul *unitLoad) bool {
	for _, d := range last.refusedBy {
		if ul.hashes[d] != last.hashes[d] {
			return true
		}
	}
	return false
}

// importsRefused reports whether ul's unit imports a package, other than
// its routes' own, in the version that made the interpreter refuse another
// unit, and returns that refusal: an edit of a package many routes import
// that the interpreter cannot run (it does not compile, uses unsafe, or a
// construct it runs otherwise) refuses them all. Such units are refused
// before the swap, so that the compiled tier takes every one over in one
// reload and one build, rather than one reload each as the warm-up finds
// them: with the refusal's error when it has one (see refuseAs), else
// interpreted, as refused ones are. l.mu is held.
func (l *Loader) importsRefused(ul *unitLoad) (refusal, bool) {
	for d, h := range ul.hashes {
		if r, ok := l.refusedPkgs[d]; ok && r.hash == h && !ul.owns(d) {
			return r, true
		}
	}
	return refusal{}, false
}

// refuseAs finishes ul, a unit not started, with r's error for every
// route, without interpreting it: its routes import the version of the
// package r names that another unit's import failed on, and would fail
// on it the same way. Interpreting each of them before the swap cost a
// second or more at 200 routes, on the way to the compiled tier's verdict
// (a type error in the package: the compiler's errors; unsafe: the route
// compiled). l.mu is held.
func (l *Loader) refuseAs(ul *unitLoad, r refusal) {
	rs := make([]approuter.Loaded, len(ul.files))
	if l.last == nil {
		l.last = make(map[string]lastLoad)
	}
	for j, f := range ul.files {
		rs[j] = approuter.Loaded{File: f, Err: r.err}
		l.last[f] = lastLoad{route: rs[j], hashes: ul.hashes, refusedBy: []string{r.dir}}
	}
	ul.routes, ul.started, ul.finished = rs, true, true
	close(ul.done)
	delete(l.inflight, ul.key)
}

// owns reports whether dir is the folder of one of ul's route files.
func (ul *unitLoad) owns(dir string) bool {
	for _, f := range ul.files {
		if filepath.Dir(f) == dir {
			return true
		}
	}
	return false
}

// noteRefusals records, in refusedPkgs, the packages of ul (other than its
// routes' own) whose import failed when its unit loaded (failed holds
// their import paths), with the error of routes, the unit's, positioned
// in one of them, and forgets those of a unit that loaded. It returns the folders
// of the packages recorded. l.mu is held.
func (l *Loader) noteRefusals(proj *Project, ul *unitLoad, routes []approuter.Loaded, failed map[string]bool) []string {
	var by []string
	for d, h := range ul.hashes {
		if ul.owns(d) {
			continue
		}
		if len(failed) == 0 {
			if l.refusedPkgs[d].hash == h {
				delete(l.refusedPkgs, d)
			}
			continue
		}
		if ip, err := proj.ImportPath(d); err == nil && failed[ip] {
			by = append(by, d)
		}
	}
	err := positionedError(routes, by)
	for _, d := range by {
		if l.refusedPkgs == nil {
			l.refusedPkgs = make(map[string]refusal)
		}
		l.refusedPkgs[d] = refusal{dir: d, hash: ul.hashes[d], err: err}
	}
	return by
}

// positionedError returns the error of one of routes that the
// interpreter refused at a position in one of dirs, or nil: an error that
// names no route, which every importer of that package would get. (A
// refusal of a package for using unsafe is positioned at the importing
// route's import line.)
func positionedError(routes []approuter.Loaded, dirs []string) error {
	for _, r := range routes {
		var list scanner.ErrorList
		if errors.Is(r.Err, ErrNotInterpreted) && errors.As(r.Err, &list) && len(list) > 0 && slices.Contains(dirs, filepath.Dir(list[0].Pos.Filename)) {
			return r.Err
		}
	}
	return nil
}

// start starts interpreting ul's unit in the background, unless it has
// started already; sem, when not nil, bounds how many units load side by
// side.
func (l *Loader) start(ul *unitLoad, sem chan struct{}) {
	l.mu.Lock()
	started := ul.started
	ul.started = true
	l.mu.Unlock()
	if !started {
		go ul.run(sem)
	}
}

// collect fills routes with what the units of a Load loaded, or serve
// meanwhile, or, deferred, with Pending routes for the units not loaded
// yet, and records the Load's units and packages when it was not
// cancelled, which it reports.
func (l *Loader) collect(ctx context.Context, files []string, routes []approuter.Loaded, units []*unit, kept map[string][]approuter.Loaded, pending map[*unit]*unitLoad, snap *snapshot, deferred bool) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	finished := make(map[string]string) // package folder -> hash, of the units this generation has loaded
	for _, u := range units {
		if _, ok := kept[u.key]; ok {
			for _, d := range u.dirs {
				finished[d] = snap.pkg(d).hash
			}
		}
	}
	var late, later []*unit
	for u, ul := range pending {
		if !ul.finished {
			if deferred {
				later = append(later, u)
				continue
			}
			ul.late = true
			late = append(late, u)
			continue
		}
		for j, i := range u.files {
			routes[i] = ul.routes[j]
		}
		kept[u.key] = ul.routes
		for d, h := range ul.hashes {
			finished[d] = h
		}
	}
	for _, u := range late {
		for _, i := range u.files {
			routes[i] = l.meanwhile(files[i], finished)
		}
	}
	if len(later) > 0 {
		v := versionsOf(units, snap)
		for _, u := range later {
			for j, i := range u.files {
				routes[i] = approuter.Loaded{File: files[i], Pending: &pendingRoute{l: l, ul: pending[u], index: j, versions: v}}
			}
		}
	}
	if ctx.Err() != nil {
		return false
	}
	l.units = kept
	l.wanted = make(map[string]bool, len(units))
	for _, u := range units {
		l.wanted[u.key] = true
	}
	l.pkgs = snap.pkgs
	l.embeds = snap.embedPatterns()
	return true
}

// Embeds reports whether the file at path (absolute) may be one that a
// package the last Load read embeds with //go:embed, or become one when
// created: a change to it changes what the app serves. Embedded files
// outside the packages' Go files are no Go files, so a watcher that
// reloads on Go files alone would miss them.
func (l *Loader) Embeds(path string) bool {
	l.mu.Lock()
	embeds := l.embeds
	l.mu.Unlock()
	for dir := path; ; {
		parent := filepath.Dir(dir)
		if parent == dir {
			return false
		}
		dir = parent
		if patterns, ok := embeds[dir]; ok {
			rel, err := filepath.Rel(dir, path)
			if err == nil && goembed.Covers(patterns, filepath.ToSlash(rel)) {
				return true
			}
		}
	}
}

// pendingRoute is a route file of a unit a Load deferred: its
// approuter.Pending.
type pendingRoute struct {
	l        *Loader
	ul       *unitLoad
	index    int       // of the route file in the unit's
	versions *versions // of the packages of the generation it belongs to
}

// Load starts the unit, unless a request or the server's warm-up has, and
// waits until it has loaded, or has run for the reload wait: the unit
// then goes on in the background, the loader's Ready reports it when it
// finishes, and meanwhile the route serves what meanwhile says.
func (p *pendingRoute) Load() approuter.Loaded {
	p.l.start(p.ul, nil)
	select {
	case <-p.ul.done:
	case <-p.ul.stalled:
	}
	p.l.mu.Lock()
	defer p.l.mu.Unlock()
	if p.ul.finished {
		return p.ul.routes[p.index]
	}
	p.ul.late = true
	return p.l.meanwhile(p.ul.files[p.index], p.versions.others(p.ul))
}

// versions are the versions of the packages the units of one Load hold
// once they are all loaded.
type versions struct {
	hash    map[string]string // package folder -> content hash
	holders map[string]int    // package folder -> how many units hold it
}

// versionsOf returns the versions of the packages of units.
func versionsOf(units []*unit, snap *snapshot) *versions {
	v := &versions{hash: make(map[string]string), holders: make(map[string]int)}
	for _, u := range units {
		for _, d := range u.dirs {
			v.hash[d] = snap.pkg(d).hash
			v.holders[d]++
		}
	}
	return v
}

// others returns the versions of the packages that units other than ul's
// hold: those its routes' earlier code must agree with to be served
// meanwhile (see Loader.meanwhile).
func (v *versions) others(ul *unitLoad) map[string]string {
	out := make(map[string]string, len(v.hash))
	for d, h := range v.hash {
		if _, own := ul.hashes[d]; !own || v.holders[d] > 1 {
			out[d] = h
		}
	}
	return out
}

// ReleaseKept drops the values kept by route code (next.Keep) whose
// routes are all gone from files, the files given to the last Load (none:
// the app has no route left), running their close hooks; a hook that
// panicked is reported on Stderr. A Load does not drop them itself: the
// requests still running on the routes' last code may use them, and a
// server calls ReleaseKept once those have finished.
func (l *Loader) ReleaseKept(files []string) {
	live := make(map[string]bool, len(files))
	for _, f := range files {
		live[f] = true
	}
	if _, err := keep.Release(func(f string) bool { return live[f] }); err != nil {
		stderr := l.Stderr
		if stderr == nil {
			stderr = os.Stderr
		}
		fmt.Fprintln(stderr, err)
	}
}

// DefaultReloadWait is how long the dev server's Loads wait for a unit
// that has been loading for that long before they return without it (see
// Loader.ReloadWait). A unit loads in milliseconds (seconds on a loaded
// machine); one that takes longer is most likely blocked in a package init,
// and the other routes — their first load as their edits — must not wait
// for it.
const DefaultReloadWait = 2 * time.Second

// unitLoad is one unit being interpreted, possibly past the Load that
// started it.
type unitLoad struct {
	key    string
	files  []string          // its route files
	hashes map[string]string // package folder -> content hash, as loaded
	done   chan struct{}     // closed when routes is set
	// stalled is closed when the unit has run for the reload wait without
	// finishing: the Load stops waiting for it, and it gives up its place
	// among the units loading side by side.
	stalled chan struct{}
	run     func(sem chan struct{}) // interprets the unit (see Loader.start)

	// Guarded by Loader.mu.
	routes   []approuter.Loaded
	started  bool
	finished bool
	late     bool // a Load or a Pending returned without it
}

// lastLoad is a route file's code as its unit last finished loading, and
// the versions of the packages that code holds.
type lastLoad struct {
	route  approuter.Loaded
	hashes map[string]string
	// refusedBy are the folders of the packages, other than its routes'
	// own, whose import failed when the unit loaded (see causeChanged).
	refusedBy []string
}

// runUnit interprets the unit of ul, records the result and, when the Load
// that started it returned without it, calls Ready.
func (l *Loader) runUnit(ctx context.Context, proj *Project, mods *modules, snap *snapshot, env []string, ul *unitLoad, sem chan struct{}, stallAfter time.Duration) {
	if sem != nil {
		sem <- struct{}{}
	}
	// The unit's deadline counts from its own start, not from the Load's:
	// units queued behind others on a busy machine are not stalled ones.
	release := sync.OnceFunc(func() {
		if sem != nil {
			<-sem
		}
	})
	stop := func() bool { return false } // no stall: wait however long it takes
	if stallAfter > 0 {
		stop = time.AfterFunc(stallAfter, func() {
			release()
			close(ul.stalled)
		}).Stop
	}
	rs := make([]approuter.Loaded, len(ul.files))
	for j, f := range ul.files {
		rs[j].File = f
	}
	var failed map[string]bool // import paths whose import failed
	if err := ctx.Err(); err != nil {
		// A deferred unit asked for after the server stopped.
		for j := range rs {
			rs[j].Err = fmt.Errorf("%s: load cancelled: %w", rs[j].File, err)
		}
	} else {
		failed = l.loadUnit(ctx, proj, mods, snap, rs, env)
	}
	stop()
	release()
	l.mu.Lock()
	ul.routes, ul.finished = rs, true
	close(ul.done)
	delete(l.inflight, ul.key)
	late := ul.late && ctx.Err() == nil
	if ctx.Err() == nil {
		if l.last == nil {
			l.last = make(map[string]lastLoad)
		}
		by := l.noteRefusals(proj, ul, rs, failed)
		for j, f := range ul.files {
			l.last[f] = lastLoad{route: rs[j], hashes: ul.hashes, refusedBy: by}
		}
		// The next Load keeps it, when it belongs to the last one: one
		// that returned without it (deferred, or late).
		if l.units != nil && l.wanted[ul.key] {
			l.units[ul.key] = rs
		}
	}
	ready := l.Ready
	l.mu.Unlock()
	if late && ready != nil {
		ready(ul.files)
	}
}

// awaitUnits waits until every unit of started is loaded or stalled.
func awaitUnits(started []*unitLoad) {
	for _, ul := range started {
		select {
		case <-ul.done:
		case <-ul.stalled:
		}
	}
}

// meanwhile is what the route file serves while its unit is still loading:
// its last loaded code, unless that code holds a version of a package other
// than the one the rest of the generation (finished: folder -> hash) holds,
// which no compiled program could show; else ErrLoading. l.mu is held.
func (l *Loader) meanwhile(file string, finished map[string]string) approuter.Loaded {
	last, ok := l.last[file]
	if ok {
		for d, h := range last.hashes {
			if fh, shared := finished[d]; shared && fh != h {
				ok = false
				break
			}
		}
	}
	if ok {
		return last.route
	}
	return approuter.Loaded{File: file, Err: fmt.Errorf("%s: %w", file, approuter.ErrLoading)}
}

// loadUnit loads the routes of one unit into a fresh interpreter. It
// returns the import paths of the packages whose import failed.
func (l *Loader) loadUnit(ctx context.Context, proj *Project, mods *modules, snap *snapshot, routes []approuter.Loaded, env []string) map[string]bool {
	skip := make([]bool, len(routes))
	failed := make(map[string]bool)
	for {
		// A route whose init outran the timeout was cancelled mid-run, and
		// yaegi's interpreter must not be reused after that: start again
		// without it.
		clear(failed)
		stuck := l.loadOnce(ctx, proj, mods, snap, routes, skip, env, failed)
		if stuck < 0 || ctx.Err() != nil {
			return failed
		}
		skip[stuck] = true
	}
}

// loadOnce loads every route not skipped into a fresh interpreter, adding
// to failedPaths the import paths of the packages whose import failed. It
// returns the index of a route whose initialisation timed out, or -1.
func (l *Loader) loadOnce(ctx context.Context, proj *Project, mods *modules, snap *snapshot, routes []approuter.Loaded, skip []bool, env []string, failedPaths map[string]bool) int {
	vfs := newSrcFS(proj, mods)
	vfs.rw.cache, vfs.rw.hashOf, vfs.rw.sources, vfs.rw.embedded = &l.rewrites, snap.hashOf, snap.sources, snap.embedded
	vfs.snap = snap
	vfs.rw.detect = l.CompileDiffering
	vfs.rw.lang = snap.lang
	dirs := make([]string, 0, len(routes))
	for i, r := range routes {
		if !skip[i] {
			dirs = append(dirs, filepath.Dir(r.File))
		}
	}
	owners := make([]string, 0, len(routes))
	for i, r := range routes {
		if !skip[i] {
			owners = append(owners, r.File)
		}
	}
	it, hook, err := l.newInterpreter(snap, vfs, dirs, owners, env)
	if err != nil {
		for i := range routes {
			if !skip[i] {
				routes[i].Err = err
			}
		}
		return -1
	}
	timeout := l.InitTimeout
	if timeout <= 0 {
		timeout = DefaultInitTimeout
	}
	failed := make(map[string]error) // import path → why its import failed
	for i := range routes {
		if skip[i] {
			continue
		}
		r := &routes[i]
		r.Handlers, r.Warnings, r.Err = nil, nil, nil
		path, err := proj.ImportPath(filepath.Dir(r.File))
		if err != nil {
			r.Err = err
			continue
		}
		// A folder go build refuses to import as the route's package
		// (package main, a second package name) is refused here alike,
		// before yaegi, which imports either, or the compiled tier, whose
		// build would say so at the generated main's import.
		if err := packageClauses(snap, r.File); err != nil {
			r.Err = err
			continue
		}
		ictx, cancel := context.WithCancel(ctx)
		stop := hook.watch(ictx, cancel, timeout)
		err = evalImport(ictx, it, fmt.Sprintf("import _r%d %q", i, path))
		exceeded := stop()
		cancel()
		if ctx.Err() != nil {
			// The load was abandoned (the server is stopping). yaegi may
			// still be running this import in its own goroutine, so the
			// interpreter must not be used again.
			for j := i; j < len(routes); j++ {
				if !skip[j] {
					routes[j].Handlers, routes[j].Warnings = nil, nil
					routes[j].Err = fmt.Errorf("%s: load cancelled: %w", routes[j].File, ctx.Err())
				}
			}
			return -1
		}
		if exceeded != "" {
			r.Err = fmt.Errorf("%s: %s; the route is not served until the file changes", r.File, exceeded)
			return i
		}
		if err != nil {
			r.Err = differs(notInterpreted{importError(vfs, err, r.File, failed)})
			r.Warnings = vfs.rw.takeWarnings()
			for p := range failed {
				failedPaths[p] = true
			}
			continue
		}
		r.Handlers = make(map[string]any)
		exports := routeExports(it, fmt.Sprintf("_r%d", i), vfs.rw.values(filepath.Dir(r.File)))
		// Handlers come from the route file itself, as in Next.js: a
		// method declared only beside route.go is not one.
		// What the snapshot read, not the file now: one version of it.
		src := snap.sources(filepath.Dir(r.File))[filepath.Base(r.File)]
		names := append(Methods, "Proxy", "Middleware")
		if filepath.Base(r.File) == approuter.InstrumentationFile {
			names = approuter.InstrumentationNames
		}
		own, _ := approuter.DeclaredInSource(r.File, src, names)
		var beside []string
		for _, m := range names {
			if v, ok := exports[m]; ok && v.IsValid() {
				if own != nil && !own[m] {
					beside = append(beside, m)
					continue
				}
				r.Handlers[m] = v.Interface()
			}
		}
		// Only a package declaring Dynamic can say "error": the others are
		// not parsed again on every reload.
		if _, ok := exports["Dynamic"]; ok {
			if err := approuter.DynamicError(filepath.Dir(r.File)); err != nil {
				r.Handlers, r.Err = nil, fmt.Errorf("%s: %w", r.File, err)
				continue
			}
		}
		r.Config = nil
		// A proxy.go's Config is read from that file only, as in Next.js.
		ownConfig, _ := approuter.DeclaredInSource(r.File, src, []string{"Config"})
		for _, name := range append(approuter.ConfigNames, "Matcher", "Config") {
			if name == "Config" && ownConfig != nil && !ownConfig[name] {
				continue
			}
			if v, ok := exports[name]; ok && v.IsValid() && v.CanInterface() {
				if r.Config == nil {
					r.Config = make(map[string]any)
				}
				r.Config[name] = v.Interface()
			}
		}
		if filepath.Base(r.File) == "route.go" {
			secs, err := approuter.MaxDurationOf(r.File, src)
			if err != nil {
				r.Handlers, r.Err = nil, err
				continue
			}
			if secs > 0 {
				if r.Config == nil {
					r.Config = make(map[string]any)
				}
				r.Config[approuter.MaxDurationName] = secs
			}
		}
		r.Warnings = append(handlerWarnings(r.File, snap.pkg(filepath.Dir(r.File)).files[filepath.Base(r.File)], len(r.Handlers)), vfs.rw.takeWarnings()...)
		for _, m := range beside {
			r.Warnings = append(r.Warnings, fmt.Sprintf("%s: %s is declared beside %s, not in it, so it is not a handler (as in Next.js)", filepath.Dir(r.File), m, filepath.Base(r.File)))
		}
	}
	// Before any handler runs: goroutines of route code must find every
	// function type computed (see settleFuncTypes). Those of the packages
	// that ran code at init were computed before it ran.
	hook.types.all()
	return -1
}

var (
	// importErrRE finds the packages a yaegi import error passes through.
	importErrRE = regexp.MustCompile(`import "([^"]+)" error`)
	// cycleRE finds what yaegi reports when a package whose import failed
	// earlier in the same interpreter is imported again: it never clears its
	// cycle detection for a failed package.
	cycleRE = regexp.MustCompile(`import cycle not allowed\s+imports (\S+)`)
)

// ErrNotInterpreted is wrapped by the error of a route whose code the
// interpreter could not load: code the Go toolchain may still compile
// (the dev server then runs the route compiled). Errors devserver itself
// finds (segment config, a package init that does not finish) do not
// wrap it.
var ErrNotInterpreted = errors.New("not interpreted")

// notInterpreted marks err as ErrNotInterpreted, leaving its text and what
// it wraps (a scanner.ErrorList's positions) as they are.
type notInterpreted struct{ error }

func (e notInterpreted) Unwrap() error { return e.error }

func (e notInterpreted) Is(target error) bool { return target == ErrNotInterpreted }

// importError turns err, the failed import of the route file file, into the
// error to report. A package shared by several routes fails once; for the
// routes loaded after that, yaegi claims an import cycle, so they get the
// original error instead. failed maps the import paths seen failing to it.
func importError(vfs srcFS, err error, file string, failed map[string]error) error {
	msg := err.Error()
	if m := cycleRE.FindStringSubmatch(msg); m != nil {
		if first, ok := failed[m[1]]; ok {
			return first
		}
	}
	se := explain(vfs.sourceError(err, file), filepath.Dir(file))
	if strings.Contains(msg, "unable to find source related to") && vfs.mods != nil && vfs.mods.listErr != nil {
		// An import of another module, when the build list could not be
		// read: say why, not only that the source is missing.
		se = withHint(se, vfs.mods.listErr.Error())
	}
	for _, m := range importErrRE.FindAllStringSubmatch(msg, -1) {
		if _, ok := failed[m[1]]; !ok {
			failed[m[1]] = se
		}
	}
	return se
}

// routeExports returns the values of the exported names of a route package
// (imported as alias) that the server reads: handlers, segment config and
// matcher. It evaluates each one the package declares (names), as yaegi's
// Symbols would build every export of the package and panics on generic
// functions and types ("call of MakeFunc with non-Func type").
func routeExports(it *interp.Interpreter, alias string, names []string) map[string]reflect.Value {
	wanted := make(map[string]bool)
	for _, n := range append(append(append(Methods, approuter.ProxyNames...), approuter.ConfigNames...), approuter.InstrumentationNames...) {
		wanted[n] = true
	}
	out := make(map[string]reflect.Value)
	for _, n := range names {
		if !wanted[n] {
			continue
		}
		if v, err := evalValue(it, alias+"."+n); err == nil && v.IsValid() {
			out[n] = v
		}
	}
	return out
}

// evalValue evaluates the expression src, turning a panic inside yaegi into
// an error.
func evalValue(it *interp.Interpreter, src string) (v reflect.Value, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("interpreter panic: %v", p)
		}
	}()
	return it.Eval(src)
}

// evalImport runs an import statement, turning a panic inside yaegi (it
// panics on some malformed input) into an error.
func evalImport(ctx context.Context, it *interp.Interpreter, src string) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("interpreter panic: %v", p)
		}
	}()
	_, err = it.EvalWithContext(ctx, src)
	return err
}

// newInterpreter makes the interpreter of the route files owners (in the
// folders dirs), and the hook its packages call around their code at init.
func (l *Loader) newInterpreter(snap *snapshot, vfs srcFS, dirs, owners []string, env []string) (*interp.Interpreter, *loadHook, error) {
	stdout, stderr := l.Stdout, l.Stderr
	if stdout == nil {
		stdout = os.Stdout
	}
	if stderr == nil {
		stderr = os.Stderr
	}
	errw := &pathWriter{w: stderr, fs: vfs}
	it := interp.New(interp.Options{
		GoPath:               ".",
		SourcecodeFilesystem: vfs,
		Stdout:               stdout,
		Stderr:               errw,
		Env:                  env,
		Args:                 []string{ProgramName},
	})
	std := stdlibFor(snap, vfs, dirs)
	names := new(yaegival.StructNames)
	if json := std["encoding/json/json"]; json != nil {
		std["encoding/json/json"] = jsonSymbols(json, jsonfix.Names{Structs: names})
	}
	if err := it.Use(std); err != nil {
		return nil, nil, fmt.Errorf("load standard library symbols: %w", err)
	}
	if err := it.Use(newRouteFlags(errw).symbols(std)); err != nil {
		return nil, nil, fmt.Errorf("load the command line's symbols: %w", err)
	}
	if err := it.Use(Symbols); err != nil {
		return nil, nil, fmt.Errorf("load next symbols: %w", err)
	}
	if err := it.Use(keepSymbols(owners)); err != nil {
		return nil, nil, fmt.Errorf("load next symbols: %w", err)
	}
	var paths *fmtfix.Paths
	if l.PackagePaths != nil {
		paths = fmtfix.NewPaths(l.Project.Module+"/", l.PackagePaths)
	}
	if err := it.Use(namesSymbols(names, paths)); err != nil {
		return nil, nil, fmt.Errorf("load the symbols naming struct types: %w", err)
	}
	hook := newLoadHook(it)
	if err := it.Use(hook.symbols()); err != nil {
		return nil, nil, fmt.Errorf("load the load hook's symbols: %w", err)
	}
	if err := it.Use(fmtfixSymbols(&l.fmtTypes, paths, names)); err != nil {
		return nil, nil, fmt.Errorf("load fmt symbols: %w", err)
	}
	// The generic standard library is compiled from source (see
	// rewrite_stdlib.go), only into interpreters whose code imports it.
	for _, pkg := range genericPackages {
		if std[pkg+"/"+pkg] != nil {
			if _, err := it.Compile(genericCompiled(pkg)); err != nil {
				return nil, nil, fmt.Errorf("load the generic standard library (%s): %w", pkg, err)
			}
		}
	}
	return it, hook, nil
}

// fmtfixSymbols are the functions of internal/fmtfix that register and
// print the app's types: with reg, the loader's registry, paths (nil for
// none) and names, the interpreter's struct types'.
func fmtfixSymbols(reg *fmtfix.Registry, paths *fmtfix.Paths, names *yaegival.StructNames) interp.Exports {
	return interp.Exports{fmtfixPath + "/fmtfix": {
		"Type":     reflect.ValueOf(reg.Type),
		"Method":   reflect.ValueOf(reg.Method),
		"TypeName": reflect.ValueOf(paths.TypeName),
		"Value":    reflect.ValueOf(func(v any, description string) any { return reg.NamedValue(paths, names, v, description) }),
		"Held":     reflect.ValueOf(func(box []any, description string) any { return reg.Held(paths, names, box, description) }),
		"HeldType": reflect.ValueOf(func(box []any) string { return reg.HeldTypeName(paths, box) }),
	}}
}

// nextPackage is the key of package next in Symbols.
const nextPackage = "github.com/devserver/devserver/next/next"

// keepSymbols are next.Keep and next.KeepWithClose as the interpreter of
// the route files owners has them: what its code keeps belongs to those
// routes (keep.Owned), and is dropped with its close hook run once none of
// them is served any more (see Loader.ReleaseKept).
func keepSymbols(owners []string) interp.Exports {
	return interp.Exports{nextPackage: {
		"Keep": reflect.ValueOf(func(key string, create func() (any, error)) (any, error) {
			return keep.Owned(owners, key, create, nil)
		}),
		"KeepWithClose": reflect.ValueOf(func(key string, create func() (any, error), close func(any)) (any, error) {
			return keep.Owned(owners, key, create, close)
		}),
	}}
}

// genericSources are yaegi's generic standard library (cmp, maps and slices
// as Go source), which its Use compiles into every interpreter given fmt:
// about 3 ms, most of a fresh interpreter's cost. They are taken out of
// yaegi's hands here, before any interpreter exists, and compiled only into
// interpreters whose code imports one of those packages.
var genericSources = func() [len(generic.Sources)]string {
	srcs := generic.Sources
	for i := range generic.Sources {
		generic.Sources[i] = ""
	}
	return srcs
}()

var (
	stdlibOnce  sync.Once
	stdlibByPkg map[string]string // import path → key in stdlib.Symbols
)

// stdlibFor returns the standard library symbols the packages in dirs import,
// directly or through the module's own packages and other modules' (found
// through vfs). Use(stdlib.Symbols) is most of a fresh interpreter's cost,
// so a generation loads only what it needs. A package the interpreter
// cannot run (cgo, unsafe) is recorded in vfs, which refuses its files.
func stdlibFor(snap *snapshot, vfs srcFS, dirs []string) interp.Exports {
	stdlibIndex()
	p := snap.proj
	out := interp.Exports{".": dotSymbols()}
	// yaegi builds its generic standard library (slices, maps, ...) only
	// when fmt is present, and fmt is cheap.
	var add func(pkg string)
	add = func(pkg string) {
		if pkg == "iter" && out["iter/iter"] == nil {
			// No compiled symbols: the package is compiled from source.
			out["iter/iter"] = map[string]reflect.Value{}
		}
		for _, dep := range genericImports[pkg] {
			add(dep)
		}
		k, ok := stdlibByPkg[pkg]
		if !ok || out[k] != nil {
			return
		}
		out[k] = stdlib.Symbols[k]
		switch k {
		case "errors/errors":
			out[k] = errorsSymbols(out[k])
		}
		// yaegi wraps an interpreted value passed to a compiled function
		// taking an interface with the wrapper from the interface's own
		// package (io.Reader from io): those packages must be present too.
		for _, dep := range interfacePkgs(k) {
			add(dep)
		}
	}
	add("fmt")
	// The "." entry maps encoding/json and others to wrappers of
	// encoding.TextMarshaler and friends, looked up in package encoding.
	add("encoding")
	seen := make(map[string]bool)
	for _, d := range dirs {
		for _, dir := range snap.closure(d) {
			if seen[dir] {
				continue
			}
			seen[dir] = true
			// Unproven first: a package of an unproven module that also
			// uses unsafe (a validation library) is refused as unproven,
			// which refuseImporters hands on to the packages importing it.
			if vfs.rw.detect {
				if m, rel := vfs.mods.moduleOf(dir); m != nil && !m.Main && !proven(m) && !ownedBy(dir, p.ModuleDir, m.Dir) {
					vfs.rw.refuse(dir, unproven(m, rel))
				}
			}
			if others := snap.pkg(dir).others; len(others) > 0 {
				vfs.rw.refuse(dir, withOtherFiles(p, vfs, dir, others))
			}
			for _, imp := range snap.pkg(dir).imports {
				if imp == "C" || imp == "unsafe" {
					vfs.rw.refuse(dir, unrunnable(p, vfs, dir, imp))
					continue
				}
				if _, std := stdlibByPkg[imp]; std || imp == "iter" {
					add(imp)
				}
			}
		}
	}
	if vfs.rw.detect {
		refuseImporters(snap, vfs, seen)
	}
	return out
}

// provenModules are the modules other than the user's whose code the
// parity fixtures prove the interpreter runs as the compiler does, each at
// the versions its fixtures require (see proven). The
// code of any other module is library code the user cannot change, that
// the detectors do not look at and that may reach any corner of the
// interpreter (a JWT library's claims panicked, bcrypt took seconds; a
// github.com/google/uuid UUID handed to encoding/json in a map[string]any
// encoded as a byte array until jsonfix learnt to find its method): a
// route importing it
// runs compiled, where it answers as built, when the loader may hand
// routes over (Loader.CompileDiffering). Proving one takes a parity
// fixture of its own listing its routes as interpreted, and a review of
// the constructs the detectors (detect_*.go) find in the module's code,
// which they do not look at when loading: gorilla/mux's fixture answered
// as built until a route used Schemes, which its assertions to []string
// types, found by a detector, then confused with Methods.
var provenModules = map[string][]string{
	"golang.org/x/sync":             {"v0.25.0"}, // parity: modules_goroutines, ordinary5
	"github.com/google/uuid":        {"v1.6.0"},  // parity: uuid, uuidvalues
	"github.com/dustin/go-humanize": {"v1.1.0"},  // parity: humanize
	"github.com/shopspring/decimal": {"v1.6.0"},  // parity: decimal
	"github.com/rs/xid":             {"v1.6.0"},  // parity: xid
	"golang.org/x/time":             {"v0.16.0"}, // parity: xtime
	"github.com/rs/cors":            {"v1.11.1"}, // parity: rscors
	"github.com/go-chi/cors":        {"v1.2.2"},  // parity: chicors
	"github.com/segmentio/ksuid":    {"v1.0.4"},  // parity: ksuid
}

// proven reports whether the code of m, at the version the build list
// gives it, is proven (provenModules): another version is other code,
// which no fixture has run. The Next.js Go SDK is, at any version (the
// parity fixtures nextgo* run it): it is the folder npm installs with
// next, or devserver's own copy.
func proven(m *module) bool {
	if m.Path == nextsdk.ModulePath {
		return true
	}
	version := m.Version
	if m.Replace != nil {
		if m.Replace.Path != m.Path || m.Replace.Version == "" {
			return false // a fork, or a folder: code of its own
		}
		version = m.Replace.Version
	}
	return slices.Contains(provenModules[m.Path], version)
}

// ownedBy reports whether dir belongs to the user's module in modDir
// rather than to the module in otherDir that holds it too: a module
// replaced by a folder above the user's (a project inside a checkout of
// the module it requires, as the sample app in devserver's) is not where
// the user's code comes from.
func ownedBy(dir, modDir, otherDir string) bool {
	within := func(d, root string) bool {
		return d == root || strings.HasPrefix(d, root+string(filepath.Separator))
	}
	return within(dir, modDir) && len(modDir) > len(otherDir)
}

// refuseImporters refuses, among dirs, the packages importing a package
// refused as code of an unproven module, directly or not, with its
// refusal: the route is handed to the compiled tier at once, without its
// package being rewritten first, which type checks it against every
// package of those modules (seconds for a validation library and
// golang.org/x/text, past the load's time limit on a busy machine).
func refuseImporters(snap *snapshot, vfs srcFS, dirs map[string]bool) {
	for changed := true; changed; {
		changed = false
		for dir := range dirs {
			if vfs.rw.refusal(dir) != nil {
				continue
			}
			for _, dep := range snap.pkg(dir).deps {
				if err := vfs.rw.refusal(dep); err != nil && errors.As(err, new(*unprovenError)) {
					vfs.rw.refuse(dir, err)
					changed = true
					break
				}
			}
		}
	}
}

// unprovenError is the refusal of a package of a module outside
// provenModules.
type unprovenError struct{ msg string }

func (e *unprovenError) Error() string { return e.msg }

// unproven is the refusal of the package at rel in module m, which is not
// one of provenModules.
func unproven(m *module, rel string) error {
	name := strings.TrimSuffix(m.Path+"/"+rel, "/.")
	version := m.Version
	if m.Replace != nil && m.Replace.Version == "" {
		version = "replaced by " + m.Replace.Path
	}
	at := ""
	if versions := provenModules[m.Path]; len(versions) > 0 {
		at = " at this version (only at " + strings.Join(versions, ", ") + ")"
	}
	return &unprovenError{fmt.Sprintf("package %s of module %s (%s), which devserver's interpreter is not proven to run as the compiler does%s (the dev server runs the routes importing it compiled, as devserver build does)", name, m.Path, version, at)}
}

// stdlibIndex fills stdlibByPkg once.
func stdlibIndex() {
	stdlibOnce.Do(func() {
		stdlibByPkg = make(map[string]string, len(stdlib.Symbols))
		for k := range stdlib.Symbols {
			if i := strings.LastIndexByte(k, '/'); i > 0 {
				stdlibByPkg[k[:i]] = k
			}
		}
	})
}

// isStdlib says whether imp is a standard-library package the interpreter
// has symbols for.
func isStdlib(imp string) bool {
	stdlibIndex()
	_, ok := stdlibByPkg[imp]
	return ok
}

var ifacePkgs sync.Map // stdlib.Symbols key -> []string

// interfacePkgs lists the packages of the interface types in the
// signatures of the functions and methods of a standard-library package.
func interfacePkgs(key string) []string {
	if v, ok := ifacePkgs.Load(key); ok {
		return v.([]string)
	}
	set := make(map[string]bool)
	note := func(t reflect.Type) {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array || t.Kind() == reflect.Map || t.Kind() == reflect.Chan {
			t = t.Elem()
		}
		if t.Kind() == reflect.Interface && t.PkgPath() != "" {
			set[t.PkgPath()] = true
		}
	}
	sig := func(ft reflect.Type) {
		for i := range ft.NumIn() {
			note(ft.In(i))
		}
		for i := range ft.NumOut() {
			note(ft.Out(i))
		}
	}
	for _, v := range stdlib.Symbols[key] {
		t := v.Type()
		if t.Kind() == reflect.Func {
			sig(t)
			continue
		}
		// Types appear as (*T)(nil): their methods take and return values too.
		for i := range t.NumMethod() {
			sig(t.Method(i).Type)
		}
	}
	out := make([]string, 0, len(set))
	for p := range set {
		out = append(out, p)
	}
	sort.Strings(out)
	ifacePkgs.Store(key, out)
	return out
}

// unrunnable explains why the package in dir, which imports imp ("C" or
// "unsafe"), cannot be interpreted.
func unrunnable(p *Project, vfs srcFS, dir, imp string) error {
	what := "cgo (import \"C\")"
	if imp == "unsafe" {
		what = "package unsafe"
	}
	return fmt.Errorf("package %s uses %s, which devserver's interpreter cannot run (the dev server runs the routes using it compiled, as devserver build does)", importPathOf(p, vfs, dir), what)
}

// withOtherFiles explains why the package in dir, which holds files of
// other languages the go command builds into it (others: add_amd64.s),
// cannot be interpreted.
func withOtherFiles(p *Project, vfs srcFS, dir string, others []string) error {
	return fmt.Errorf("package %s holds %s, which the go command builds into it (assembly, C, .syso) and devserver's interpreter cannot run (the dev server runs the routes using it compiled, as devserver build does)", importPathOf(p, vfs, dir), strings.Join(others, ", "))
}

// importPathOf returns the import path of the package in dir, or dir.
func importPathOf(p *Project, vfs srcFS, dir string) string {
	if m, rel := vfs.mods.moduleOf(dir); m != nil {
		return strings.TrimSuffix(m.Path+"/"+rel, "/.")
	}
	if ip, err := p.ImportPath(dir); err == nil {
		return ip
	}
	return dir
}

// handlerWarnings explains why a route file will not answer as its author
// may expect: functions named like a handler but not exported as one, or no
// handler at all.
func handlerWarnings(file string, f *fileFacts, handlers int) []string {
	var out []string
	if f != nil {
		for _, name := range f.lower {
			out = append(out, fmt.Sprintf("%s: func %s is not a handler: route handlers are named in capitals, e.g. %s", file, name, strings.ToUpper(name)))
		}
	}
	if handlers == 0 {
		out = append(out, fmt.Sprintf("%s exports no route handler (one of %s)", file, strings.Join(Methods, ", ")))
	}
	sort.Strings(out)
	return out
}

func isMethod(name string) bool {
	for _, m := range Methods {
		if m == name {
			return true
		}
	}
	return false
}

// pathWriter rewrites yaegi's virtual source paths in what it prints (panic
// traces) to real ones.
type pathWriter struct {
	mu sync.Mutex
	w  io.Writer
	fs srcFS
}

func (p *pathWriter) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if _, err := io.WriteString(p.w, p.fs.realPaths(string(b))); err != nil {
		return 0, err
	}
	return len(b), nil
}
