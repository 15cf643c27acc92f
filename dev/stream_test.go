package dev_test

import (
	"bufio"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/devserver/devserver/server"
)

// ticker is a Server-Sent Events route: n events, one every 10 ms, each
// carrying label, then "done". It records in the shared package when it
// saw the client go away.
func ticker(label string, n int) string {
	return goRoute(`func GET(req *next.Request) *next.Response {
	return next.EventStream(func(w *next.StreamWriter) error {
		for i := 0; i < `+strconv.Itoa(n)+`; i++ {
			select {
			case <-req.Context().Done():
				state.Set("gone")
				return req.Context().Err()
			case <-time.After(10 * time.Millisecond):
			}
			if err := w.Event("tick", "`+label+` "+strconv.Itoa(i)); err != nil {
				state.Set("write failed")
				return err
			}
		}
		return w.Event("done", "`+label+`")
	})
}`, "strconv", "time", "example.com/app/internal/state")
}

const statePkg = `package state

import "sync"

var (
	mu sync.Mutex
	v  string
)

func Set(s string) { mu.Lock(); v = s; mu.Unlock() }
func Get() string  { mu.Lock(); defer mu.Unlock(); return v }
`

// events reads Server-Sent Events ("event" and "data" lines) from r.
type events struct{ sc *bufio.Scanner }

func (e events) next(t *testing.T) (name, data string) {
	t.Helper()
	for e.sc.Scan() {
		line := e.sc.Text()
		switch {
		case strings.HasPrefix(line, "event: "):
			name = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "data: "):
			data = strings.TrimPrefix(line, "data: ")
		case line == "" && name != "":
			return name, data
		}
	}
	t.Fatalf("stream ended early: %v", e.sc.Err())
	return "", ""
}

func openStream(t *testing.T, a *app, path string) (*http.Response, events) {
	t.Helper()
	res, err := http.Get(a.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { res.Body.Close() })
	if ct := res.Header.Get("Content-Type"); ct != "text/event-stream; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	return res, events{bufio.NewScanner(res.Body)}
}

// TestStreamFlushesAndNoticesDisconnect checks that each event reaches the
// client as it is sent, and that the handler's context is cancelled when
// the client goes away, so the stream stops.
func TestStreamFlushesAndNoticesDisconnect(t *testing.T) {
	t.Parallel()
	a := startApp(t, map[string]string{
		"internal/state/state.go": statePkg,
		"app/events/route.go":     ticker("v1", 1000),
		"app/state/route.go":      goRoute(`func GET(req *next.Request) *next.Response { return next.NewResponse(state.Get()) }`, "example.com/app/internal/state"),
		"app/waiter/route.go": goRoute(`func GET(req *next.Request) *next.Response {
	return next.EventStream(func(w *next.StreamWriter) error {
		if err := w.Event("hello", ""); err != nil {
			return err
		}
		<-req.Context().Done()
		state.Set("waiter saw the client go")
		return nil
	})
}`, "example.com/app/internal/state"),
	})
	start := time.Now()
	res, ev := openStream(t, a, "/events")
	for i := 0; i < 3; i++ {
		if name, data := ev.next(t); name != "tick" || data != "v1 "+strconv.Itoa(i) {
			t.Fatalf("event %d: %s %q", i, name, data)
		}
	}
	// 1000 events take 10 s: the first three must not wait for the end.
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("three events took %v: not flushed as sent", took)
	}
	res.Body.Close()
	waitFor(t, a.URL+"/state", func(r resp) bool { return r.Body == "gone" || r.Body == "write failed" })

	// A stream that writes nothing more learns of the disconnect only from
	// its context.
	res, ev = openStream(t, a, "/waiter")
	if name, _ := ev.next(t); name != "hello" {
		t.Fatalf("first event %q", name)
	}
	res.Body.Close()
	waitFor(t, a.URL+"/state", func(r resp) bool { return r.Body == "waiter saw the client go" })
}

// TestStreamSurvivesReload checks that a stream keeps running on the
// generation it started on while another route is edited, and finishes.
func TestStreamSurvivesReload(t *testing.T) {
	t.Parallel()
	a := startApp(t, map[string]string{
		"internal/state/state.go": statePkg,
		"app/events/route.go":     ticker("v1", 40),
		"app/other/route.go":      textRoute("other v1"),
	})
	res, ev := openStream(t, a, "/events")
	gen := res.Header.Get(server.GenerationHeader)
	for i := 0; i < 3; i++ {
		ev.next(t)
	}
	a.write(t, "app/other/route.go", textRoute("other v2"))
	a.waitBody(t, "/other", "other v2")
	a.write(t, "app/events/route.go", ticker("v2", 40))
	a.waitStatus(t, "/other", 200)
	for i := 3; i < 40; i++ {
		if name, data := ev.next(t); name != "tick" || data != "v1 "+strconv.Itoa(i) {
			t.Fatalf("event %d after the reloads: %s %q", i, name, data)
		}
	}
	if name, data := ev.next(t); name != "done" || data != "v1" {
		t.Fatalf("last event: %s %q", name, data)
	}
	if now := a.get(t, "/other").Header.Get(server.GenerationHeader); now == gen {
		t.Errorf("generation did not change (%s) although routes were edited", gen)
	}
}
