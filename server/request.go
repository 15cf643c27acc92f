// This file is the request path: ServeHTTP and, in the order a request
// takes them, the steps that answer it. Each step either answers (and
// reports true) or notes in the exchange what it found for the steps
// after it. Running the handler and sending its answer are in call.go.

package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/devserver/devserver/approuter"
	"github.com/devserver/devserver/internal/nextserver"
	"github.com/devserver/devserver/next"
)

// exchange is one request on its way through the steps of serve.
type exchange struct {
	g *Generation
	w http.ResponseWriter // wrapped by the proxy to add its headers
	// r is the request as the route sees it, once the proxy has run.
	// While bare, it does not carry the request's context yet (ctx):
	// r.WithContext copies the whole request, which a next handler that
	// never calls Raw does without. A step that hands r to code that may
	// read its context (a handler, the proxy, a renderer, a wait) calls
	// withContext first; the others read only its method, URL and
	// headers.
	r    *http.Request
	ctx  context.Context
	bare bool
	// client is the request as the client sent it: what an error page
	// answers (its Accept), whatever headers the proxy gave the route.
	client *http.Request
	// req is the proxy's next.Request, handed on to the route when the
	// proxy left the request unchanged: one wrapper per request, and a
	// body the proxy read is not read again. nil otherwise.
	req *next.Request

	route  *approuter.Route
	params next.Params
	e      *endpoint
	h      handler

	// cancel ends the request's context: once the response is sent, or
	// at once for a handler that ran out of time.
	cancel canceler

	id string // the request ID of a production error; see requestID

	// left: the request no longer counts on g (see Server.enter), as
	// once it is answered, or while it streams live-reload events.
	left bool
}

// withContext gives x.r the request's context, once, and returns it.
func (x *exchange) withContext() *http.Request {
	if x.bare {
		x.bare = false
		r := x.r.WithContext(x.ctx)
		if x.client == x.r {
			x.client = r
		}
		x.r = r
	}
	return x.r
}

// requestID returns the ID naming this request in a production error's
// answer and log line, made on first use.
func (x *exchange) requestID() string {
	if x.id == "" {
		x.id = fmt.Sprintf("%016x", rand.Uint64())
	}
	return x.id
}

// canceler ends a request's context: a *nextserver.RequestContext, or
// the cancel of a context made for one render (cancelFunc). An interface
// rather than a func: a method value would cost an allocation per request.
type canceler interface{ Cancel() }

// cancelFunc is a context.CancelFunc as a canceler.
type cancelFunc context.CancelFunc

// Cancel calls f.
func (f cancelFunc) Cancel() { f() }

// ServeHTTP answers r from the current generation and logs one line.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.serveHTTP(w, r, nil) }

// serveHTTP is ServeHTTP; with run, the request only goes through the
// proxy run.p, for a dev server whose compiled tier runs it (see
// Server.WorkerProxy), and what came of it is left in run.
func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request, run *proxyRun) {
	logged := s.Logger != nil && !s.QuietRequests
	var start time.Time
	if logged {
		start = time.Now()
	}
	if s.TrustProxy {
		r = forwarded(r)
	}
	g := s.enter()
	// The recorder, the exchange and the request's context in one
	// allocation: all are made for every request.
	a := &struct {
		rec recorder
		x   exchange
		ctx nextserver.RequestContext
	}{rec: recorder{ResponseWriter: w, after: afterList{s: s, g: g}, data: requestData{s: s, g: g}}}
	rec := &a.rec
	// The request counts on its generation until the next.After work it
	// registered has started (and counted itself, see send).
	defer a.x.leave()
	// Work of next.After starts once the response is written: net/http
	// sends what is left of it as ServeHTTP returns.
	defer rec.after.send()
	// The request's context, made once: it carries what package next
	// finds in it and ends once the response is sent, or when the handler
	// runs out of time (see invoke). The request carries it only once a
	// step needs that (see exchange.withContext): each r.WithContext
	// copies the whole request. Until route code asks for its Done
	// channel, it is a flag: a context.WithCancel per request costs
	// several allocations and a registration with net/http's context.
	a.ctx.Init(r.Context(), &rec.after, &rec.data, socketTracker{s})
	defer a.ctx.Cancel()
	a.x = exchange{g: g, w: rec, r: r, client: r, ctx: &a.ctx, bare: true, cancel: &a.ctx}
	var endSpan func(string, int)
	if s.Tracer != nil {
		a.x.r, endSpan = s.Tracer.Start(a.x.withContext())
		a.x.client = a.x.r
	}
	if run != nil {
		s.serveProxyRun(&a.x, run)
	} else {
		s.serve(&a.x)
	}
	rec.finish()
	if endSpan != nil {
		endSpan(rec.data.pattern, rec.status())
	}
	if logged {
		if s.StructuredLog {
			s.Logger.Info("request", "method", r.Method, "path", r.URL.RequestURI(), "status", rec.status(), "duration_ms", float64(time.Since(start).Microseconds())/1000)
			return
		}
		// One message, no key-value pairs: next dev's shape ("GET /a 200
		// in 4ms"), and the logger styles each part of a line separately,
		// which costs more than the rest of a request to a simple route.
		s.Logger.Info(r.Method + " " + r.URL.RequestURI() + " " + strconv.Itoa(rec.status()) + " in " + time.Since(start).Round(time.Microsecond).String())
	}
}

