// Command scaletest is the load test of a scaled-out app: replicas of one
// build sharing a cache store (Redis or Valkey), behind a load balancer or
// not. It writes the app's figures to stdout:
//
//	scaletest -replicas http://127.0.0.1:3001,http://127.0.0.1:3002,http://127.0.0.1:3003 \
//	          [-url http://127.0.0.1:8080] [-c 32] [-d 10s] [-paths /api/hello,/api/posts]
//
// First, for each path, requests per second and latencies with -c
// concurrent clients for -d: through -url (a load balancer) when given,
// else spread over the replicas in turn. Then a revalidation reaching every
// replica: each replica answers /api/posts and /api/data from the shared
// cache (one render for all), POST /api/revalidate on one replica, and each
// replica must answer a new render (the same one: rendered once, shared).
// The app is bench/cmd/benchapp -scale; scripts/scale-local and
// scripts/scale-up run the whole thing. It exits 1 when a check fails.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	replicas := flag.String("replicas", "", "the replicas' base URLs, comma-separated (required)")
	url := flag.String("url", "", "the load balancer's base URL; load goes to the replicas in turn without one")
	conc := flag.Int("c", 32, "concurrent clients")
	dur := flag.Duration("d", 10*time.Second, "how long each path is loaded")
	paths := flag.String("paths", "/api/hello,/api/posts,/api/data", "paths to load, comma-separated")
	flag.Parse()
	if *replicas == "" || flag.NArg() != 0 {
		fmt.Fprintln(os.Stderr, "usage: scaletest -replicas URL,URL,... [-url LB] [-c N] [-d DURATION] [-paths P,P]")
		os.Exit(2)
	}
	reps := strings.Split(*replicas, ",")
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: *conc, MaxIdleConns: *conc * len(reps)}}
	targets, via := reps, fmt.Sprintf("the %d replicas in turn", len(reps))
	if *url != "" {
		targets, via = []string{*url}, *url
	}
	fmt.Printf("load: %d clients for %v per path, through %s\n", *conc, *dur, via)
	ok := true
	for _, p := range strings.Split(*paths, ",") {
		r := load(client, targets, p, *conc, *dur)
		fmt.Println(r)
		ok = ok && r.errors == 0
	}
	for _, p := range []string{"/api/posts", "/api/data"} {
		if err := revalidation(client, reps, p); err != nil {
			fmt.Printf("revalidation %s: FAILED: %v\n", p, err)
			ok = false
		}
	}
	if !ok {
		os.Exit(1)
	}
}

// result is what loading one path gave.
type result struct {
	path      string
	n, errors int
	took      time.Duration
	latencies []time.Duration
}

func (r result) String() string {
	slices.Sort(r.latencies)
	q := func(f float64) time.Duration {
		if len(r.latencies) == 0 {
			return 0
		}
		return r.latencies[int(f*float64(len(r.latencies)-1))]
	}
	return fmt.Sprintf("GET %-12s %8.0f req/s  p50 %-9v p99 %-9v (%d requests, %d errors)",
		r.path, float64(r.n)/r.took.Seconds(), q(0.50).Round(time.Microsecond), q(0.99).Round(time.Microsecond), r.n, r.errors)
}

// load sends GET path with conc clients for d, spreading the requests over
// targets in turn.
func load(client *http.Client, targets []string, path string, conc int, d time.Duration) result {
	var next atomic.Uint64
	var mu sync.Mutex
	res := result{path: path}
	start := time.Now()
	deadline := start.Add(d)
	var wg sync.WaitGroup
	for range conc {
		wg.Go(func() {
			var lat []time.Duration
			var errs int
			for time.Now().Before(deadline) {
				target := targets[next.Add(1)%uint64(len(targets))]
				t := time.Now()
				if _, _, err := get(client, target+path); err != nil {
					errs++
					continue
				}
				lat = append(lat, time.Since(t))
			}
			mu.Lock()
			res.latencies = append(res.latencies, lat...)
			res.n += len(lat)
			res.errors += errs
			mu.Unlock()
		})
	}
	wg.Wait()
	res.took = time.Since(start)
	return res
}

// get returns the body and X-Devserver-Cache of a 200 answer to GET url.
func get(client *http.Client, url string) (body, state string, err error) {
	res, err := client.Get(url)
	if err != nil {
		return "", "", err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err == nil && res.StatusCode != http.StatusOK {
		err = fmt.Errorf("GET %s: %s", url, res.Status)
	}
	return string(b), res.Header.Get("X-Devserver-Cache"), err
}

// revalidation checks that every replica answers path from one shared
// render, and that a revalidation on one replica makes every replica
// answer a new one, the same for all.
func revalidation(client *http.Client, reps []string, path string) error {
	before, err := agree(client, reps, path, "")
	if err != nil {
		return fmt.Errorf("before revalidating: %w", err)
	}
	hook := reps[len(reps)-1] + "/api/revalidate"
	start := time.Now()
	res, err := client.Post(hook, "text/plain", nil)
	if err != nil {
		return err
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("POST %s: %s", hook, res.Status)
	}
	after, err := agree(client, reps, path, before)
	if err != nil {
		return fmt.Errorf("after POST %s: %w", hook, err)
	}
	fmt.Printf("revalidation %s: before, all %d replicas answered one render %s; after POST /api/revalidate on replica %d, all answered the new render %s within %v\n",
		path, len(reps), strings.TrimSpace(before), len(reps), strings.TrimSpace(after), time.Since(start).Round(time.Microsecond))
	return nil
}

// agreeWithin bounds the wait for the replicas to agree.
var agreeWithin = 5 * time.Second

// agree asks every replica for path until all answer the same body, other
// than old, and returns it.
func agree(client *http.Client, reps []string, path, old string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), agreeWithin)
	defer cancel()
	for {
		bodies := make([]string, len(reps))
		for i, r := range reps {
			b, _, err := get(client, r+path)
			if err != nil {
				return "", err
			}
			bodies[i] = b
		}
		if bodies[0] != old && !slices.ContainsFunc(bodies, func(b string) bool { return b != bodies[0] }) {
			return bodies[0], nil
		}
		if ctx.Err() != nil {
			return "", errors.New("the replicas answered " + strings.Join(bodies, " | ") + ": not one new render shared by all")
		}
		time.Sleep(10 * time.Millisecond)
	}
}
