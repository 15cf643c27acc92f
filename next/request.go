// Package next is the API that route files see: the Go counterpart of Next.js's
// next/server (NextRequest, NextResponse, cookies, params).
//
// A route file exports one function per HTTP method:
//
//	func GET(req *next.Request, ctx next.RouteContext) *next.Response {
//		return next.JSON(map[string]string{"id": ctx.Params.Get("id")})
//	}
//
// The package holds no server code; it is imported by interpreted route files in
// development and by compiled ones in production alike. It exports only what
// route code uses: the server builds a Request and reads what a Response asks
// of it (continue, rewrite, request headers, the cookies set through the
// request) through the module's internal package nextserver, to which this
// package hands those functions at init. Keeping the types here keeps their
// documentation here; keeping the plumbing there keeps it out of reach of
// route code, compiled (internal packages of another module cannot be
// imported) or interpreted (the interpreter has no symbols for it).
// Response.Err stays: route code may check a response it built.
package next

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/devserver/devserver/internal/nextserver/hook"
	"github.com/devserver/devserver/internal/weburl"
)

// Request is the incoming request as a route handler sees it (NextRequest).
//
// Unlike the body of an *http.Request, the body of a Request can be read any
// number of times and in any form: the first read buffers it.
type Request struct {
	// Method is the HTTP method, e.g. "GET".
	Method string
	// Headers are the request headers.
	Headers http.Header
	// Cookies are the request cookies. Set and Delete also reach the response.
	Cookies *RequestCookies
	// NextURL is the parsed request URL.
	NextURL *URL

	raw        *http.Request
	lazy       *lazyContext // the context raw does not carry yet, if any
	pathValues *pathValues  // for Raw: see there
	body       []byte
	bodyErr    error
	bodyRead   bool
	form       *FormData
}

// URL is the request URL as Next.js's nextUrl gives it to a route.
type URL struct {
	// Pathname is the path as the client sent it, percent-encoding kept
	// (/caf%C3%A9, /a%2Fb), with dot segments resolved and what a URL may
	// not hold raw (spaces, quotes, non-ASCII) percent-encoded. Route
	// params are decoded; this is not.
	Pathname string
	// SearchParams are the query parameters, parsed as URLSearchParams
	// parses them: pairs split at "&" only, "+" a space, a malformed escape
	// kept as written.
	SearchParams url.Values
	// Search is "?" and the query, serialized as URLSearchParams
	// serializes it, or "" when it is empty.
	Search string
	// Origin is scheme://host from the request's Host header, e.g.
	// "http://localhost:3000"; a loopback host is written localhost, as
	// Next.js writes it.
	Origin string
	// Href is the whole URL: Origin, Pathname and Search.
	Href string
}

// String returns Href.
func (u *URL) String() string { return u.Href }

// lazyContext is the context of a request whose raw *http.Request does not
// carry it (see newRequestContext): Context returns it, and Raw makes, once,
// the copy of raw that carries it.
type lazyContext struct {
	ctx  context.Context
	once sync.Once
	raw  *http.Request // raw with ctx, once Raw made it
}

// newRequestContext is newRequest for a request whose context is ctx
// although r carries its parent: r.WithContext copies the whole
// *http.Request, which most handlers never look at, so the copy is made
// when Raw is first called.
func newRequestContext(r *http.Request, ctx context.Context) *Request {
	return makeRequest(r, ctx)
}

// newRequest wraps r: the server's side of a Request (see package
// nextserver). NextURL is made from the request target as the client sent
// it (r.RequestURI), so that a route reached through a proxy's rewrite sees
// the client's URL, as in Next.js.
func newRequest(r *http.Request) *Request { return makeRequest(r, nil) }

// makeRequest is newRequest, or newRequestContext when ctx is not nil.
func makeRequest(r *http.Request, ctx context.Context) *Request {
	// One allocation for the request, its cookies and its URL: a request
	// is made for every call of a handler.
	a := &struct {
		req        Request
		cookies    RequestCookies
		url        URL
		pathValues pathValues
		lazy       lazyContext
		search     [2]string // room for the values of NextURL.SearchParams
	}{}
	a.cookies.header = r.Header
	fillNextURL(&a.url, r, a.search[:])
	a.req = Request{
		Method:  r.Method,
		Headers: r.Header,
		Cookies: &a.cookies,
		NextURL: &a.url,
		raw:     r,

		pathValues: &a.pathValues,
	}
	if ctx != nil {
		a.lazy.ctx = ctx
		a.req.lazy = &a.lazy
	}
	return &a.req
}

