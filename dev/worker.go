package dev

import (
	"bufio"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"go/scanner"
	"go/token"
	"io"
	"io/fs"
	"maps"
	"net"
	"net/http"
	"net/http/httputil"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/charmbracelet/log"

	"github.com/devserver/devserver/approuter"
	"github.com/devserver/devserver/build"
	"github.com/devserver/devserver/cachestore"
	"github.com/devserver/devserver/internal/goembed"
	"github.com/devserver/devserver/internal/linkwalk"
	"github.com/devserver/devserver/internal/panicpos"
	"github.com/devserver/devserver/interp"
	"github.com/devserver/devserver/serve"
	"github.com/devserver/devserver/server"
)

// buildWait bounds how long a request to a compiled route waits for the
// worker that serves its code (the first build of a worker compiles
// devserver's server too); past it the request answers 503.
const buildWait = 90 * time.Second

// workerStart bounds how long a worker may take to listen once started.
const workerStart = 30 * time.Second

// compiledTier builds and runs the compiled worker of the routes the
// interpreter cannot run. One worker serves them all, so that they share
// their packages as a build's routes do. A build is started by the load
// that finds the routes, or anything they may import, changed, and runs
// in the background: the reload does not wait for it, the routes'
// requests do (remote). The worker of the previous build serves until the
// new one listens.
type compiledTier struct {
	proj *interp.Project
	// dir holds the mirror and the binaries, never the user's files: a
	// temporary folder made by the first build, removed by close. (The
	// build cache, not the folder, makes a rebuild fast: workers are built
	// with -trimpath.)
	dir    string
	logger *log.Logger
	stdout io.Writer
	stderr io.Writer
	// env returns the environment of route code (the loader's); called
	// from Load only.
	env            func() []string
	handlerTimeout time.Duration
	liveReload     bool
	// failed is called with the routes of a build that do not compile,
	// once the build's result is published: the load it asks for gives
	// them their errors.
	failed func(files []string)

	ctx    context.Context
	cancel context.CancelFunc

	buildMu   sync.Mutex        // one go build at a time
	announced map[string]string // route -> the reason last logged (under buildMu)
	// notice shows a message on the overlay of open pages.
	notice func(title string, err error)
	// tags returns the dev server's store of cache tags, which workers
	// share through tagsServer (see serve.WorkerTags).
	tags       func() cachestore.Store
	tagsOnce   sync.Once
	tagsServer *http.Server
	tagsEnv    []string // the workers' variables reaching it; none when it failed to listen

	mu      sync.Mutex
	latest  *workerBuild // the newest build asked for
	serving *worker      // the worker of the newest build that succeeded
	seq     int
}

// newCompiledTier returns the compiled tier of proj, or nil when the go
// command is not installed or the project has no go.mod (the Go tool
// builds modules only).
func newCompiledTier(ctx context.Context, proj *interp.Project, opts Options, env func() []string, failed func([]string)) *compiledTier {
	if _, err := exec.LookPath("go"); err != nil {
		return nil
	}
	if _, err := os.Stat(filepath.Join(proj.ModuleDir, "go.mod")); err != nil {
		return nil
	}
	stdout, stderr := opts.Stdout, opts.Stderr
	if stdout == nil {
		stdout = os.Stdout
	}
	if stderr == nil {
		stderr = os.Stderr
	}
	ctx, cancel := context.WithCancel(ctx)
	return &compiledTier{
		proj:   proj,
		logger: opts.Logger, stdout: stdout, stderr: stderr, env: env, failed: failed,
		handlerTimeout: opts.HandlerTimeout, liveReload: opts.LiveReload,
		ctx: ctx, cancel: cancel,
	}
}

// workerBuild is one build of the worker, for one set of routes and one
// state of the sources.
type workerBuild struct {
	key     string
	routes  []string          // absolute route files
	reasons map[string]string // route file -> why it runs compiled
	env     []string          // of route code
	done    chan struct{}
	cancel  context.CancelFunc

	// Set before done is closed.
	worker *worker          // nil unless the build succeeded
	errs   map[string]error // routes that do not compile -> the compiler's errors
	err    error            // the build failed otherwise
	// sources name the project's files in the worker's stack traces.
	sources panicpos.Sources
	next    *workerBuild // the build that superseded this one, if it did
}

// failed reports whether file is known not to compile in this build.
func (b *workerBuild) failed(file string) bool {
	select {
	case <-b.done:
		_, ok := b.errs[file]
		return ok || b.err != nil
	default:
		return false
	}
}

