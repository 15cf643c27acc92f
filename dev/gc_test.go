package dev

import (
	"runtime/debug"
	"testing"
)

// TestCollectOften checks that a reload lowers a high GOGC to
// reloadGCPercent and puts it back after, and leaves a GOGC that is already
// low, or off, as the user set it.
func TestCollectOften(t *testing.T) {
	orig := debug.SetGCPercent(100)
	defer debug.SetGCPercent(orig)
	for _, tc := range []struct{ set, during int }{
		{400, reloadGCPercent},
		{reloadGCPercent + 1, reloadGCPercent},
		{reloadGCPercent, reloadGCPercent},
		{50, 50},
		{-1, -1},
	} {
		debug.SetGCPercent(tc.set)
		restore := collectOften()
		during := debug.SetGCPercent(tc.during)
		debug.SetGCPercent(during)
		restore()
		after := debug.SetGCPercent(tc.set)
		if during != tc.during || after != tc.set {
			t.Errorf("GOGC %d: %d during a reload and %d after, want %d and %d", tc.set, during, after, tc.during, tc.set)
		}
	}
}
