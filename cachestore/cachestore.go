// Package cachestore owns where the GET cache keeps what it shares between
// requests: cached responses, next.Cached values and the state of cache
// tags. Memory is the default, embedded store; a store shared by several
// replicas of a built app implements the same Store.
//
// Revalidation works as Next.js's tags manifest does: a revalidation of a
// tag records, in the store, from when what the tag tags is stale and from
// when it is expired, and an entry stored before those times is stale or
// expired when it is read. Keeping these times in the store (rather than
// announcing revalidations) makes a revalidation reach every reader of the
// store, including one that was away when it happened.
package cachestore

import (
	"context"
	"math"
	"net/http"
	"sync"
	"time"
)

// Entry is one cached response, or one next.Cached value (Body alone).
type Entry struct {
	Status int
	Header http.Header
	Body   []byte
	// Stored is when the render or computation of the entry started: a
	// revalidation of one of its tags from then on reaches it.
	Stored time.Time
	// Tags are the entry's tags, explicit and implicit.
	Tags []string
}

// TagState is what the revalidations of one tag left, in Unix nanoseconds,
// as Next.js's tags manifest records them. Zero means never.
type TagState struct {
	// Stale: an entry stored before it is stale (served while it is
	// computed again).
	Stale int64
	// Expired: an entry stored before it is expired (not served) once
	// this time has come.
	Expired int64
}

// Store keeps cached entries by key, and the state of tags. Its methods
// are safe for concurrent use. An error means the store could not be
// reached or read: the cache then renders afresh.
type Store interface {
	// Get returns the entry kept under key, or nil when there is none.
	Get(ctx context.Context, key string) (*Entry, error)
	// Set keeps e under key for at least ttl (0: until it is replaced).
	Set(ctx context.Context, key string, e *Entry, ttl time.Duration) error
	// Tags returns the state of each tag and the store's epoch, which
	// every RevalidateTags advances: a render that sees the epoch move
	// during it was perhaps computed from data a revalidation replaced,
	// and is not kept.
	Tags(ctx context.Context, tags []string) (states []TagState, epoch int64, err error)
	// RevalidateTags makes what each tag tags stale now and expired once
	// expire has passed (0: now), and advances the epoch.
	RevalidateTags(ctx context.Context, tags []string, expire time.Duration) error
}

// Revalidated returns the state a revalidation at now leaves: stale from
// now, expired from now+expire (saturating: a very long expire is never).
func Revalidated(now time.Time, expire time.Duration) TagState {
	at := now.UnixNano()
	expired := int64(math.MaxInt64)
	if expire < time.Duration(math.MaxInt64-at) {
		expired = at + int64(expire)
	}
	return TagState{Stale: at, Expired: expired}
}

// Check reports how an entry stored at stored stands at now against the
// states of its tags, as Next.js's areTagsExpired and areTagsStale decide:
// expired when a tag's expiry has come and is later than stored, else
// stale when a tag was made stale after stored.
func Check(stored time.Time, states []TagState, now time.Time) (expired, stale bool) {
	at, t := stored.UnixNano(), now.UnixNano()
	for _, s := range states {
		if s.Expired != 0 && s.Expired <= t && s.Expired > at {
			return true, false
		}
		stale = stale || s.Stale > at
	}
	return false, stale
}

// Memory is a Store in this process's memory. The zero value is ready to
// use.
type Memory struct {
	mu      sync.Mutex
	entries map[string]*Entry
	tags    map[string]TagState
	epoch   int64
}

// Get returns the entry kept under key, or nil. The ttl of Set is not
// enforced: a Memory store lives as long as the generation it caches for.
func (m *Memory) Get(_ context.Context, key string) (*Entry, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.entries[key], nil
}

// Set keeps e under key.
func (m *Memory) Set(_ context.Context, key string, e *Entry, _ time.Duration) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.entries == nil {
		m.entries = make(map[string]*Entry)
	}
	m.entries[key] = e
	return nil
}

// Tags returns the state of each tag and the epoch.
func (m *Memory) Tags(_ context.Context, tags []string) ([]TagState, int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	states := make([]TagState, len(tags))
	for i, t := range tags {
		states[i] = m.tags[t]
	}
	return states, m.epoch, nil
}

// RevalidateTags records a revalidation of each tag now and advances the
// epoch.
func (m *Memory) RevalidateTags(_ context.Context, tags []string, expire time.Duration) error {
	state := Revalidated(time.Now(), expire)
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.tags == nil {
		m.tags = make(map[string]TagState)
	}
	for _, t := range tags {
		m.tags[t] = state
	}
	m.epoch++
	return nil
}
