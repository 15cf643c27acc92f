package server

import (
	"context"
	"math/rand/v2"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/charmbracelet/log"
	"golang.org/x/sync/singleflight"

	"github.com/devserver/devserver/approuter"
	"github.com/devserver/devserver/cachestore"
	"github.com/devserver/devserver/internal/nextserver"
)

// CacheHeader names the response header that says how a GET of a cached
// route was answered: HIT (from the cache), MISS (computed now), STALE
// (from the cache, past its Revalidate; a refresh is under way).
const CacheHeader = "X-Devserver-Cache"

// routeCache holds the state of one cached route of one generation. Its
// responses are in the server's CacheStore, or, with none, in memory, so
// that a reload starts an empty cache, as Next empties the cache of a
// route whose code (or anything it imports) changed.
type routeCache struct {
	pattern string            // the route's, in its keys
	page    string            // the route's page, for its implicit tags (routePage)
	id      string            // unique in the process, for keys in a CacheStore without a namespace
	memory  cachestore.Memory // the responses, when the server has no CacheStore
	misses  singleflight.Group
	mu      sync.Mutex
	busy    map[string]bool // keys whose refresh is running
}

func newRouteCache(route *approuter.Route) *routeCache {
	id := processID + "." + strconv.FormatUint(routeCaches.Add(1), 10)
	return &routeCache{pattern: route.Pattern, page: routePage(route.File), id: id, busy: make(map[string]bool)}
}

// processID and routeCaches make the ids of route caches unique in a
// CacheStore shared by several processes.
var (
	processID   = strconv.FormatUint(rand.Uint64(), 36)
	routeCaches atomic.Uint64
)

// bufferedResponse is a response captured to be sent again, and the tags
// the handler gave it (next.CacheTag).
type bufferedResponse struct {
	capture
	stored time.Time

	mu   sync.Mutex
	tags []string
}

// AddTags records tags given by next.CacheTag; handlers may call it from
// goroutines of their own.
func (b *bufferedResponse) AddTags(tags ...string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, t := range tags {
		if validTag(t) {
			b.tags = append(b.tags, encodeTag(t))
		}
	}
}

// cacheStores are the stores a cached route uses: where its responses are
// kept and where the states of tags are.
type cacheStores struct {
	entries cachestore.Store
	tags    cachestore.Store
	prefix  string // of the keys in entries
	ttl     time.Duration
}

// cacheTTL is how long a CacheStore keeps a response: as long as a shared
// cache may serve one (cacheExpire) for a build's, an hour for a
// generation's, which no one reads after a reload.
func (s *Server) cacheTTL() time.Duration {
	if s.CacheNamespace == "" {
		return time.Hour
	}
	return cacheExpire
}

// stores returns where c keeps its responses and reads the states of tags.
func (s *Server) stores(c *routeCache) cacheStores {
	if s.CacheStore != nil {
		ns := s.CacheNamespace
		if ns == "" {
			ns = c.id
		}
		return cacheStores{entries: s.CacheStore, tags: s.CacheStore, prefix: ns + ":" + c.pattern + ":", ttl: s.cacheTTL()}
	}
	return cacheStores{entries: &c.memory, tags: s.tagStore()}
}

