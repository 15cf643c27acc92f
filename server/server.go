package server

import (
	"context"
	"errors"
	"fmt"
	"go/scanner"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/charmbracelet/log"

	"github.com/devserver/devserver/approuter"
	"github.com/devserver/devserver/cachestore"
)

// DefaultMaxBody is the request body limit when Server.MaxBody is 0: 10 MB,
// as Next.js's proxy allows.
const DefaultMaxBody = 10 << 20

// DefaultHandlerTimeout is the handler time limit when
// Server.HandlerTimeout is 0.
const DefaultHandlerTimeout = 60 * time.Second

// GenerationHeader names the response header that carries the ID of the
// generation that answered.
const GenerationHeader = "X-Devserver-Generation"

// Server serves an app and swaps in a new generation of it on Reload. It is
// an http.Handler. App and Loader must be set before the first Reload.
type Server struct {
	// App locates the app on disk.
	App App
	// Loader turns route files into handlers.
	Loader approuter.Loader
	// Logger receives one line per request and per reload; nil logs nothing.
	Logger *log.Logger
	// QuietRequests leaves out the line per request: a production build's
	// default, as next start logs none, and a line costs a fair share of
	// a small request's time.
	QuietRequests bool
	// ForwardErrors makes this the server of a compiled worker of the
	// dev server: the errors its requests end in, which OnRequestError
	// would be told of, go to the dev server with the answer
	// (WorkerErrorHeader), whose instrumentation is told of them.
	ForwardErrors bool
	// StructuredLog logs a request as fields (method, path, status,
	// duration_ms) rather than one message: for a JSON logger.
	StructuredLog bool
	// MaxBody limits request bodies, in bytes; 0 means DefaultMaxBody and a
	// negative value means no limit.
	MaxBody int64
	// HandlerTimeout bounds how long a route handler may take to return its
	// response (a streamed body may take longer); 0 means
	// DefaultHandlerTimeout and a negative value means no limit. The client
	// of a handler that does not return in time gets 504; the handler's
	// goroutine cannot be stopped and runs on, its request context done.
	HandlerTimeout time.Duration
	// LoadingWait is how long a request for a route whose code is still
	// loading (approuter.ErrLoading: a first load slower than the loader
	// waits for, or an init still running) waits for a generation that has
	// it before it answers 503; 0 answers at once. A route compiling on a
	// busy machine is then served late rather than refused.
	LoadingWait time.Duration
	// BodyTimeout bounds the time from the start of a request to the end of
	// its body; 0 means DefaultBodyTimeout and a negative value means no
	// limit. A body still arriving then ends in an error for the handler
	// reading it, and the client gets 408.
	BodyTimeout time.Duration

	// Guard, when set, refuses requests a page on another site could have
	// made the browser send (see Guard); the dev server always sets it, a
	// production build when hosts or origins are allowed.
	Guard *Guard

	// TrustProxy takes the client's scheme, host and address from the
	// X-Forwarded-Proto, -Host and -For headers a proxy in front sets (see
	// forwarded). Only for a server that clients reach through such a
	// proxy: others could send the headers themselves.
	TrustProxy bool

	// Production hides what went wrong from clients, as Next.js's
	// production server does: an error answers its status text and a
	// request ID, and the details (message, panic, file) go to the log
	// line carrying that ID. Development shows them on the error page.
	Production bool

	// PanicStacks logs the Go stack of a route's panic after the lines of
	// the route's code it names. In development that stack is the
	// interpreter's, of no use but to debug devserver itself; without a
	// line of the route's code (a panic outside it) it is always logged.
	PanicStacks bool

	// LiveReload makes every HTML page load the dev-mode script that reloads
	// the browser after a reload and shows an error overlay, served with its
	// event stream under /_devserver/.
	LiveReload bool

	// CacheStore, when set, keeps cached GET responses and tag versions,
	// shared with every server using the same store (replicas of a built
	// app). With none, they are kept in memory: the responses for the
	// generation, tag versions for the life of the server.
	CacheStore cachestore.Store
	// CacheNamespace names the code whose responses the CacheStore keeps:
	// servers with the same one share responses (replicas of one build);
	// tag versions are shared by all. Empty, every generation has its
	// own, so that a reload empties the cache, as in memory.
	CacheNamespace string

	// Tracer, when set, makes a span of each request (OpenTelemetry, see
	// package telemetry). Nil, requests do no tracing work at all.
	Tracer RequestTracer

	cacheInit      sync.Once
	memoryTags     *cachestore.Memory
	revalidateOnce sync.Once
	cacheDown      atomic.Bool // the CacheStore failed; logged once
	data           dataCache   // next.Cached
	registered     uintptr     // the instrumentation whose Register ran (under reload)
	// proxyBodies are, in a compiled worker running the proxy, the runs
	// of it waiting for the request's body (proxyRequest.BodyID -> chan
	// proxyBody).
	proxyBodies sync.Map

	events  broker
	overlay overlay // what the next overlay state is made of
	current atomic.Pointer[Generation]
	// swapMu guards swapCh, which is closed at the next swap of current:
	// requests waiting for a route still loading wait on it.
	swapMu sync.Mutex
	swapCh chan struct{}
	reload sync.Mutex
	nextID uint64
	// warned are the warnings the last reload had, and the routes it
	// loaded on demand since (under warnMu): one still there at the next
	// reload is not logged again.
	warnMu     sync.Mutex
	warned     map[string]bool
	stopWarmUp context.CancelFunc // ends the warm-up of the current generation (under reload)
	typeErrors atomic.Pointer[typeErrors]
	abandoned  atomic.Int64 // handlers left running after their timeout
	// retired are the generations swapped out whose requests may still
	// run (under reload); releaseKept waits for them.
	retired []*Generation
	// releaseMu serialises dropping kept values with the start of a load;
	// releases numbers the loads, the last one's release alone runs.
	releaseMu sync.Mutex
	releases  uint64
	streams   streamSet // bodies being sent, closed by Shutdown
}

