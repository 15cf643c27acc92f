package server

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/devserver/devserver/approuter"
	"github.com/devserver/devserver/internal/nextserver"
	"github.com/devserver/devserver/internal/panicpos"
	"github.com/devserver/devserver/internal/weburl"
	"github.com/devserver/devserver/next"
)

// proxy is the app's proxy (Next.js's proxy.ts, middleware.ts before 16):
// one function that runs before routing for the requests its matcher
// selects.
type proxy struct {
	file    string // absolute
	fn      func(*next.Request) (*next.Response, error)
	plain   http.HandlerFunc // a proxy.go in Next.js's net/http shape (goproxy.go)
	matcher *proxyMatcher
	matches []next.Match // what matcher was compiled from
	err     error        // the proxy cannot run: every request it would see answers 500
	// remote runs the proxy in another process (the dev server's compiled
	// tier): see proxyremote.go. fn, plain and matcher are then unset.
	remote *remoteProxy
}

// buildProxy checks what the loader made of the proxy file.
func buildProxy(app App, file string, l approuter.Loaded) *proxy {
	p := &proxy{file: file}
	rel := app.rel(file)
	if l.Err != nil {
		p.err = l.Err
		return p
	}
	if l.Remote != nil {
		p.remote = &remoteProxy{Remote: l.Remote}
		return p
	}
	fn := l.Handlers["Proxy"]
	if fn == nil {
		fn = l.Handlers["Middleware"]
	}
	switch f := fn.(type) {
	case func(*next.Request) *next.Response:
		p.fn = func(r *next.Request) (*next.Response, error) { return f(r), nil }
	case func(*next.Request) (*next.Response, error):
		p.fn = f
	case func(http.ResponseWriter, *http.Request):
		p.plain = f
	case nil:
		p.err = fmt.Errorf("%s: declares no func Proxy(w http.ResponseWriter, r *http.Request) or func Proxy(req *next.Request) *next.Response (or Middleware)", rel)
		return p
	default:
		p.err = fmt.Errorf("%s: Proxy has type %T; it must be func(http.ResponseWriter, *http.Request), func(*next.Request) *next.Response or func(*next.Request) (*next.Response, error)", rel, fn)
		return p
	}
	raw := l.Config["Matcher"]
	if cfg, ok := l.Config["Config"]; ok && p.plain != nil {
		matches, err := goConfigMatches(cfg)
		if err != nil {
			p.err = fmt.Errorf("%s: %w", rel, err)
			return p
		}
		raw = matches
	}
	list, err := matchList(raw)
	var m *proxyMatcher
	if err == nil {
		m, err = compileMatcher(list)
	}
	if err != nil {
		p.err = fmt.Errorf("%s: %w", rel, err)
	}
	p.matcher, p.matches = m, list
	return p
}

// runProxy runs the proxy p for x. It answers when the proxy does (a
// response, a redirect) or fails; otherwise the request goes on as the
// proxy left it: rewritten, with the headers it set for the route, and
// those it set for the client added to whatever answers.
func (s *Server) runProxy(x *exchange, p *proxy) bool {
	if p.err != nil {
		err := p.err
		if errors.Is(err, approuter.ErrLoading) {
			// Handed to the compiled tier (or still loading): a retry
			// gets it, as a route's request does.
			x.w.Header().Set("Retry-After", "1")
			err = &statusError{status: http.StatusServiceUnavailable, err: err}
		}
		s.fail(x, err)
		return true
	}
	if p.plain != nil {
		return s.runGoProxy(x, p)
	}
	// The proxy and the route share the request, and its next.Request when
	// nothing changes: a pass-through proxy costs little (and a body the
	// proxy read is not read again).
	savedCookie, hadCookie := x.r.Header["Cookie"]
	req := nextserver.NewRequest(x.r)
	res, err := p.run(req)
	if err == nil && res != nil {
		err = res.Err()
		if err == nil {
			err = checkHeaders(req, res)
			if err != nil {
				closeBody(res)
			}
		}
	}
	if err != nil {
		s.fail(x, fmt.Errorf("%s: Proxy: %w", s.App.rel(p.file), err))
		return true
	}
	if res == nil {
		if !undoCookies(x.r, req, savedCookie, hadCookie) {
			x.req = req
		}
		return false
	}
	isNext, rewrite, requestHeaders := nextserver.Proxy(res)
	if !isNext {
		proxyRedirect(req, res)
		// Without req: cookies the proxy set on req.Cookies change its
		// request only; Next.js does not send them.
		s.writeResponse(x.w, x.r, nil, res)
		return true
	}
	undone := requestHeaders == nil && undoCookies(x.r, req, savedCookie, hadCookie)
	out, err := forward(x.r, req, res, rewrite, requestHeaders)
	if err != nil {
		s.fail(x, fmt.Errorf("%s: Proxy: %w", s.App.rel(p.file), err))
		return true
	}
	if out == x.r && !undone {
		x.req = req
	}
	x.r = out
	if rewrite != "" {
		// Next.js tells the client where it rewrote to (after the route's
		// request got the proxy's headers: the route does not see it).
		res.Headers.Set("X-Middleware-Rewrite", out.URL.RequestURI())
	}
	if cookies := res.Cookies.GetAll(); len(res.Headers) > 0 || len(cookies) > 0 {
		w := &withHeaders{ResponseWriter: x.w, headers: res.Headers}
		for _, c := range cookies {
			w.cookies = append(w.cookies, nextserver.SetCookie(c))
		}
		x.w = w
	}
	return false
}

