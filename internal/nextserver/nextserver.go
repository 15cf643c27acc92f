// Package nextserver is the server's side of package next: building the
// *next.Request a handler receives, and reading what a *next.Response asks
// of the server (continue to the route, rewrite, request headers, cookies
// set through the request). Route code cannot import it (it is internal to
// this module, and the interpreter has no symbols for it), so package next
// exports only what route code uses.
package nextserver

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/devserver/devserver/internal/nextserver/hook"
	"github.com/devserver/devserver/internal/weburl"
	"github.com/devserver/devserver/next"
)

// NewRequest wraps r as the request a handler or proxy receives.
func NewRequest(r *http.Request) *next.Request {
	return hook.NewRequest(r).(*next.Request)
}

// NewRequestContext is NewRequest for a request whose context is ctx, a
// context made from r's for it: the request r.WithContext(ctx) would be,
// without copying r until route code asks for it (Raw).
func NewRequestContext(r *http.Request, ctx context.Context) *next.Request {
	return hook.NewRequestContext(r, ctx).(*next.Request)
}

// SetParams gives req the route params that req.Raw().PathValue returns
// (see SetPathValues), set on the first call of Raw.
func SetParams(req *next.Request, params next.Params) { hook.SetParams(req, params) }

// SetPathValues fills r.PathValue for every param, as Next.js fills it for
// route.go: the decoded value, a catch-all's segments joined with "/". An
// optional catch-all that matched nothing is left unset ("").
func SetPathValues(r *http.Request, params next.Params) { hook.SetPathValues(r, params) }

// WithParams returns a shallow copy of r carrying p, for next.ParamsFrom in a
// plain net/http handler.
func WithParams(r *http.Request, p next.Params) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), hook.ParamsKey{}, p))
}

// OutgoingCookies returns the cookies set or deleted through req.Cookies, in
// order (none for a nil req). They are sent before the response's own
// cookies.
func OutgoingCookies(req *next.Request) []*http.Cookie {
	if req == nil {
		return nil
	}
	return hook.Outgoing(req)
}

// Proxy reports whether res came from next.Next or next.Rewrite (isNext),
// the URL of a rewrite, and the request headers it sets for the route.
func Proxy(res *next.Response) (isNext bool, rewrite string, requestHeaders http.Header) {
	return hook.Proxy(res)
}

// Upgrade returns the function serving the WebSocket res asks for (from
// next.Upgrade), or nil.
func Upgrade(res *next.Response) func(w http.ResponseWriter, r *http.Request) {
	return hook.Upgrade(res)
}

// SetCookie returns the Set-Cookie header value for c as Next.js's
// ResponseCookies writes it (stringifyCookie of @edge-runtime/cookies):
// name=encodeURIComponent(value), then Path, Expires, Max-Age, Domain,
// Secure, HttpOnly, SameSite, Partitioned and Priority (from an Unparsed
// "Priority=..." entry, which http.Cookie has no field for).
func SetCookie(c *http.Cookie) string {
	var b strings.Builder
	b.WriteString(c.Name + "=" + weburl.EncodeURIComponent(c.Value))
	attr := func(s string) { b.WriteString("; " + s) }
	if c.Path != "" {
		attr("Path=" + c.Path)
	}
	if !c.Expires.IsZero() {
		attr("Expires=" + c.Expires.UTC().Format(http.TimeFormat))
	}
	switch {
	case c.MaxAge > 0:
		attr("Max-Age=" + strconv.Itoa(c.MaxAge))
	case c.MaxAge < 0:
		attr("Max-Age=0")
	}
	if c.Domain != "" {
		attr("Domain=" + c.Domain)
	}
	if c.Secure {
		attr("Secure")
	}
	if c.HttpOnly {
		attr("HttpOnly")
	}
	switch c.SameSite {
	case http.SameSiteLaxMode:
		attr("SameSite=lax")
	case http.SameSiteStrictMode:
		attr("SameSite=strict")
	case http.SameSiteNoneMode:
		attr("SameSite=none")
	}
	if c.Partitioned {
		attr("Partitioned")
	}
	if p := cookiePriority(c); p != "" {
		attr("Priority=" + p)
	}
	return b.String()
}

// cookiePriority returns the priority given as an Unparsed "Priority=..."
// entry of c, lower-cased, or "".
func cookiePriority(c *http.Cookie) string {
	for _, u := range c.Unparsed {
		k, v, ok := strings.Cut(u, "=")
		if ok && strings.EqualFold(strings.TrimSpace(k), "priority") {
			switch v = strings.ToLower(strings.TrimSpace(v)); v {
			case "low", "medium", "high":
				return v
			}
		}
	}
	return ""
}

// CheckCookie reports why c cannot be sent as a header: a control
// character (CR, LF, NUL, ...) in its name or an attribute, where a
// Set-Cookie line would be cut or injected (Next.js refuses such a header
// value too). The value is percent-encoded, so it never has one.
func CheckCookie(c *http.Cookie) error {
	for _, f := range []struct{ what, v string }{{"name", c.Name}, {"Path", c.Path}, {"Domain", c.Domain}} {
		if i := strings.IndexFunc(f.v, func(r rune) bool { return r < ' ' && r != '\t' || r == 0x7f }); i >= 0 {
			return fmt.Errorf("cookie %s %q has a control character at byte %d", f.what, f.v, i)
		}
	}
	return nil
}