// RequestTracer starts a trace span for each request: Start returns the
// request carrying the span, and end, which the server calls once the
// request is answered, with its route's pattern ("" when none matched)
// and its status.
type RequestTracer interface {
	Start(r *http.Request) (traced *http.Request, end func(route string, status int))
}

// typeErrors are the compile errors a type check found for one route table.
type typeErrors struct {
	table  *approuter.Table
	byFile map[string]scanner.ErrorList
}

// SetTypeErrors records what a type check of generation g found: for each
// route file (absolute), the compile errors that would fail a build of it.
// Until g is replaced by a generation with other routes, those routes
// answer 500 with the errors, as a build would refuse them; the others
// serve. A result for a generation no longer current is dropped.
func (s *Server) SetTypeErrors(g *Generation, byFile map[string]scanner.ErrorList) {
	if cur := s.current.Load(); cur == nil || g == nil || cur.Table != g.Table {
		return
	}
	s.typeErrors.Store(&typeErrors{table: g.Table, byFile: byFile})
	s.showTypeErrors(g, byFile)
}

// nextSwap returns a channel closed when the generation serving requests
// is next swapped.
func (s *Server) nextSwap() <-chan struct{} {
	s.swapMu.Lock()
	defer s.swapMu.Unlock()
	if s.swapCh == nil {
		s.swapCh = make(chan struct{})
	}
	return s.swapCh
}

// swapped wakes the requests waiting on nextSwap.
func (s *Server) swapped() {
	s.swapMu.Lock()
	defer s.swapMu.Unlock()
	if s.swapCh != nil {
		close(s.swapCh)
		s.swapCh = nil
	}
}

// Current returns the generation serving requests, or nil before the first
// Reload.
func (s *Server) Current() *Generation { return s.current.Load() }

// Reload builds a new generation from the files on disk and swaps it in. The
// previous generation keeps answering the requests it started. Reloads are
// serialised; changed names what triggered this one, for the log.
func (s *Server) Reload(ctx context.Context, changed []string) *Generation {
	return s.reloadFor(ctx, changed, "changed")
}

