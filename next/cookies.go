package next

import (
	"net/http"
	"time"
)

// RequestCookies are the cookies a request arrived with (request.cookies in
// Next.js). They are parsed from the Cookie header on first use; a malformed
// cookie is skipped, never an error.
//
// Set and Delete change what later Gets on this request see and are also sent
// to the client with the response, as with Next's request-scoped cookie store.
type RequestCookies struct {
	header   http.Header
	parsed   bool
	list     []*http.Cookie
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
	c.list = (&http.Request{Header: c.header}).Cookies()
}

// Get returns the first cookie called name.
func (c *RequestCookies) Get(name string) (*http.Cookie, bool) {
	c.load()
	for _, k := range c.list {
		if k.Name == name {
			return k, true
		}
	}
	return nil, false
}

// GetAll returns every cookie called name, or every cookie when no name is
// given.
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

// Set replaces the cookies called cookie.Name for the rest of this request and
// sends cookie to the client with the response (Path defaults to "/").
func (c *RequestCookies) Set(cookie *http.Cookie) {
	c.load()
	c.remove(cookie.Name)
	c.list = append(c.list, &http.Cookie{Name: cookie.Name, Value: cookie.Value})
	c.outgoing = append(c.outgoing, withDefaultPath(cookie))
}

// Delete removes the cookie called name for the rest of this request and
// expires it on the client.
func (c *RequestCookies) Delete(name string) {
	c.load()
	c.remove(name)
	c.outgoing = append(c.outgoing, expired(name))
}

func (c *RequestCookies) remove(name string) {
	kept := c.list[:0]
	for _, k := range c.list {
		if k.Name != name {
			kept = append(kept, k)
		}
	}
	c.list = kept
}

// sent returns the cookies Set or Deleted through this store, in order.
// The server adds them to the response before the response's own cookies.
func (c *RequestCookies) sent() []*http.Cookie { return c.outgoing }

// ResponseCookies are the Set-Cookie headers of a response (response.cookies
// in Next.js). The zero value is an empty, usable set.
type ResponseCookies struct {
	list []*http.Cookie
}

// Set adds cookie, replacing an earlier one with the same name. An empty Path
// becomes "/", as in Next.js.
func (c *ResponseCookies) Set(cookie *http.Cookie) {
	c.remove(cookie.Name)
	c.list = append(c.list, withDefaultPath(cookie))
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

// Delete expires the cookie called name on the client (an empty value with an
// expiry in the past and Path "/").
func (c *ResponseCookies) Delete(name string) {
	c.remove(name)
	c.list = append(c.list, expired(name))
}

func (c *ResponseCookies) remove(name string) {
	kept := c.list[:0]
	for _, k := range c.list {
		if k.Name != name {
			kept = append(kept, k)
		}
	}
	c.list = kept
}

func withDefaultPath(cookie *http.Cookie) *http.Cookie {
	if cookie.Path != "" {
		return cookie
	}
	cp := *cookie
	cp.Path = "/"
	return &cp
}

func expired(name string) *http.Cookie {
	return &http.Cookie{Name: name, Value: "", Path: "/", Expires: time.Unix(0, 0), MaxAge: -1}
}
