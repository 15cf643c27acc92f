package server

import (
	"context"
	"slices"
	"strconv"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"

	"github.com/devserver/devserver/cachestore"
)

// dataCache is the server's side of next.Cached: its values are kept in the
// CacheStore, or, with none, in the memory of the generation that computed
// them, so that a reload empties it as it empties the response cache.
type dataCache struct {
	misses singleflight.Group
	mu     sync.Mutex
	busy   map[string]bool // keys whose background refresh is running
}

// requestData is a request's next.Cached: the server and generation
// answering it, and the request's path and route. As Next.js checks the
// values of unstable_cache and 'use cache' against the implicit tags of
// the request reading them, a value read while serving a path whose
// implicit tags were revalidated since it was computed (RevalidatePath) is
// computed again.
type requestData struct {
	s       *Server
	g       *Generation
	path    string // as the request has it, percent-encoded
	pattern string
	file    string // the route's, as approuter.Route.File
}

// Load implements hook.DataCache.
func (d *requestData) Load(ctx context.Context, key string, tags []string, revalidate, expire time.Duration, compute func(context.Context) ([]byte, error)) ([]byte, error) {
	st := d.s.dataStores(d.g)
	key = st.prefix + key
	tags = validTags(tags)
	read := dataRead{key: key, implicit: d.implicitTags(), revalidate: revalidate, expire: expire}
	if ctx.Value(cacheRenderKey{}) != nil {
		// Rendering a response to keep: a stale value is computed anew.
		if data, ok := d.s.lookupData(ctx, st, read, nil); ok {
			return data, nil
		}
		return d.s.fillData(ctx, st, key, tags, expire, compute)
	}
	if data, ok := d.s.lookupData(ctx, st, read, func(ctx context.Context) {
		if _, err := d.s.fillData(ctx, st, key, tags, expire, compute); err != nil && d.s.Logger != nil {
			d.s.Logger.Error("cache: refreshing a stale next.Cached value failed; the stale value stays", "key", key[len(st.prefix):], "err", err)
		}
	}); ok {
		return data, nil
	}
	v, err, _ := d.s.data.misses.Do(key, func() (any, error) {
		// A miss that ended between the lookup and now has kept its value.
		fresh := read
		fresh.revalidate = 0
		if data, ok := d.s.lookupData(ctx, st, fresh, nil); ok {
			return data, nil
		}
		return d.s.fillData(ctx, st, key, tags, expire, compute)
	})
	if err != nil {
		return nil, err
	}
	return v.([]byte), nil
}

// implicitTags are the implicit tags of the request's path and route, as a
// cached response of them has.
func (d *requestData) implicitTags() []string {
	if d.file == "" {
		return nil
	}
	return implicitTags(routePage(d.file), d.path)
}

// validTags returns the tags Next.js would give a value: the valid ones
// (validTag), encoded as it encodes them.
func validTags(tags []string) []string {
	out := make([]string, 0, len(tags))
	for _, t := range tags {
		if validTag(t) {
			out = append(out, encodeTag(t))
		}
	}
	return out
}

// dataStores returns where the values of next.Cached computed in g are
// kept: the CacheStore under the CacheNamespace (a build's, shared by its
// replicas) or, without one, under g's own; g's memory with no CacheStore.
func (s *Server) dataStores(g *Generation) cacheStores {
	if s.CacheStore != nil {
		ns := s.CacheNamespace
		if ns == "" {
			ns = processID + ".g" + strconv.FormatUint(g.ID, 10)
		}
		return cacheStores{entries: s.CacheStore, tags: s.CacheStore, prefix: "data:" + ns + ":", ttl: s.cacheTTL()}
	}
	// The prefix keeps the keys of generations apart in misses and busy.
	return cacheStores{entries: g.data, tags: s.tagStore(), prefix: "g" + strconv.FormatUint(g.ID, 10) + ":"}
}

// dataRead is what a read of a next.Cached value checks the kept value
// against: the reading request's implicit tags and the value's life.
type dataRead struct {
	key                string
	implicit           []string
	revalidate, expire time.Duration
}

// lookupData returns the value kept for r.key, unless there is none, it is
// r.expire old (r.expire > 0), its tags or the reading request's implicit
// tags expired since it was computed, or the store failed. Once the value
// is r.revalidate old (r.revalidate > 0), or one of those tags was made
// stale, it is still returned, and refresh runs in the background unless
// a refresh of the key is already running; with refresh nil, it is not
// returned.
func (s *Server) lookupData(ctx context.Context, st cacheStores, r dataRead, refresh func(context.Context)) ([]byte, bool) {
	ent, err := st.entries.Get(ctx, r.key)
	if err != nil || ent == nil {
		s.cacheFailed(err)
		return nil, false
	}
	age := time.Since(ent.Stored)
	if r.expire > 0 && age >= r.expire {
		return nil, false
	}
	states, _, err := st.tags.Tags(ctx, append(slices.Clip(ent.Tags), r.implicit...))
	if err != nil {
		s.cacheFailed(err)
		return nil, false
	}
	expired, stale := cachestore.Check(ent.Stored, states, time.Now())
	stale = stale || r.revalidate > 0 && age >= r.revalidate
	if expired || stale && refresh == nil {
		return nil, false
	}
	if stale {
		s.refreshData(ctx, r.key, refresh)
	}
	return ent.Body, true
}

// refreshData runs refresh for key in a goroutine of its own, unless one
// is running. Its context keeps the request's values but not its end: the
// request that found the value stale is answered before it is done.
func (s *Server) refreshData(ctx context.Context, key string, refresh func(context.Context)) {
	c := &s.data
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.busy[key] {
		return
	}
	if c.busy == nil {
		c.busy = make(map[string]bool)
	}
	c.busy[key] = true
	ctx = context.WithoutCancel(ctx)
	go func() {
		defer func() {
			c.mu.Lock()
			delete(c.busy, key)
			c.mu.Unlock()
		}()
		refresh(ctx)
	}()
}

// fillData computes the value for key and keeps it, tagged with tags,
// unless a revalidation happened while it was computed (it may hold what
// was revalidated) or compute failed.
func (s *Server) fillData(ctx context.Context, st cacheStores, key string, tags []string, expire time.Duration, compute func(context.Context) ([]byte, error)) ([]byte, error) {
	stored := time.Now()
	_, before, verr := st.tags.Tags(ctx, nil)
	data, err := compute(ctx)
	if err != nil {
		return nil, err
	}
	if verr != nil {
		s.cacheFailed(verr)
		return data, nil
	}
	_, after, verr := st.tags.Tags(ctx, nil)
	if verr != nil || after != before {
		s.cacheFailed(verr)
		return data, nil
	}
	ent := &cachestore.Entry{Body: data, Stored: stored, Tags: tags}
	ttl := expire
	if ttl <= 0 || st.ttl > 0 && st.ttl < ttl {
		ttl = st.ttl // a generation's values are read by no one after a reload
	}
	s.cacheFailed(st.entries.Set(ctx, key, ent, ttl))
	return data, nil
}