// serve takes x through the request path, top to bottom; the first step
// that answers ends it.
func (s *Server) serve(x *exchange) {
	answered := s.unloaded(x) ||
		s.guard(x) ||
		s.canonical(x) ||
		s.internal(x) ||
		s.proxy(x) ||
		s.match(x) ||
		s.static(x) ||
		s.unmatched(x) ||
		s.deferred(x) ||
		s.awaitLoaded(x) ||
		s.broken(x) ||
		s.remote(x) ||
		s.page(x) ||
		s.method(x) ||
		s.cache(x)
	if !answered {
		s.handle(x)
	}
}

// unloaded answers 503 before the first generation.
func (s *Server) unloaded(x *exchange) bool {
	if x.g != nil {
		return false
	}
	http.Error(x.w, "devserver: no app loaded yet", http.StatusServiceUnavailable)
	return true
}

// guard refuses what a page on another site could have made the browser
// send (see Guard). A request it lets through is stamped with the
// generation that answers it.
func (s *Server) guard(x *exchange) bool {
	if msg := s.Guard.refuse(x.r); msg != "" {
		http.Error(x.w, msg, http.StatusForbidden)
		if s.Logger != nil && s.Guard.firstRefusalOf(x.r.Host) {
			s.Logger.Warn(msg)
		}
		return true
	}
	if !s.Production { // a built binary has one generation: nothing to tell
		x.w.Header().Set(GenerationHeader, strconv.FormatUint(x.g.ID, 10))
	}
	return false
}

// canonical answers 400 for a path that does not start with "/",
// resolves its dot segments (also percent-encoded ones) in place, as
// Next.js does, and redirects a path with empty segments or a trailing
// slash to the one without, as Next.js does. A query past
// MaxQueryParams or MaxQueryBytes answers 414. It also puts the body limits
// (MaxBody, BodyTimeout) on the request (see bodyReader).
func (s *Server) canonical(x *exchange) bool {
	if strings.Contains(x.r.RequestURI, "#") {
		dropFragment(x.withContext()) // it changes the request: the server's own must stay
	}
	p := x.r.URL.EscapedPath()
	if !strings.HasPrefix(p, "/") {
		http.Error(x.w, "400 bad request: path must start with /", http.StatusBadRequest)
		return true
	}
	if raw, _, _ := strings.Cut(x.r.RequestURI, "?"); strings.Contains(raw, "\\") {
		// Next.js answers a raw backslash with 308 to the path with slashes.
		redirect(x.w, x.r, approuter.CleanPath(encodedDots(strings.ReplaceAll(p, "%5C", "/"))))
		return true
	}
	if resolved := resolveDots(p); resolved != p {
		// Served as the resolved path, not redirected: what the proxy
		// matches, the route and NextURL all see it.
		if !setPath(x.withContext(), resolved) {
			http.Error(x.w, "400 bad request: malformed path", http.StatusBadRequest)
			return true
		}
		p = resolved
	}
	if clean := approuter.CleanPath(p); clean != p {
		redirect(x.w, x.r, clean)
		return true
	}
	if queryTooLong(x.r.URL.RawQuery) {
		// next dev's text for it (the Go side's http.Error).
		http.Error(x.w, http.StatusText(http.StatusRequestURITooLong), http.StatusRequestURITooLong)
		return true
	}
	if x.r.Body == nil || x.r.Body == http.NoBody {
		return false
	}
	// limitBody replaces the body, which the handler then reads from the
	// request with the context.
	if rec := findRecorder(x.w); rec != nil {
		rec.body = s.limitBody(x.w, x.withContext())
	} else {
		s.limitBody(x.w, x.withContext())
	}
	return false
}

