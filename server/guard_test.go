package server

import (
	"net/http/httptest"
	"strings"
	"testing"
)

// TestGuardRefuse checks which requests the dev server's guard refuses:
// Host names that do not name this machine (DNS rebinding), and
// state-changing requests a page on another site made the browser send.
// Pages on this machine (any port) and on --allowed-origin hosts pass.
func TestGuardRefuse(t *testing.T) {
	g := &Guard{LoopbackOnly: true, Allowed: []string{"dev.example.test"}}
	for _, c := range []struct {
		name, method, host string
		header             map[string]string
		refused            string // in the message; "" for passed
	}{
		{"GET, loopback Host", "GET", "localhost:3000", nil, ""},
		{"GET, allowed Host", "GET", "dev.example.test:3000", nil, ""},
		{"GET, rebinding", "GET", "evil.example:3000", nil, "DNS rebinding"},
		{"GET from another site", "GET", "localhost:3000", map[string]string{"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"}, ""},
		{"POST, not a browser", "POST", "localhost:3000", nil, ""},
		{"POST, same origin", "POST", "localhost:3000", map[string]string{"Origin": "http://localhost:3000", "Sec-Fetch-Site": "same-origin"}, ""},
		{"POST, same origin, old browser", "POST", "localhost:3000", map[string]string{"Origin": "http://localhost:3000"}, ""},
		{"POST, typed by the user", "POST", "localhost:3000", map[string]string{"Sec-Fetch-Site": "none"}, ""},
		{"POST, another local port", "POST", "localhost:3000", map[string]string{"Origin": "http://localhost:5173", "Sec-Fetch-Site": "same-site"}, ""},
		{"POST, loopback IP origin", "POST", "localhost:3000", map[string]string{"Origin": "http://127.0.0.1:5173", "Sec-Fetch-Site": "cross-site"}, ""},
		{"POST, allowed origin", "POST", "localhost:3000", map[string]string{"Origin": "https://dev.example.test", "Sec-Fetch-Site": "cross-site"}, ""},
		{"POST, other origin", "POST", "localhost:3000", map[string]string{"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"}, `--allowed-origin "evil.example"`},
		{"POST, other origin, old browser", "POST", "localhost:3000", map[string]string{"Origin": "https://evil.example"}, `from origin "https://evil.example"`},
		{"POST, null origin", "POST", "localhost:3000", map[string]string{"Origin": "null"}, `from origin "null"`},
		{"POST, cross-site without Origin", "POST", "localhost:3000", map[string]string{"Sec-Fetch-Site": "cross-site"}, "Sec-Fetch-Site: cross-site"},
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
}
