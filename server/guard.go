package server

import (
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Guard keeps web pages on other sites from driving the server through the
// user's browser. A page cannot read a response from another origin, but it
// can make the browser send requests: state-changing ones (a form POST) to
// http://localhost:3000 directly, and any one through DNS rebinding (its own
// host name made to resolve to the server's address, so that the browser
// takes the server for the page's origin). Rebinding needs a name the
// attacker controls, so the Host header must name this machine (a loopback
// name, or one of its own addresses) or be allowed by Hosts or Origins,
// whatever address the server listens on: a server bound to 0.0.0.0 is as
// reachable from a rebinding page as one bound to localhost.
//
// The dev server and a production build both set a Guard; behind a proxy
// the public name the proxy sends as Host must be allowed in Hosts.
// Hosts and Origins must not change once the Guard is in use.
type Guard struct {
	// Hosts are more names accepted in the Host header: "app.example.com"
	// (any port), "app.example.com:8080" (that port), ".example.com" or
	// "*.example.com" (the domain and its subdomains), or "*" (any Host: no
	// DNS-rebinding check).
	Hosts []string
	// Origins are hosts (same forms as Hosts) whose pages may send
	// state-changing requests (POST, PUT, PATCH, DELETE) to the server, e.g.
	// a front end served from another machine during development. They are
	// accepted in the Host header too.
	Origins []string

	own ownAddrs

	// allowed is the last Host that a loopback name, Hosts or Origins let
	// through: nearly every request carries the one before's, which then
	// costs a comparison instead of parsing it again. (Hosts and Origins
	// do not change once the Guard serves.)
	allowed atomic.Pointer[string]

	// refused are the Host names already refused, up to maxLoggedHosts:
	// the log says each once, so that a deployment that forgot to allow
	// its public name learns why every request answers 403, and a flood of
	// made-up names cannot fill the log.
	refusedMu sync.Mutex
	refused   map[string]bool
}

// maxLoggedHosts bounds Guard.refused.
const maxLoggedHosts = 32

// firstRefusalOf reports whether host is refused (its Host check fails)
// for the first time, remembering it.
func (g *Guard) firstRefusalOf(host string) bool {
	if g.hostAllowed(host) {
		return false // refused for its Origin: per request, not per host
	}
	name := strings.ToLower(hostOnly(host))
	g.refusedMu.Lock()
	defer g.refusedMu.Unlock()
	if g.refused[name] || len(g.refused) >= maxLoggedHosts {
		return false
	}
	if g.refused == nil {
		g.refused = make(map[string]bool)
	}
	g.refused[name] = true
	return true
}

// refuse returns why r is refused, or "" (always "" for a nil Guard).
func (g *Guard) refuse(r *http.Request) string {
	if g == nil {
		return ""
	}
	if !g.hostAllowed(r.Host) {
		return "403 forbidden: Host " + quote(r.Host) + " does not name this machine. " +
			"A web page may be trying to reach the server through DNS rebinding. To allow this name, pass --allowed-host " +
			quote(hostOnly(r.Host)) + " or add it to DEVSERVER_ALLOWED_HOSTS."
	}
	origin := r.Header.Get("Origin")
	// Most requests have no Origin (every GET of a page or a fetch from
	// the same origin): no URL to parse, none to trust.
	if origin != "" && g.trustedOrigin(origin) {
		return ""
	}
	if isWebSocket(r) {
		// A GET, but what a page on another site does with the socket it
		// opens is as unsafe as a POST: the browser does not keep it from
		// reading the answers.
		if u, err := url.Parse(origin); origin == "" || err == nil && strings.EqualFold(u.Host, r.Host) {
			return ""
		}
		return "403 forbidden: WebSocket from origin " + quote(origin) + " refused: a page on another site cannot open one to your app. " +
			"To allow it, pass --allowed-origin " + quote(originHost(origin)) + "."
	}
	if crossOrigin.Check(r) == nil {
		return ""
	}
	if origin == "" {
		return "403 forbidden: cross-site " + r.Method + " refused (Sec-Fetch-Site: " + r.Header.Get("Sec-Fetch-Site") + ")."
	}
	return "403 forbidden: " + r.Method + " from origin " + quote(origin) + " refused: a page on another site cannot change your app's data. " +
		"To allow it, pass --allowed-origin " + quote(originHost(origin)) + "."
}

// hostAllowed reports whether a Host header names this machine or an
// allowed host. A request without one (HTTP/1.0) is not from a browser.
func (g *Guard) hostAllowed(host string) bool {
	if host == "" {
		return true
	}
	if last := g.allowed.Load(); last != nil && *last == host {
		return true
	}
	if isLoopbackHost(hostOnly(host)) || matchHost(g.Hosts, host) || matchHost(g.Origins, host) {
		remembered := host // host itself stays on the stack
		g.allowed.Store(&remembered)
		return true
	}
	// Not remembered: the machine's addresses may change.
	return g.own.has(hostOnly(host))
}

// crossOrigin is net/http's defence against cross-site requests: safe
// methods pass, as does a request whose Sec-Fetch-Site says it comes from
// the same origin or from the user, or, from a browser too old to send
// Sec-Fetch-Site, whose Origin is the Host; a request with neither header
// is not from a browser.
var crossOrigin = http.NewCrossOriginProtection()

// trustedOrigin reports whether a page at origin (an Origin header) may
// change the app's data: one served from this machine, on any port (a
// front end's own dev server, say), or from a host in g.Origins.
func (g *Guard) trustedOrigin(origin string) bool {
	u, err := url.Parse(origin)
	return err == nil && u.Host != "" && (isLoopbackHost(u.Hostname()) || matchHost(g.Origins, u.Host))
}

// matchHost reports whether host (a Host header or an origin's host, with
// or without a port) matches one of patterns (see Guard.Hosts).
func matchHost(patterns []string, host string) bool {
	name := strings.TrimSuffix(strings.ToLower(hostOnly(host)), ".")
	for _, p := range patterns {
		p = strings.ToLower(strings.TrimSpace(p))
		switch {
		case p == "*":
			return true
		case strings.HasPrefix(p, "*.") || strings.HasPrefix(p, "."):
			domain := strings.TrimPrefix(strings.TrimPrefix(p, "*"), ".")
			if name == domain || strings.HasSuffix(name, "."+domain) {
				return true
			}
		case p == strings.ToLower(host) || p == name:
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
	return ip != nil && (ip.IsLoopback() || ip.IsUnspecified())
}

// ownAddrs are the addresses of this machine's network interfaces: a
// browser on the network reaches the server by one of them (a Host of
// 192.168.1.20:3000). They are read again, at most once a second, when a
// Host is not among them: an address may come and go (DHCP, Wi-Fi).
type ownAddrs struct {
	mu   sync.Mutex
	ips  map[string]bool
	read time.Time
}

func (o *ownAddrs) has(host string) bool {
	ip := net.ParseIP(host)
	if ip == nil {
		return false // a name: only an allowed one passes
	}
	key := ip.String()
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.ips[key] {
		return true
	}
	if time.Since(o.read) < time.Second {
		return false
	}
	o.read = time.Now()
	o.ips = interfaceIPs()
	return o.ips[key]
}

// interfaceIPs returns this machine's interface addresses, as net.IP's
// String writes them.
func interfaceIPs() map[string]bool {
	ips := make(map[string]bool)
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return ips
	}
	for _, a := range addrs {
		switch v := a.(type) {
		case *net.IPNet:
			ips[v.IP.String()] = true
		case *net.IPAddr:
			ips[v.IP.String()] = true
		}
	}
	return ips
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

// isWebSocket reports whether r asks to be upgraded to a WebSocket.
func isWebSocket(r *http.Request) bool {
	return r.Method == http.MethodGet && strings.EqualFold(r.Header.Get("Upgrade"), "websocket")
}
