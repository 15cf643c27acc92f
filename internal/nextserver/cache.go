package nextserver

import (
	"context"
	"sync"
	"time"

	"github.com/devserver/devserver/internal/nextserver/hook"
)

// Revalidator is what next.RevalidateTag and next.RevalidatePath reach: a
// server's cache.
type Revalidator interface {
	// RevalidateTag makes what tag tags stale now, and expired once
	// expire has passed (0: at once).
	RevalidateTag(tag string, expire time.Duration)
	// RevalidatePath expires what the implicit tag of path and kind
	// ("", "page" or "layout") tags.
	RevalidatePath(path, kind string)
}

var revalidators struct {
	sync.Mutex
	set map[*Revalidator]Revalidator
}

func init() {
	hook.RevalidateTag = func(tag string, expire time.Duration) {
		for _, r := range registered() {
			r.RevalidateTag(tag, expire)
		}
	}
	hook.RevalidatePath = func(path, kind string) {
		for _, r := range registered() {
			r.RevalidatePath(path, kind)
		}
	}
}

// OnRevalidate makes r receive every next.RevalidateTag and
// next.RevalidatePath of the process, until the returned func is called. A
// route cannot name the server it runs in, so every server hears them (in a
// process with one server, as any but a test is, that is the one).
func OnRevalidate(r Revalidator) (stop func()) {
	key := new(Revalidator)
	revalidators.Lock()
	defer revalidators.Unlock()
	if revalidators.set == nil {
		revalidators.set = make(map[*Revalidator]Revalidator)
	}
	revalidators.set[key] = r
	return func() {
		revalidators.Lock()
		defer revalidators.Unlock()
		delete(revalidators.set, key)
	}
}

func registered() []Revalidator {
	revalidators.Lock()
	defer revalidators.Unlock()
	rs := make([]Revalidator, 0, len(revalidators.set))
	for _, r := range revalidators.set {
		rs = append(rs, r)
	}
	return rs
}

// Tagger is what a GET rendered for the cache carries in its request's
// context for next.CacheTag.
type Tagger = hook.Tagger

// WithTagger returns ctx carrying t for next.CacheTag.
func WithTagger(ctx context.Context, t Tagger) context.Context {
	return context.WithValue(ctx, hook.TagsKey{}, t)
}
