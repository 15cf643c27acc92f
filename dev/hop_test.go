package dev_test

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/devserver/devserver/dev"
)

// hopRoute is a route the compiled tier runs (it imports unsafe), whose
// answers show what Go's HTTP client hides: the header lines as written,
// and the request's protocol.
const hopRoute = `package route

import (
	"fmt"
	"io"
	"net/http"
	"unsafe"
)

func GET(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Query().Get("k") {
	case "close":
		w.Header().Set("Connection", "close")
		fmt.Fprintln(w, "closing")
	case "close-empty":
		w.Header()["Connection"] = []string{"close, X-Named"}
		w.Header().Set("X-Named", "1")
	case "lower":
		h := w.Header()
		h["x-lower"] = []string{"a", "b"}
		h["X-UPPER"] = []string{"c"}
		h["Content-Type"] = []string{"text/plain"}
		fmt.Fprintln(w, "keys")
	case "101":
		w.Header().Set("Upgrade", "websocket")
		w.Header().Set("Connection", "Upgrade")
		w.WriteHeader(http.StatusSwitchingProtocols)
	default:
		fmt.Fprintf(w, "compiled %d\n", unsafe.Sizeof(0))
	}
}

func POST(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintf(w, "%s %d.%d len=%d te=%q close=%v\n", r.Proto, r.ProtoMajor, r.ProtoMinor, r.ContentLength, r.TransferEncoding, r.Close)
}

func PATCH(w http.ResponseWriter, r *http.Request) {
	b, err := io.ReadAll(r.Body)
	fmt.Fprintf(w, "expect=%q %q %v\n", r.Header["Expect"], b, err)
}

func PUT(w http.ResponseWriter, r *http.Request) {
	before := fmt.Sprint(r.Trailer)
	b, err := io.ReadAll(r.Body)
	fmt.Fprintf(w, "%q %v before=%s after=%v\n", b, err, before, r.Trailer)
}
`

