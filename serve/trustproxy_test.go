package serve

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/devserver/devserver/next"
	"github.com/devserver/devserver/server"
)

// TestTrustProxy checks that with --trust-proxy the route sees the public
// URL a TLS-terminating proxy was asked for, and that without it the
// forwarded headers change nothing.
func TestTrustProxy(t *testing.T) {
	routes := map[string]map[string]any{
		"where": {"GET": func(req *next.Request) *next.Response {
			return next.NewResponse(req.NextURL.Href + " " + req.Raw().RemoteAddr)
		}},
	}
	trusting, _ := compiledApp(t, true, routes, func(s *server.Server) { s.TrustProxy = true })
	plain, _ := compiledApp(t, true, routes)
	get := func(base string) string {
		req, _ := http.NewRequest("GET", base+"/where?q=1", nil)
		req.Header.Set("X-Forwarded-Proto", "https")
		req.Header.Set("X-Forwarded-Host", "shop.example.com")
		req.Header.Set("X-Forwarded-For", "203.0.113.7")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return string(b)
	}
	if got := get(trusting); !strings.HasPrefix(got, "https://shop.example.com/where?q=1 203.0.113.7:") {
		t.Errorf("trusting: %q, want the public URL and the client's address", got)
	}
	if got := get(plain); !strings.HasPrefix(got, "http://") || strings.Contains(got, "shop.example.com") || strings.Contains(got, "203.0.113.7") {
		t.Errorf("not trusting: %q, want the URL and address the server saw", got)
	}
}
