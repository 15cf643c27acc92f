package server

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"go/scanner"
	"io"
	"net/http"
	"path/filepath"
	"reflect"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/charmbracelet/log"

	"github.com/devserver/devserver/approuter"
	"github.com/devserver/devserver/internal/nextserver"
	"github.com/devserver/devserver/next"
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
	// MaxBody limits request bodies, in bytes; 0 means DefaultMaxBody and a
	// negative value means no limit.
	MaxBody int64
	// HandlerTimeout bounds how long a route handler may take to return its
	// response (a streamed body may take longer); 0 means
	// DefaultHandlerTimeout and a negative value means no limit. The client
	// of a handler that does not return in time gets 504; the handler's
	// goroutine cannot be stopped and runs on, its request context done.
	HandlerTimeout time.Duration

	// Guard, when set, refuses requests a page on another site could have
	// made the browser send (see Guard); the dev server sets it.
	Guard *Guard

	// LiveReload makes every HTML page load the dev-mode script that reloads
	// the browser after a reload and shows an error overlay, served with its
	// event stream under /_devserver/.
	LiveReload bool

	events     broker
	current    atomic.Pointer[Generation]
	reload     sync.Mutex
	nextID     uint64
	typeErrors atomic.Pointer[typeErrors]
	abandoned  atomic.Int64 // handlers left running after their timeout
	streams    streamSet    // bodies being sent, closed by Shutdown
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
}

// Current returns the generation serving requests, or nil before the first
// Reload.
func (s *Server) Current() *Generation { return s.current.Load() }

// Reload builds a new generation from the files on disk and swaps it in. The
// previous generation keeps answering the requests it started. Reloads are
// serialised; changed names what triggered this one, for the log.
func (s *Server) Reload(ctx context.Context, changed []string) *Generation {
	s.reload.Lock()
	defer s.reload.Unlock()
	start := time.Now()
	s.nextID++
	var g *Generation
	if prev := s.current.Load(); prev != nil && len(changed) > 0 && allUnder(changed, s.App.PublicDir) {
		// Only static files changed: the routes stay as they are.
		cp := *prev
		cp.ID, cp.public = s.nextID, s.App.publicFiles()
		g = &cp
	} else {
		var files []string
		if prev != nil && s.App.Routes == nil && prev.sameRouteFiles(changed) {
			files = prev.files
		}
		g = build(ctx, s.nextID, s.App, s.Loader, files)
	}
	s.current.Store(g)
	s.logReload(g, changed, time.Since(start))
	s.announce(g)
	return g
}

func (s *Server) logReload(g *Generation, changed []string, took time.Duration) {
	if s.Logger == nil {
		return
	}
	var errs int
	warned := make(map[string]bool) // a shared package's warning reaches each route importing it
	for _, p := range g.problems {
		if p.Err != nil {
			errs++
			s.Logger.Error(s.App.rel(p.File), "err", s.describe(p.Err))
		} else if !warned[p.Warning] {
			warned[p.Warning] = true
			s.Logger.Warn(p.Warning)
		}
	}
	routes := len(g.Table.Routes())
	kv := []any{"routes", routes, "took", took.Round(10 * time.Microsecond)}
	if len(changed) > 0 {
		rels := make([]string, len(changed))
		for i, c := range changed {
			rels[i] = s.App.rel(c)
		}
		kv = append([]any{"changed", strings.Join(rels, ", ")}, kv...)
	}
	if g.ID == 1 {
		s.Logger.Info("✓ loaded", kv...)
	} else if errs > 0 {
		s.Logger.Warn(fmt.Sprintf("✗ reloaded with %d error(s)", errs), kv...)
	} else {
		s.Logger.Info("✓ reloaded", kv...)
	}
}