// update returns the build of the worker serving routes, starting it
// when the routes, or any source they may use, changed since the last one.
// It returns nil for no routes, and stops the worker then.
func (t *compiledTier) update(routes []string, reasons map[string]string) *workerBuild {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(routes) == 0 {
		if t.serving != nil {
			t.serving.retire()
			t.serving = nil
		}
		if t.latest != nil {
			t.latest.cancel()
			t.latest = nil
		}
		return nil
	}
	slices.Sort(routes)
	env := t.env()
	key, err := t.key(routes, env)
	if err != nil {
		key = "unreadable " + err.Error() // build anyway: go build says what is wrong
	}
	if t.latest != nil && t.latest.key == key {
		return t.latest
	}
	ctx, cancel := context.WithCancel(t.ctx)
	b := &workerBuild{key: key, routes: routes, reasons: reasons, env: env, done: make(chan struct{}), cancel: cancel}
	if prev := t.latest; prev != nil {
		prev.next = b // under t.mu, as remote reads it
		prev.cancel()
	}
	t.latest = b
	go t.run(ctx, b)
	return b
}

// key is what a build depends on: the routes, the content of every Go file
// and module file of the module and of every file its packages embed
// (//go:embed), and the environment.
func (t *compiledTier) key(routes, env []string) (string, error) {
	h := sha256.New()
	for _, r := range routes {
		fmt.Fprintf(h, "route %s\n", r)
	}
	for _, e := range env {
		fmt.Fprintf(h, "env %q\n", e)
	}
	embedding := make(map[string]map[string][]byte) // folder -> its Go files, when one may embed
	err := linkwalk.Walk(t.proj.ModuleDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			// A _-prefixed folder (app/_lib) is left out of ./... but
			// imported all the same: its files count.
			if p != t.proj.ModuleDir && (strings.HasPrefix(name, ".") || name == "node_modules" || name == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") && name != "go.mod" && name != "go.sum" {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return nil // gone meanwhile: the next load sees it
		}
		sum := sha256.Sum256(data)
		fmt.Fprintf(h, "file %s %x\n", p, sum)
		if isSource(name) && goembed.ImportsEmbed(data) {
			dir := filepath.Dir(p)
			if embedding[dir] == nil {
				embedding[dir] = make(map[string][]byte)
			}
			embedding[dir][name] = data
		}
		return nil
	})
	for _, dir := range slices.Sorted(maps.Keys(embedding)) {
		hashEmbedded(h, dir, embedding[dir])
	}
	return hex.EncodeToString(h.Sum(nil)), err
}

// hashEmbedded writes into h the name and content of every file the
// //go:embed patterns of srcs, Go files of the package in dir, embed; a
// pattern that embeds nothing, by the error go build will report.
func hashEmbedded(h io.Writer, dir string, srcs map[string][]byte) {
	for _, pattern := range goembed.Patterns(srcs) {
		files, err := goembed.Resolve(dir, pattern)
		if err != nil {
			fmt.Fprintf(h, "embed %s %q\n", dir, err.Error())
			continue
		}
		for _, rel := range files {
			data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
			if err != nil {
				fmt.Fprintf(h, "embed %s %s %q\n", dir, rel, err.Error())
				continue
			}
			fmt.Fprintf(h, "embed %s %s %x\n", dir, rel, sha256.Sum256(data))
		}
	}
}

// isSource reports whether the file name is a Go file of a package, not
// of its tests.
func isSource(name string) bool {
	return strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, "_test.go")
}

// run builds b, publishes its result (closes b.done) and only then tells
// failed about the routes that do not compile. The order matters: failed
// asks for a reload, whose Load must find b done to give those routes
// their errors; told before, it could find b still building, make the
// route a remote again, and nothing would ever reload it after.
func (t *compiledTier) run(ctx context.Context, b *workerBuild) {
	t.buildMu.Lock()
	t.build(ctx, b)
	t.buildMu.Unlock()
	close(b.done)
	if ctx.Err() != nil || t.failed == nil {
		return // superseded or closed: the newer build, if any, tells
	}
	if broken := b.broken(); len(broken) > 0 {
		t.failed(broken)
	}
}

// build builds b and swaps its worker in, setting b's result. A route
// that does not compile is left out and the others built again, so that
// one broken route does not take the others down. Called with buildMu
// held.
func (t *compiledTier) build(ctx context.Context, b *workerBuild) {
	if ctx.Err() != nil {
		b.err = ctx.Err()
		return
	}
	start := time.Now()
	if t.logger != nil {
		// One line a build: a shared edit handing many routes over should
		// cost one, and the log shows whether it did.
		t.logger.Info("compiled tier: building the worker", "routes", len(b.routes))
	}
	b.errs = make(map[string]error)
	if t.dir == "" {
		dir, err := os.MkdirTemp("", "devserver-compiled-")
		if err != nil {
			b.err = err
			return
		}
		t.dir = dir
	}
	routes := slices.Clone(b.routes)
	// go build writes out only when what it links changed: then the
	// worker serving goes on.
	out := filepath.Join(t.dir, "bin", "worker")
	for len(routes) > 0 {
		res, err := build.Worker(ctx, t.proj, t.dir, routes, "", out)
		if err != nil {
			b.err = err
			break
		}
		b.sources = res.Sources
		errs := res.Errors
		if len(errs) == 0 {
			break
		}
		n := len(routes)
		routes = slices.DeleteFunc(routes, func(r string) bool {
			if err := errs[r]; err != nil {
				b.errs[r] = err
				return true
			}
			return false
		})
		if len(routes) == n {
			b.err = errors.New("go build failed, and its errors are none of the routes'")
			break
		}
	}
	if ctx.Err() != nil {
		b.err = ctx.Err()
		return
	}
	if b.err == nil && len(routes) > 0 {
		if !t.swapIn(b, out, routes, start) {
			return
		}
		t.checkProxy(ctx, b, routes)
	}
	if b.err != nil && t.logger != nil {
		t.logger.Warn("compiled tier: " + b.err.Error())
	}
}

