package next

import (
	"context"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/devserver/devserver/internal/nextserver/hook"
)

// TestCacheLifeProfiles checks the profiles against Next.js 16.5's
// cacheLife defaults (next/dist/server/config-shared.js), in seconds;
// Next.js's INFINITE_CACHE (never) is 0 here.
func TestCacheLifeProfiles(t *testing.T) {
	const day = 24 * 60 * 60
	for _, c := range []struct {
		name               string
		life               CacheLife
		revalidate, expire int64
	}{
		{"default", LifeDefault, 15 * 60, 0},
		{"seconds", LifeSeconds, 1, 60},
		{"minutes", LifeMinutes, 60, 60 * 60},
		{"hours", LifeHours, 60 * 60, day},
		{"days", LifeDays, day, 7 * day},
		{"weeks", LifeWeeks, 7 * day, 30 * day},
		{"max", LifeMax, 30 * day, 365 * day},
	} {
		if got := int64(c.life.Revalidate / time.Second); got != c.revalidate {
			t.Errorf("%s: Revalidate %ds, want %ds", c.name, got, c.revalidate)
		}
		if got := int64(c.life.Expire / time.Second); got != c.expire {
			t.Errorf("%s: Expire %ds, want %ds", c.name, got, c.expire)
		}
	}
}

// TestCacheLifeDefaults checks that a field left zero takes the default
// profile's, as one left out does in Next.js, and that an Expire shorter
// than a Revalidate is refused only when both are given.
func TestCacheLifeDefaults(t *testing.T) {
	for _, c := range []struct {
		life    CacheLife
		want    CacheLife
		refused bool
	}{
		{CacheLife{}, LifeDefault, false},
		{CacheLife{Expire: time.Hour}, CacheLife{Revalidate: 15 * time.Minute, Expire: time.Hour}, false},
		{CacheLife{Expire: time.Minute}, CacheLife{Revalidate: 15 * time.Minute, Expire: time.Minute}, false},
		{CacheLife{Revalidate: time.Second}, CacheLife{Revalidate: time.Second}, false},
		{CacheLife{Revalidate: time.Hour, Expire: time.Minute}, CacheLife{Revalidate: time.Hour, Expire: time.Minute}, true},
		{LifeMax, LifeMax, false},
	} {
		if got := c.life.withDefaults(); got != c.want {
			t.Errorf("%+v.withDefaults() = %+v, want %+v", c.life, got, c.want)
		}
		if err := c.life.check(); (err != nil) != c.refused {
			t.Errorf("%+v.check() = %v, want refused %v", c.life, err, c.refused)
		}
	}
	err := Cached(nil, "k", new(int), CacheOptions{Life: CacheLife{Revalidate: time.Hour, Expire: time.Minute}}, func(context.Context) (any, error) { return 1, nil })
	if err == nil || !strings.Contains(err.Error(), `next.Cached "k"`) {
		t.Errorf("Cached with Expire shorter than Revalidate: %v, want an error naming the key", err)
	}
}

// TestRevalidateArguments checks what RevalidateTag and RevalidatePath
// hand the server: the profile's expire (as Next.js reads only that), 0
// without one, never for a profile that never expires; the path's type.
func TestRevalidateArguments(t *testing.T) {
	savedTag, savedPath := hook.RevalidateTag, hook.RevalidatePath
	defer func() { hook.RevalidateTag, hook.RevalidatePath = savedTag, savedPath }()
	var gotExpire time.Duration
	var gotPath, gotKind string
	hook.RevalidateTag = func(_ string, expire time.Duration) { gotExpire = expire }
	hook.RevalidatePath = func(path, kind string) { gotPath, gotKind = path, kind }

	for _, c := range []struct {
		name    string
		profile []CacheLife
		want    time.Duration
	}{
		{"no profile", nil, 0},
		{"max", []CacheLife{LifeMax}, 365 * 24 * time.Hour},
		{"seconds", []CacheLife{LifeSeconds}, time.Minute},
		{"default", []CacheLife{LifeDefault}, math.MaxInt64},
		{"revalidate only", []CacheLife{{Revalidate: time.Hour}}, math.MaxInt64},
		{"expire only", []CacheLife{{Expire: 5 * time.Second}}, 5 * time.Second},
	} {
		gotExpire = -1
		RevalidateTag("posts", c.profile...)
		if gotExpire != c.want {
			t.Errorf("RevalidateTag(posts, %s): expire %v, want %v", c.name, gotExpire, c.want)
		}
	}
	for _, c := range []struct {
		typ  []PathType
		kind string
	}{{nil, ""}, {[]PathType{PathPage}, "page"}, {[]PathType{PathLayout}, "layout"}} {
		RevalidatePath("/blog/[slug]", c.typ...)
		if gotPath != "/blog/[slug]" || gotKind != c.kind {
			t.Errorf("RevalidatePath(/blog/[slug], %v): %q, %q", c.typ, gotPath, gotKind)
		}
	}
}
