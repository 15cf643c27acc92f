package dev_test

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/devserver/devserver/dev"
	"github.com/devserver/devserver/server"
)

// TestHandlerTimeout checks a handler that never returns: its client gets
// 504 naming the route after the timeout, the handler's context is
// cancelled (a handler watching it stops), and every other route goes on.
func TestHandlerTimeout(t *testing.T) {
	t.Parallel()
	a := startApp(t, map[string]string{
		"app/hang/route.go": goRoute(`func GET(req *next.Request) *next.Response {
	for {
		time.Sleep(time.Hour)
	}
}`, "time"),
		"app/polite/route.go": goRoute(`var stopped = make(chan bool, 1)

func GET(req *next.Request) *next.Response {
	<-req.Context().Done()
	stopped <- true
	return next.NewResponse("too late")
}

func POST(req *next.Request) *next.Response {
	select {
	case <-stopped:
		return next.NewResponse("stopped")
	case <-time.After(5 * time.Second):
		return next.NewResponse("still running")
	}
}`, "time"),
		"app/ok/route.go": textRoute("ok"),
	}, func(o *dev.Options) { o.HandlerTimeout = 200 * time.Millisecond })
	start := time.Now()
	expect(t, "GET /hang", a.get(t, "/hang"), 504, "app/hang/route.go", "did not return within 200ms")
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("the timeout answered after %v", d)
	}
	expect(t, "GET /ok", a.get(t, "/ok"), 200, "ok")
	expect(t, "GET /polite", a.get(t, "/polite"), 504)
	expect(t, "POST /polite (did GET see its context end?)", a.post(t, "/polite", "text/plain", ""), 200, "stopped")
	// Many hung handlers do not stop the server either.
	for i := 0; i < 20; i++ {
		expect(t, "GET /hang again", a.get(t, "/hang"), 504)
	}
	expect(t, "GET /ok after 21 hung handlers", a.get(t, "/ok"), 200, "ok")
}

// TestHeaderInjectionRefused checks that a CR, LF or other control
// character in a header or a cookie's name a handler sets is refused with a
// 500 naming it, never sent (a cookie's value is percent-encoded).
func TestHeaderInjectionRefused(t *testing.T) {
	t.Parallel()
	a := startApp(t, map[string]string{
		"app/h/route.go": goRoute(`func GET(req *next.Request) *next.Response {
	res := next.NewResponse("x")
	res.Headers.Set("X-Echo", req.NextURL.SearchParams.Get("v"))
	return res
}`),
		"app/name/route.go": goRoute(`func GET(req *next.Request) *next.Response {
	res := next.NewResponse("x")
	res.Headers["Bad Name"] = []string{"v"}
	return res
}`),
		"app/c/route.go": goRoute(`func GET(req *next.Request) *next.Response {
	res := next.NewResponse("x")
	res.Cookies.Set(&http.Cookie{Name: "s", Value: req.NextURL.SearchParams.Get("v")})
	return res
}`, "net/http"),
		"app/rc/route.go": goRoute(`func GET(req *next.Request) *next.Response {
	req.Cookies.Set(&http.Cookie{Name: "s", Value: req.NextURL.SearchParams.Get("v")})
	return next.NewResponse("x")
}`, "net/http"),
		"app/cn/route.go": goRoute(`func GET(req *next.Request) *next.Response {
	res := next.NewResponse("x")
	res.Cookies.Set(&http.Cookie{Name: req.NextURL.SearchParams.Get("v"), Value: "v"})
	return res
}`, "net/http"),
	})
	// A cookie's value is percent-encoded as Next.js sends it: a CR, LF or
	// ";" in it cannot cut the header.
	for _, c := range []struct{ path, want string }{
		{"/c?v=a%0d%0aX-Evil:+1", "s=a%0D%0AX-Evil%3A%201; Path=/"},
		{"/c?v=a%3bb", "s=a%3Bb; Path=/"},
		{"/rc?v=a%0d%0ab", "s=a%0D%0Ab; Path=/"},
	} {
		r := a.raw(t, "GET", c.path)
		if r.Status != 200 || r.Header.Get("Set-Cookie") != c.want || r.Header.Get("X-Evil") != "" {
			t.Errorf("GET %s: %s Set-Cookie %q, want 200 with %q", c.path, r, r.Header.Get("Set-Cookie"), c.want)
		}
	}
	r := a.get(t, "/h?v=fine")
	if r.Status != 200 || r.Header.Get("X-Echo") != "fine" {
		t.Fatalf("GET /h?v=fine: %s %q", r, r.Header.Get("X-Echo"))
	}
	for _, c := range []struct{ path, want string }{
		{"/h?v=a%0d%0aSet-Cookie:+evil=1", "control character"},
		{"/h?v=a%0aX-Evil:+1", "control character"},
		{"/h?v=a%00b", "control character"},
		{"/name", "not a valid HTTP token"},
		{"/cn?v=a%0d%0aX-Evil:+1", `cookie name`},
		{"/cn?v=a%00", `cookie name`},
	} {
		r := a.raw(t, "GET", c.path)
		expect(t, "GET "+c.path, r, 500, c.want)
		if r.Header.Get("Set-Cookie") != "" || r.Header.Get("X-Evil") != "" || r.Header.Get("X-Echo") != "" {
			t.Errorf("GET %s: the header went out: %v", c.path, r.Header)
		}
	}
}