// swapIn starts (or keeps) the worker of the binary out for routes and
// makes it the one serving. It reports false when the tier was closed
// meanwhile.
func (t *compiledTier) swapIn(b *workerBuild, out string, routes []string, start time.Time) bool {
	w, err := t.startOrKeep(out, routes, b.env, b.sources)
	if err != nil {
		b.err = err
		return true
	}
	b.worker = w
	t.mu.Lock()
	if t.ctx.Err() != nil { // closed meanwhile
		t.mu.Unlock()
		w.kill()
		return false
	}
	old := t.serving
	t.serving = w
	t.mu.Unlock()
	if old != w {
		if old != nil {
			old.retire()
		}
		t.logReady(b, routes, time.Since(start))
	}
	return true
}

// checkProxy asks the worker of b, when it runs the app's proxy (one of
// routes), whether the proxy can run: a Proxy of another type, a matcher
// that does not compile, are the proxy's errors in b (as a compile error
// is), which the dev server then reports when it loads the proxy, as it
// does for a proxy of the fast tier, rather than on each request.
func (t *compiledTier) checkProxy(ctx context.Context, b *workerBuild, routes []string) {
	if b.worker == nil {
		return
	}
	for _, r := range routes {
		if !slices.Contains(approuter.ProxyFiles, filepath.Base(r)) {
			continue
		}
		if err := b.worker.proxyProblem(ctx); err != nil {
			b.errs[r] = err
		}
	}
}

// broken returns the routes of b that do not compile: all of them when
// the build failed otherwise. Called once b is done.
func (b *workerBuild) broken() []string {
	var broken []string
	for _, r := range b.routes {
		if _, ok := b.errs[r]; ok || b.err != nil {
			broken = append(broken, r)
		}
	}
	return broken
}

// logReady says that b's worker serves routes, how long the build took,
// and, for each route new to the tier (or there for another reason), why
// it runs compiled: in the log and on the overlay of open pages.
func (t *compiledTier) logReady(b *workerBuild, routes []string, took time.Duration) {
	announced := make(map[string]string, len(routes))
	var news scanner.ErrorList
	for _, r := range routes {
		why := t.relPaths(b.reasons[r])
		announced[r] = why
		if t.announced[r] == why {
			continue
		}
		if t.logger != nil {
			t.logger.Info(compiledNotice(t.proj.Rel(r), why))
		}
		news = append(news, &scanner.Error{Pos: reasonPos(t.proj.Dir, why, r), Msg: compiledNotice(t.proj.Rel(r), why)})
	}
	t.announced = announced
	if t.logger != nil {
		t.logger.Info("✓ compiled tier ready", "routes", len(routes), "took", took.Round(time.Millisecond))
	}
	if len(news) > 0 && t.notice != nil {
		t.notice(fmt.Sprintf("%d route(s) run compiled: edits to them take about a second", len(news)), news)
	}
}

// reasonRE finds the position a reason names: "app/x/route.go:12:3: ...".
var reasonRE = regexp.MustCompile(`([^\s:]+\.go):(\d+):(\d+): `)

// reasonPos is the position why names (relative to the project folder
// dir), absolute, or the start of route.
func reasonPos(dir, why, route string) token.Position {
	pos := token.Position{Filename: route, Line: 1, Column: 1}
	if m := reasonRE.FindStringSubmatch(why); m != nil {
		pos.Filename = m[1]
		if !filepath.IsAbs(m[1]) {
			pos.Filename = filepath.Join(dir, filepath.FromSlash(m[1]))
		}
		pos.Line, _ = strconv.Atoi(m[2])
		pos.Column, _ = strconv.Atoi(m[3])
	}
	return pos
}

// relPaths names the project's files in msg relative to the project.
func (t *compiledTier) relPaths(msg string) string {
	return strings.ReplaceAll(msg, t.proj.Dir+string(filepath.Separator), "")
}