// ServeHTTP answers r from the current generation.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	g := s.current.Load()
	rec := &recorder{ResponseWriter: w}
	if g == nil {
		http.Error(rec, "devserver: no app loaded yet", http.StatusServiceUnavailable)
	} else if msg := s.Guard.refuse(r); msg != "" {
		http.Error(rec, msg, http.StatusForbidden)
	} else {
		rec.Header().Set(GenerationHeader, strconv.FormatUint(g.ID, 10))
		s.serve(g, rec, r)
	}
	if s.Logger != nil {
		// One message, no key-value pairs: next dev's shape ("GET /a 200
		// in 4ms"), and the logger styles each part of a line separately,
		// which costs more than the rest of a request to a simple route.
		s.Logger.Info(r.Method + " " + r.URL.RequestURI() + " " + strconv.Itoa(rec.status()) + " in " + time.Since(start).Round(time.Microsecond).String())
	}
}

func (s *Server) serve(g *Generation, w http.ResponseWriter, r *http.Request) {
	p := r.URL.EscapedPath()
	if !strings.HasPrefix(p, "/") {
		http.Error(w, "400 bad request: path must start with /", http.StatusBadRequest)
		return
	}
	// Clients normally resolve dot segments and empty segments before
	// sending; one that did not is sent to the canonical URL, as ServeMux
	// does, and a trailing slash is dropped as Next.js does.
	if raw, _, _ := strings.Cut(r.RequestURI, "?"); strings.Contains(raw, "\\") {
		// Next.js answers a raw backslash with 308 to the path with slashes.
		redirect(w, r, approuter.CleanPath(encodedDots(strings.ReplaceAll(p, "%5C", "/"))))
		return
	}
	if clean := approuter.CleanPath(encodedDots(p)); clean != p {
		redirect(w, r, clean)
		return
	}
	if s.LiveReload && strings.HasPrefix(p, "/_devserver/") {
		s.serveInternal(w, r, p)
		return
	}
	max := s.MaxBody
	if max == 0 {
		max = DefaultMaxBody
	}
	if max > 0 && r.Body != nil && r.Body != http.NoBody {
		r.Body = http.MaxBytesReader(w, r.Body, max)
	}
	// The proxy's next.Request goes on to the route when the request is
	// unchanged: one wrapper per request, and a body the proxy read is
	// not read again.
	var req *next.Request
	if g.proxy != nil && g.proxy.matcher.match(r) {
		done, out, extra, preq := s.runProxy(g.proxy, w, r)
		if done {
			return
		}
		if extra != nil {
			w = &withHeaders{ResponseWriter: w, extra: extra}
		}
		if out == r {
			req = preq
		}
		r = out
		p = r.URL.EscapedPath()
	}
	route, params, err := g.Table.Match(p)
	if err != nil {
		http.Error(w, "400 bad request: "+err.Error(), http.StatusBadRequest)
		return
	}
	if route != nil && !isStaticRoute(route) || route == nil {
		// Next.js checks public/ before dynamic routes.
		if s.App.serveStatic(w, r, g.public) {
			return
		}
	}
	if route == nil {
		notFound(w, r)
		return
	}
	e := g.endpoints[route]
	if e.err != nil {
		s.errorPage(w, r, http.StatusInternalServerError, e.err)
		return
	}
	if te := s.typeErrors.Load(); te != nil && te.table == g.Table && len(te.byFile[e.file]) > 0 {
		s.errorPage(w, r, http.StatusInternalServerError, te.byFile[e.file])
		return
	}
	if e.page != nil {
		s.servePage(w, r, e, next.Params(params))
		return
	}
	if e.handlers == nil { // a page.go: not served yet
		notFound(w, r)
		return
	}
	method := r.Method
	h, ok := e.handlers[method]
	if !ok && method == http.MethodHead {
		h, ok = e.handlers[http.MethodGet]
	}
	if !ok {
		w.Header().Set("Allow", e.allow)
		if method == http.MethodOptions {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		http.Error(w, fmt.Sprintf("405 method not allowed: %s %s answers %s", method, route.Pattern, e.allow), http.StatusMethodNotAllowed)
		return
	}
	if !e.config.Allows(next.Params(params)) {
		notFound(w, r) // DynamicParams = false and not a static param
		return
	}
	if e.cache != nil && (method == http.MethodGet || method == http.MethodHead) {
		if _, own := e.handlers[http.MethodHead]; method == http.MethodGet || !own {
			s.serveCached(w, r, e, h, next.Params(params))
			return
		}
	}
	s.call(w, r, req, e, h, next.Params(params))
}

// call runs one handler and writes its response; req is the request the
// proxy saw, if any. A panic is recovered and answered 500: interpreted
// code must not take the server down.
func (s *Server) call(w http.ResponseWriter, r *http.Request, req *next.Request, e *endpoint, h handler, params next.Params) {
	rec := findRecorder(w)
	defer func() {
		p := recover()
		if p == nil {
			return
		}
		if p == http.ErrAbortHandler {
			panic(p)
		}
		p = unwrapPanic(p)
		err := fmt.Errorf("%s: %s handler panicked: %v", s.App.rel(e.file), r.Method, p)
		if s.Logger != nil {
			s.Logger.Error(err.Error(), "stack", string(debug.Stack()))
		}
		if rec == nil || !rec.wroteHeader {
			s.errorPage(w, r, http.StatusInternalServerError, err)
		}
	}()
	if h.plain != nil {
		h.plain(w, nextserver.WithParams(r, params))
		return
	}
	timeout := s.HandlerTimeout
	if timeout == 0 {
		timeout = DefaultHandlerTimeout
	}
	var res *next.Response
	var err error
	if timeout < 0 {
		if req == nil {
			req = nextserver.NewRequest(r)
		}
		res, err = h.fn(req, next.RouteContext{Params: params})
	} else {
		var out handlerResult
		var cancel context.CancelFunc
		out, req, cancel = s.invoke(r, req, h, params, timeout)
		defer cancel() // after the response: a stream watches the context
		switch {
		case out.timedOut:
			s.abandoned.Add(1)
			err := fmt.Errorf("%s: %s did not return within %v (--handler-timeout); devserver cannot stop its goroutine, which runs on with its request context cancelled (%d such handlers so far)", s.App.rel(e.file), r.Method, timeout, s.abandoned.Load())
			if s.Logger != nil {
				s.Logger.Error(err.Error())
			}
			s.errorPage(w, r, http.StatusGatewayTimeout, err)
			return
		case out.panicked:
			if out.panic == http.ErrAbortHandler {
				panic(out.panic)
			}
			err := fmt.Errorf("%s: %s handler panicked: %v", s.App.rel(e.file), r.Method, unwrapPanic(out.panic))
			if s.Logger != nil {
				s.Logger.Error(err.Error(), "stack", string(out.stack))
			}
			s.errorPage(w, r, http.StatusInternalServerError, err)
			return
		}
		res, err = out.res, out.err
	}
	if res != nil && (err != nil || res.Err() != nil) {
		// Not sent: a streamed body must still be closed, or its writer
		// would wait for a reader for ever.
		if c, ok := res.Body.(io.Closer); ok {
			c.Close()
		}
	}
	method := r.Method
	if method == http.MethodHead {
		if _, ok := e.handlers[http.MethodHead]; !ok {
			method = "GET (for HEAD)"
		}
	}
	switch {
	case err != nil:
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			http.Error(w, fmt.Sprintf("413 request body too large (limit %d bytes)", mbe.Limit), http.StatusRequestEntityTooLarge)
			return
		}
		s.errorPage(w, r, http.StatusInternalServerError, fmt.Errorf("%s: %s returned an error: %w", s.App.rel(e.file), method, err))
		return
	case res == nil:
		s.errorPage(w, r, http.StatusInternalServerError, fmt.Errorf("%s: %s returned no response (a nil *next.Response)", s.App.rel(e.file), method))
		return
	case res.Err() != nil:
		s.errorPage(w, r, http.StatusInternalServerError, fmt.Errorf("%s: %s: %w", s.App.rel(e.file), method, res.Err()))
		return
	}
	if s.LiveReload && strings.HasPrefix(res.Headers.Get("Content-Type"), "text/html") {
		switch b := res.Body.(type) {
		case *bytes.Reader, *strings.Reader:
			doc, _ := io.ReadAll(b)
			res.Body = bytes.NewReader(injectLive(doc))
		}
	}
	if isNext, _, _ := nextserver.Proxy(res); isNext {
		s.errorPage(w, r, http.StatusInternalServerError, fmt.Errorf("%s: %s returned next.Next() or next.Rewrite(), which only a proxy (proxy.go) may return", s.App.rel(e.file), method))
		return
	}
	if err := checkHeaders(req, res); err != nil {
		closeBody(res)
		s.errorPage(w, r, http.StatusInternalServerError, fmt.Errorf("%s: %s: %w", s.App.rel(e.file), method, err))
		return
	}
	s.writeResponse(w, r, req, res)
}