// forward returns the request the route sees after the proxy returned
// next.Next or next.Rewrite (res), as Next.js makes it: r itself, or a copy
// whose headers are the proxy's RequestHeaders when it gave some, plus the
// headers it set on res (Next passes them to the route too), with the
// rewritten path and query. Cookies set on res go to the client only: a
// Next.js 16.5 route sees them neither in request.cookies nor in cookies()
// (checked with next start and next dev); a proxy that wants the route to
// see one sets it on req.Cookies and passes req.Headers as RequestHeaders.
func forward(r *http.Request, req *next.Request, res *next.Response, rewrite string, requestHeaders http.Header) (*http.Request, error) {
	if requestHeaders == nil && rewrite == "" && len(res.Headers) == 0 {
		return r, nil
	}
	out := r.Clone(r.Context())
	if requestHeaders != nil {
		out.Header = requestHeaders.Clone()
	}
	for k, vs := range res.Headers {
		out.Header[k] = append([]string(nil), vs...)
	}
	if rewrite == "" {
		return out, nil
	}
	u, err := url.Parse(rewrite)
	sameOrigin := err == nil && (u.Host == "" && u.Scheme == "" || u.Host == r.Host || weburl.Origin(u.Scheme, u.Host) == req.NextURL.Origin)
	if !sameOrigin || !strings.HasPrefix(u.Path, "/") {
		return nil, fmt.Errorf("next.Rewrite(%q): only a path on this server (with an optional query) can be served", rewrite)
	}
	out.URL.Path, out.URL.RawPath = u.Path, u.RawPath
	if u.RawQuery != "" || strings.Contains(rewrite, "?") {
		out.URL.RawQuery = u.RawQuery
	}
	return out, nil
}

// undoCookies restores the Cookie header the client sent when the proxy
// changed it through req.Cookies: as in Next.js, such a change reaches the
// route only when the proxy passes req.Headers on as RequestHeaders. It
// reports whether it restored it (req no longer reads as the route's
// request then).
func undoCookies(r *http.Request, req *next.Request, saved []string, had bool) bool {
	if len(nextserver.OutgoingCookies(req)) == 0 {
		return false
	}
	if had {
		r.Header["Cookie"] = saved
	} else {
		delete(r.Header, "Cookie")
	}
	return true
}

// proxyRedirect sends a proxy's redirect as Next.js does: the Location
// relative (path, query and fragment) when it is this origin, and, when the
// proxy gave no body, the Location as the body.
func proxyRedirect(req *next.Request, res *next.Response) {
	switch res.Status {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther,
		http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
	default:
		return
	}
	loc := res.Headers.Get("Location")
	defer func() {
		if res.Body == nil && loc != "" {
			res.Body = strings.NewReader(res.Headers.Get("Location"))
		}
	}()
	u, err := url.Parse(loc)
	if err != nil || u.Host == "" || weburl.Origin(u.Scheme, u.Host) != req.NextURL.Origin {
		return
	}
	rel := u.EscapedPath()
	if rel == "" {
		rel = "/"
	}
	if u.RawQuery != "" || u.ForceQuery {
		rel += "?" + u.RawQuery
	}
	if u.Fragment != "" {
		rel += "#" + u.EscapedFragment()
	}
	res.Headers.Set("Location", rel)
}

// run calls the proxy function; a panic is its error.
func (p *proxy) run(req *next.Request) (res *next.Response, err error) {
	panicpos.Begin() // what an earlier request on this goroutine left is not this one's
	defer recoverPanic(&err)
	return p.fn(req)
}

// withHeaders adds the headers and cookies a proxy set to the response
// the route writes.
type withHeaders struct {
	http.ResponseWriter
	headers http.Header // the proxy's response's
	cookies []string    // Set-Cookie lines of the proxy's response's cookies
	done    bool
}

func (w *withHeaders) add() {
	if w.done {
		return
	}
	w.done = true
	h := w.ResponseWriter.Header()
	for k, vs := range w.headers {
		// The proxy's value alone, as in Next.js.
		h[k] = append([]string(nil), vs...)
	}
	for _, c := range w.cookies {
		h.Add("Set-Cookie", c)
	}
}

func (w *withHeaders) WriteHeader(code int) { w.add(); w.ResponseWriter.WriteHeader(code) }
func (w *withHeaders) Write(b []byte) (int, error) {
	w.add()
	return w.ResponseWriter.Write(b)
}
func (w *withHeaders) Unwrap() http.ResponseWriter { return w.ResponseWriter }
func (w *withHeaders) Flush() {
	w.add()
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}
