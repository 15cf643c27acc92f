package bench

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/devserver/devserver/approuter"
	"github.com/devserver/devserver/bench/internal/gen"
	"github.com/devserver/devserver/bench/route"
	"github.com/devserver/devserver/serve"
	"github.com/devserver/devserver/server"
)

// builtServer is the JSON app served as a binary made by devserver build
// serves it: serve.Compiled, with the built binary's defaults (no request
// log, production errors).
func builtServer() *server.Server {
	srv := serve.Compiled(
		server.App{Dir: ".", AppDir: "app", Routes: []string{"items/[id]/route.go"}},
		[]approuter.Loaded{{File: "app/items/[id]/route.go", Handlers: map[string]any{"GET": route.GET}}},
	)
	c := serve.DefaultConfig()
	c.LogRequests = false // as runCompiled
	c.Apply(srv)
	srv.Production = true
	srv.Reload(context.Background(), nil)
	return srv
}

// BenchmarkBuiltVsNetHTTP serves the same JSON GET handler as a built
// binary does and on bare net/http, over loopback with 32 keep-alive
// connections, and alternates between the two in rounds within one run, so
// that both see the same machine load. It reports each one's requests per
// second and their ratio (built/nethttp; the goal is at least 0.9). b.N is
// the number of requests each server answers.
func BenchmarkBuiltVsNetHTTP(b *testing.B) {
	built := httptest.NewServer(builtServer())
	defer built.Close()
	bare := httptest.NewServer(bareHandler())
	defer bare.Close()
	c := newClient()
	defer c.CloseIdleConnections()
	for _, u := range []string{built.URL, bare.URL} {
		code, body, err := get(c, u+gen.JSONURL)
		if err != nil || code != http.StatusOK {
			b.Fatalf("GET %s%s: %d %v %s", u, gen.JSONURL, code, err, body)
		}
	}
	const rounds = 10
	perRound := max(b.N/rounds, 1)
	var tBuilt, tBare time.Duration
	b.ResetTimer()
	for i := range rounds {
		first, second := &tBuilt, &tBare
		urls := [2]string{built.URL, bare.URL}
		if i%2 == 1 { // alternate which goes first
			first, second = second, first
			urls[0], urls[1] = urls[1], urls[0]
		}
		*first += load(b, c, urls[0]+gen.JSONURL, perRound)
		*second += load(b, c, urls[1]+gen.JSONURL, perRound)
	}
	b.StopTimer()
	n := float64(perRound * rounds)
	builtRate, bareRate := n/tBuilt.Seconds(), n/tBare.Seconds()
	b.ReportMetric(builtRate, "built-req/s")
	b.ReportMetric(bareRate, "nethttp-req/s")
	b.ReportMetric(builtRate/bareRate, "ratio")
}

// load GETs u n times from 32 goroutines and returns how long it took.
func load(b *testing.B, c *http.Client, u string, n int) time.Duration {
	const workers = 32
	var wg sync.WaitGroup
	next := make(chan struct{}, n)
	for range n {
		next <- struct{}{}
	}
	close(next)
	start := time.Now()
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range next {
				res, err := c.Get(u)
				if err != nil {
					b.Error(err)
					return
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if res.StatusCode != http.StatusOK {
					b.Errorf("status %d", res.StatusCode)
					return
				}
			}
		}()
	}
	wg.Wait()
	return time.Since(start)
}