// handlerResult is what a handler's goroutine hands back.
type handlerResult struct {
	res      *next.Response
	err      error
	panicked bool
	panic    any
	stack    []byte
	timedOut bool
}

// invoke runs h in a goroutine of its own and waits for it at most
// timeout. Interpreted code cannot be interrupted: a handler that does not
// return is left running, with its request context cancelled so that code
// watching it can stop, and its late response is discarded.
func (s *Server) invoke(r *http.Request, req *next.Request, h handler, params next.Params, timeout time.Duration) (handlerResult, *next.Request, context.CancelFunc) {
	ctx, cancel := context.WithCancel(r.Context())
	if req == nil {
		req = nextserver.NewRequest(r.WithContext(ctx))
	} else {
		req = req.WithContext(ctx)
	}
	done := make(chan handlerResult, 1)
	go func() {
		var out handlerResult
		defer func() {
			if p := recover(); p != nil {
				out = handlerResult{panicked: true, panic: p, stack: debug.Stack()}
			}
			done <- out
		}()
		out.res, out.err = h.fn(req, next.RouteContext{Params: params})
	}()
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case out := <-done:
		return out, req, cancel
	case <-t.C:
		cancel()
		go func() {
			if out := <-done; out.res != nil {
				closeBody(out.res)
			}
		}()
		return handlerResult{timedOut: true}, req, cancel
	}
}

