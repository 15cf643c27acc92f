package next

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"time"

	"github.com/devserver/devserver/internal/jsonfix"
	"github.com/devserver/devserver/internal/nextserver/hook"
)

// CacheLife is how long a value of Cached lives, as a Next.js cacheLife
// profile. A field left zero takes LifeDefault's, as one left out of a
// profile takes the 'default' profile's in Next.js. Its client-side stale
// time has no use for a route handler and is left out.
type CacheLife struct {
	// Revalidate is the age from which the value is stale: it is still
	// returned, and one call computes it again in the background. Zero:
	// LifeDefault's, 15 minutes.
	Revalidate time.Duration
	// Expire is the age from which the value is not returned at all: the
	// next call waits for a new one. Zero: LifeDefault's, never. When
	// both are given, Expire must not be shorter than Revalidate.
	Expire time.Duration
}

// The cacheLife profiles of Next.js 16, by the same names and with the
// same revalidate and expire times: default 15 minutes and never, seconds
// 1 second and 1 minute, minutes 1 minute and 1 hour, hours 1 hour and 1
// day, days 1 day and 1 week, weeks 1 week and 30 days, max 30 days and 1
// year. LifeDefault is what a Cached call without a Life uses.
var (
	LifeDefault = CacheLife{Revalidate: 15 * time.Minute}
	LifeSeconds = CacheLife{Revalidate: time.Second, Expire: time.Minute}
	LifeMinutes = CacheLife{Revalidate: time.Minute, Expire: time.Hour}
	LifeHours   = CacheLife{Revalidate: time.Hour, Expire: 24 * time.Hour}
	LifeDays    = CacheLife{Revalidate: 24 * time.Hour, Expire: 7 * 24 * time.Hour}
	LifeWeeks   = CacheLife{Revalidate: 7 * 24 * time.Hour, Expire: 30 * 24 * time.Hour}
	LifeMax     = CacheLife{Revalidate: 30 * 24 * time.Hour, Expire: 365 * 24 * time.Hour}
)

// withDefaults returns l with each zero field set to LifeDefault's.
func (l CacheLife) withDefaults() CacheLife {
	if l.Revalidate == 0 {
		l.Revalidate = LifeDefault.Revalidate
	}
	if l.Expire == 0 {
		l.Expire = LifeDefault.Expire
	}
	return l
}

// check returns an error when both times are given and Expire is the
// shorter, as Next.js's cacheLife refuses it.
func (l CacheLife) check() error {
	if l.Revalidate > 0 && l.Expire > 0 && l.Revalidate > l.Expire {
		return fmt.Errorf("its Life's Expire (%v) is shorter than its Revalidate (%v)", l.Expire, l.Revalidate)
	}
	return nil
}

// CacheOptions says how Cached keeps a value.
type CacheOptions struct {
	// Tags tag the value, as cacheTag does: RevalidateTag with any of
	// them ends it. They also tag the cached response being rendered
	// when Cached is called from one, as CacheTag would.
	Tags []string
	// Life is how long the value lives; the zero CacheLife is
	// LifeDefault.
	Life CacheLife
}

// Cached stores in out the value of fn kept under key, as Next.js's
// unstable_cache and 'use cache' with cacheLife do for an expensive call
// (a database query, a request to another service): the first call runs
// fn, later ones answer from the cache, on this server and, with a shared
// cache store, on every replica using it.
//
//	var posts []Post
//	err := next.Cached(req, "posts:"+author, &posts, next.CacheOptions{
//		Tags: []string{"posts"},
//		Life: next.LifeMinutes,
//	}, func(ctx context.Context) (any, error) {
//		return db.PostsBy(ctx, author)
//	})
//
// Values are kept JSON-encoded, so out receives what decoding fn's value
// into it gives, the same whether it was computed now or read back (as
// Next.js serializes what it caches): use exported fields. A value older
// than its Life's Revalidate is still returned while one call of fn
// refreshes it in the background (with a context of its own, not ended
// with the request); one older than Expire, or whose tags or path were
// revalidated (RevalidateTag, RevalidatePath of the path whose request
// computed it), is computed before Cached returns. Concurrent calls for
// one key run fn once. An error of fn is returned and nothing is kept.
//
// Keys are shared by the whole app; the cache is emptied by a reload in
// dev, as a route's cached responses are. Outside a request the server
// handles (req nil), fn is called every time. req is the handler's
// *Request, or its *http.Request in a net/http handler.
func Cached(req interface{ Context() context.Context }, key string, out any, opts CacheOptions, fn func(ctx context.Context) (any, error)) error {
	if rv := reflect.ValueOf(out); rv.Kind() != reflect.Pointer || rv.IsNil() {
		return fmt.Errorf("next.Cached %q: out must be a non-nil pointer, not %T", key, out)
	}
	if fn == nil {
		return fmt.Errorf("next.Cached %q: fn is nil", key)
	}
	if err := opts.Life.check(); err != nil {
		return fmt.Errorf("next.Cached %q: %w", key, err)
	}
	life := opts.Life.withDefaults()
	compute := func(ctx context.Context) ([]byte, error) {
		v, err := fn(ctx)
		if err != nil {
			return nil, err
		}
		return encodeCached(v)
	}
	ctx := context.Background()
	var data []byte
	var err error
	if req != nil {
		ctx = req.Context()
	}
	if c, ok := ctx.Value(hook.DataKey{}).(hook.DataCache); ok && c != nil {
		data, err = c.Load(ctx, key, opts.Tags, life.Revalidate, life.Expire, compute)
		CacheTag(req, opts.Tags...)
	} else {
		data, err = compute(ctx)
	}
	if err != nil {
		return fmt.Errorf("next.Cached %q: %w", key, err)
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("next.Cached %q: decoding the value into %T: %w", key, out, err)
	}
	return nil
}

// encodeCached encodes v as a cached value, as next.JSON would.
func encodeCached(v any) ([]byte, error) {
	v, err := jsonfix.Value(v)
	if err == nil {
		var data []byte
		if data, err = json.Marshal(v); err == nil {
			return data, nil
		}
	}
	return nil, fmt.Errorf("encoding the value as JSON: %w", err)
}
