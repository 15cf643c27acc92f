package serve

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/devserver/devserver/next"
	"github.com/devserver/devserver/server"
)

// careless are handlers of both shapes that ignore a failed body read and
// answer 200 anyway.
var careless = map[string]map[string]any{
	"next": {"POST": func(req *next.Request) *next.Response {
		b, _ := req.Bytes()
		return next.NewResponse("got " + strconv.Itoa(len(b)))
	}},
	"plain": {"POST": func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		fmt.Fprintf(w, "got %d", len(b))
	}},
	"query": {"GET": func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "%d", len(r.URL.Query()))
	}},
}

// raw sends a request as written and returns the status line and body of
// the answer. halfClose closes the sending side after it.
func raw(t *testing.T, url, req string, halfClose bool) (string, string) {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(url, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := io.WriteString(conn, req); err != nil {
		t.Fatal(err)
	}
	if halfClose {
		_ = conn.(*net.TCPConn).CloseWrite()
	}
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("no answer: %v", err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.Status, string(b)
}

// TestBodyFailures checks that a body the client got wrong is answered
// with the client's error, in both handler shapes, whether or not the
// handler noticed: too large 413, too slow 408, malformed or cut short 400.
func TestBodyFailures(t *testing.T) {
	url, _ := compiledApp(t, true, careless, func(s *server.Server) {
		s.MaxBody, s.BodyTimeout = 10, 300*time.Millisecond
	})
	for _, shape := range []string{"next", "plain"} {
		for _, c := range []struct {
			name      string
			req       string
			halfClose bool
			status    string
		}{
			{"fits", "POST /%s HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello", false, "200 OK"},
			{"too large", "POST /%s HTTP/1.1\r\nHost: x\r\nContent-Length: 20\r\n\r\n01234567890123456789", false, "413 Request Entity Too Large"},
			{"too large, chunked", "POST /%s HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n14\r\n01234567890123456789\r\n0\r\n\r\n", false, "413 Request Entity Too Large"},
			{"malformed chunks", "POST /%s HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n", false, "400 Bad Request"},
			{"cut short", "POST /%s HTTP/1.1\r\nHost: x\r\nContent-Length: 8\r\n\r\nabc", true, "400 Bad Request"},
			{"too slow", "POST /%s HTTP/1.1\r\nHost: x\r\nContent-Length: 8\r\n\r\nabc", false, "408 Request Timeout"},
		} {
			start := time.Now()
			status, body := raw(t, url, fmt.Sprintf(c.req, shape), c.halfClose)
			if status != c.status {
				t.Errorf("%s, %s: %s %q, want %s", shape, c.name, status, body, c.status)
			}
			if c.status != "200 OK" && strings.Contains(body, "got") {
				t.Errorf("%s, %s: the handler's answer was sent: %q", shape, c.name, body)
			}
			if d := time.Since(start); c.name == "too slow" && d > 3*time.Second {
				t.Errorf("%s, too slow: answered after %v, want about the 300ms body timeout", shape, d)
			}
		}
	}
}

// TestQueryLimits checks that a query with more parameters than
// MaxQueryParams, or longer than MaxQueryBytes, answers 414 instead of
// reaching the handler with its parameters dropped.
func TestQueryLimits(t *testing.T) {
	url, _ := compiledApp(t, true, careless)
	params := func(n int) string {
		q := make([]string, n)
		for i := range q {
			q[i] = "p" + strconv.Itoa(i) + "=1"
		}
		return strings.Join(q, "&")
	}
	for _, c := range []struct {
		query  string
		status int
		body   string
	}{
		{params(server.MaxQueryParams), 200, strconv.Itoa(server.MaxQueryParams)},
		{params(server.MaxQueryParams) + "&&&", 200, strconv.Itoa(server.MaxQueryParams)},
		{params(server.MaxQueryParams + 1), 414, ""},
		{params(12000), 414, ""},
		{"q=" + strings.Repeat("x", server.MaxQueryBytes), 414, ""},
	} {
		res, err := http.Get(url + "/query?" + c.query)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != c.status || (c.body != "" && string(b) != c.body) {
			t.Errorf("query of %d bytes: %d %q, want %d %q", len(c.query), res.StatusCode, b, c.status, c.body)
		}
	}
}

// TestPlainShapeGuarantees checks that a func(w, r) handler gets what the
// next shape gets: a time limit to begin its answer (504), a stream that
// may then run on, and headers refused when they cannot be sent as set.
func TestPlainShapeGuarantees(t *testing.T) {
	url, logs := compiledApp(t, false, map[string]map[string]any{
		"stuck": {"GET": func(w http.ResponseWriter, r *http.Request) {
			time.Sleep(3 * time.Second)
			io.WriteString(w, "late")
		}},
		"stream": {"GET": func(w http.ResponseWriter, r *http.Request) {
			io.WriteString(w, "a")
			w.(http.Flusher).Flush()
			time.Sleep(600 * time.Millisecond)
			io.WriteString(w, "b")
		}},
		"header": {"GET": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("X-Injected", "a\r\nSet-Cookie: evil=1")
			io.WriteString(w, "sent anyway")
		}},
	}, func(s *server.Server) { s.HandlerTimeout = 300 * time.Millisecond })
	get := func(path string) (int, string, time.Duration) {
		start := time.Now()
		res, err := http.Get(url + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		return res.StatusCode, string(b), time.Since(start)
	}
	if code, body, d := get("/stuck"); code != 504 || d > 2*time.Second {
		t.Errorf("/stuck: %d %q after %v, want 504 after about 300ms", code, body, d)
	}
	if code, body, _ := get("/stream"); code != 200 || body != "ab" {
		t.Errorf("/stream: %d %q, want 200 \"ab\" (a started stream may outlast the timeout)", code, body)
	}
	if code, body, _ := get("/header"); code != 500 || !strings.Contains(body, "X-Injected") || strings.Contains(body, "sent anyway") {
		t.Errorf("/header: %d %q, want 500 naming the header", code, body)
	}
	_ = logs
}

// TestIdleConnectionsClosed checks that a keep-alive connection left idle
// is closed after IdleTimeout.
func TestIdleConnectionsClosed(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	c := Config{ReadHeaderTimeout: time.Second, IdleTimeout: 200 * time.Millisecond}
	go func() {
		done <- c.Run(ctx, ln, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") }), nil)
	}()
	defer func() {
		cancel()
		<-done
	}()
	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	io.WriteString(conn, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
	br := bufio.NewReader(conn)
	res, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	io.ReadAll(res.Body)
	res.Body.Close()
	start := time.Now()
	_ = conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := br.ReadByte(); err != io.EOF {
		t.Fatalf("idle connection: %v, want closed by the server", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("closed after %v, want about 200ms", d)
	}
}
