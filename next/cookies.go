package next

import (
	"net/http"
	"strings"
	"time"

	"github.com/devserver/devserver/internal/weburl"
)

// RequestCookies are the cookies a request arrived with (request.cookies in
// Next.js, whose rules they follow). They are parsed from the Cookie header
// on first use: pairs are split at ";", a name without "=" is a cookie whose
// value is "true", a value is percent-decoded (a pair whose value does not
// decode is skipped), quotes and spaces are kept, and a name seen again
// replaces the earlier value in its place.
//
// Set and Delete change what later Gets see and the request's Cookie
// header, as in Next.js; in a route handler they are also sent to the client
// with the response, as with Next's request-scoped cookie store (cookies()
// of next/headers). In a proxy they change its request only: pass
// req.Headers as ProxyInit.RequestHeaders for the route to see them.
type RequestCookies struct {
	header   http.Header
	parsed   bool
	list     []*http.Cookie // in the order names first appeared
	outgoing []*http.Cookie
}

func (c *RequestCookies) load() {
	if c.parsed {
		return
	}
	c.parsed = true
	if c.header == nil {
		return
	}
	// Several Cookie lines reach a Next.js route joined as Node joins
	// them.
	// The Fetch API strips a header value's leading and trailing
	// whitespace, as net/http does for one read from the wire.
	h := strings.Trim(strings.Join(c.header.Values("Cookie"), "; "), " \t\r\n")
	if h == "" {
		return
	}
	for _, pair := range splitCookieHeader(h) {
		if pair == "" {
			continue
		}
		name, value, ok := strings.Cut(pair, "=")
		if !ok {
			c.put(pair, "true")
			continue
		}
		if v, ok := weburl.DecodeURIComponent(value); ok {
			c.put(name, v)
		}
	}
}

// splitCookieHeader splits as JavaScript's split(/; */) does.
func splitCookieHeader(h string) []string {
	var out []string
	for {
		i := strings.IndexByte(h, ';')
		if i < 0 {
			return append(out, h)
		}
		out = append(out, h[:i])
		h = strings.TrimLeft(h[i+1:], " ")
	}
}

// put sets name to value, in place when name is already there.
func (c *RequestCookies) put(name, value string) {
	for i, k := range c.list {
		if k.Name == name {
			c.list[i] = &http.Cookie{Name: name, Value: value}
			return
		}
	}
	c.list = append(c.list, &http.Cookie{Name: name, Value: value})
}

// Get returns the cookie called name.
func (c *RequestCookies) Get(name string) (*http.Cookie, bool) {
	c.load()
	for _, k := range c.list {
		if k.Name == name {
			return k, true
		}
	}
	return nil, false
}

// GetAll returns every cookie, or the one called name when a name is given.
func (c *RequestCookies) GetAll(name ...string) []*http.Cookie {
	c.load()
	if len(name) == 0 {
		return append([]*http.Cookie(nil), c.list...)
	}
	var out []*http.Cookie
	for _, k := range c.list {
		if k.Name == name[0] {
			out = append(out, k)
		}
	}
	return out
}

// Has reports whether a cookie called name was sent.
func (c *RequestCookies) Has(name string) bool {
	_, ok := c.Get(name)
	return ok
}

// Len returns the number of cookies.
func (c *RequestCookies) Len() int {
	c.load()
	return len(c.list)
}

// Set sets the cookie called cookie.Name to cookie.Value for the rest of
// this request (in place if it was there), rewrites the Cookie header from
// the cookies, and sends cookie to the client with the response (Path
// defaults to "/").
func (c *RequestCookies) Set(cookie *http.Cookie) {
	c.load()
	c.put(cookie.Name, cookie.Value)
	c.writeHeader()
	c.outgoing = append(c.outgoing, normalizeCookie(cookie))
}

// Delete removes the cookie called name for the rest of this request,
// rewrites the Cookie header, and expires the cookie on the client.
func (c *RequestCookies) Delete(name string) {
	c.load()
	kept := c.list[:0:0]
	for _, k := range c.list {
		if k.Name != name {
			kept = append(kept, k)
		}
	}
	c.list = kept
	c.writeHeader()
	c.outgoing = append(c.outgoing, expired(name))
}

// writeHeader sets the Cookie header from the cookies, as Next's
// RequestCookies does after a change: name=encodeURIComponent(value),
// joined with "; ".
func (c *RequestCookies) writeHeader() {
	if c.header == nil {
		return
	}
	parts := make([]string, len(c.list))
	for i, k := range c.list {
		parts[i] = k.Name + "=" + weburl.EncodeURIComponent(k.Value)
	}
	c.header.Set("Cookie", strings.Join(parts, "; "))
}

// sent returns the cookies Set or Deleted through this store, in order.
// The server adds them to the response before the response's own cookies.
func (c *RequestCookies) sent() []*http.Cookie { return c.outgoing }

// ResponseCookies are the Set-Cookie headers of a response (response.cookies
// in Next.js). The zero value is an empty, usable set.
//
// They are sent as Next.js sends them: the value percent-encoded
// (encodeURIComponent), then Path, Expires, Max-Age, Domain, Secure,
// HttpOnly, SameSite (lax, strict or none), Partitioned and Priority. An
// http.Cookie has no Priority field: give it as an Unparsed entry
// "Priority=high" (low, medium or high).
type ResponseCookies struct {
	list []*http.Cookie
}

// Set sets cookie, in the place of an earlier one with the same name. As in
// Next.js, an empty Path becomes "/" and a MaxAge above 0 also sets Expires
// to now plus MaxAge seconds. A MaxAge below 0 is Go's way of saying
// Max-Age=0 (Next's maxAge: 0): the cookie is sent with Max-Age=0.
func (c *ResponseCookies) Set(cookie *http.Cookie) {
	cookie = normalizeCookie(cookie)
	for i, k := range c.list {
		if k.Name == cookie.Name {
			c.list[i] = cookie
			return
		}
	}
	c.list = append(c.list, cookie)
}

// Get returns the cookie set under name.
func (c *ResponseCookies) Get(name string) (*http.Cookie, bool) {
	for _, k := range c.list {
		if k.Name == name {
			return k, true
		}
	}
	return nil, false
}

// GetAll returns every cookie set, in order.
func (c *ResponseCookies) GetAll() []*http.Cookie { return append([]*http.Cookie(nil), c.list...) }

// Has reports whether a cookie called name is set.
func (c *ResponseCookies) Has(name string) bool {
	_, ok := c.Get(name)
	return ok
}

// Delete expires the cookie called name on the client: an empty value,
// Path "/" and Expires at the Unix epoch, as Next.js sends it.
func (c *ResponseCookies) Delete(name string) {
	c.Set(expired(name))
}

// now is the clock of MaxAge; the conformance tests fix it.
var now = time.Now

// normalizeCookie is Next's normalizeCookie on a copy of cookie.
func normalizeCookie(cookie *http.Cookie) *http.Cookie {
	cp := *cookie
	if cp.Path == "" {
		cp.Path = "/"
	}
	if cp.MaxAge > 0 {
		cp.Expires = now().Add(time.Duration(cp.MaxAge) * time.Second)
	}
	return &cp
}

func expired(name string) *http.Cookie {
	return &http.Cookie{Name: name, Value: "", Path: "/", Expires: time.Unix(0, 0).UTC()}
}
