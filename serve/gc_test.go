package serve

import (
	"runtime/debug"
	"testing"
)

// A built binary collects at BuiltGCPercent unless GOGC says otherwise.
func TestTuneGC(t *testing.T) {
	orig := debug.SetGCPercent(100)
	defer debug.SetGCPercent(orig)
	for _, tc := range []struct {
		gogc    string
		tuned   bool
		percent int
	}{
		{"", true, BuiltGCPercent},
		{"100", false, 100},
		{"50", false, 100},
		{"off", false, 100},
	} {
		debug.SetGCPercent(100)
		tuned := tuneGC(func(k string) string {
			if k == "GOGC" {
				return tc.gogc
			}
			return ""
		})
		if got := debug.SetGCPercent(100); tuned != tc.tuned || got != tc.percent {
			t.Errorf("GOGC=%q: tuned %v, GC percent %d; want %v, %d", tc.gogc, tuned, got, tc.tuned, tc.percent)
		}
	}
}