// close stops the builds and the workers, and removes their folder.
func (t *compiledTier) close() {
	t.cancel()
	t.mu.Lock()
	w := t.serving
	t.serving = nil
	t.mu.Unlock()
	if w != nil {
		w.kill()
	}
	t.tagsOnce.Do(func() {}) // no listener from now on
	if t.tagsServer != nil {
		_ = t.tagsServer.Close()
	}
	t.buildMu.Lock() // the build running stops: its context is done
	defer t.buildMu.Unlock()
	if t.dir != "" {
		_ = os.RemoveAll(t.dir)
	}
}

// startOrKeep returns the worker serving now when it runs the binary out
// holds for routes and env, or else starts one: of a link to out, which
// the next build may replace.
func (t *compiledTier) startOrKeep(out string, routes, env []string, sources panicpos.Sources) (*worker, error) {
	t.mu.Lock()
	cur := t.serving
	t.mu.Unlock()
	fi, err := os.Stat(out)
	if err != nil {
		return nil, err
	}
	if cur != nil && slices.Equal(cur.routes, routes) && slices.Equal(cur.baseEnv, env) {
		if ci, err := os.Stat(cur.bin); err == nil && os.SameFile(fi, ci) {
			return cur, nil
		}
	}
	t.seq++
	bin := fmt.Sprintf("%s-%d", out, t.seq)
	_ = os.Remove(bin)
	if err := os.Link(out, bin); err != nil {
		return nil, err
	}
	return t.start(bin, routes, env, sources)
}

// start runs a worker of the binary bin, serving routes. What it writes
// to its standard error (a crash's stack trace) names the project's files
// as the dev server does, by sources.
func (t *compiledTier) start(bin string, routes, env []string, sources panicpos.Sources) (*worker, error) {
	token, err := newToken()
	if err != nil {
		return nil, err
	}
	stderr := &stackPaths{out: t.stderr, sources: sources, dir: t.proj.Dir, module: t.proj.Module, modDir: t.proj.ModuleDir}
	w := &worker{bin: bin, stdout: t.stdout, stderr: stderr, routes: routes, baseEnv: env, logger: t.logger, token: token}
	w.env = append(slices.Clone(env),
		serve.WorkerTokenEnv+"="+w.token,
		serve.WorkerTimeoutEnv+"="+serve.WorkerTimeout(t.handlerTimeout))
	if t.liveReload {
		w.env = append(w.env, serve.WorkerLiveReloadEnv+"=1")
	}
	w.env = append(w.env, t.tagsForWorkers()...)
	if err := w.launch(); err != nil {
		return nil, err
	}
	return w, nil
}

// tagsForWorkers returns the variables telling a worker where the dev
// server's cache tags are served to it, listening on first use: a
// revalidation in either tier then reaches the responses both cache.
// Without a listener (or tags), workers keep their own, as before.
func (t *compiledTier) tagsForWorkers() []string {
	t.tagsOnce.Do(func() {
		if t.tags == nil {
			return
		}
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			if t.logger != nil {
				t.logger.Warn("compiled tier: revalidations will not cross the tiers", "err", err)
			}
			return
		}
		secret, err := newToken()
		if err != nil {
			ln.Close()
			return
		}
		t.tagsServer = &http.Server{Handler: serve.WorkerTags(t.tags, secret), ReadHeaderTimeout: serve.ReadHeaderTimeout}
		go func() { _ = t.tagsServer.Serve(ln) }()
		t.tagsEnv = []string{serve.WorkerTagsEnv + "=http://" + ln.Addr().String() + "/", serve.WorkerTagsTokenEnv + "=" + secret}
	})
	return t.tagsEnv
}

// newToken returns a secret for loopback requests between the dev server
// and its workers: any local process could reach those ports.
func newToken() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}

// remote is the approuter.Remote of a compiled route: its requests go to
// the worker of its build, or of a later one.
type remote struct {
	tier  *compiledTier
	build *workerBuild
	file  string
	fast  error // the interpreter's error, answered if the build fails otherwise than on the route's code
}

// Serve waits for the route's build (bounded by buildWait) and hands r to
// its worker.
func (rm *remote) Serve(w http.ResponseWriter, r *http.Request) error {
	timer := time.NewTimer(buildWait)
	defer timer.Stop()
	b := rm.build
	for {
		select {
		case <-b.done:
		case <-timer.C:
			return fmt.Errorf("%s: %w", rm.tier.proj.Rel(rm.file), errCompiling)
		case <-r.Context().Done():
			return r.Context().Err()
		}
		rm.tier.mu.Lock()
		next := b.next
		rm.tier.mu.Unlock()
		if next == nil || b.worker != nil {
			break
		}
		b = next // superseded: the newer build has the newer code
	}
	if err := b.errs[rm.file]; err != nil {
		return &approuter.LoadError{Err: err} // what to fix, rather than why the interpreter handed it over
	}
	if b.err != nil || b.worker == nil {
		if rm.fast != nil {
			return &approuter.LoadError{Err: rm.fast}
		}
		return &approuter.LoadError{Err: fmt.Errorf("%s: the compiled tier failed: %v", rm.tier.proj.Rel(rm.file), b.err)}
	}
	wk := b.worker
	rm.tier.mu.Lock()
	if s := rm.tier.serving; s != nil && slices.Contains(s.routes, rm.file) {
		wk = s // a later build of the same route serves now
	}
	rm.tier.mu.Unlock()
	// The calls of one run of a compiled proxy go to one process.
	wk = server.PinnedWorker(r, wk).(*worker)
	return wk.serve(w, r)
}

