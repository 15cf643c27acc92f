// This file runs a proxy in Next.js 16.5's proxy.go shape: func Proxy(w
// http.ResponseWriter, r *http.Request), with `var Config =
// proxy.Config{Matcher: ...}` of the SDK package next/go/proxy. The proxy
// answers through w; the SDK's Next and Rewrite only set headers on it
// (x-middleware-next, x-middleware-rewrite and the request headers), which
// are read here as Next.js reads them, whichever copy of the SDK the app
// uses.

package server

import (
	"fmt"
	"net"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/devserver/devserver/next"
)

// The headers by which a proxy's response speaks to the server.
const (
	nextHeader            = "X-Middleware-Next"
	rewriteHeader         = "X-Middleware-Rewrite"
	overrideHeader        = "X-Middleware-Override-Headers"
	requestHeaderPrefix   = "X-Middleware-Request-"
	emptyOverrideHeader   = "x-next-internal-go-empty-override"
	middlewareHeaderStart = "X-Middleware-"
)

// goConfigMatches turns the value of proxy.go's `var Config` (a
// next/go/proxy.Config, interpreted or compiled, devserver's copy of the
// SDK or the app's) into the matcher entries it lists. It is read by its
// shape: its type is not one this package can name.
func goConfigMatches(raw any) ([]next.Match, error) {
	v := reflect.ValueOf(raw)
	if v.Kind() == reflect.Pointer {
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return nil, fmt.Errorf("proxy: Config is %T; it must be a proxy.Config of next/go/proxy", raw)
	}
	list := v.FieldByName("Matcher")
	if !list.IsValid() || list.Kind() != reflect.Slice {
		return nil, fmt.Errorf("proxy: Config is %T, without a Matcher list", raw)
	}
	var out []next.Match
	for i := range list.Len() {
		m := list.Index(i)
		match := next.Match{Source: stringField(m, "Source")}
		match.Has = conditions(m.FieldByName("Has"))
		match.Missing = conditions(m.FieldByName("Missing"))
		out = append(out, match)
	}
	return out, nil
}

// conditions reads a []proxy.Condition by its shape.
func conditions(list reflect.Value) []next.Condition {
	if !list.IsValid() || list.Kind() != reflect.Slice {
		return nil
	}
	out := make([]next.Condition, 0, list.Len())
	for i := range list.Len() {
		c := list.Index(i)
		out = append(out, next.Condition{Type: stringField(c, "Type"), Key: stringField(c, "Key"), Value: stringField(c, "Value")})
	}
	return out
}

func stringField(v reflect.Value, name string) string {
	f := v.FieldByName(name)
	if !f.IsValid() || f.Kind() != reflect.String {
		return ""
	}
	return f.String()
}

// checkGoProxyRequest answers the requests Next.js refuses before a Go
// proxy runs (a query too long is refused for every request, see
// queryTooLong): a header or cookie that a condition of a matcher
// selecting the path reads but that the request repeats (400), since
// JavaScript would join what Go reads one by one.
func checkGoProxyRequest(w http.ResponseWriter, r *http.Request, m *proxyMatcher) bool {
	if ambiguousCondition(r, m) != "" {
		bareError(w, http.StatusBadRequest)
		return true
	}
	return false
}

// withoutEmptyParams drops the empty parameters of a raw query ("a&&b"
// is "a&b"), as next dev passes the query on after its proxy.
func withoutEmptyParams(q string) string {
	if !strings.Contains(q, "&&") && !strings.HasPrefix(q, "&") && !strings.HasSuffix(q, "&") {
		return q
	}
	parts := strings.Split(q, "&")
	return strings.Join(slices.DeleteFunc(parts, func(p string) bool { return p == "" }), "&")
}

// bareError answers status with its status text as next dev does: no
// Content-Type.
func bareError(w http.ResponseWriter, status int) {
	w.Header()["Content-Type"] = nil // no sniffing either
	w.WriteHeader(status)
	w.Write([]byte(http.StatusText(status)))
}

// ambiguousCondition names the repeated header or cookie that a header or
// cookie condition of an entry whose source matches the path reads, or "".
// Every such entry is checked, whether or not another one selects the
// request.
func ambiguousCondition(r *http.Request, m *proxyMatcher) string {
	if m == nil {
		return ""
	}
	var cookies map[string]int
	for _, e := range m.entries {
		if ok, err := e.re.MatchString(r.URL.EscapedPath()); err != nil || !ok {
			continue
		}
		for _, c := range append(append([]condition(nil), e.has...), e.missing...) {
			switch c.kind {
			case "header":
				if len(r.Header.Values(c.key)) > 1 {
					return "header " + c.key
				}
			case "cookie":
				if cookies == nil {
					cookies = make(map[string]int)
					for _, ck := range r.Cookies() {
						cookies[ck.Name]++
					}
				}
				if cookies[c.key] > 1 {
					return "cookie " + c.key
				}
			}
		}
	}
	return ""
}

