package cachestore

import (
	"context"
	"math"
	"testing"
	"time"
)

// TestCheck checks how an entry stands against its tags' states, as
// Next.js's areTagsExpired and areTagsStale decide.
func TestCheck(t *testing.T) {
	base := time.Unix(1000, 0)
	at := func(d time.Duration) int64 { return base.Add(d).UnixNano() }
	stored := base
	for _, c := range []struct {
		name           string
		states         []TagState
		now            time.Duration // after base
		expired, stale bool
	}{
		{"never revalidated", []TagState{{}, {}}, time.Hour, false, false},
		{"no tags", nil, time.Hour, false, false},
		{"expired after it was stored", []TagState{{Stale: at(time.Second), Expired: at(time.Second)}}, 2 * time.Second, true, false},
		{"expired before it was stored", []TagState{{Stale: at(-time.Second), Expired: at(-time.Second)}}, time.Hour, false, false},
		{"soft: stale until its expiry", []TagState{{Stale: at(time.Second), Expired: at(time.Minute)}}, 30 * time.Second, false, true},
		{"soft: expired once its expiry came", []TagState{{Stale: at(time.Second), Expired: at(time.Minute)}}, time.Minute, true, false},
		{"soft, never expires", []TagState{Revalidated(base.Add(time.Second), math.MaxInt64)}, 24 * time.Hour, false, true},
		{"one tag expired, one stale", []TagState{{Stale: at(time.Second), Expired: at(time.Hour)}, {Stale: at(time.Second), Expired: at(time.Second)}}, time.Minute, true, false},
		// Next.js's quirk, kept: an entry stored between a soft
		// revalidation and its expiry expires with the others.
		{"stored after a soft revalidation, before its expiry", []TagState{{Stale: at(-time.Minute), Expired: at(time.Minute)}}, 2 * time.Minute, true, false},
		{"same instant as the revalidation", []TagState{{Stale: at(0), Expired: at(0)}}, time.Second, false, false},
	} {
		expired, stale := Check(stored, c.states, base.Add(c.now))
		if expired != c.expired || stale != c.stale {
			t.Errorf("%s: Check = expired %v, stale %v; want %v, %v", c.name, expired, stale, c.expired, c.stale)
		}
	}
}

// TestRevalidated checks the state a revalidation leaves, saturating a
// very long expire.
func TestRevalidated(t *testing.T) {
	now := time.Unix(1000, 0)
	for _, c := range []struct {
		expire time.Duration
		want   TagState
	}{
		{0, TagState{Stale: now.UnixNano(), Expired: now.UnixNano()}},
		{time.Minute, TagState{Stale: now.UnixNano(), Expired: now.Add(time.Minute).UnixNano()}},
		{math.MaxInt64, TagState{Stale: now.UnixNano(), Expired: math.MaxInt64}},
	} {
		if got := Revalidated(now, c.expire); got != c.want {
			t.Errorf("Revalidated(%v) = %+v, want %+v", c.expire, got, c.want)
		}
	}
}

// TestMemoryRevalidate checks that revalidating a tag expires an entry
// tagged with it, leaves others fresh, and advances the epoch.
func TestMemoryRevalidate(t *testing.T) {
	ctx := context.Background()
	var m Memory
	stored := time.Now()
	e := &Entry{Status: 200, Stored: stored, Tags: []string{"a", "b"}}
	other := &Entry{Status: 200, Stored: stored, Tags: []string{"b"}}
	if err := m.Set(ctx, "k", e, 0); err != nil {
		t.Fatal(err)
	}
	if got, _ := m.Get(ctx, "k"); got != e {
		t.Fatalf("Get(k) = %v, want the entry set", got)
	}
	check := func(e *Entry) (expired, stale bool) {
		states, _, _ := m.Tags(ctx, e.Tags)
		return Check(e.Stored, states, time.Now())
	}
	if expired, stale := check(e); expired || stale {
		t.Fatal("entry not fresh before any revalidation")
	}
	_, epoch0, _ := m.Tags(ctx, nil)
	time.Sleep(time.Millisecond) // a revalidation after the entry was stored
	_ = m.RevalidateTags(ctx, []string{"a"}, 0)
	if expired, _ := check(e); !expired {
		t.Error("entry tagged a not expired after RevalidateTags(a, 0)")
	}
	if expired, stale := check(other); expired || stale {
		t.Error("entry tagged only b not fresh after RevalidateTags(a, 0)")
	}
	_ = m.RevalidateTags(ctx, []string{"b"}, time.Hour)
	if expired, stale := check(other); expired || !stale {
		t.Errorf("after RevalidateTags(b, 1h): expired %v, stale %v; want stale", expired, stale)
	}
	if _, epoch1, _ := m.Tags(ctx, nil); epoch1 != epoch0+2 {
		t.Errorf("epoch %d after two revalidations from %d", epoch1, epoch0)
	}
}

// TestTagStateText checks that a tag's state reads back as written.
func TestTagStateText(t *testing.T) {
	for _, s := range []TagState{{}, {Stale: 1, Expired: 2}, {Stale: 1733371200000000000, Expired: math.MaxInt64}} {
		if got := parseTagState(formatTagState(s)); got != s {
			t.Errorf("parseTagState(formatTagState(%+v)) = %+v", s, got)
		}
	}
}