// TestHugeStreamedResponse checks that a 1 GB response body is streamed,
// not buffered: the heap stays far below its size.
func TestHugeStreamedResponse(t *testing.T) {
	if testing.Short() {
		t.Skip("1 GB over loopback")
	}
	t.Parallel()
	const size = 1 << 30
	a := startApp(t, map[string]string{
		"app/big/route.go": goRoute(`func GET(req *next.Request) *next.Response {
	return next.Stream(func(w *next.StreamWriter) error {
		chunk := make([]byte, 1<<20)
		for i := 0; i < `+fmt.Sprint(size>>20)+`; i++ {
			if _, err := w.Write(chunk); err != nil {
				return err
			}
		}
		return nil
	}, next.Init{Headers: http.Header{"Content-Type": {"application/octet-stream"}}})
}`, "net/http"),
	})
	res, err := http.Get(a.URL + "/big")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != 200 {
		b, _ := io.ReadAll(res.Body)
		t.Fatalf("GET /big: %d %s", res.StatusCode, b)
	}
	var peak uint64
	buf := make([]byte, 1<<20)
	var n int64
	for i := 0; ; i++ {
		k, err := res.Body.Read(buf)
		n += int64(k)
		if i%256 == 0 {
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapAlloc)
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("after %d bytes: %v", n, err)
		}
	}
	if n != size {
		t.Errorf("read %d bytes, want %d", n, size)
	}
	if peak > 256<<20 {
		t.Errorf("heap reached %d MB while streaming 1 GB: the body was buffered", peak>>20)
	}
}

// TestRouteStartsGoroutines checks that goroutines a route starts do not
// disturb the server, across a reload.
func TestRouteStartsGoroutines(t *testing.T) {
	t.Parallel()
	a := startApp(t, map[string]string{
		"app/spawn/route.go": goRoute(`var ticks atomic.Int64

func init() {
	go func() {
		for {
			ticks.Add(1)
			time.Sleep(time.Millisecond)
		}
	}()
}

func GET(req *next.Request) *next.Response {
	for i := 0; i < 10; i++ {
		go func() { time.Sleep(50 * time.Millisecond) }()
	}
	return next.JSON(ticks.Load() > 0)
}`, "sync/atomic", "time"),
		"app/ok/route.go": textRoute("ok v1"),
	})
	a.waitBody(t, "/spawn", "true")
	a.write(t, "app/ok/route.go", textRoute("ok v2"))
	a.waitBody(t, "/ok", "ok v2")
	expect(t, "GET /spawn after a reload", a.get(t, "/spawn"), 200, "true")
}