// dropFragment removes a literal "#" and what follows from the request
// target, as next dev does (Node's URL parser reads it as a fragment); Go
// leaves it in the path or query.
func dropFragment(r *http.Request) {
	before, _, found := strings.Cut(r.RequestURI, "#")
	if !found {
		return
	}
	u, err := url.ParseRequestURI(before)
	if err != nil {
		return
	}
	r.URL.Path, r.URL.RawPath, r.URL.RawQuery = u.Path, u.RawPath, u.RawQuery
	r.RequestURI = before
}

// setPath makes the escaped path p the request's (on a copy of its URL:
// the server's own request keeps what the client sent). It reports false
// when p does not unescape.
func setPath(r *http.Request, p string) bool {
	decoded, err := url.PathUnescape(p)
	if err != nil {
		return false
	}
	u := *r.URL
	u.Path, u.RawPath = decoded, ""
	if u.EscapedPath() != p {
		u.RawPath = p
	}
	r.URL = &u
	return true
}

// internal answers /_devserver/ (the live-reload script and its events)
// when live reload is on.
func (s *Server) internal(x *exchange) bool {
	if !s.LiveReload {
		return false
	}
	p := x.r.URL.EscapedPath()
	if !strings.HasPrefix(p, "/_devserver/") {
		return false
	}
	x.withContext() // the event stream ends with it
	// No route code runs here, and the event stream lasts as long as the
	// page: it must not hold back the release of its generation's values.
	x.leave()
	return s.serveInternal(x.w, x.r, p)
}

// proxy runs the app's proxy when its matcher selects the request (see
// runProxy).
func (s *Server) proxy(x *exchange) bool {
	p := x.g.proxy
	if p == nil {
		return false
	}
	if p.remote != nil {
		return s.remoteProxyStep(x, p)
	}
	if !p.matcher.match(x.withContext()) {
		return false
	}
	return s.runProxy(x, p)
}

// match finds the route for the request path; a path that cannot be
// decoded answers 400. Finding no route is not an answer yet: public/ may
// have the file.
func (s *Server) match(x *exchange) bool {
	p := x.r.URL.EscapedPath()
	route, params, err := x.g.Table.Match(p)
	if err != nil {
		http.Error(x.w, "400 bad request: "+err.Error(), http.StatusBadRequest)
		return true
	}
	x.route, x.params = route, next.Params(params)
	if route != nil {
		x.e = x.g.endpoints[route]
		if rec := findRecorder(x.w); rec != nil {
			rec.data.path, rec.data.pattern, rec.data.file = p, route.Pattern, route.File
		}
	}
	return false
}

// static serves a file of public/, which Next.js checks before dynamic
// routes: for a request that matched no route or a route with a param.
func (s *Server) static(x *exchange) bool {
	return (x.route == nil || !isStaticRoute(x.route)) && s.App.serveStatic(x.w, x.r, x.g.public)
}

// unmatched answers 404 for a request that matched no route and no file.
func (s *Server) unmatched(x *exchange) bool {
	if x.route != nil {
		return false
	}
	s.notFound(x.w, x.r)
	return true
}

// awaitLoaded holds a request for a route whose code is still loading
// (approuter.ErrLoading) until a generation has it, for LoadingWait at
// most, and takes it on with that generation: matched again there (the
// proxy has run already). What is still loading after the wait is
// broken's 503.
func (s *Server) awaitLoaded(x *exchange) bool {
	if s.LoadingWait <= 0 || !loading(x) {
		return false
	}
	x.withContext()
	deadline := time.NewTimer(s.LoadingWait)
	defer deadline.Stop()
	for loading(x) {
		swap := s.nextSwap()
		if g := s.current.Load(); g == x.g {
			select {
			case <-swap:
			case <-deadline.C:
				return false
			case <-x.r.Context().Done():
				return false
			}
		}
		s.moveTo(x)
		x.route, x.params, x.e = nil, nil, nil
		if rec := findRecorder(x.w); rec != nil {
			rec.data.g, rec.after.g = x.g, x.g
		}
		if !s.Production {
			x.w.Header().Set(GenerationHeader, strconv.FormatUint(x.g.ID, 10))
		}
		if s.match(x) || s.static(x) || s.unmatched(x) || s.deferred(x) {
			return true
		}
	}
	return false
}

