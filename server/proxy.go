package server

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/devserver/devserver/approuter"
	"github.com/devserver/devserver/internal/nextserver"
	"github.com/devserver/devserver/next"
)

// proxy is the app's proxy (Next.js's proxy.ts, middleware.ts before 16):
// one function that runs before routing for the requests its matcher
// selects.
type proxy struct {
	file    string // absolute
	fn      func(*next.Request) (*next.Response, error)
	matcher *proxyMatcher
	err     error // the proxy cannot run: every request it would see answers 500
}

// buildProxy checks what the loader made of the proxy file.
func buildProxy(app App, file string, l approuter.Loaded) *proxy {
	p := &proxy{file: file}
	rel := app.rel(file)
	if l.Err != nil {
		p.err = l.Err
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
	case nil:
		p.err = fmt.Errorf("%s: declares no func Proxy(req *next.Request) *next.Response (or Middleware)", rel)
		return p
	default:
		p.err = fmt.Errorf("%s: Proxy has type %T; it must be func(*next.Request) *next.Response or func(*next.Request) (*next.Response, error)", rel, fn)
		return p
	}
	m, err := compileMatcher(l.Config["Matcher"])
	if err != nil {
		p.err = fmt.Errorf("%s: %w", rel, err)
	}
	p.matcher = m
	return p
}

// runProxy runs the proxy for r and says what to do next: done when it has
// answered; otherwise the request to route (rewritten, with the headers
// the proxy set for the route) and the headers it set for the client.
func (s *Server) runProxy(p *proxy, w http.ResponseWriter, r *http.Request) (done bool, out *http.Request, extra *next.Response, req *next.Request) {
	if p.err != nil {
		s.errorPage(w, r, http.StatusInternalServerError, p.err)
		return true, nil, nil, nil
	}
	req = nextserver.NewRequest(r)
	res, err := p.run(req)
	if err != nil || res != nil && res.Err() != nil {
		rel := s.App.rel(p.file)
		if err == nil {
			err = res.Err()
		}
		s.errorPage(w, r, http.StatusInternalServerError, fmt.Errorf("%s: Proxy: %w", rel, err))
		return true, nil, nil, nil
	}
	if res == nil {
		return false, r, nil, req
	}
	if err := checkHeaders(req, res); err != nil {
		closeBody(res)
		s.errorPage(w, r, http.StatusInternalServerError, fmt.Errorf("%s: Proxy: %w", s.App.rel(p.file), err))
		return true, nil, nil, nil
	}
	isNext, rewrite, requestHeaders := nextserver.Proxy(res)
	if !isNext {
		s.writeResponse(w, r, req, res)
		return true, nil, nil, nil
	}
	out = r
	if len(requestHeaders) > 0 || rewrite != "" {
		out = r.Clone(r.Context())
		for k, vs := range requestHeaders {
			out.Header[k] = vs
		}
	}
	if rewrite != "" {
		u, err := url.Parse(rewrite)
		if err != nil || (u.Host != "" && u.Host != r.Host) || !strings.HasPrefix(u.Path, "/") {
			s.errorPage(w, r, http.StatusInternalServerError, fmt.Errorf("%s: Proxy: next.Rewrite(%q): only a path on this server (with an optional query) can be served", s.App.rel(p.file), rewrite))
			return true, nil, nil, nil
		}
		out.URL.Path, out.URL.RawPath = u.Path, u.RawPath
		if u.RawQuery != "" || strings.Contains(rewrite, "?") {
			out.URL.RawQuery = u.RawQuery
		}
	}
	if len(res.Headers) > 0 || len(res.Cookies.GetAll()) > 0 {
		extra = res
	}
	return false, out, extra, req
}

// run calls the proxy function; a panic is its error.
func (p *proxy) run(req *next.Request) (res *next.Response, err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("panicked: %v", unwrapPanic(v))
		}
	}()
	return p.fn(req)
}

// withHeaders adds the headers and cookies a proxy set to the response
// the route writes.
type withHeaders struct {
	http.ResponseWriter
	extra *next.Response
	done  bool
}

func (w *withHeaders) add() {
	if w.done {
		return
	}
	w.done = true
	h := w.ResponseWriter.Header()
	for k, vs := range w.extra.Headers {
		h[k] = append(h[k], vs...)
	}
	for _, c := range w.extra.Cookies.GetAll() {
		addCookie(h, c)
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