// TestHeadersTooLarge checks that a request whose headers pass
// MaxHeaderBytes gets 431 and the server goes on.
func TestHeadersTooLarge(t *testing.T) {
	t.Parallel()
	a := startApp(t, map[string]string{"app/ok/route.go": textRoute("ok")})
	r := a.raw(t, "GET", "/ok", "X-Big: "+strings.Repeat("x", 2<<20))
	if r.Status != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("2 MB of headers: %s, want 431", r)
	}
	expect(t, "GET /ok", a.get(t, "/ok"), 200, "ok")
}

// TestSmugglingShapes sends requests whose framing is ambiguous. net/http
// refuses most with 400, never passing them to a route; two it accepts,
// with one meaning (Transfer-Encoding wins over Content-Length, a bare LF
// ends a header line), which the route must see whole, with nothing left
// over to be read as a second request. The server goes on.
func TestSmugglingShapes(t *testing.T) {
	t.Parallel()
	a := startApp(t, map[string]string{"app/echo/route.go": goRoute(`func POST(req *next.Request) *next.Response {
	b, _ := req.Text()
	return next.NewResponse("route saw " + b)
}`)})
	for _, c := range []struct{ name, req string }{
		{"two Content-Lengths", "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 40\r\n\r\nabc"},
		{"unknown transfer coding", "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"},
		{"space before colon", "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length : 3\r\n\r\nabc"},
		{"no Host (HTTP/1.1)", "POST /echo HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc"},
	} {
		conn, err := net.Dial("tcp", a.Addr)
		if err != nil {
			t.Fatal(err)
		}
		_ = conn.SetDeadline(time.Now().Add(waitTimeout))
		if _, err := io.WriteString(conn, c.req); err != nil {
			t.Fatal(err)
		}
		res, err := http.ReadResponse(bufio.NewReader(conn), nil)
		switch {
		case err != nil:
			t.Errorf("%s: %v", c.name, err)
		case res.StatusCode == 200:
			b, _ := io.ReadAll(res.Body)
			t.Errorf("%s: reached the route: %s", c.name, b)
		case res.StatusCode != 400 && res.StatusCode != 501:
			t.Errorf("%s: %d, want 400 or 501", c.name, res.StatusCode)
		}
		conn.Close()
	}
	for _, c := range []struct{ name, req string }{
		{"Content-Length and chunked", "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nabcde\r\n0\r\n\r\n"},
		{"bare LF in header", "POST /echo HTTP/1.1\r\nHost: x\r\nX-A: 1\nContent-Length: 5\r\n\r\nabcde"},
	} {
		conn, err := net.Dial("tcp", a.Addr)
		if err != nil {
			t.Fatal(err)
		}
		_ = conn.SetDeadline(time.Now().Add(waitTimeout))
		// A second request follows on the same connection: it must be
		// answered as itself.
		if _, err := io.WriteString(conn, c.req+"GET /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"); err != nil {
			t.Fatal(err)
		}
		br := bufio.NewReader(conn)
		res, err := http.ReadResponse(br, nil)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		b, _ := io.ReadAll(res.Body)
		if res.StatusCode != 200 || string(b) != "route saw abcde" {
			t.Errorf("%s: %d %q, want the whole body", c.name, res.StatusCode, b)
		}
		if res2, err := http.ReadResponse(br, nil); err != nil || res2.StatusCode != 404 {
			t.Errorf("%s: the request after it: %v %v, want 404", c.name, res2, err)
		}
		conn.Close()
	}
	expect(t, "POST /echo", a.post(t, "/echo", "text/plain", "fine"), 200, "route saw fine")
}