// pathValues are the route params a Request's raw request gives through
// PathValue, set there on the first call of Raw: most handlers read
// RouteContext.Params, and setting them costs a map per request.
type pathValues struct {
	used   atomic.Bool // Raw was called (by the proxy, before the params were known)
	once   sync.Once
	params Params // set by the server (hook.SetParams) once the route is known
}

// setParams gives r the route params for Raw.
func (r *Request) setParams(params Params) {
	if r.pathValues == nil || r.pathValues.used.Load() {
		r.pathValues = &pathValues{} // the proxy's are spent
	}
	r.pathValues.params = params
}

// fillNextURL sets u to the request's URL as NextURL gives it. buf is room
// for the values of its SearchParams (see searchParams).
func fillNextURL(u *URL, r *http.Request, buf []string) {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	target := r.RequestURI
	if target == "" {
		target = r.URL.RequestURI()
	}
	if i := strings.Index(target, "://"); i >= 0 && !strings.HasPrefix(target, "/") {
		// absolute-form: keep the path and query
		rest := target[i+3:]
		target = "/"
		if j := strings.IndexAny(rest, "/?"); j >= 0 {
			target = rest[j:]
		}
	}
	target, _, _ = strings.Cut(target, "#")
	path, query, _ := strings.Cut(target, "?")
	u.Pathname, u.SearchParams = weburl.SerializePath(path), searchParams(query, buf)
	switch {
	case len(u.SearchParams) == 0:
	case weburl.FormEncoded(query):
		u.Search = target[len(path):] // "?" and query, no copy
	default:
		u.Search = "?" + weburl.FormEncode(weburl.ParseQuery(query))
	}
	u.Origin = weburl.Origin(scheme, r.Host)
	u.Href = u.Origin + u.Pathname + u.Search
}

// searchParams parses query as URLSearchParams does (see
// weburl.ParseQuery). The values of names given once share one array, buf
// when it is large enough: each value's capacity is clipped, so that an
// append to one copies it rather than overwriting the next.
func searchParams(query string, buf []string) url.Values {
	if query == "" {
		return url.Values{}
	}
	n := strings.Count(query, "&") + 1
	vals := make(url.Values, n)
	if n > len(buf) {
		buf = make([]string, n)
	}
	i := 0
	for name, value := range weburl.QueryPairs(query) {
		if vs, ok := vals[name]; ok {
			vals[name] = append(vs, value)
			continue
		}
		buf[i] = value
		vals[name] = buf[i : i+1 : i+1]
		i++
	}
	return vals
}

// WithContext returns a copy of r whose Context is ctx. The copy shares r's
// cookies and what has been read of the body.
func (r *Request) WithContext(ctx context.Context) *Request {
	c := *r
	c.lazy = nil // c.raw, if any, carries ctx
	if r.raw != nil {
		c.raw = r.raw.WithContext(ctx)
		if r.pathValues != nil {
			// c.raw is a request of its own: it gets the params on its own.
			c.pathValues = &pathValues{params: r.pathValues.params}
		}
	}
	return &c
}

// Raw returns the underlying *http.Request, for what this type does not wrap
// (TLS state, remote address, trailers, ...). Reading its Body directly bypasses
// the buffering that lets the body be read more than once; after a Bytes, Text,
// JSON or FormData, its Body reads the whole body again.
func (r *Request) Raw() *http.Request {
	raw := r.raw
	if l := r.lazy; l != nil && raw != nil {
		l.once.Do(func() { l.raw = raw.WithContext(l.ctx) })
		raw = l.raw
	}
	if pv := r.pathValues; pv != nil && raw != nil {
		pv.used.Store(true)
		pv.once.Do(func() { hook.SetPathValues(raw, pv.params) })
	}
	return raw
}

// Context returns the request's context. It is cancelled when the client goes
// away, so long-running handlers and streams can stop.
func (r *Request) Context() context.Context {
	if r.lazy != nil {
		return r.lazy.ctx
	}
	if r.raw == nil {
		return context.Background()
	}
	return r.raw.Context()
}

// Bytes returns the request body. The body is read once and kept, so Bytes,
// Text, JSON and FormData may be called in any order, any number of times.
func (r *Request) Bytes() ([]byte, error) {
	if !r.bodyRead {
		r.bodyRead = true
		if r.raw != nil && r.raw.Body != nil {
			r.body, r.bodyErr = io.ReadAll(r.raw.Body)
			if r.bodyErr != nil {
				r.bodyErr = fmt.Errorf("read request body: %w", r.bodyErr)
			} else {
				// Whoever reads the raw body next (Raw().Body, the route
				// after a proxy) reads it all again.
				r.raw.Body = io.NopCloser(bytes.NewReader(r.body))
			}
		}
	}
	return r.body, r.bodyErr
}

