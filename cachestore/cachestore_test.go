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