// errCompiling is the error of a request that waited too long for its
// worker.
var errCompiling = fmt.Errorf("%w (the compiled tier is still building its worker)", approuter.ErrLoading)

// worker is a running compiled worker process, restarted when it exits
// while it still serves.
type worker struct {
	bin     string
	baseEnv []string // route code's
	env     []string // baseEnv and the worker's settings
	token   string
	routes  []string
	stdout  io.Writer
	stderr  io.Writer
	logger  *log.Logger

	mu       sync.Mutex
	proc     *exec.Cmd
	stdin    io.WriteCloser
	exited   chan struct{}
	proxy    *httputil.ReverseProxy
	addr     string // where the worker listens
	inflight int
	retired  bool // replaced: killed once its requests are done
	dead     bool // killed
}

// launch starts the process and waits for it to listen. Called with mu
// held, or before the worker is shared.
func (w *worker) launch() error {
	cmd := exec.Command(w.bin)
	// Route code sees os.Args as the program name alone (build/exit.go),
	// the interpreter's: a route answers alike in either tier.
	cmd.Args[0] = interp.ProgramName
	cmd.Env = w.env
	cmd.Stderr = w.stderr
	cmd.SysProcAttr = workerAttr()
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start the compiled worker: %w", err)
	}
	exited := make(chan struct{})
	go func() {
		_ = cmd.Wait()
		if f, ok := w.stderr.(interface{ Flush() }); ok {
			f.Flush() // a last line without its newline
		}
		close(exited)
	}()
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		announced := false
		for sc.Scan() {
			line := sc.Text()
			if a, ok := strings.CutPrefix(line, serve.WorkerReadyPrefix); ok && !announced {
				announced = true
				addr <- a
				continue
			}
			fmt.Fprintln(w.stdout, line) // what route code prints
		}
		if !announced {
			close(addr)
		}
	}()
	var a string
	select {
	case a = <-addr:
	case <-time.After(workerStart):
	}
	if a == "" {
		_ = cmd.Process.Kill()
		<-exited
		return errors.New("the compiled worker exited before it listened (its output is above)")
	}
	w.proc, w.stdin, w.exited = cmd, stdin, exited
	w.proxy, w.addr = w.newProxy(a), a
	return nil
}

// proxyProblem returns why the app's proxy, which the worker runs, cannot
// run, as the worker tells the dev server before the first request the
// proxy would select (server.WorkerProxyPath); nil when it can, or when
// the worker does not answer (a request then tells).
func (w *worker) proxyProblem(ctx context.Context) error {
	w.mu.Lock()
	addr := w.addr
	w.mu.Unlock()
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+addr+server.WorkerProxyPath+"config", nil)
	if err != nil {
		return nil
	}
	req.Header.Set(serve.WorkerTokenHeader, w.token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil
	}
	defer res.Body.Close()
	var cfg struct {
		Err string `json:"err"`
	}
	if res.StatusCode != http.StatusOK || json.NewDecoder(res.Body).Decode(&cfg) != nil || cfg.Err == "" {
		return nil
	}
	return errors.New(cfg.Err)
}

