package server

import (
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestGuardRefuse checks which requests the guard refuses: Host names that
// do not name this machine (DNS rebinding), and state-changing requests a
// page on another site made the browser send. Pages on this machine (any
// port) and on --allowed-origin hosts pass. One Guard answers the cases
// in turn, so that a Host it remembers as allowed is checked against the
// next one, refused or not.
func TestGuardRefuse(t *testing.T) {
	g := &Guard{Origins: []string{"dev.example.test"}, Hosts: []string{"app.example.test", ".tunnel.test", "pinned.test:8080"}}
	for _, c := range []struct {
		name, method, host string
		header             map[string]string
		refused            string // in the message; "" for passed
	}{
		{"GET, loopback Host", "GET", "localhost:3000", nil, ""},
		{"GET, loopback IP", "GET", "127.0.0.1:3000", nil, ""},
		{"GET, loopback IPv6", "GET", "[::1]:3000", nil, ""},
		{"GET, sub.localhost", "GET", "app.localhost", nil, ""},
		{"GET, no Host (HTTP/1.0)", "GET", "", nil, ""},
		{"GET, allowed origin as Host", "GET", "dev.example.test:3000", nil, ""},
		{"GET, allowed Host", "GET", "APP.example.test", nil, ""},
		{"GET, allowed domain", "GET", "a.b.tunnel.test:443", nil, ""},
		{"GET, allowed domain itself", "GET", "tunnel.test", nil, ""},
		{"GET, allowed host and port", "GET", "pinned.test:8080", nil, ""},
		{"GET, allowed host, other port", "GET", "pinned.test:9090", nil, "DNS rebinding"},
		{"GET, lookalike domain", "GET", "eviltunnel.test", nil, "DNS rebinding"},
		{"GET, rebinding", "GET", "evil.example:3000", nil, `--allowed-host "evil.example"`},
		{"GET, another IP", "GET", "203.0.113.9:3000", nil, "DNS rebinding"},
		{"GET from another site", "GET", "localhost:3000", map[string]string{"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"}, ""},
		{"POST, not a browser", "POST", "localhost:3000", nil, ""},
		{"POST, same origin", "POST", "localhost:3000", map[string]string{"Origin": "http://localhost:3000", "Sec-Fetch-Site": "same-origin"}, ""},
		{"POST, same origin, old browser", "POST", "localhost:3000", map[string]string{"Origin": "http://localhost:3000"}, ""},
		{"POST, typed by the user", "POST", "localhost:3000", map[string]string{"Sec-Fetch-Site": "none"}, ""},
		{"POST, another local port", "POST", "localhost:3000", map[string]string{"Origin": "http://localhost:5173", "Sec-Fetch-Site": "same-site"}, ""},
		{"POST, loopback IP origin", "POST", "localhost:3000", map[string]string{"Origin": "http://127.0.0.1:5173", "Sec-Fetch-Site": "cross-site"}, ""},
		{"POST, allowed origin", "POST", "localhost:3000", map[string]string{"Origin": "https://dev.example.test", "Sec-Fetch-Site": "cross-site"}, ""},
		{"POST, allowed Host is not an allowed origin", "POST", "localhost:3000", map[string]string{"Origin": "https://app.example.test", "Sec-Fetch-Site": "cross-site"}, `--allowed-origin "app.example.test"`},
		{"POST, other origin", "POST", "localhost:3000", map[string]string{"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"}, `--allowed-origin "evil.example"`},
		{"POST, other origin, old browser", "POST", "localhost:3000", map[string]string{"Origin": "https://evil.example"}, `from origin "https://evil.example"`},
		{"POST, null origin", "POST", "localhost:3000", map[string]string{"Origin": "null"}, `from origin "null"`},
		{"POST, cross-site without Origin", "POST", "localhost:3000", map[string]string{"Sec-Fetch-Site": "cross-site"}, "Sec-Fetch-Site: cross-site"},
		{"WebSocket, no Origin (not a browser)", "GET", "localhost:3000", map[string]string{"Upgrade": "websocket"}, ""},
		{"WebSocket, same origin", "GET", "localhost:3000", map[string]string{"Upgrade": "websocket", "Origin": "http://localhost:3000"}, ""},
		{"WebSocket, another local port", "GET", "localhost:3000", map[string]string{"Upgrade": "websocket", "Origin": "http://localhost:5173"}, ""},
		{"WebSocket, allowed origin", "GET", "localhost:3000", map[string]string{"Upgrade": "websocket", "Origin": "https://dev.example.test"}, ""},
		{"WebSocket, other origin", "GET", "localhost:3000", map[string]string{"Upgrade": "WebSocket", "Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"}, `WebSocket from origin "https://evil.example" refused`},
		{"WebSocket, same host, other port", "GET", "app.example.test:3000", map[string]string{"Upgrade": "websocket", "Origin": "http://app.example.test:4000"}, `--allowed-origin "app.example.test"`},
		{"DELETE, same-site", "DELETE", "localhost:3000", map[string]string{"Sec-Fetch-Site": "same-site"}, "cross-site DELETE"},
	} {
		r := httptest.NewRequest(c.method, "/api", nil)
		r.Host = c.host
		for k, v := range c.header {
			r.Header.Set(k, v)
		}
		got := g.refuse(r)
		switch {
		case c.refused == "" && got != "":
			t.Errorf("%s: refused (%s), want passed", c.name, got)
		case c.refused != "" && !strings.Contains(got, c.refused):
			t.Errorf("%s: %q, want a refusal saying %q", c.name, got, c.refused)
		}
	}
	var none *Guard
	if got := none.refuse(httptest.NewRequest("POST", "/api", nil)); got != "" {
		t.Errorf("a nil Guard refused: %s", got)
	}
	anyHost := &Guard{Hosts: []string{"*"}}
	if r := httptest.NewRequest("GET", "/", nil); anyHost.refuse(withHost(r, "whatever.example")) != "" {
		t.Error(`--allowed-host "*" refused a Host`)
	}
}

// TestGuardOwnAddresses checks that the machine's own interface addresses
// pass as Host: a browser on the network reaches a server on 0.0.0.0 by
// one of them.
func TestGuardOwnAddresses(t *testing.T) {
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		t.Skip("no interface addresses:", err)
	}
	g := &Guard{}
	for _, a := range addrs {
		ipn, ok := a.(*net.IPNet)
		if !ok {
			continue
		}
		host := net.JoinHostPort(ipn.IP.String(), "3000")
		if msg := g.refuse(withHost(httptest.NewRequest("GET", "/", nil), host)); msg != "" {
			t.Errorf("own address %s refused: %s", host, msg)
		}
	}
}

func withHost(r *http.Request, host string) *http.Request {
	r.Host = host
	return r
}
