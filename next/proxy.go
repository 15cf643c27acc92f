package next

import "net/http"

// proxyAction is what a proxy's response asks of the server.
type proxyAction int

const (
	answer    proxyAction = iota // send the response itself
	continue_                    // go on to the route (Next)
	rewrite                      // serve another path (Rewrite)
)

// ProxyInit configures Next and Rewrite (NextResponse.next({ request })
// in Next.js).
type ProxyInit struct {
	// RequestHeaders, when not nil, are the headers of the request the
	// route sees, in place of the client's (Next.js's request.headers):
	// start from req.Headers.Clone() to add to or change them.
	RequestHeaders http.Header
}

// Next, returned by a proxy, lets the request go on to its route. Headers
// set on the returned response are sent to the client in place of the
// route's headers of the same name, and the route sees them among its
// request headers too, as in Next.js; cookies set on it are sent to the
// client (the route does not see them, as in Next.js: to pass one on, set
// it on req.Cookies and give req.Headers as RequestHeaders). init's
// RequestHeaders replace the request headers the route sees. A route
// handler must not return it.
func Next(init ...ProxyInit) *Response {
	res := &newResponse(nil).Response
	res.proxy = continue_
	for _, in := range init {
		if in.RequestHeaders != nil {
			res.requestHeaders = canonicalHeaders(in.RequestHeaders)
		}
	}
	return res
}

// Rewrite, returned by a proxy, serves the request with the route (or
// static file) of url, a path with an optional query on this server (or an
// absolute URL of this origin), while the client's URL stays as it was: the
// route's req.NextURL is the client's URL, as in Next.js. Like Next, it may
// carry headers for the client and for the route. A route handler must not
// return it.
func Rewrite(url string, init ...ProxyInit) *Response {
	res := Next(init...)
	res.proxy, res.rewrite = rewrite, url
	return res
}

// canonicalHeaders copies h with its names in canonical form.
func canonicalHeaders(h http.Header) http.Header {
	out := make(http.Header, len(h))
	for k, vs := range h {
		k = http.CanonicalHeaderKey(k)
		out[k] = append(out[k], vs...)
	}
	return out
}

// Match is one entry of a proxy's matcher (Next.js's config.matcher): a
// path pattern and conditions on the request.
type Match struct {
	// Source is the path pattern, in path-to-regexp 6 syntax as Next.js
	// reads it: literal text, :param (one segment), :param* (zero or
	// more), :param+ (one or more), :param? (optional), :param(regexp),
	// (regexp) groups, {optional text}?, and \ to escape. Regular
	// expressions are JavaScript's.
	Source string
	// Has lists conditions that must all hold; Missing, conditions that must
	// all fail.
	Has, Missing []Condition
}

// Condition tests a header, query parameter, cookie or the host of the
// request (Next.js's has and missing).
type Condition struct {
	// Type is "header", "query", "cookie" or "host".
	Type string
	// Key names the header, parameter or cookie; a host condition has none.
	Key string
	// Value, when not empty, is a JavaScript regular expression the value
	// must match, as ^Value$ (a repeated query parameter: its last value;
	// a host condition: the host name without its port). Empty means the
	// key is present with a value that is not empty.
	Value string
}