// loading reports whether x matched a route whose code is still loading.
func loading(x *exchange) bool {
	return x.e != nil && x.e.err != nil && errors.Is(x.e.err, approuter.ErrLoading)
}

// broken answers 500 for a route that cannot serve: its file failed to
// load or conflicts with another, or the last type check found errors in
// it; 503 for one whose code is still loading (approuter.ErrLoading).
func (s *Server) broken(x *exchange) bool {
	if x.e.err != nil {
		err := x.e.err
		if errors.Is(err, approuter.ErrLoading) {
			// Nothing is wrong with the route: a retry gets it once its
			// unit has loaded (or failed to).
			x.w.Header().Set("Retry-After", "1")
			err = &statusError{status: http.StatusServiceUnavailable, err: err}
		}
		s.fail(x, err)
		return true
	}
	if te := s.typeErrors.Load(); te != nil && te.table == x.g.Table && len(te.byFile[x.e.file]) > 0 {
		s.fail(x, te.byFile[x.e.file])
		return true
	}
	return false
}

// remote hands a route whose code runs in another process to it (see
// approuter.Loaded.Remote): the guard, the proxy and the match are this
// server's, the rest of the request path the other process's.
func (s *Server) remote(x *exchange) bool {
	if x.e.remote == nil {
		return false
	}
	r := x.withContext()
	if x.g.instrumentation != nil && x.g.instrumentation.onError != nil {
		report := func(msg string) { s.reportError(x, errors.New(msg)) }
		r = r.WithContext(context.WithValue(r.Context(), workerErrorsKey{}, report))
	}
	err := x.e.remote.Serve(x.w, r)
	if err != nil && r.Context().Err() != nil && errors.Is(err, r.Context().Err()) {
		// The client went away while the route's build was under way:
		// no one to answer, and not a server error to tell of.
		return true
	}
	var load *approuter.LoadError
	switch {
	case errors.Is(err, approuter.ErrLoading):
		x.w.Header().Set("Retry-After", "1")
		err = &statusError{status: http.StatusServiceUnavailable, err: err}
	case errors.As(err, &load):
		err = &statusError{status: http.StatusInternalServerError, load: true, err: load.Err}
	}
	if err != nil {
		s.fail(x, err)
	}
	return true
}

// page renders a page.html route, and answers 404 for a page.go, which is
// not served yet.
func (s *Server) page(x *exchange) bool {
	switch {
	case x.e.page != nil:
		x.withContext()
		s.servePage(x, x.e.page)
		return true
	case x.e.handlers == nil:
		s.notFound(x.w, x.r)
		return true
	}
	return false
}

// method picks the handler for the request's method (GET's for a HEAD
// without its own). Another method answers 405 with Allow, or 204 for
// OPTIONS. With DynamicParams = false, params GenerateStaticParams did not
// list answer 404.
func (s *Server) method(x *exchange) bool {
	m := x.r.Method
	h, ok := x.e.handlers[m]
	if !ok && m == http.MethodHead {
		h, ok = x.e.handlers[http.MethodGet]
	}
	if !ok {
		if x.e.netHTTP && m != http.MethodOptions {
			// Next.js's route.go: a bare 405, no Allow, no body.
			x.w.WriteHeader(http.StatusMethodNotAllowed)
			return true
		}
		x.w.Header().Set("Allow", x.e.allow)
		if m == http.MethodOptions {
			x.w.WriteHeader(http.StatusNoContent)
			return true
		}
		http.Error(x.w, fmt.Sprintf("405 method not allowed: %s %s answers %s", m, x.route.Pattern, x.e.allow), http.StatusMethodNotAllowed)
		return true
	}
	if !x.e.config.Allows(x.params) {
		s.notFound(x.w, x.r)
		return true
	}
	x.h = h
	return false
}