// closeBody closes res's body when it has a Close: a stream's writer waits
// for a reader until then.
func closeBody(res *next.Response) {
	if c, ok := res.Body.(io.Closer); ok {
		c.Close()
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

// unwrapPanic turns the reflect.Value yaegi sometimes panics with back into
// the value the route code panicked with.
func unwrapPanic(p any) any {
	if v, ok := p.(reflect.Value); ok && v.IsValid() && v.CanInterface() {
		return v.Interface()
	}
	return p
}

// redirect answers 308 to target, keeping the query.
func redirect(w http.ResponseWriter, r *http.Request, target string) {
	if r.URL.RawQuery != "" {
		target += "?" + r.URL.RawQuery
	}
	w.Header().Set("Location", target)
	w.WriteHeader(http.StatusPermanentRedirect)
}

func notFound(w http.ResponseWriter, r *http.Request) {
	http.Error(w, "404 page not found", http.StatusNotFound)
}

// isStaticRoute reports whether every segment of r is literal.
func isStaticRoute(r *approuter.Route) bool {
	for _, s := range r.Segments {
		if s.Kind != approuter.Static {
			return false
		}
	}
	return true
}

// findRecorder returns the recorder under w's wrappers (a proxy's added
// headers), or nil.
func findRecorder(w http.ResponseWriter) *recorder {
	for {
		if r, ok := w.(*recorder); ok {
			return r
		}
		u, ok := w.(interface{ Unwrap() http.ResponseWriter })
		if !ok {
			return nil
		}
		w = u.Unwrap()
	}
}

// recorder remembers the status written, for the request log, and whether
// the header went out, so a late panic does not try to write a second one.
type recorder struct {
	http.ResponseWriter
	code        int
	wroteHeader bool
}

func (r *recorder) WriteHeader(code int) {
	if !r.wroteHeader {
		r.code, r.wroteHeader = code, true
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	if !r.wroteHeader {
		r.code, r.wroteHeader = http.StatusOK, true
	}
	return r.ResponseWriter.Write(b)
}

// Flush lets streamed bodies reach the client chunk by chunk.
func (r *recorder) Flush() {
	if !r.wroteHeader {
		r.code, r.wroteHeader = http.StatusOK, true
	}
	http.NewResponseController(r.ResponseWriter).Flush()
}

// Unwrap gives http.ResponseController access to the real writer.
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

func (r *recorder) status() int {
	if r.code == 0 {
		return http.StatusOK
	}
	return r.code
}
