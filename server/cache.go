package server

import (
	"bytes"
	"context"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/devserver/devserver/next"
)

// CacheHeader names the response header that says how a GET of a cached
// route was answered: HIT (from the cache), MISS (computed now), STALE
// (from the cache, past its Revalidate; a refresh is under way).
const CacheHeader = "X-Devserver-Cache"

// routeCache holds a cached route's GET responses, by path. It belongs to
// one generation: a reload starts an empty one, as Next empties the cache
// of a route whose code (or anything it imports) changed.
type routeCache struct {
	mu      sync.Mutex
	entries map[string]*cacheEntry
}

type cacheEntry struct {
	ready chan struct{} // closed once res is set; a miss in flight until then
	res   *bufferedResponse
	at    time.Time
	busy  bool // a refresh is running
}

// bufferedResponse is a response captured to be sent again.
type bufferedResponse struct {
	status int
	header http.Header
	body   bytes.Buffer
}

func (b *bufferedResponse) Header() http.Header { return b.header }
func (b *bufferedResponse) Write(p []byte) (int, error) {
	if b.status == 0 {
		b.status = http.StatusOK
	}
	return b.body.Write(p)
}
func (b *bufferedResponse) WriteHeader(code int) {
	if b.status == 0 {
		b.status = code
	}
}

// serveCached answers a GET or HEAD of a cached route. Concurrent misses of
// one path run the handler once; a stale entry is served while one
// refresh runs in the background. Only 200 responses are kept.
func (s *Server) serveCached(w http.ResponseWriter, r *http.Request, e *endpoint, h handler, params next.Params) {
	key := r.URL.EscapedPath()
	c := e.cache
	c.mu.Lock()
	ent, ok := c.entries[key]
	if !ok {
		ent = &cacheEntry{ready: make(chan struct{})}
		c.entries[key] = ent
		c.mu.Unlock()
		res := s.render(r.Context(), r, e, h, params)
		c.mu.Lock()
		if res.status == http.StatusOK {
			ent.res, ent.at = res, time.Now()
		} else {
			delete(c.entries, key) // not kept: the next request tries again
		}
		close(ent.ready)
		c.mu.Unlock()
		replay(w, r, res, "MISS")
		return
	}
	c.mu.Unlock()
	select {
	case <-ent.ready:
	case <-r.Context().Done():
		return
	}
	c.mu.Lock()
	res := ent.res
	state := "HIT"
	if res == nil { // the miss it waited for was not kept
		c.mu.Unlock()
		s.call(w, sanitize(r.Context(), r), nil, e, h, params)
		return
	}
	if maxAge := e.config.MaxAge(); maxAge > 0 && time.Since(ent.at) >= maxAge {
		state = "STALE"
		if !ent.busy {
			ent.busy = true
			go func() {
				fresh := s.render(context.Background(), r, e, h, params)
				c.mu.Lock()
				if fresh.status == http.StatusOK {
					ent.res, ent.at = fresh, time.Now()
				}
				ent.busy = false
				c.mu.Unlock()
			}()
		}
	}
	c.mu.Unlock()
	replay(w, r, res, state)
}

// render runs the handler for a cached GET, with the request as a static
// render sees it: no headers, no cookies, no query, no body.
func (s *Server) render(ctx context.Context, r *http.Request, e *endpoint, h handler, params next.Params) *bufferedResponse {
	res := &bufferedResponse{header: http.Header{}}
	s.call(res, sanitize(ctx, r), nil, e, h, params)
	if res.status == 0 {
		res.status = http.StatusOK
	}
	return res
}

func sanitize(ctx context.Context, r *http.Request) *http.Request {
	r2 := r.Clone(ctx)
	r2.Method = http.MethodGet
	r2.Header = http.Header{}
	r2.URL.RawQuery = ""
	r2.Body = http.NoBody
	r2.ContentLength = 0
	return r2
}

// replay sends a captured response.
func replay(w http.ResponseWriter, r *http.Request, res *bufferedResponse, state string) {
	h := w.Header()
	for k, vs := range res.header {
		h[k] = append([]string(nil), vs...)
	}
	h.Set(CacheHeader, state)
	h.Set("Content-Length", strconv.Itoa(res.body.Len()))
	w.WriteHeader(res.status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(res.body.Bytes())
	}
}