// ReloadReady is Reload when nothing changed on disk but the units of
// files became ready since the last generation (an init that ran past the
// reload, the compiled tier's worker built): the log names them as ready,
// not as changed.
func (s *Server) ReloadReady(ctx context.Context, files []string) *Generation {
	return s.reloadFor(ctx, files, "ready")
}

// reloadFor is Reload, logging the paths under key.
func (s *Server) reloadFor(ctx context.Context, changed []string, key string) *Generation {
	s.reload.Lock()
	defer s.reload.Unlock()
	// The last generation's warm-up would compete with this load, whose
	// generation replaces it.
	s.startWarmUp(nil)
	s.listenRevalidate()
	start := time.Now()
	s.nextID++
	var g *Generation
	var release uint64 // the number of the load, when routes are loaded
	if prev := s.current.Load(); prev != nil && len(changed) > 0 && allUnder(changed, s.App.PublicDir) {
		// Only static files changed: the routes stay as they are.
		cp := *prev
		cp.ID, cp.public = s.nextID, s.App.publicFiles()
		cp.requests = new(atomic.Int64)
		if cp.loaded != nil {
			cp.loaded = make(chan struct{}) // its own warm-up closes it
			cp.errorShown = new(atomic.Bool)
		}
		cp.loadErrors = nil // logged again, once, by this generation
		g = &cp
	} else {
		var files []string
		if prev != nil && s.App.Routes == nil && prev.sameRouteFiles(changed) {
			files = prev.files
		}
		release = s.loading()
		g = build(ctx, s.nextID, s.App, s.Loader, files)
	}
	s.register(g)
	prev := s.current.Swap(g)
	s.swapped()
	s.retire(prev)
	if release != 0 {
		s.releaseKept(g, release)
	}
	s.logReload(g, key, changed, time.Since(start))
	s.announce(g)
	s.startWarmUp(g)
	return g
}

func (s *Server) logReload(g *Generation, key string, changed []string, took time.Duration) {
	if s.Logger == nil {
		return
	}
	var errs int
	// A warning is logged once per cause: once although a shared package's
	// warning reaches each route importing it, and not again at each save
	// while its cause stays; again if it goes away and comes back.
	warned := make(map[string]bool)
	s.warnMu.Lock()
	defer s.warnMu.Unlock()
	// Not Problems: the routes loaded on demand log theirs as they load.
	for _, p := range g.problems {
		if errors.Is(p.Err, approuter.ErrLoading) {
			s.Logger.Info(s.App.rel(p.File) + ": still loading (a package init is running); it is served when it finishes")
			continue
		}
		if p.Err != nil {
			errs++
			s.logLoadError(g, p.File, p.Err)
		} else if !warned[p.Warning] {
			warned[p.Warning] = true
			if !s.warned[p.Warning] {
				s.Logger.Warn(s.relText(p.Warning))
			}
		}
	}
	s.warned = warned
	routes := len(g.Table.Routes())
	kv := []any{"routes", routes, "took", took.Round(10 * time.Microsecond)}
	if n := len(g.deferred); n > 0 {
		kv = append(kv, "compiling", n)
	}
	if len(changed) > 0 {
		rels := make([]string, len(changed))
		for i, c := range changed {
			rels[i] = s.App.rel(c)
		}
		kv = append([]any{key, strings.Join(rels, ", ")}, kv...)
	}
	if g.ID == 1 {
		s.Logger.Info("✓ loaded", kv...)
	} else if errs > 0 {
		s.Logger.Warn(fmt.Sprintf("✗ reloaded with %d error(s)%s", errs, g.repeatedErrors()), kv...)
	} else {
		s.Logger.Info("✓ reloaded", kv...)
	}
}

// allUnder reports whether every path is inside dir.
func allUnder(paths []string, dir string) bool {
	if dir == "" {
		return false
	}
	prefix := filepath.Clean(dir) + string(filepath.Separator)
	for _, p := range paths {
		if !strings.HasPrefix(p, prefix) {
			return false
		}
	}
	return true
}