// newProxy forwards requests to the worker listening on addr, as they came
// to the dev server (Host, path, headers), with the token, the client's
// address and the request target the client sent (a rewrite changed the
// path, not what NextURL shows).
func (w *worker) newProxy(addr string) *httputil.ReverseProxy {
	tr := &http.Transport{
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second}).DialContext,
		MaxIdleConnsPerHost: 64,
		IdleConnTimeout:     30 * time.Second,
		DisableCompression:  true,
		// A request asking the worker for a 100 Continue (see Rewrite)
		// waits for it, or for the answer, however long the route takes.
		ExpectContinueTimeout: 24 * time.Hour,
	}
	return &httputil.ReverseProxy{
		Rewrite: func(pr *httputil.ProxyRequest) {
			pr.Out.URL.Scheme, pr.Out.URL.Host = "http", addr
			pr.Out.Host = pr.In.Host
			// The route sees the request as the client sent it, as
			// built: ReverseProxy drops the query parameters it cannot
			// parse (a=1;b=2, a=%zz) and the client's forwarding
			// headers, which the route reads in r.URL.RawQuery and
			// r.Header.
			pr.Out.URL.RawQuery = pr.In.URL.RawQuery
			// And with its hop-by-hop headers (Connection: close,
			// Keep-Alive, those Connection names), which ReverseProxy
			// removes: the worker puts them back (serve.WorkerHopPrefix).
			for name := range pr.Out.Header {
				if strings.HasPrefix(name, serve.WorkerHopPrefix) {
					delete(pr.Out.Header, name)
				}
			}
			for _, name := range serve.HopHeaders(pr.In.Header) {
				pr.Out.Header[serve.WorkerHopPrefix+name] = pr.In.Header[name]
			}
			// The route sees the client's Expect header, as built. A
			// client waiting with Expect: 100-continue is asked for the
			// body when the route first reads it, as built, not before:
			// the request asks the worker first, and the transport waits
			// for its 100 Continue (ExpectContinueTimeout), which
			// hopWriter drops, before it reads the client's body, which
			// has this server send its own.
			if v, ok := pr.Out.Header["Expect"]; ok {
				delete(pr.Out.Header, "Expect")
				pr.Out.Header[serve.WorkerHopPrefix+"Expect"] = v
				if pr.Out.Body != nil && pr.Out.Body != http.NoBody && len(v) == 1 && strings.EqualFold(v[0], "100-continue") {
					pr.Out.Header.Set("Expect", "100-continue")
				}
			}
			// A body the dev server has read part of (its proxy did) is
			// shorter than its Content-Length: it goes chunked, and the
			// worker gives the route the client's Content-Length back,
			// as built, with the rest of the body to read.
			if pr.Out.ContentLength > 0 {
				pr.Out.ContentLength = -1
			}
			// A read of the body that fails (too large, too slow) fails
			// the request only if the route reads that far, as built: the
			// worker is sent the body up to the failure, and how it
			// failed in a trailer, which its route then reads as the
			// body's error.
			if pr.Out.Body != nil {
				tr := pr.Out.Trailer.Clone()
				if tr == nil {
					tr = make(http.Header)
				}
				tr[serve.WorkerBodyErrorTrailer] = nil
				pr.Out.Trailer = tr
				pr.Out.Body = &hopBody{ReadCloser: server.HopBody(pr.In), trailer: tr, in: pr.In.Trailer}
			}
			pr.Out.Header.Set(serve.WorkerProtoHeader, pr.In.Proto)
			delete(pr.Out.Header, serve.WorkerContentLengthHeader)
			if v, ok := pr.In.Header["Content-Length"]; ok {
				pr.Out.Header[serve.WorkerContentLengthHeader] = v
			}
			for _, name := range forwardingHeaders {
				if v, ok := pr.In.Header[name]; ok {
					pr.Out.Header[name] = v
				}
			}
			// The address the client reached is this server's (r's
			// http.LocalAddrContextKey, X-Forwarded-Port), not the
			// worker's.
			if a, ok := pr.In.Context().Value(http.LocalAddrContextKey).(net.Addr); ok {
				pr.Out.Header.Set(serve.WorkerLocalHeader, a.String())
			}
			pr.Out.Header.Set(serve.WorkerTokenHeader, w.token)
			pr.Out.Header.Set(serve.WorkerRemoteHeader, pr.In.RemoteAddr)
			if pr.In.RequestURI != "" {
				pr.Out.Header.Set(serve.WorkerRequestURIHeader, pr.In.RequestURI)
			}
		},
		Transport:     hopKeeper{tr},
		FlushInterval: -1, // streams as the route writes them
		ModifyResponse: func(res *http.Response) error {
			// The dev server's generation is the one that answered.
			res.Header.Del(server.GenerationHeader)
			if v, ok := res.Header[server.WorkerErrorHeader]; ok {
				delete(res.Header, server.WorkerErrorHeader)
				reportWorkerErrors(res.Request, v)
			}
			if _, ok := res.Header[switchedHeader]; ok {
				delete(res.Header, switchedHeader)
				res.StatusCode, res.Status = http.StatusSwitchingProtocols, "101 Switching Protocols"
			}
			for name, v := range res.Header {
				if hop, ok := strings.CutPrefix(name, serve.WorkerHopPrefix); ok {
					delete(res.Header, name)
					res.Header[hop] = v
				}
			}
			return nil
		},
		ErrorHandler: func(rw http.ResponseWriter, r *http.Request, err error) {
			// Nothing is written: serve returns it for the error page.
			if f, ok := r.Context().Value(proxyFailureKey{}).(*proxyFailure); ok {
				f.err = err
			}
		},
	}
}

// hopKeeper is the transport to the worker: it keeps the hop-by-hop
// headers of the route's answer (Connection: keep-alive, Keep-Alive, an
// event stream sets them) under serve.WorkerHopPrefix, out of the reach
// of ReverseProxy, which removes them; ModifyResponse puts them back, so
// the client gets them as built.
type hopKeeper struct{ http.RoundTripper }