// runGoProxy runs a proxy.go proxy for x. It answers when the proxy wrote
// a response of its own (or failed); after proxy.Next or proxy.Rewrite the
// request goes on, rewritten and with the request headers the proxy chose,
// and the proxy's other headers are added to the response.
func (s *Server) runGoProxy(x *exchange, p *proxy) bool {
	if checkGoProxyRequest(x.w, x.r, p.matcher) {
		return true
	}
	addForwarded(x.r)
	joinCookies(x.r)
	out := &capture{header: make(http.Header)}
	if err := runPlain(p.plain, out, x.r); err != nil {
		if pe, ok := err.(*panicError); ok {
			pe.reraiseAbort()
		}
		s.fail(x, fmt.Errorf("%s: Proxy: %w", s.App.rel(p.file), err))
		return true
	}
	// The SDK writes x-middleware-request-* names as they are, lowercase.
	h := make(http.Header, len(out.header))
	for k, vs := range out.header {
		ck := http.CanonicalHeaderKey(k)
		h[ck] = append(h[ck], vs...)
	}
	out.header = h
	rewrite, isRewrite := h[rewriteHeader]
	if h.Get(nextHeader) != "1" && !isRewrite {
		sendProxyAnswer(x.w, out)
		return true
	}
	r, err := goForward(x.r, h, rewrite)
	if err != nil {
		s.fail(x, fmt.Errorf("%s: Proxy: %w", s.App.rel(p.file), err))
		return true
	}
	extra := make(http.Header)
	for k, vs := range h {
		if strings.HasPrefix(k, middlewareHeaderStart) && k != rewriteHeader {
			continue // next dev shows the client the rewrite, not the rest
		}
		extra[k] = vs
	}
	if isRewrite {
		// As next dev shows it: the destination relative to the origin.
		extra[rewriteHeader] = []string{r.URL.RequestURI()}
	}
	x.r = r
	if len(extra) > 0 {
		x.w = &addHeaders{ResponseWriter: x.w, extra: extra}
	}
	return false
}

// goForward returns the request the route sees after proxy.Next or
// proxy.Rewrite: with the request headers the proxy set, if any, and the
// rewritten URL, resolved against the request's.
func goForward(r *http.Request, h http.Header, rewrite []string) (*http.Request, error) {
	names := h.Get(overrideHeader)
	out := r.Clone(r.Context())
	out.URL.RawQuery = withoutEmptyParams(out.URL.RawQuery)
	if names != "" {
		out.Header = make(http.Header)
		// What next dev's own hop to the route adds back: its Connection,
		// and a forwarded host without the port when the proxy's headers
		// have no Host.
		if c, ok := r.Header["Connection"]; ok {
			out.Header["Connection"] = c
		}
		if !slices.ContainsFunc(strings.Split(names, ","), func(n string) bool { return strings.EqualFold(strings.TrimSpace(n), "host") }) {
			host, _, err := net.SplitHostPort(r.Host)
			if err != nil {
				host = r.Host
			}
			out.Header["X-Forwarded-Host"] = []string{host}
		}
		for _, name := range strings.Split(names, ",") {
			name = strings.TrimSpace(name)
			if name == "" || name == emptyOverrideHeader {
				continue
			}
			values := h[http.CanonicalHeaderKey(requestHeaderPrefix+name)]
			if strings.EqualFold(name, "host") {
				if len(values) > 0 {
					out.Host = values[0]
				}
				continue
			}
			out.Header[http.CanonicalHeaderKey(name)] = values
		}
	}
	// As next dev does, the headers the proxy set on its response reach the
	// route's request too, Set-Cookie also as X-Middleware-Set-Cookie (but
	// not as a Cookie: r.Cookie does not see them).
	for k, vs := range h {
		if strings.HasPrefix(k, middlewareHeaderStart) {
			continue
		}
		out.Header[k] = vs
		if k == "Set-Cookie" {
			out.Header["X-Middleware-Set-Cookie"] = vs
		}
	}
	if len(rewrite) == 0 {
		return out, nil
	}
	base := &url.URL{Scheme: "http", Host: r.Host, Path: r.URL.Path, RawPath: r.URL.RawPath, RawQuery: r.URL.RawQuery}
	if r.TLS != nil {
		base.Scheme = "https"
	}
	dest, err := base.Parse(rewrite[0])
	if err != nil {
		return nil, fmt.Errorf("proxy.Rewrite(%q): %w", rewrite[0], err)
	}
	if dest.Host != r.Host {
		return nil, fmt.Errorf("proxy.Rewrite(%q): only a URL of this server can be served (devserver does not proxy to other hosts)", rewrite[0])
	}
	out.URL.Path, out.URL.RawPath, out.URL.RawQuery = dest.Path, dest.RawPath, dest.RawQuery
	out.RequestURI = dest.RequestURI()
	return out, nil
}

// sendProxyAnswer writes the answer a Go proxy wrote into p, when it
// neither continues nor rewrites, to w. As next dev does, a redirect
// carries its location as its body.
func sendProxyAnswer(w http.ResponseWriter, p *capture) {
	status := p.statusCode()
	body := p.body.Bytes()
	if loc := p.header.Get("Location"); loc != "" && status >= 300 && status < 400 {
		body = []byte(loc)
	}
	if _, ok := p.header["Content-Type"]; !ok {
		p.header["Content-Type"] = nil // as written: no sniffed type
	}
	h := w.Header()
	for k, vs := range p.header {
		h[k] = vs
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	w.Write(body)
}

// addHeaders adds the headers a proxy set for the client to the response
// the route writes.
type addHeaders struct {
	http.ResponseWriter
	extra http.Header
	done  bool
}

func (w *addHeaders) add() {
	if w.done {
		return
	}
	w.done = true
	h := w.ResponseWriter.Header()
	for k, vs := range w.extra {
		h[k] = append(h[k], vs...)
	}
}

func (w *addHeaders) WriteHeader(code int) { w.add(); w.ResponseWriter.WriteHeader(code) }
func (w *addHeaders) Write(b []byte) (int, error) {
	w.add()
	return w.ResponseWriter.Write(b)
}
func (w *addHeaders) Unwrap() http.ResponseWriter { return w.ResponseWriter }
func (w *addHeaders) Flush() {
	w.add()
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}