// TestGuard checks the dev server's defence against pages on other sites:
// Host must name this machine (DNS rebinding), state-changing requests from
// other origins are refused, and /_devserver/ answers only its own pages.
func TestGuard(t *testing.T) {
	t.Parallel()
	a := startApp(t, map[string]string{
		"app/api/route.go": goRoute(`func GET(req *next.Request) *next.Response { return next.NewResponse("read") }

func POST(req *next.Request) *next.Response { return next.NewResponse("written") }`),
	}, func(o *dev.Options) {
		o.Guard = &server.Guard{LoopbackOnly: true, Allowed: []string{"dev.example.test"}}
		o.LiveReload = true
	})
	_, port, _ := net.SplitHostPort(a.Addr)
	for _, c := range []struct {
		name   string
		method string
		path   string
		hdr    []string
		status int
	}{
		{"GET, Host 127.0.0.1", "GET", "/api", []string{"Host: 127.0.0.1:" + port}, 200},
		{"GET, Host localhost", "GET", "/api", []string{"Host: localhost:" + port}, 200},
		{"GET, Host app.localhost", "GET", "/api", []string{"Host: app.localhost"}, 200},
		{"GET, Host [::1]", "GET", "/api", []string{"Host: [::1]:" + port}, 200},
		{"GET, Host allowed", "GET", "/api", []string{"Host: dev.example.test:" + port}, 200},
		{"GET, Host rebinding", "GET", "/api", []string{"Host: evil.example:" + port}, 403},
		{"POST, no Origin (curl)", "POST", "/api", []string{"Host: localhost", "Content-Length: 0"}, 200},
		{"POST, same origin", "POST", "/api", []string{"Host: localhost:" + port, "Origin: http://localhost:" + port, "Content-Length: 0"}, 200},
		{"POST, another local port", "POST", "/api", []string{"Host: localhost:" + port, "Origin: http://localhost:5173", "Content-Length: 0"}, 200},
		{"POST, allowed origin", "POST", "/api", []string{"Host: localhost", "Origin: https://dev.example.test", "Content-Length: 0"}, 200},
		{"POST, other origin", "POST", "/api", []string{"Host: localhost", "Origin: https://evil.example", "Content-Length: 0"}, 403},
		{"POST, null origin", "POST", "/api", []string{"Host: localhost", "Origin: null", "Content-Length: 0"}, 403},
		{"POST, cross-site without Origin", "POST", "/api", []string{"Host: localhost", "Sec-Fetch-Site: cross-site", "Content-Length: 0"}, 403},
		{"GET, other origin (unreadable to it)", "GET", "/api", []string{"Host: localhost", "Origin: https://evil.example"}, 200},
		{"live-reload events from another origin", "GET", "/_devserver/client.js", []string{"Host: localhost", "Origin: https://evil.example"}, 403},
		{"POST to /_devserver/", "POST", "/_devserver/events", []string{"Host: localhost", "Content-Length: 0"}, 405},
		{"an unknown /_devserver/ path", "GET", "/_devserver/../../go.mod", []string{"Host: localhost"}, 308},
		{"an unknown /_devserver/ file", "GET", "/_devserver/nope", []string{"Host: localhost"}, 404},
	} {
		r := a.rawHost(t, c.method, c.path, c.hdr...)
		if r.Status != c.status {
			t.Errorf("%s: %s, want %d", c.name, r, c.status)
		}
		if c.status == 403 && !strings.Contains(r.Body, "forbidden") {
			t.Errorf("%s: body %q does not say why", c.name, r.Body)
		}
	}
}

// TestReaderBody checks that a reader type declared in route code works as
// a response body, as in a build: its Read is called, and its Close.
func TestReaderBody(t *testing.T) {
	t.Parallel()
	a := startApp(t, map[string]string{
		"app/r/route.go": goRoute(`type letters struct{ left int }

func (l *letters) Read(p []byte) (int, error) {
	if l.left == 0 {
		return 0, io.EOF
	}
	p[0] = 'a'
	l.left--
	return 1, nil
}

var closed atomic.Bool

type closing struct{ letters }

func (c *closing) Close() error { closed.Store(true); return nil }

func GET(req *next.Request) *next.Response {
	if req.NextURL.SearchParams.Has("closed") {
		return next.JSON(closed.Load())
	}
	if req.NextURL.SearchParams.Has("close") {
		return next.NewResponse(&closing{letters{left: 3}})
	}
	return next.NewResponse(&letters{left: 5})
}`, "io", "sync/atomic"),
	})
	expect(t, "GET /r", a.get(t, "/r"), 200, "aaaaa")
	expect(t, "GET /r?close", a.get(t, "/r?close"), 200, "aaa")
	expect(t, "GET /r?closed", a.get(t, "/r?closed"), 200, "true")
}
