package dev_test

import (
	"net"
	"strings"
	"testing"
	"time"
)

// TestCompiledRouteSeesClientRequest: a route the compiled tier runs sees
// the request as the client sent it, as built: the query parameters
// httputil.ReverseProxy drops (a=1;b=2, c=%zz), the client's forwarding
// headers, and the dev server's port in X-Forwarded-Port, not the
// worker's; and the hop-by-hop headers (Connection: close with r.Close,
// Keep-Alive, a header Connection names, Proxy-Authorization).
func TestCompiledRouteSeesClientRequest(t *testing.T) {
	a := startModuleApp(t, map[string]string{
		"app/echo/route.go": `package route

import (
	"fmt"
	"net/http"
	"unsafe"
)

func GET(w http.ResponseWriter, r *http.Request) {
	_ = unsafe.Sizeof(0)
	fmt.Fprintf(w, "raw=%s for=%q fwd=%q host=%q proto=%q port=%s", r.URL.RawQuery,
		r.Header["X-Forwarded-For"], r.Header["Forwarded"], r.Header["X-Forwarded-Host"],
		r.Header["X-Forwarded-Proto"], r.Header.Get("X-Forwarded-Port"))
	fmt.Fprintf(w, " conn=%q keep=%q foo=%q auth=%q close=%v", r.Header["Connection"], r.Header["Keep-Alive"],
		r.Header["X-Foo"], r.Header["Proxy-Authorization"], r.Close)
}
`,
	})
	_, port, _ := net.SplitHostPort(a.Addr)
	get := func(path string, hdr ...string) resp {
		t.Helper()
		deadline := time.Now().Add(3 * time.Minute)
		for {
			r, err := fetch("GET", a.URL+path, nil, hdr...)
			if err == nil && r.Status == 200 {
				return r
			}
			if time.Now().After(deadline) {
				t.Fatalf("GET %s: %v %v", path, r, err)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	if got, want := get("/echo?a=1;b=2&c=%zz&d=4").Body, `raw=a=1;b=2&c=%zz&d=4 for=["::ffff:127.0.0.1"] fwd=[] host=["`+a.Addr+`"] proto=["http"] port=`+port+` conn=[] keep=[] foo=[] auth=[] close=false`; got != want {
		t.Errorf("GET /echo?a=1;b=2&c=%%zz&d=4:\n got %s\nwant %s", got, want)
	}
	got := get("/echo", "X-Forwarded-For", "1.2.3.4", "Forwarded", "for=1.2.3.4", "X-Forwarded-Host", "h.example", "X-Forwarded-Proto", "https", "X-Forwarded-Port", "8443").Body
	if want := `raw= for=["1.2.3.4"] fwd=["for=1.2.3.4"] host=["h.example"] proto=["https"] port=8443 conn=[] keep=[] foo=[] auth=[] close=false`; got != want {
		t.Errorf("GET /echo with forwarding headers:\n got %s\nwant %s", got, want)
	}
	got = get("/echo", "Connection", "close, X-Foo", "X-Foo", "1", "Keep-Alive", "timeout=5", "Proxy-Authorization", "Basic eA==").Body
	if want := `conn=["close, X-Foo"] keep=["timeout=5"] foo=["1"] auth=["Basic eA=="] close=true`; !strings.HasSuffix(got, want) {
		t.Errorf("GET /echo with hop-by-hop headers:\n got %s\nwant … %s", got, want)
	}
}