// serveCached answers a GET or HEAD of a cached route. Concurrent misses of
// one path run the handler once; a stale entry is served while one
// refresh runs in the background. Only 200 responses are kept.
//
// It takes the exchange by value: the closures below keep it, and the
// exchange of a request that is not cached should stay on the stack.
func (s *Server) serveCached(x exchange) {
	w, r := x.w, x.r
	path := r.URL.EscapedPath()
	c := x.e.cache
	st := s.stores(c)
	key := st.prefix + path
	render := func(ctx context.Context) *bufferedResponse { return s.render(ctx, &x) }
	fill := func(ctx context.Context) *bufferedResponse {
		return s.fill(ctx, st, key, c.implicitTags(path), render)
	}
	if res, state := s.lookup(r.Context(), c, st, key, x.e.config.MaxAge(), fill); res != nil {
		replay(w, r, res, state, x.e.config.MaxAge())
		return
	}
	rendered := false
	v, _, _ := c.misses.Do(key, func() (any, error) {
		// A miss that ended between the lookup and now has kept its answer.
		if res, _ := s.lookup(r.Context(), c, st, key, 0, nil); res != nil {
			return res, nil
		}
		rendered = true
		return fill(r.Context()), nil
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
// STALE once it is maxAge old (when maxAge > 0) or one of its tags was
// made stale, starting one background refresh with fill. It returns nil
// when nothing usable is kept: none, or one whose tags expired, or the
// store failed.
func (s *Server) lookup(ctx context.Context, c *routeCache, st cacheStores, key string, maxAge time.Duration, fill func(context.Context) *bufferedResponse) (*bufferedResponse, string) {
	ent, err := st.entries.Get(ctx, key)
	if err != nil || ent == nil {
		s.cacheFailed(err)
		return nil, ""
	}
	states, _, err := st.tags.Tags(ctx, ent.Tags)
	if err != nil {
		s.cacheFailed(err)
		return nil, ""
	}
	expired, stale := cachestore.Check(ent.Stored, states, time.Now())
	if expired || stale && fill == nil {
		return nil, ""
	}
	res := &bufferedResponse{capture: capture{status: ent.Status, header: ent.Header}, stored: ent.Stored}
	res.body.Write(ent.Body)
	if !stale && (maxAge <= 0 || time.Since(ent.Stored) < maxAge) {
		return res, "HIT"
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.busy[key] {
		c.busy[key] = true
		go func() {
			// Detached from the end of the request that found it
			// stale, not from what it carries for next.Cached.
			fill(context.WithoutCancel(ctx))
			c.mu.Lock()
			delete(c.busy, key)
			c.mu.Unlock()
		}()
	}
	return res, "STALE"
}

// cacheRenderKey marks the context of a render whose response will be
// kept (a miss, or the background refresh of a stale response):
// next.Cached computes its stale values again there rather than serve
// them, or the response kept would be built from them, as Next.js's
// unstable_cache waits for fresh data when what reads it will be cached.
type cacheRenderKey struct{}

// fill renders the response for key and keeps it if it is a 200 (any other
// answer is not kept: the next request tries again), tagged with implicit
// and the tags the handler gave, and returns it. A render during which a
// revalidation happened is not kept: it may hold what was revalidated.
func (s *Server) fill(ctx context.Context, st cacheStores, key string, implicit []string, render func(context.Context) *bufferedResponse) *bufferedResponse {
	_, before, err := st.tags.Tags(ctx, nil)
	res := render(ctx)
	if err != nil || res.status != http.StatusOK {
		s.cacheFailed(err)
		return res
	}
	_, after, err := st.tags.Tags(ctx, nil)
	if err != nil || after != before {
		s.cacheFailed(err)
		return res
	}
	res.mu.Lock()
	tags := uniqueTags(implicit, res.tags)
	res.mu.Unlock()
	ent := &cachestore.Entry{Status: res.status, Header: res.header, Body: res.body.Bytes(), Stored: res.stored, Tags: tags}
	s.cacheFailed(st.entries.Set(ctx, key, ent, st.ttl))
	return res
}

// uniqueTags returns the tags of lists, each once, in order.
func uniqueTags(lists ...[]string) []string {
	var out []string
	for _, l := range lists {
		for _, t := range l {
			if !slices.Contains(out, t) {
				out = append(out, t)
			}
		}
	}
	return out
}

// implicitTags are the tags every response of c for path has, as Next.js
// gives them (see implicitTags).
func (c *routeCache) implicitTags(path string) []string {
	return implicitTags(c.page, path)
}

// render runs the handler for a cached GET into a buffer (see
// staticRender), its request carrying the buffer for next.CacheTag and
// the mark of a render to keep (cacheRenderKey).
func (s *Server) render(ctx context.Context, x *exchange) *bufferedResponse {
	res := &bufferedResponse{capture: capture{header: http.Header{}}, stored: time.Now()}
	ctx = context.WithValue(nextserver.WithTagger(ctx, res), cacheRenderKey{}, true)
	s.handle(x.staticRender(ctx, res))
	if res.status == 0 {
		res.status = http.StatusOK
	}
	return res
}

// staticRender returns a copy of x answering on w, its request as a static
// render sees it: no headers, no cookies, no query, no body.
func (x *exchange) staticRender(ctx context.Context, w http.ResponseWriter) *exchange {
	ctx, cancel := context.WithCancel(ctx)
	return &exchange{g: x.g, w: w, r: sanitize(ctx, x.r), client: x.client, route: x.route, params: x.params, e: x.e, h: x.h, cancel: cancelFunc(cancel)}
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
	body := compressed(r, h, res.status, res.body.Bytes(), nil)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(res.status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
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

// TagStore returns where the server keeps the states of cache tags: its
// CacheStore, or one in memory for the life of the server.
func (s *Server) TagStore() cachestore.Store { return s.tagStore() }

// tagStore returns where the states of tags are kept: the CacheStore, or one in
// memory for the life of the server (revalidations outlive reloads).
func (s *Server) tagStore() cachestore.Store {
	if s.CacheStore != nil {
		return s.CacheStore
	}
	s.cacheInit.Do(func() { s.memoryTags = &cachestore.Memory{} })
	return s.memoryTags
}

// listenRevalidate makes the server hear next.RevalidateTag and
// next.RevalidatePath from its first Reload on. It keeps hearing them after
// Shutdown: a request still running then may revalidate, and with a shared
// CacheStore that reaches the other replicas.
//
// What it registers holds the tag store and the logger only, not the
// server: a server that is done (a test's, a benchmark's) must not keep
// its last generation, every interpreter of it, alive for the process.
func (s *Server) listenRevalidate() {
	s.revalidateOnce.Do(func() {
		nextserver.OnRevalidate(revalidator{store: s.tagStore(), logger: s.Logger})
	})
}

// revalidator carries next.RevalidateTag and next.RevalidatePath to a
// server's tag store.
type revalidator struct {
	store  cachestore.Store
	logger *log.Logger
}

// RevalidateTag makes what tag tags stale now and expired once expire has
// passed (0: now), as Next.js's revalidateTag(tag, {expire}).
func (r revalidator) RevalidateTag(tag string, expire time.Duration) {
	r.revalidate([]string{encodeTag(tag)}, expire)
}

// RevalidatePath expires what the tag of path and kind tags, as Next.js's
// revalidatePath(path, type), warning as it does when that is nothing.
func (r revalidator) RevalidatePath(path, kind string) {
	tags, warning := pathTags(path, kind)
	if warning != "" && r.logger != nil {
		r.logger.Warn("next.RevalidatePath: "+warning, "path", path)
	}
	if len(tags) > 0 {
		r.revalidate(tags, 0)
	}
}

func (r revalidator) revalidate(tags []string, expire time.Duration) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := r.store.RevalidateTags(ctx, tags, expire); err != nil && r.logger != nil {
		r.logger.Error("cache: revalidation failed", "tags", strings.Join(tags, ", "), "err", err)
	}
}

// cacheFailed records how a call to the cache store went. A failure is
// logged once, until the store answers again, which is logged too; the
// request it happened to is rendered afresh.
func (s *Server) cacheFailed(err error) {
	switch {
	case err != nil && s.cacheDown.CompareAndSwap(false, true):
		if s.Logger != nil {
			s.Logger.Error("cache: store unreachable, answering without it", "err", err)
		}
	case err == nil && s.cacheDown.Load() && s.cacheDown.CompareAndSwap(true, false):
		if s.Logger != nil {
			s.Logger.Info("cache: store reachable again")
		}
	}
}
