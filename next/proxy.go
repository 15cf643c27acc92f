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
	// RequestHeaders are set on the request the route sees.
	RequestHeaders http.Header
}

// Next, returned by a proxy, lets the request go on to its route. Headers
// set on the returned response (and its cookies) are added to the route's
// response for the client; init's RequestHeaders are set on the request the
// route sees. A route handler must not return it.
func Next(init ...ProxyInit) *Response {
	res := newResponse(nil)
	res.proxy = continue_
	for _, in := range init {
		res.requestHeaders = mergeHeaders(res.requestHeaders, in.RequestHeaders)
	}
	return res
}

// Rewrite, returned by a proxy, serves the request with the route (or
// static file) of url, a path with an optional query on this server, while
// the client's URL stays as it was. Like Next, it may carry headers for the
// client and for the route. A route handler must not return it.
func Rewrite(url string, init ...ProxyInit) *Response {
	res := Next(init...)
	res.proxy, res.rewrite = rewrite, url
	return res
}

func mergeHeaders(dst, src http.Header) http.Header {
	if len(src) == 0 {
		return dst
	}
	if dst == nil {
		dst = http.Header{}
	}
	for k, vs := range src {
		dst[http.CanonicalHeaderKey(k)] = append([]string(nil), vs...)
	}
	return dst
}

// Match is one entry of a proxy's matcher (Next.js's config.matcher): a
// path pattern and conditions on the request.
type Match struct {
	// Source is the path pattern: literal segments, :param (one segment),
	// :param* (zero or more), :param+ (one or more), :param? (zero or one),
	// and regular-expression groups such as (.*).
	Source string
	// Has lists conditions that must all hold; Missing, conditions that must
	// all fail.
	Has, Missing []Condition
}

// Condition tests a header, query parameter or cookie of the request.
type Condition struct {
	// Type is "header", "query" or "cookie".
	Type string
	// Key names the header, parameter or cookie.
	Key string
	// Value, when not empty, is a regular expression the value must match
	// in full; empty means the key is present at all.
	Value string
}