// Text returns the request body as a string.
func (r *Request) Text() (string, error) {
	b, err := r.Bytes()
	return string(b), err
}

// JSON decodes the JSON request body into v. An empty body is an error, as is
// anything after the first JSON value.
func (r *Request) JSON(v any) error {
	b, err := r.Bytes()
	if err != nil {
		return err
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return errors.New("decode JSON body: body is empty")
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("decode JSON body: %w", err)
	}
	if dec.More() {
		return errors.New("decode JSON body: unexpected data after the JSON value")
	}
	return nil
}

// maxMultipartMemory bounds the part of a multipart form held in memory; the
// rest spills to temporary files, as with http.Request.ParseMultipartForm.
const maxMultipartMemory = 32 << 20

// FormData parses an application/x-www-form-urlencoded or multipart/form-data
// body. Query parameters are not included (use NextURL.SearchParams).
func (r *Request) FormData() (*FormData, error) {
	if r.form != nil {
		return r.form, nil
	}
	ct := r.Headers.Get("Content-Type")
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil {
		return nil, fmt.Errorf("form data: bad Content-Type %q: %w", ct, err)
	}
	b, err := r.Bytes()
	if err != nil {
		return nil, err
	}
	switch mt {
	case "application/x-www-form-urlencoded":
		vals, err := url.ParseQuery(string(b))
		if err != nil {
			return nil, fmt.Errorf("form data: %w", err)
		}
		r.form = &FormData{Values: vals}
	case "multipart/form-data":
		boundary := params["boundary"]
		if boundary == "" {
			return nil, errors.New("form data: multipart Content-Type has no boundary")
		}
		f, err := multipart.NewReader(bytes.NewReader(b), boundary).ReadForm(maxMultipartMemory)
		if err != nil {
			return nil, fmt.Errorf("form data: %w", err)
		}
		r.form = &FormData{Values: url.Values(f.Value), Files: f.File}
	default:
		return nil, fmt.Errorf("form data: Content-Type %q is neither application/x-www-form-urlencoded nor multipart/form-data", mt)
	}
	return r.form, nil
}

// FormData is a parsed form body.
type FormData struct {
	// Values are the text fields.
	Values url.Values
	// Files are the uploaded files of a multipart form, by field name.
	Files map[string][]*multipart.FileHeader
}

// Get returns the first value of the text field name, or "".
func (f *FormData) Get(name string) string { return f.Values.Get(name) }

// GetAll returns every value of the text field name.
func (f *FormData) GetAll(name string) []string { return f.Values[name] }

// Has reports whether the form has a text field or a file called name.
func (f *FormData) Has(name string) bool {
	_, ok := f.Values[name]
	_, okf := f.Files[name]
	return ok || okf
}

// File returns the first file uploaded as field name.
func (f *FormData) File(name string) (*multipart.FileHeader, bool) {
	fs := f.Files[name]
	if len(fs) == 0 {
		return nil, false
	}
	return fs[0], true
}

// RouteContext is the second argument of a route handler.
type RouteContext struct {
	// Params are the dynamic segments of the URL.
	Params Params
}

// Params are the captured dynamic segments of a route: "[id]" gives one value,
// "[...slug]" one or more, "[[...slug]]" zero or more (and then no key at all).
type Params map[string][]string

// Get returns the value of the param name; for a catch-all, its segments
// joined with "/". It is "" when the param is absent.
func (p Params) Get(name string) string {
	v := p[name]
	switch len(v) {
	case 0:
		return ""
	case 1:
		return v[0]
	}
	return strings.Join(v, "/")
}

// Values returns the segments captured by name: one for "[id]", the list for a
// catch-all, nil when an optional catch-all matched nothing.
func (p Params) Values(name string) []string { return p[name] }

// Has reports whether the param name was captured.
func (p Params) Has(name string) bool {
	_, ok := p[name]
	return ok
}

// ParamsFrom returns the route params of a request given to a plain
// func(http.ResponseWriter, *http.Request) handler.
func ParamsFrom(r *http.Request) Params {
	p, _ := r.Context().Value(hook.ParamsKey{}).(Params)
	return p
}
