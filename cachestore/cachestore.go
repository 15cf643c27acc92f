// Package cachestore owns where the GET cache keeps what it shares between
// requests: cached responses and the versions of cache tags. Memory is the
// default, embedded store; a store shared by several replicas of a built
// app implements the same Store.
//
// Revalidation works by tag versions: every cached response records the
// version of each of its tags when it was rendered, RevalidateTags advances
// the versions of the tags it names, and a response whose tags moved on is
// no longer served. Keeping versions in the store (rather than announcing
// revalidations) makes a revalidation reach every reader of the store,
// including one that was away when it happened.
package cachestore

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Entry is one cached response.
type Entry struct {
	Status int
	Header http.Header
	Body   []byte
	// Stored is when the response was rendered; its age counts from here.
	Stored time.Time
	// Tags are the response's tags, each with its version when rendered.
	Tags map[string]int64
}

// Store keeps cached responses by key, and the versions of tags. Its methods
// are safe for concurrent use. An error means the store could not be
// reached or read: the cache then renders afresh.
type Store interface {
	// Get returns the entry kept under key, or nil when there is none.
	Get(ctx context.Context, key string) (*Entry, error)
	// Set keeps e under key for at least ttl (0: until it is replaced).
	Set(ctx context.Context, key string, e *Entry, ttl time.Duration) error
	// Versions returns the version of each tag (0 for a tag never
	// revalidated) and the store's epoch, which every RevalidateTags
	// advances: a render that sees the epoch move during it was perhaps
	// computed from data a revalidation replaced, and is not kept.
	Versions(ctx context.Context, tags []string) (versions []int64, epoch int64, err error)
	// RevalidateTags advances the version of each tag and the epoch.
	RevalidateTags(ctx context.Context, tags []string) error
}

// Memory is a Store in this process's memory. The zero value is ready to
// use.
type Memory struct {
	mu      sync.Mutex
	entries map[string]*Entry
	tags    map[string]int64
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

// Versions returns the version of each tag and the epoch.
func (m *Memory) Versions(_ context.Context, tags []string) ([]int64, int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	vs := make([]int64, len(tags))
	for i, t := range tags {
		vs[i] = m.tags[t]
	}
	return vs, m.epoch, nil
}

// RevalidateTags advances the version of each tag and the epoch.
func (m *Memory) RevalidateTags(_ context.Context, tags []string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.tags == nil {
		m.tags = make(map[string]int64)
	}
	for _, t := range tags {
		m.tags[t]++
	}
	m.epoch++
	return nil
}

// Fresh reports whether none of e's tags has moved on from the versions in
// current, which are in the order of names (TagNames(e)).
func Fresh(e *Entry, names []string, current []int64) bool {
	usable, stale := Check(e, names, current)
	return usable && !stale
}

// Check reports how e stands against the tag versions in current, in the
// order of names (TagNames(e)): usable unless one of its tags was
// revalidated since it was stored (expired), and stale when one of its
// stale tags was (a soft revalidation: serve it while it is refreshed).
func Check(e *Entry, names []string, current []int64) (usable, stale bool) {
	for i, t := range names {
		if e.Tags[t] == current[i] {
			continue
		}
		if !strings.HasPrefix(t, stalePrefix) {
			return false, false
		}
		stale = true
	}
	return true, stale
}

// stalePrefix starts the name of a tag's stale tag.
const stalePrefix = "~"

// StaleTag is the name of the version a soft revalidation of tag advances:
// an entry records it beside tag's (see WithStale), and is stale, not
// expired, when only it moved on.
func StaleTag(tag string) string { return stalePrefix + tag }

// WithStale returns tags followed by the stale tag of each, the names an
// entry records the versions of.
func WithStale(tags []string) []string {
	out := make([]string, 0, 2*len(tags))
	out = append(out, tags...)
	for _, t := range tags {
		out = append(out, StaleTag(t))
	}
	return out
}

// TagNames returns the names of e's tags.
func TagNames(e *Entry) []string {
	names := make([]string, 0, len(e.Tags))
	for t := range e.Tags {
		names = append(names, t)
	}
	return names
}