// rawAnswer sends req as it is on a new connection to addr and returns
// the answer's header lines, as written, and its body (of its
// Content-Length).
func rawAnswer(t *testing.T, addr, req string) (lines []string, body string) {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := io.WriteString(c, req); err != nil {
		t.Fatal(err)
	}
	br := bufio.NewReader(c)
	n := 0
	for {
		line, err := br.ReadString('\n')
		if err != nil {
			t.Fatalf("%q: %v after %q", req, err, lines)
		}
		line = strings.TrimRight(line, "\r\n")
		if line == "" {
			break
		}
		if k, v, ok := strings.Cut(line, ": "); ok && strings.EqualFold(k, "Content-Length") {
			n, _ = strconv.Atoi(v)
		}
		if !strings.HasPrefix(line, "Date: ") && !strings.HasPrefix(line, "X-Devserver-Generation: ") {
			lines = append(lines, line)
		}
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(br, b); err != nil {
		t.Fatalf("%q: body: %v", req, err)
	}
	slices.Sort(lines[1:])
	return lines, string(b)
}

// TestCompiledHop checks what Go's HTTP client does not show of a
// compiled route's answer through the dev server's hop to its worker,
// which must be what the built binary writes (net/http's): a
// Connection: close the route sets (the transport to the worker dropped
// it), header keys as the route spelled them (the transport made them
// canonical), a 101 without a hijack (with the upgrade's headers, which
// Go's client waits on the connection after), an HTTP/1.0 request seen
// as one (the worker is spoken to in HTTP/1.1), and a request's trailers
// (ReverseProxy sent the worker their keys only).
func TestCompiledHop(t *testing.T) {
	a := startModuleApp(t, map[string]string{
		"app/r/route.go": hopRoute,
	})
	waitForRequestWithin(t, compileWait, "GET", a.URL+"/r", func(r resp) bool {
		if r.Status == 500 {
			t.Fatalf("GET /r: %v", r)
		}
		return r.Status == 200 && strings.HasPrefix(r.Body, "compiled")
	})
	host := "Host: " + a.Addr + "\r\n"
	for _, tc := range []struct {
		req   string
		lines []string
		body  string
	}{
		{
			"GET /r?k=close HTTP/1.1\r\n" + host + "\r\n",
			[]string{"HTTP/1.1 200 OK", "Connection: close", "Content-Length: 8", "Content-Type: text/plain; charset=utf-8"},
			"closing\n",
		},
		{
			"GET /r?k=close-empty HTTP/1.1\r\n" + host + "\r\n",
			[]string{"HTTP/1.1 200 OK", "Connection: close, X-Named", "Content-Length: 0", "X-Named: 1"},
			"",
		},
		{
			"GET /r?k=lower HTTP/1.1\r\n" + host + "\r\n",
			[]string{"HTTP/1.1 200 OK", "Content-Length: 5", "Content-Type: text/plain", "X-UPPER: c", "x-lower: a", "x-lower: b"},
			"keys\n",
		},
		{
			// The request asks for no upgrade; net/http sends the 101 as
			// the answer all the same.
			"GET /r?k=101 HTTP/1.1\r\n" + host + "\r\n",
			[]string{"HTTP/1.1 101 Switching Protocols", "Connection: Upgrade", "Upgrade: websocket"},
			"",
		},
		{
			"POST /r HTTP/1.0\r\n" + host + "Content-Length: 3\r\n\r\nabc",
			[]string{"HTTP/1.0 200 OK", "Content-Length: 36", "Content-Type: text/plain; charset=utf-8"},
			"HTTP/1.0 1.0 len=3 te=[] close=true\n",
		},
		{
			"POST /r HTTP/1.0\r\n" + host + "Connection: keep-alive\r\nContent-Length: 3\r\n\r\nabc",
			[]string{"HTTP/1.0 200 OK", "Connection: keep-alive", "Content-Length: 37", "Content-Type: text/plain; charset=utf-8"},
			"HTTP/1.0 1.0 len=3 te=[] close=false\n",
		},
		{
			"POST /r HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
			[]string{"HTTP/1.1 200 OK", "Content-Length: 47", "Content-Type: text/plain; charset=utf-8"},
			"HTTP/1.1 1.1 len=-1 te=[\"chunked\"] close=false\n",
		},
		{
			// The client's trailers reach the route, at the body's end.
			"PUT /r HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\nTrailer: X-Sum\r\n\r\n3\r\nabc\r\n0\r\nX-Sum: 42\r\n\r\n",
			[]string{"HTTP/1.1 200 OK", "Content-Length: 55", "Content-Type: text/plain; charset=utf-8"},
			"\"abc\" <nil> before=map[X-Sum:[]] after=map[X-Sum:[42]]\n",
		},
	} {
		lines, body := rawAnswer(t, a.Addr, tc.req)
		if !slices.Equal(lines, tc.lines) || body != tc.body {
			t.Errorf("%q:\ngot  %q %q\nwant %q %q", tc.req, lines, body, tc.lines, tc.body)
		}
	}

	// A body sent once the server asks for it (Expect: 100-continue):
	// one 100 Continue, as built, not a second one of the worker's, and
	// the route sees the Expect header.
	c, err := net.Dial("tcp", a.Addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := io.WriteString(c, "PATCH /r HTTP/1.1\r\n"+host+"Content-Length: 3\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	br := bufio.NewReader(c)
	if line, err := br.ReadString('\n'); err != nil || line != "HTTP/1.1 100 Continue\r\n" {
		t.Fatalf("Expect: 100-continue: %q %v, want HTTP/1.1 100 Continue", line, err)
	}
	if _, err := io.WriteString(c, "abc"); err != nil {
		t.Fatal(err)
	}
	rest, _ := io.ReadAll(br)
	want := "expect=[\"100-continue\"] \"abc\" <nil>\n"
	if strings.Count(string(rest), "100 Continue") != 0 || !strings.HasSuffix(string(rest), want) {
		t.Errorf("Expect: 100-continue: after the 100 Continue, %q; want one 100 Continue and the body %q", rest, want)
	}
}

// TestCompiledProxyProblem gives the compiled tier a proxy that compiles
// but cannot run: a Proxy of another type, then a matcher that does not
// compile. As for a proxy of the fast tier, the dev server reports it
// when it loads the proxy (a problem of the generation, logged and on the
// overlay), not only in the 500 of each request.
func TestCompiledProxyProblem(t *testing.T) {
	const proxyFile = `package proxy

import (
	"net/http"
	"next/go/proxy"
	"unsafe"
)

var _ = unsafe.Sizeof(0)

var Config = proxy.Config{Matcher: []proxy.Matcher{{Source: %q}}}

func Proxy(w http.ResponseWriter, r *http.Request) %s {
	proxy.Next(w)
	%s
}
`
	a := startModuleApp(t, map[string]string{
		"proxy.go":           fmt.Sprintf(proxyFile, "/p/:path*", "error", "return nil"),
		"app/hello/route.go": textRoute("hello"),
	})
	problem := func(want string) {
		t.Helper()
		deadline := time.Now().Add(3 * time.Minute)
		for {
			for _, p := range a.Dev.Server.Current().Problems() {
				if p.Err != nil && filepath.Base(p.File) == "proxy.go" && strings.Contains(p.Err.Error(), want) {
					r := a.get(t, "/hello")
					if r.Status != 500 || !strings.Contains(r.Body, want) {
						t.Errorf("GET /hello: %v, want 500 with %q", r, want)
					}
					return
				}
			}
			if time.Now().After(deadline) {
				t.Fatalf("no problem of proxy.go with %q within 3 minutes: %v; GET /hello: %v", want, a.Dev.Server.Current().Problems(), a.get(t, "/hello"))
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	problem("proxy.go: Proxy has type func(http.ResponseWriter, *http.Request) error")
	a.write(t, "proxy.go", fmt.Sprintf(proxyFile, "/p/(", "", ""))
	problem(`proxy.go: proxy: Matcher "/p/(": unbalanced pattern at 3`)
}

// limitProxy is a proxy the compiled tier runs (it imports unsafe) that
// reads the request body, or not, before it answers or passes the
// request on.
const limitProxy = `package proxy

import (
	"fmt"
	"io"
	"net/http"
	"next/go/proxy"
	"unsafe"
)

var _ = unsafe.Sizeof(0)

var Config = proxy.Config{Matcher: []proxy.Matcher{{Source: "/p/:path*"}}}

func Proxy(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Query().Get("k") {
	case "close":
		w.Header().Set("x-close", fmt.Sprint(r.Close))
	case "deny":
		w.WriteHeader(http.StatusForbidden)
		w.Write([]byte("denied"))
		return
	case "read3":
		b, _ := io.ReadAll(io.LimitReader(r.Body, 3))
		w.Header().Set("x-read", string(b))
	case "readall-next":
		io.ReadAll(r.Body)
		w.Header().Set("x-read", "all")
	case "readall":
		b, err := io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(http.StatusOK)
		fmt.Fprintf(w, "proxy read %d %v", len(b), err)
		return
	}
	proxy.Next(w)
}
`

// bodyRoute is the interpreted route of TestCompiledProxyBodyLimit and
// TestCompiledProxyExpectContinue, behind the proxy: it reads the body
// unless asked not to.
const bodyRoute = `package route

import (
	"fmt"
	"io"
	"net/http"
)

func GET(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "ready") }

func POST(w http.ResponseWriter, r *http.Request) {
	if r.URL.Query().Has("noread") {
		fmt.Fprintln(w, "route did not read")
		return
	}
	b, err := io.ReadAll(r.Body)
	fmt.Fprintf(w, "route len=%d got=%d err=%v\n", r.ContentLength, len(b), err)
}
`

// compiledBodyRoute is the route of TestCompiledProxyBodyLimit, run
// compiled (it imports unsafe).
const compiledBodyRoute = `package route

import (
	"fmt"
	"io"
	"net/http"
	"unsafe"
)

var _ = unsafe.Sizeof(0)

func POST(w http.ResponseWriter, r *http.Request) {
	if r.URL.Query().Has("noread") {
		fmt.Fprintln(w, "route did not read compiled")
		return
	}
	b, err := io.ReadAll(r.Body)
	fmt.Fprintf(w, "route len=%d got=%d err=%v\n", r.ContentLength, len(b), err)
}
`

// startBodyApp starts the app of the body tests: limitProxy, which runs
// compiled, in front of bodyRoute (interpreted, at /p/x) and
// compiledBodyRoute (at /p/c), and compiledBodyRoute without a proxy (at
// /c). It returns once the worker serves the proxy.
func startBodyApp(t *testing.T, configure ...func(*dev.Options)) *app {
	t.Helper()
	a := startModuleApp(t, map[string]string{
		"proxy.go":         limitProxy,
		"app/p/x/route.go": bodyRoute,
		"app/p/c/route.go": compiledBodyRoute,
		"app/c/route.go":   compiledBodyRoute,
	}, configure...)
	waitForRequestWithin(t, compileWait, "GET", a.URL+"/p/x", func(r resp) bool { return r.Status == 200 && r.Body == "ready" })
	return a
}

// TestCompiledProxyBodyLimit sends a body over the dev server's limit
// through a proxy the compiled tier runs, to a route of either tier, and
// to a compiled route without a proxy: the request answers 413 only once
// the proxy, or the route after it, reads that far, as built (the
// answers are those of a built binary with --max-body 10). Before, the
// dev server read the whole body ahead, for the worker running the proxy
// or the route, and the failure was the request's whatever they did: 413
// for a proxy answering without reading it, or a route not reading it.
func TestCompiledProxyBodyLimit(t *testing.T) {
	a := startBodyApp(t, func(o *dev.Options) { o.MaxBody = 10 })
	// The proxy sees the request's Close, as net/http sets it.
	for req, want := range map[string]string{
		"GET /p/x?k=close HTTP/1.1\r\nHost: " + a.Addr + "\r\nConnection: close\r\n\r\n": "X-Close: true",
		"GET /p/x?k=close HTTP/1.0\r\nHost: " + a.Addr + "\r\n\r\n":                      "X-Close: true",
		"GET /p/x?k=close HTTP/1.1\r\nHost: " + a.Addr + "\r\n\r\n":                      "X-Close: false",
	} {
		if lines, _ := rawAnswer(t, a.Addr, req); !slices.Contains(lines, want) {
			t.Errorf("%q: %q, want %s", req, lines, want)
		}
	}
	const tooLarge = "413 request body too large (limit 10 bytes)\n"
	for _, tc := range []struct {
		query  string
		status int
		body   string
	}{
		{"k=deny", 403, "denied"},
		{"k=read3", 413, tooLarge},
		{"k=read3&noread", 200, "route did not read\n"},
		{"k=readall", 413, tooLarge},
		{"k=readall-next&noread", 413, tooLarge},
		{"k=none&noread", 200, "route did not read\n"},
		{"k=none", 413, tooLarge},
	} {
		routes := []string{"/p/x", "/p/c"}
		if strings.HasPrefix(tc.query, "k=none") {
			routes = append(routes, "/c") // no proxy there
		}
		for _, route := range routes {
			want := tc.body
			if route != "/p/x" && tc.status == 200 {
				want = strings.Replace(want, "\n", " compiled\n", 1)
			}
			r := a.do(t, "POST", route+"?"+tc.query, strings.NewReader("0123456789ABCDEF"))
			if r.Status != tc.status || r.Body != want {
				t.Errorf("POST %s?%s: %v, want %d %q", route, tc.query, r, tc.status, want)
			}
		}
	}
}

// expectContinue sends req, whose header asks for a 100 Continue before
// its body (Expect: 100-continue), on a new connection to addr, then body
// once the server asks for it, and returns what came back: "100 " when
// the server asked, then the final status line and body.
func expectContinue(t *testing.T, addr, req, body string) string {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(20 * time.Second))
	if _, err := io.WriteString(c, req); err != nil {
		t.Fatal(err)
	}
	br := bufio.NewReader(c)
	line, err := br.ReadString('\n')
	if err != nil {
		t.Fatalf("%q: %v", req, err)
	}
	var out strings.Builder
	if line == "HTTP/1.1 100 Continue\r\n" {
		out.WriteString("100 ")
		if blank, err := br.ReadString('\n'); err != nil || blank != "\r\n" {
			t.Fatalf("%q: after the 100 Continue: %q %v", req, blank, err)
		}
		if _, err := io.WriteString(c, body); err != nil {
			t.Fatal(err)
		}
		if line, err = br.ReadString('\n'); err != nil {
			t.Fatalf("%q: %v", req, err)
		}
	}
	out.WriteString(strings.TrimSpace(line))
	n := 0
	for {
		h, err := br.ReadString('\n')
		if err != nil {
			t.Fatalf("%q: %v", req, err)
		}
		if h == "\r\n" {
			break
		}
		if k, v, ok := strings.Cut(strings.TrimSpace(h), ": "); ok && strings.EqualFold(k, "Content-Length") {
			n, _ = strconv.Atoi(v)
		}
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(br, b); err != nil {
		t.Fatalf("%q: body: %v", req, err)
	}
	out.WriteString(" " + string(b))
	return out.String()
}

// TestCompiledProxyExpectContinue sends requests asking for a 100
// Continue before their body through a proxy the compiled tier runs, and
// to a compiled route without a proxy: the server asks for the body only
// once the proxy, or the route after it, reads it, as built (net/http
// sends the 100 Continue at the first read of the body). Before, the dev
// server read the body for the worker before the proxy ran, and its
// transport to the worker read it before the route did: a proxy
// answering without reading it, or a compiled route not reading it, had
// the client send it all the same.
func TestCompiledProxyExpectContinue(t *testing.T) {
	a := startBodyApp(t)
	for _, tc := range []struct{ target, want string }{
		{"/c?noread", "HTTP/1.1 200 OK route did not read compiled\n"},
		{"/c", "100 HTTP/1.1 200 OK route len=4 got=4 err=<nil>\n"},
		{"/p/x?k=deny", "HTTP/1.1 403 Forbidden denied"},
		{"/p/c?k=deny", "HTTP/1.1 403 Forbidden denied"},
		{"/p/x?k=none&noread", "HTTP/1.1 200 OK route did not read\n"},
		{"/p/c?k=none&noread", "HTTP/1.1 200 OK route did not read compiled\n"},
		{"/p/x?k=none", "100 HTTP/1.1 200 OK route len=4 got=4 err=<nil>\n"},
		{"/p/c?k=none", "100 HTTP/1.1 200 OK route len=4 got=4 err=<nil>\n"},
		{"/p/x?k=read3", "100 HTTP/1.1 200 OK route len=4 got=1 err=<nil>\n"},
		{"/p/c?k=read3", "100 HTTP/1.1 200 OK route len=4 got=1 err=<nil>\n"},
		{"/p/x?k=readall", "100 HTTP/1.1 200 OK proxy read 4 <nil>"},
	} {
		req := "POST " + tc.target + " HTTP/1.1\r\nHost: " + a.Addr + "\r\nContent-Length: 4\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n"
		if got := expectContinue(t, a.Addr, req, "abcd"); got != tc.want {
			t.Errorf("POST %s: %q, want %q", tc.target, got, tc.want)
		}
	}
}