func (t hopKeeper) RoundTrip(r *http.Request) (*http.Response, error) {
	res, err := t.RoundTripper.RoundTrip(r)
	if err != nil {
		return res, err
	}
	delete(res.Header, switchedHeader)
	if res.StatusCode == http.StatusSwitchingProtocols {
		if _, upgrade := r.Header["Upgrade"]; upgrade {
			return res, nil // ReverseProxy passes an upgrade's headers on
		}
		// The route wrote 101 to a request asking for no upgrade,
		// without taking the connection over: net/http sends it as the
		// answer, bodiless, as the dev server must, which ReverseProxy
		// refuses to (ModifyResponse puts the status back).
		res.Body.Close()
		res.Body, res.ContentLength = http.NoBody, 0
		res.StatusCode, res.Status = http.StatusOK, "200 OK"
		res.Header[switchedHeader] = []string{"101"}
	}
	for _, name := range serve.HopHeaders(res.Header) {
		res.Header[serve.WorkerHopPrefix+name] = res.Header[name]
	}
	return res, nil
}

// hopBody is the request body sent to a worker: it ends where a read of
// the dev server's fails, with the failure in the trailer, and otherwise
// with the client's trailers, which the client's body has read by then.
type hopBody struct {
	io.ReadCloser
	trailer http.Header // the request's to the worker, sent at its end
	in      http.Header // the client's
}

func (b *hopBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	switch {
	case err == io.EOF:
		for k, v := range b.in {
			b.trailer[k] = v
		}
	case err != nil:
		b.trailer[serve.WorkerBodyErrorTrailer] = []string{server.EncodeBodyFailure(err)}
		return n, io.EOF
	}
	return n, err
}

// switchedHeader marks the answer of a worker that hopKeeper turned from
// a 101 without an upgrade into a 200, for ModifyResponse to turn back.
const switchedHeader = "X-Devserver-Worker-Switched"

// forwardingHeaders are the request headers httputil.ReverseProxy's
// Rewrite mode strips, and the client may send.
var forwardingHeaders = []string{"Forwarded", "X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto"}

// proxyFailure carries the reverse proxy's error out of its ErrorHandler,
// through the request's context, so that serve can return it for the
// server's error page.
type proxyFailure struct{ err error }

// reportWorkerErrors tells the dev server's instrumentation of the errors
// a worker's answer to r carries (server.WorkerErrorHeader), quoted.
func reportWorkerErrors(r *http.Request, quoted []string) {
	for _, q := range quoted {
		if msg, err := strconv.Unquote(q); err == nil {
			server.ReportWorkerError(r, msg)
		}
	}
}

type proxyFailureKey struct{}

// serve hands r to the worker, starting it again if it exited.
func (w *worker) serve(rw http.ResponseWriter, r *http.Request) error {
	w.mu.Lock()
	if w.dead {
		w.mu.Unlock()
		return fmt.Errorf("%w (the compiled worker was replaced)", approuter.ErrLoading)
	}
	select {
	case <-w.exited:
		if w.logger != nil {
			w.logger.Warn("compiled worker exited; starting it again")
		}
		if err := w.launch(); err != nil {
			w.mu.Unlock()
			return err
		}
	default:
	}
	proxy, exited := w.proxy, w.exited
	w.inflight++
	w.mu.Unlock()
	defer w.done()
	var failure proxyFailure
	// The worker's server has typed the answer (sniffed it, or left it
	// untyped as asked: a stream of next.Stream, Content-Type nil): this
	// one must not sniff it again, which it would when ReverseProxy's
	// first write comes before its timer flushes the headers.
	if h := rw.Header(); h != nil {
		if _, ok := h["Content-Type"]; !ok {
			h["Content-Type"] = nil
		}
	}
	proxy.ServeHTTP(&hopWriter{ResponseWriter: rw}, r.WithContext(context.WithValue(r.Context(), proxyFailureKey{}, &failure)))
	// The errors sent after the answer began: ReverseProxy made its
	// trailers the dev server's.
	trailer := http.TrailerPrefix + server.WorkerErrorHeader
	if h := rw.Header(); h[trailer] != nil {
		reportWorkerErrors(r, h[trailer])
		delete(h, trailer)
	}
	switch {
	case failure.err == nil:
		return nil
	case r.Context().Err() != nil:
		return nil // the client went away
	}
	select {
	case <-exited:
		return fmt.Errorf("the compiled worker crashed while serving this request (its output is above; the next request starts it again): %v", failure.err)
	case <-time.After(100 * time.Millisecond):
		return fmt.Errorf("the compiled worker did not answer: %v", failure.err)
	}
}

