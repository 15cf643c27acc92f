package server

import (
	"context"
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
// answering it, and the request's path and route, whose implicit tags a
// value it computes gets, so that RevalidatePath reaches the data of a
// path as it reaches its response.
type requestData struct {
	s       *Server
	g       *Generation
	path    string
	pattern string
}

// Load implements hook.DataCache.
func (d *requestData) Load(ctx context.Context, key string, tags []string, revalidate, expire time.Duration, compute func(context.Context) ([]byte, error)) ([]byte, error) {
	st := d.s.dataStores(d.g)
	key = st.prefix + key
	names := append(d.implicitTags(), tags...)
	if ctx.Value(refreshingKey{}) != nil {
		// Refreshing a stale response: a stale value is computed anew.
		if data, ok := d.s.lookupData(ctx, st, key, revalidate, expire, nil); ok {
			return data, nil
		}
		return d.s.fillData(ctx, st, key, names, expire, compute)
	}
	if data, ok := d.s.lookupData(ctx, st, key, revalidate, expire, func(ctx context.Context) {
		if _, err := d.s.fillData(ctx, st, key, names, expire, compute); err != nil && d.s.Logger != nil {
			d.s.Logger.Error("cache: refreshing a stale next.Cached value failed; the stale value stays", "key", key[len(st.prefix):], "err", err)
		}
	}); ok {
		return data, nil
	}
	v, err, _ := d.s.data.misses.Do(key, func() (any, error) {
		// A miss that ended between the lookup and now has kept its value.
		if data, ok := d.s.lookupData(ctx, st, key, 0, expire, nil); ok {
			return data, nil
		}
		return d.s.fillData(ctx, st, key, names, expire, compute)
	})
	if err != nil {
		return nil, err
	}
	return v.([]byte), nil
}

// implicitTags are the tags of the request's path and route, as a cached
// response of them has.
func (d *requestData) implicitTags() []string {
	var tags []string
	if d.path != "" {
		tags = append(tags, implicitTagPrefix+d.path)
	}
	if d.pattern != "" {
		tags = append(tags, implicitTagPrefix+d.pattern)
	}
	return tags
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

// lookupData returns the value kept for key, unless there is none, it is
// expire old (expire > 0) or its tags were revalidated, or the store
// failed. Once the value is revalidate old (revalidate > 0) it is still
// returned, and refresh runs in the background unless a refresh of key is
// already running.
func (s *Server) lookupData(ctx context.Context, st cacheStores, key string, revalidate, expire time.Duration, refresh func(context.Context)) ([]byte, bool) {
	ent, err := st.entries.Get(ctx, key)
	if err != nil || ent == nil {
		s.cacheFailed(err)
		return nil, false
	}
	age := time.Since(ent.Stored)
	if expire > 0 && age >= expire {
		return nil, false
	}
	names := cachestore.TagNames(ent)
	current, _, err := st.tags.Versions(ctx, names)
	usable, stale := false, false
	if err == nil {
		usable, stale = cachestore.Check(ent, names, current)
	}
	if !usable || (stale || revalidate > 0 && age >= revalidate) && refresh == nil {
		s.cacheFailed(err)
		return nil, false
	}
	if (stale || revalidate > 0 && age >= revalidate) && refresh != nil {
		s.refreshData(ctx, key, refresh)
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

// fillData computes the value for key and keeps it, tagged with names,
// unless a revalidation happened while it was computed (it may hold what
// was revalidated) or compute failed.
func (s *Server) fillData(ctx context.Context, st cacheStores, key string, names []string, expire time.Duration, compute func(context.Context) ([]byte, error)) ([]byte, error) {
	stored := time.Now()
	_, before, verr := st.tags.Versions(ctx, nil)
	data, err := compute(ctx)
	if err != nil {
		return nil, err
	}
	if verr != nil {
		s.cacheFailed(verr)
		return data, nil
	}
	names = cachestore.WithStale(names)
	versions, after, verr := st.tags.Versions(ctx, names)
	if verr != nil || after != before {
		s.cacheFailed(verr)
		return data, nil
	}
	ent := &cachestore.Entry{Body: data, Stored: stored, Tags: make(map[string]int64, len(names))}
	for i, t := range names {
		ent.Tags[t] = versions[i]
	}
	ttl := expire
	if ttl <= 0 || st.ttl > 0 && st.ttl < ttl {
		ttl = st.ttl // a generation's values are read by no one after a reload
	}
	s.cacheFailed(st.entries.Set(ctx, key, ent, ttl))
	return data, nil
}
