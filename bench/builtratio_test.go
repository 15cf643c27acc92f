package bench

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/log"
	"github.com/devserver/devserver/approuter"
	"github.com/devserver/devserver/bench/internal/gen"
	"github.com/devserver/devserver/bench/route"
	"github.com/devserver/devserver/serve"
	"github.com/devserver/devserver/server"
)

// builtHandler is the JSON app as a binary made by devserver build serves
// it: serve.Built with the binary's defaults (no request log, production
// errors).
func builtHandler() (*server.Server, serve.Config, *log.Logger) {
	c := serve.DefaultConfig()
	c.LogRequests = false // as a built binary without --log-requests
	logger, _ := serve.NewServerLogger()
	logger.SetLevel(log.WarnLevel) // no "loaded" line in the benchmark output
	srv := serve.Built(c,
		server.App{Dir: ".", AppDir: "app", Routes: []string{"items/[id]/route.go"}},
		[]approuter.Loaded{{File: "app/items/[id]/route.go", Handlers: map[string]any{"GET": route.GET}}},
		logger, false)
	srv.Reload(context.Background(), nil)
	return srv, c, logger
}

// builtServer serves builtHandler over loopback with the http.Server of
// serve.Config.Run (its timeouts).
func builtServer() *httptest.Server {
	srv, c, logger := builtHandler()
	ts := httptest.NewUnstartedServer(srv)
	ts.Config = c.HTTPServer(srv, logger)
	ts.Start()
	return ts
}

// BenchmarkBuiltVsNetHTTP serves the same JSON GET handler as a built
// binary does and on bare net/http, over loopback with 32 keep-alive
// connections, and alternates between the two in rounds within one run, so
// that both see the same machine load. It reports each one's requests per
// second and the median of the rounds' ratios (built/nethttp; the goal is
// at least 0.9): on a shared machine one round can be slowed by other
// work, which the median leaves out. b.N is the number of requests each
// server answers.
func BenchmarkBuiltVsNetHTTP(b *testing.B) {
	built := builtServer()
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
	const rounds = 20
	perRound := max(b.N/rounds, 1)
	var tBuilt, tBare time.Duration
	ratios := make([]float64, 0, rounds)
	b.ResetTimer()
	for i := range rounds {
		var dBuilt, dBare time.Duration
		if i%2 == 0 { // alternate which goes first
			dBuilt = load(b, c, built.URL+gen.JSONURL, perRound)
			dBare = load(b, c, bare.URL+gen.JSONURL, perRound)
		} else {
			dBare = load(b, c, bare.URL+gen.JSONURL, perRound)
			dBuilt = load(b, c, built.URL+gen.JSONURL, perRound)
		}
		tBuilt += dBuilt
		tBare += dBare
		ratios = append(ratios, dBare.Seconds()/dBuilt.Seconds())
	}
	b.StopTimer()
	n := float64(perRound * rounds)
	b.ReportMetric(n/tBuilt.Seconds(), "built-req/s")
	b.ReportMetric(n/tBare.Seconds(), "nethttp-req/s")
	slices.Sort(ratios)
	b.ReportMetric((ratios[rounds/2-1]+ratios[rounds/2])/2, "ratio")
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