// hopWriter is the ResponseWriter ReverseProxy answers through. It gives
// the header keys the route set that are not canonical, which the
// transport and ReverseProxy made canonical, the route's spelling back
// (serve.WorkerKeysHeader) before the header is written. And it keeps the
// header the dev server had for the answer across a 1xx (103 Early
// Hints): ReverseProxy clears it after writing one, where net/http keeps
// it, as a built route's proxy's headers, added as the 1xx was written.
type hopWriter struct {
	http.ResponseWriter
	final   bool        // the answer's header is written
	before  http.Header // the header as ReverseProxy last asked for it, before the answer
	restore http.Header // the header to give back after a 1xx
}

// Header returns the dev server's header of the answer, as it was before
// a 1xx that ReverseProxy cleared it after.
func (w *hopWriter) Header() http.Header {
	h := w.ResponseWriter.Header()
	if w.final {
		return h
	}
	if w.restore != nil {
		clear(h)
		maps.Copy(h, w.restore)
		w.restore = nil
	}
	w.before = h.Clone()
	return h
}

func (w *hopWriter) WriteHeader(code int) {
	h := w.ResponseWriter.Header()
	if code == http.StatusContinue {
		// The worker's, for the transport (see Rewrite): this server
		// sends its own as the transport reads the client's body.
		return
	}
	if code < 200 && code != http.StatusSwitchingProtocols {
		w.informational(h, code)
		return
	}
	w.final = true
	if keys, ok := h[serve.WorkerKeysHeader]; ok {
		delete(h, serve.WorkerKeysHeader)
		for _, kn := range strings.Split(strings.Join(keys, ","), ",") {
			k, count, _ := strings.Cut(kn, ":")
			n, err := strconv.Atoi(count)
			c := http.CanonicalHeaderKey(k)
			v, ok := h[c]
			if !ok || err != nil || k == c || n <= 0 {
				continue
			}
			h[k] = v
			if n < len(v) {
				// net/http added its own value (a sniffed Content-Type)
				// after the route's: both go under the route's key, in
				// that order, and the canonical key, present, but
				// empty, keeps this server from adding another.
				h[c] = nil
			} else {
				delete(h, c)
			}
		}
	}
	w.ResponseWriter.WriteHeader(code)
}

// informational writes a 1xx of the worker's, whose header ReverseProxy
// copied into h, and notes what h is to hold after it: what it held
// before the copy, and what writing it added (a proxy's headers).
func (w *hopWriter) informational(h http.Header, code int) {
	before := w.before
	if before == nil {
		before = make(http.Header)
	}
	// The generation answering is the dev server's, not the worker's.
	if v, ok := before[server.GenerationHeader]; ok {
		h[server.GenerationHeader] = v
	} else {
		delete(h, server.GenerationHeader)
	}
	copied := h.Clone()
	w.ResponseWriter.WriteHeader(code)
	restore := before.Clone()
	for k, v := range h {
		if c, ok := copied[k]; ok && len(v) >= len(c) && slices.Equal(v[:len(c)], c) {
			v = v[len(c):]
		}
		if len(v) > 0 {
			restore[k] = append(restore[k], v...)
		}
	}
	w.restore = restore
}

// Write writes the route's answer, which the dev server drops, as built,
// when its own to the request's failed body replaced it: ReverseProxy
// would abort the response on the error.
func (w *hopWriter) Write(b []byte) (int, error) {
	n, err := w.ResponseWriter.Write(b)
	if errors.Is(err, server.ErrBodyFailed) {
		return len(b), nil
	}
	return n, err
}

// Flush flushes the dev server's writer.
func (w *hopWriter) Flush() { _ = http.NewResponseController(w.ResponseWriter).Flush() }

// Unwrap gives http.ResponseController the dev server's writer.
func (w *hopWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (w *worker) done() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.inflight--
	if w.retired && w.inflight == 0 {
		w.killLocked()
	}
}

// retire kills the worker once the requests it is serving are done.
func (w *worker) retire() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.retired = true
	if w.inflight == 0 {
		w.killLocked()
	}
}

// kill stops the worker now.
func (w *worker) kill() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.killLocked()
}

func (w *worker) killLocked() {
	if w.dead {
		return
	}
	w.dead = true
	_ = w.stdin.Close()
	_ = w.proc.Process.Kill()
	<-w.exited
	if tr, ok := w.proxy.Transport.(*http.Transport); ok {
		tr.CloseIdleConnections()
	}
	_ = os.Remove(w.bin)
}

// wait waits for the newest build, if any, to finish.
func (t *compiledTier) wait(ctx context.Context) error {
	for {
		t.mu.Lock()
		b := t.latest
		t.mu.Unlock()
		if b == nil {
			return nil
		}
		select {
		case <-b.done:
		case <-ctx.Done():
			return ctx.Err()
		}
		t.mu.Lock()
		same := t.latest == b
		t.mu.Unlock()
		if same {
			return nil
		}
	}
}
