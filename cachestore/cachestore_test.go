package cachestore

import (
	"context"
	"testing"
)

// TestMemoryRevalidate checks that revalidating a tag makes an entry tagged
// with it stale, leaves others fresh, and advances the epoch.
func TestMemoryRevalidate(t *testing.T) {
	ctx := context.Background()
	var m Memory
	vs, epoch0, _ := m.Versions(ctx, []string{"a", "b"})
	e := &Entry{Status: 200, Tags: map[string]int64{"a": vs[0], "b": vs[1]}}
	other := &Entry{Status: 200, Tags: map[string]int64{"b": vs[1]}}
	if err := m.Set(ctx, "k", e, 0); err != nil {
		t.Fatal(err)
	}
	if got, _ := m.Get(ctx, "k"); got != e {
		t.Fatalf("Get(k) = %v, want the entry set", got)
	}
	fresh := func(e *Entry) bool {
		names := TagNames(e)
		cur, _, _ := m.Versions(ctx, names)
		return Fresh(e, names, cur)
	}
	if !fresh(e) || !fresh(other) {
		t.Fatal("entries stale before any revalidation")
	}
	_ = m.RevalidateTags(ctx, []string{"a"})
	if fresh(e) {
		t.Error("entry tagged a fresh after RevalidateTags(a)")
	}
	if !fresh(other) {
		t.Error("entry tagged only b stale after RevalidateTags(a)")
	}
	if _, epoch1, _ := m.Versions(ctx, nil); epoch1 == epoch0 {
		t.Error("epoch did not advance")
	}
}

// TestCheck checks how an entry stands once its tags moved on: expired
// when a tag did, stale when only a stale tag did.
func TestCheck(t *testing.T) {
	e := &Entry{Tags: map[string]int64{"a": 1, StaleTag("a"): 1, "b": 2, StaleTag("b"): 0}}
	names := []string{"a", StaleTag("a"), "b", StaleTag("b")}
	for _, c := range []struct {
		name          string
		current       []int64
		usable, stale bool
	}{
		{"unchanged", []int64{1, 1, 2, 0}, true, false},
		{"a revalidated", []int64{2, 1, 2, 0}, false, false},
		{"b made stale", []int64{1, 1, 2, 1}, true, true},
		{"a stale, b revalidated", []int64{1, 2, 3, 0}, false, false},
	} {
		usable, stale := Check(e, names, c.current)
		if usable != c.usable || stale != c.stale {
			t.Errorf("%s: Check = %v, %v; want %v, %v", c.name, usable, stale, c.usable, c.stale)
		}
		if fresh := Fresh(e, names, c.current); fresh != (c.usable && !c.stale) {
			t.Errorf("%s: Fresh = %v", c.name, fresh)
		}
	}
	if got := WithStale([]string{"x", "y"}); len(got) != 4 || got[2] != StaleTag("x") || got[3] != StaleTag("y") {
		t.Errorf("WithStale(x, y) = %q", got)
	}
}
