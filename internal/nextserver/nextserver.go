// Package nextserver is the server's side of package next: building the
// *next.Request a handler receives, and reading what a *next.Response asks
// of the server (continue to the route, rewrite, request headers, cookies
// set through the request). Route code cannot import it (it is internal to
// this module, and the interpreter has no symbols for it), so package next
// exports only what route code uses.
package nextserver

import (
	"context"
	"net/http"

	"github.com/devserver/devserver/internal/nextserver/hook"
	"github.com/devserver/devserver/next"
)

// NewRequest wraps r as the request a handler or proxy receives.
func NewRequest(r *http.Request) *next.Request {
	return hook.NewRequest(r).(*next.Request)
}

// WithParams returns a shallow copy of r carrying p, for next.ParamsFrom in a
// plain net/http handler.
func WithParams(r *http.Request, p next.Params) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), hook.ParamsKey{}, p))
}

// OutgoingCookies returns the cookies set or deleted through req.Cookies, in
// order. They are sent before the response's own cookies.
func OutgoingCookies(req *next.Request) []*http.Cookie {
	return hook.Outgoing(req)
}

// Proxy reports whether res came from next.Next or next.Rewrite (isNext),
// the URL of a rewrite, and the request headers it sets for the route.
func Proxy(res *next.Response) (isNext bool, rewrite string, requestHeaders http.Header) {
	return hook.Proxy(res)
}
