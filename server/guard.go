package server

import (
	"net"
	"net/http"
	"net/url"
	"strings"
)

// Guard keeps web pages on other sites from driving a dev server through
// the user's browser. A page cannot read a response from another origin,
// but it can make the browser send requests: state-changing ones (a form
// POST) to http://localhost:3000 directly, and any one through DNS
// rebinding (its own host name made to resolve to 127.0.0.1, so that the
// browser takes the dev server for the page's origin). The dev server sets
// a Guard; a production build leaves such policy to the app.
type Guard struct {
	// LoopbackOnly says the server listens on a loopback address only: then
	// a request must name this machine in its Host header (localhost,
	// *.localhost, a loopback IP) or a host in Allowed. A server exposed on
	// the network (-H 0.0.0.0) is reached by names it cannot know.
	LoopbackOnly bool
	// Allowed are more host names (with or without a port) accepted in the
	// Host header and as the origin of state-changing requests, e.g. a
	// front end served from another machine during development.
	Allowed []string
}

// refuse returns why r is refused, or "" (always "" for a nil Guard).
func (g *Guard) refuse(r *http.Request) string {
	if g == nil {
		return ""
	}
	if g.LoopbackOnly && !isLoopbackHost(hostOnly(r.Host)) && !g.allowed(r.Host) {
		return "403 forbidden: Host " + quote(r.Host) + " does not name this machine, and the dev server listens only on it. " +
			"A web page may be trying to reach it through DNS rebinding. To allow this name, pass --allowed-origin " + quote(hostOnly(r.Host)) + "."
	}
	origin := r.Header.Get("Origin")
	if g.trustedOrigin(origin) {
		return ""
	}
	if crossOrigin.Check(r) == nil {
		return ""
	}
	if origin == "" {
		return "403 forbidden: cross-site " + r.Method + " refused by the dev server (Sec-Fetch-Site: " + r.Header.Get("Sec-Fetch-Site") + ")."
	}
	return "403 forbidden: " + r.Method + " from origin " + quote(origin) + " refused by the dev server: a page on another site cannot change your app's data. " +
		"To allow it, pass --allowed-origin " + quote(originHost(origin)) + "."
}

// crossOrigin is net/http's defence against cross-site requests: safe
// methods pass, as does a request whose Sec-Fetch-Site says it comes from
// the same origin or from the user, or, from a browser too old to send
// Sec-Fetch-Site, whose Origin is the Host; a request with neither header
// is not from a browser.
var crossOrigin = http.NewCrossOriginProtection()

// trustedOrigin reports whether a page at origin (an Origin header) may
// change the app's data: one served from this machine, on any port (a
// front end's own dev server, say), or from a host in g.Allowed.
func (g *Guard) trustedOrigin(origin string) bool {
	u, err := url.Parse(origin)
	return err == nil && u.Host != "" && (isLoopbackHost(u.Hostname()) || g.allowed(u.Host))
}

// allowed reports whether host (a Host header or an origin's host, with or
// without a port) is in g.Allowed.
func (g *Guard) allowed(host string) bool {
	for _, a := range g.Allowed {
		if strings.EqualFold(a, host) || strings.EqualFold(a, hostOnly(host)) {
			return true
		}
	}
	return false
}

// isLoopbackHost reports whether a host name (no port) names this machine.
func isLoopbackHost(h string) bool {
	h = strings.TrimSuffix(strings.ToLower(h), ".")
	if h == "localhost" || strings.HasSuffix(h, ".localhost") {
		return true
	}
	ip := net.ParseIP(strings.Trim(h, "[]"))
	return ip != nil && ip.IsLoopback()
}

// hostOnly strips the port from a Host header.
func hostOnly(hostport string) string {
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		return h
	}
	return strings.Trim(hostport, "[]")
}

func originHost(origin string) string {
	if u, err := url.Parse(origin); err == nil && u.Host != "" {
		return u.Hostname()
	}
	return origin
}

// quote quotes s for a message, escaping what is not printable.
func quote(s string) string {
	const max = 100
	if len(s) > max {
		s = s[:max] + "..."
	}
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		if r < ' ' || r == 0x7f || r == '"' || r == '\\' {
			b.WriteByte('?')
			continue
		}
		b.WriteRune(r)
	}
	b.WriteByte('"')
	return b.String()
}
