package server

import (
	"bytes"
	"context"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"
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
	misses  singleflight.Group // by path: concurrent misses run the handler once
}

type cacheEntry struct {
	res  *bufferedResponse
	at   time.Time
	busy bool // a refresh is running
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
//
// It takes the exchange by value: the closures below keep it, and the
// exchange of a request that is not cached should stay on the stack.
func (s *Server) serveCached(x exchange) {
	w, r := x.w, x.r
	key := r.URL.EscapedPath()
	c := x.e.cache
	render := func(ctx context.Context) *bufferedResponse { return s.render(ctx, &x) }
	if res, state := c.lookup(key, x.e.config.MaxAge(), render); res != nil {
		replay(w, r, res, state, x.e.config.MaxAge())
		return
	}
	rendered := false
	v, _, _ := c.misses.Do(key, func() (any, error) {
		// A miss that ended between the lookup and now has kept its answer.
		if res, _ := c.lookup(key, 0, nil); res != nil {
			return res, nil
		}
		rendered = true
		return c.fill(key, render(r.Context())), nil
	})
	res := v.(*bufferedResponse)
	switch {
	case rendered:
		replay(w, r, res, "MISS", x.e.config.MaxAge())
	case res.status == http.StatusOK:
		replay(w, r, res, "HIT", x.e.config.MaxAge())
	default: // the miss it waited for was not kept: this request runs its own
		s.handle(x.staticRender(r.Context(), w))
	}
}

// lookup returns the response kept for key and how it is served: HIT, or
// STALE once it is maxAge old (when maxAge > 0), starting one background
// refresh with render. It returns nil when nothing is kept.
func (c *routeCache) lookup(key string, maxAge time.Duration, render func(context.Context) *bufferedResponse) (*bufferedResponse, string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	ent := c.entries[key]
	if ent == nil {
		return nil, ""
	}
	if maxAge <= 0 || time.Since(ent.at) < maxAge {
		return ent.res, "HIT"
	}
	if !ent.busy {
		ent.busy = true
		go c.refresh(ent, render)
	}
	return ent.res, "STALE"
}

// refresh renders a stale entry again, detached from the request that
// found it stale, and keeps the answer if it is a 200.
func (c *routeCache) refresh(ent *cacheEntry, render func(context.Context) *bufferedResponse) {
	fresh := render(context.Background())
	c.mu.Lock()
	defer c.mu.Unlock()
	if fresh.status == http.StatusOK {
		ent.res, ent.at = fresh, time.Now()
	}
	ent.busy = false
}

// fill keeps res for key if it is a 200 (any other answer is not kept: the
// next request tries again), and returns it.
func (c *routeCache) fill(key string, res *bufferedResponse) *bufferedResponse {
	if res.status == http.StatusOK {
		c.mu.Lock()
		c.entries[key] = &cacheEntry{res: res, at: time.Now()}
		c.mu.Unlock()
	}
	return res
}

// render runs the handler for a cached GET into a buffer (see
// staticRender).
func (s *Server) render(ctx context.Context, x *exchange) *bufferedResponse {
	res := &bufferedResponse{header: http.Header{}}
	s.handle(x.staticRender(ctx, res))
	if res.status == 0 {
		res.status = http.StatusOK
	}
	return res
}

// staticRender returns a copy of x answering on w, its request as a static
// render sees it: no headers, no cookies, no query, no body.
func (x *exchange) staticRender(ctx context.Context, w http.ResponseWriter) *exchange {
	return &exchange{g: x.g, w: w, r: sanitize(ctx, x.r), route: x.route, params: x.params, e: x.e, h: x.h}
}

func sanitize(ctx context.Context, r *http.Request) *http.Request {
	r2 := r.Clone(ctx)
	r2.Method = http.MethodGet
	r2.Header = http.Header{}
	r2.URL.RawQuery = ""
	// next.Request's NextURL reads the target as the client sent it.
	r2.RequestURI, _, _ = strings.Cut(r2.RequestURI, "?")
	r2.Body = http.NoBody
	r2.ContentLength = 0
	return r2
}

// replay sends a captured response. A 200 tells shared caches (a CDN) how
// long to keep it, as next start does, unless the handler said otherwise.
func replay(w http.ResponseWriter, r *http.Request, res *bufferedResponse, state string, maxAge time.Duration) {
	h := w.Header()
	for k, vs := range res.header {
		h[k] = append([]string(nil), vs...)
	}
	if res.status == http.StatusOK && h.Get("Cache-Control") == "" {
		h.Set("Cache-Control", sharedCacheControl(maxAge))
	}
	h.Set(CacheHeader, state)
	h.Set("Content-Length", strconv.Itoa(res.body.Len()))
	w.WriteHeader(res.status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(res.body.Bytes())
	}
}

// cacheExpire is how long a shared cache may serve a response at all, fresh
// or stale: Next.js's expireTime default, one year.
const cacheExpire = 365 * 24 * time.Hour

// sharedCacheControl is the Cache-Control of a cached route's response, as
// Next.js's getCacheControlHeader writes it: fresh for Revalidate (maxAge)
// and then stale-while-revalidate until a year is up; a route without
// Revalidate (force-static) is fresh for the year.
func sharedCacheControl(maxAge time.Duration) string {
	secs := int64(maxAge / time.Second)
	if secs <= 0 {
		return "s-maxage=" + strconv.FormatInt(int64(cacheExpire/time.Second), 10)
	}
	v := "s-maxage=" + strconv.FormatInt(secs, 10)
	if expire := int64(cacheExpire / time.Second); secs < expire {
		v += ", stale-while-revalidate=" + strconv.FormatInt(expire-secs, 10)
	}
	return v
}
