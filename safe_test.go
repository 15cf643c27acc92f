package main

import (
	"io"
	"net/http"
	"testing"
)

// TestExposedDevServerChecksHost checks that binding to every interface
// (-H 0.0.0.0, Docker's default) keeps the DNS-rebinding check: a Host
// that names this machine passes, another needs --allowed-host.
func TestExposedDevServerChecksHost(t *testing.T) {
	t.Parallel()
	r := start(t, map[string]string{
		"app/api/route.go": "package route\n\nimport \"github.com/devserver/devserver/next\"\n\nfunc GET(req *next.Request) *next.Response { return next.NewResponse(\"ok\") }\n",
	}, "-H", "0.0.0.0", "--allowed-host", "app.example.test")
	for _, c := range []struct {
		host string
		want int
	}{
		{"", 200}, // localhost:port, from the ready line
		{"127.0.0.1", 200},
		{"app.example.test:3000", 200},
		{"evil.example", 403},
		{"evil.example:3000", 403},
	} {
		req, _ := http.NewRequest("GET", r.url+"/api", nil)
		if c.host != "" {
			req.Host = c.host
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != c.want {
			t.Errorf("Host %q: %d %s, want %d", c.host, res.StatusCode, b, c.want)
		}
	}
}
