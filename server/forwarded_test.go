package server

import (
	"net/http/httptest"
	"testing"
)

func TestForwarded(t *testing.T) {
	for _, c := range []struct {
		name         string
		header       map[string][]string
		host, remote string
		tls          bool
	}{
		{"none", nil, "internal:3000", "10.0.0.2:5555", false},
		{"all", map[string][]string{"X-Forwarded-Host": {"shop.example.com"}, "X-Forwarded-Proto": {"https"}, "X-Forwarded-For": {"203.0.113.7"}}, "shop.example.com", "203.0.113.7:5555", true},
		{"lists", map[string][]string{"X-Forwarded-Host": {"a.example, b.internal"}, "X-Forwarded-Proto": {"https, http"}, "X-Forwarded-For": {"1.1.1.1, 198.51.100.4", "203.0.113.9"}}, "a.example", "203.0.113.9:5555", true},
		{"IPv6 client", map[string][]string{"X-Forwarded-For": {"2001:db8::1"}}, "internal:3000", "[2001:db8::1]:5555", false},
		{"bad values ignored", map[string][]string{"X-Forwarded-Host": {"evil host"}, "X-Forwarded-For": {"not-an-ip"}, "X-Forwarded-Proto": {"gopher"}}, "internal:3000", "10.0.0.2:5555", false},
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.Host, r.RemoteAddr = "internal:3000", "10.0.0.2:5555"
		for k, vs := range c.header {
			r.Header[k] = vs
		}
		got := forwarded(r)
		if got.Host != c.host || got.RemoteAddr != c.remote || (got.TLS != nil) != c.tls {
			t.Errorf("%s: Host %q RemoteAddr %q TLS %v, want %q %q %v", c.name, got.Host, got.RemoteAddr, got.TLS != nil, c.host, c.remote, c.tls)
		}
		if r.Host != "internal:3000" {
			t.Errorf("%s: the request itself was changed", c.name)
		}
	}
}
