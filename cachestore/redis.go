package cachestore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"
)

// Redis is a Store in a Redis (or Valkey) server, shared by every server
// that uses it: a response one replica renders is served by the others,
// and a revalidation on one reaches all, since they read the same tag
// states. The client reconnects by itself; while the server cannot be
// reached, calls fail at once (for a second after a failure, then one
// tries again) rather than each waiting for a timeout.
type Redis struct {
	client    *redis.Client
	prefix    string
	downUntil atomic.Int64 // unix nanoseconds: fail fast until then
}

// Keys in the server, under the prefix: "entry:" and the cache's key for
// an entry, "tag:" and the tag for a tag's state, "epoch".
const (
	redisPrefix  = "devserver:"
	redisTimeout = 500 * time.Millisecond // a call, so a request waits this long at most per call
	redisBackoff = time.Second
)

func init() {
	// The client would log every failed dial to stderr; the server logs
	// the store going away once, and coming back (see Store).
	redis.SetLogger(quiet{})
}

// quiet is a go-redis logger that logs nothing.
type quiet struct{}

func (quiet) Printf(context.Context, string, ...any) {}

// errUnreachable is returned while calls fail fast after a failure.
var errUnreachable = errors.New("cache store unreachable (a recent call failed; retrying shortly)")

// OpenRedis returns the Store at rawURL, redis://[user:password@]host:port/db
// (rediss:// for TLS). It does not connect: the first call does, so a
// server that is down at start only means rendering without the cache
// until it is up.
func OpenRedis(rawURL string) (*Redis, error) {
	opt, err := redis.ParseURL(rawURL)
	if err != nil {
		return nil, fmt.Errorf("cache url %q: %w", rawURL, err)
	}
	opt.DialTimeout, opt.ReadTimeout, opt.WriteTimeout = redisTimeout, redisTimeout, redisTimeout
	opt.MaxRetries = 1
	return &Redis{client: redis.NewClient(opt), prefix: redisPrefix}, nil
}

// Addr is the server's address, host:port, without credentials.
func (r *Redis) Addr() string { return r.client.Options().Addr }

// Close closes the connections to the server.
func (r *Redis) Close() error { return r.client.Close() }

// Get returns the entry kept under key, or nil.
func (r *Redis) Get(ctx context.Context, key string) (*Entry, error) {
	var data []byte
	err := r.call(func() error {
		var err error
		data, err = r.client.Get(ctx, r.prefix+"entry:"+key).Bytes()
		return err
	})
	if errors.Is(err, redis.Nil) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("cache get %q: %w", key, err)
	}
	e := new(Entry)
	if err := json.Unmarshal(data, e); err != nil {
		return nil, nil // written by another version: as good as none
	}
	return e, nil
}

// Set keeps e under key for ttl (0: no expiry).
func (r *Redis) Set(ctx context.Context, key string, e *Entry, ttl time.Duration) error {
	data, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("cache set %q: %w", key, err)
	}
	if err := r.call(func() error { return r.client.Set(ctx, r.prefix+"entry:"+key, data, ttl).Err() }); err != nil {
		return fmt.Errorf("cache set %q: %w", key, err)
	}
	return nil
}

// Tags returns the state of each tag and the epoch, in one round trip.
func (r *Redis) Tags(ctx context.Context, tags []string) ([]TagState, int64, error) {
	keys := make([]string, len(tags)+1)
	for i, t := range tags {
		keys[i] = r.prefix + "tag:" + t
	}
	keys[len(tags)] = r.prefix + "epoch"
	var vals []any
	err := r.call(func() error {
		var err error
		vals, err = r.client.MGet(ctx, keys...).Result()
		return err
	})
	if err != nil {
		return nil, 0, fmt.Errorf("cache tag states: %w", err)
	}
	states := make([]TagState, len(tags))
	for i := range tags {
		if s, ok := vals[i].(string); ok {
			states[i] = parseTagState(s)
		}
	}
	var epoch int64
	if s, ok := vals[len(tags)].(string); ok {
		epoch, _ = strconv.ParseInt(s, 10, 64)
	}
	return states, epoch, nil
}

// RevalidateTags records a revalidation of each tag now and advances the
// epoch, in one transaction. The time is this process's clock, compared
// with the times entries were stored by every replica's: their clocks must
// agree (NTP), as Next.js's tags manifest assumes too.
func (r *Redis) RevalidateTags(ctx context.Context, tags []string, expire time.Duration) error {
	value := formatTagState(Revalidated(time.Now(), expire))
	err := r.call(func() error {
		_, err := r.client.TxPipelined(ctx, func(p redis.Pipeliner) error {
			for _, t := range tags {
				p.Set(ctx, r.prefix+"tag:"+t, value, 0)
			}
			p.Incr(ctx, r.prefix+"epoch")
			return nil
		})
		return err
	})
	if err != nil {
		return fmt.Errorf("cache revalidate: %w", err)
	}
	return nil
}

// formatTagState and parseTagState write and read a tag's state as the
// server keeps it: "stale expired", each in Unix nanoseconds.
func formatTagState(s TagState) string {
	return strconv.FormatInt(s.Stale, 10) + " " + strconv.FormatInt(s.Expired, 10)
}

func parseTagState(v string) TagState {
	stale, expired, _ := strings.Cut(v, " ")
	var s TagState
	s.Stale, _ = strconv.ParseInt(stale, 10, 64)
	s.Expired, _ = strconv.ParseInt(expired, 10, 64)
	return s
}

// call runs f unless a recent call failed, and fails fast for a while when
// f fails for another reason than a missing key.
func (r *Redis) call(f func() error) error {
	if time.Now().UnixNano() < r.downUntil.Load() {
		return errUnreachable
	}
	err := f()
	if err != nil && !errors.Is(err, redis.Nil) {
		r.downUntil.Store(time.Now().Add(redisBackoff).UnixNano())
	}
	return err
}
