package server

import (
	"crypto/tls"
	"net"
	"net/http"
	"strings"

	"golang.org/x/net/http/httpguts"
)

// forwarded returns r as the client made it to the proxy in front of the
// server (Server.TrustProxy): X-Forwarded-Host becomes its Host,
// X-Forwarded-Proto "https" makes it a TLS request, and the last address
// of X-Forwarded-For its RemoteAddr. NextURL, redirects to it and the
// Host check all see the public URL then. Of Host and Proto, a chain of
// proxies that appends lists the client-facing value first; of For, the
// last address is the one the proxy in front saw (earlier ones are what
// the client claimed). r itself is not changed.
func forwarded(r *http.Request) *http.Request {
	host := firstValue(r.Header.Get("X-Forwarded-Host"))
	proto := strings.ToLower(firstValue(r.Header.Get("X-Forwarded-Proto")))
	client := lastValue(r.Header.Values("X-Forwarded-For"))
	if host == "" && proto == "" && client == "" {
		return r
	}
	r2 := r.WithContext(r.Context())
	if host != "" && httpguts.ValidHostHeader(host) {
		r2.Host = host
	}
	switch proto {
	case "https":
		if r2.TLS == nil {
			// Only whether the client's connection is TLS is known; the
			// proxy's connection state stays its own.
			r2.TLS = &tls.ConnectionState{}
		}
	case "http":
		r2.TLS = nil
	}
	if ip := net.ParseIP(strings.Trim(client, "[]")); ip != nil {
		port := "0"
		if _, p, err := net.SplitHostPort(r.RemoteAddr); err == nil {
			port = p
		}
		r2.RemoteAddr = net.JoinHostPort(ip.String(), port)
	}
	return r2
}

// lastValue returns the last of the comma-separated values of a header
// that may be repeated, trimmed.
func lastValue(vs []string) string {
	if len(vs) == 0 {
		return ""
	}
	v := vs[len(vs)-1]
	if i := strings.LastIndexByte(v, ','); i >= 0 {
		v = v[i+1:]
	}
	return strings.TrimSpace(v)
}

// firstValue returns the first of a comma-separated header value, trimmed.
func firstValue(v string) string {
	first, _, _ := strings.Cut(v, ",")
	return strings.TrimSpace(first)
}
