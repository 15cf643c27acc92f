package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// replicas starts n stand-ins for replicas: with shared, one render kept
// for all, which POST /api/revalidate replaces; without, each renders its
// own, as replicas without a shared store do.
func replicas(t *testing.T, n int, shared bool) []string {
	var mu sync.Mutex
	renders := 0
	kept := map[int]string{}
	var urls []string
	for i := range n {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			defer mu.Unlock()
			key := i
			if shared {
				key = 0
			}
			if r.Method == http.MethodPost {
				clear(kept)
				return
			}
			if kept[key] == "" {
				renders++
				kept[key] = fmt.Sprint("render ", renders)
			}
			fmt.Fprint(w, kept[key])
		}))
		t.Cleanup(srv.Close)
		urls = append(urls, srv.URL)
	}
	return urls
}

// TestRevalidation checks the check: replicas sharing one cache pass it,
// replicas each with its own fail it.
func TestRevalidation(t *testing.T) {
	agreeWithin = 500 * time.Millisecond
	if err := revalidation(http.DefaultClient, replicas(t, 3, true), "/api/posts"); err != nil {
		t.Errorf("replicas sharing one store: %v", err)
	}
	if err := revalidation(http.DefaultClient, replicas(t, 3, false), "/api/posts"); err == nil {
		t.Error("replicas each with its own cache passed the check")
	}
}