// cache answers a GET of a route whose segment config caches it, and a
// HEAD that would run its GET, from the route's cache (see serveCached).
func (s *Server) cache(x *exchange) bool {
	m := x.r.Method
	if x.e.cache == nil || (m != http.MethodGet && m != http.MethodHead) {
		return false
	}
	if _, own := x.e.handlers[http.MethodHead]; m == http.MethodHead && own {
		return false
	}
	x.withContext()
	s.serveCached(*x)
	return true
}

// redirect answers 308 to target, keeping the query.
func redirect(w http.ResponseWriter, r *http.Request, target string) {
	if r.URL.RawQuery != "" {
		target += "?" + r.URL.RawQuery
	}
	w.Header().Set("Location", target)
	w.WriteHeader(http.StatusPermanentRedirect)
	if r.Method != http.MethodHead {
		_, _ = io.WriteString(w, target) // as next start's body for it
	}
}

// notFoundPage is the page a path that matches nothing answers: Next.js's
// 404 page, which an App Router app answers with (its markup, less its
// scripts).
const notFoundPage = `<!DOCTYPE html><html><head><meta charset="utf-8"/><meta name="viewport" content="width=device-width, initial-scale=1"/><meta name="robots" content="noindex"/><title>404: This page could not be found.</title></head>` +
	`<body><div style="font-family:system-ui,&quot;Segoe UI&quot;,Roboto,Helvetica,Arial,sans-serif;height:100vh;text-align:center;display:flex;flex-direction:column;align-items:center;justify-content:center"><div>` +
	`<h1 style="display:inline-block;margin:0 20px 0 0;padding:0 23px 0 0;font-size:24px;font-weight:500;vertical-align:top;line-height:49px;border-right:1px solid rgba(0,0,0,.3)">404</h1>` +
	`<div style="display:inline-block"><h2 style="font-size:14px;font-weight:400;line-height:49px;margin:0">This page could not be found.</h2></div></div></div></body></html>`

// notFound answers 404 as next start does for a path no route or file
// matches, whatever the method: its 404 page, never stored. With live
// reload the page reloads itself after each reload, as next dev's does:
// saving the route it asks for shows it.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "private, no-cache, no-store, max-age=0, must-revalidate")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusNotFound)
	if r.Method == http.MethodHead {
		return
	}
	if s.LiveReload {
		_, _ = w.Write(injectLive([]byte(notFoundPage)))
		return
	}
	_, _ = io.WriteString(w, notFoundPage)
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
//
// It also keeps a failed read of the request body from being answered as if
// nothing happened: when the header goes out after such a read, the answer
// is the body's (see bodyReader), and what the handler writes is dropped.
type recorder struct {
	http.ResponseWriter
	code        int
	wroteHeader bool
	body        *bodyReader // nil for a request without a body
	replaced    bool        // the answer is the body's failure
	after       afterList   // next.After work, run once the response is sent
	data        requestData // next.Cached of the request

	// room holds the values of the headers a whole body adds (see whole).
	room headerRoom
}

func (r *recorder) WriteHeader(code int) {
	if r.wroteHeader {
		if !r.replaced {
			r.ResponseWriter.WriteHeader(code) // net/http logs the superfluous call
		}
		return
	}
	r.wroteHeader = true
	if status, err := r.body.failure(); status != 0 {
		r.code, r.replaced = status, true
		r.body.answer(r.ResponseWriter, status, err)
		return
	}
	r.code = code
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	if !r.wroteHeader {
		r.WriteHeader(http.StatusOK)
	}
	if r.replaced {
		return 0, ErrBodyFailed
	}
	return r.ResponseWriter.Write(b)
}

// ErrBodyFailed is what a handler's write returns once the response is the
// answer to its request's failed body.
var ErrBodyFailed = errors.New("the request body could not be read; the response is the server's answer to that")

// Flush lets streamed bodies reach the client chunk by chunk.
func (r *recorder) Flush() {
	if !r.wroteHeader {
		r.WriteHeader(http.StatusOK)
	}
	http.NewResponseController(r.ResponseWriter).Flush()
}

// finish answers a request whose body failed and to which the handler sent
// nothing (net/http would send an empty 200).
func (r *recorder) finish() {
	if !r.wroteHeader {
		if status, _ := r.body.failure(); status != 0 {
			r.WriteHeader(status)
		}
	}
}

// Unwrap gives http.ResponseController access to the real writer.
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

func (r *recorder) status() int {
	if r.code == 0 {
		return http.StatusOK
	}
	return r.code
}
