package desugar

import (
	"testing"

	"github.com/devserver/devserver/internal/panicpos"
)

// TestRangeLoopPanicking checks that a yield function records the line of
// a body that panicked, and only then.
func TestRangeLoopPanicking(t *testing.T) {
	panicpos.Forget()
	line := 12
	l := NewRangeLoop()
	yield := func(panics bool) {
		defer l.Panicking()
		l.Enter()
		l.Leave(func() bool {
			l.Track(&line, "route.go")
			if panics {
				panic("boom")
			}
			return true
		}())
	}
	yield(false)
	if frames := panicpos.Take(); len(frames) != 0 {
		t.Fatalf("a body that returned recorded %v", frames)
	}
	func() {
		defer func() { _ = recover() }()
		yield(true)
	}()
	frames := panicpos.Take()
	if len(frames) != 1 || frames[0].Line != 12 || frames[0].File != "route.go" {
		t.Fatalf("a body that panicked recorded %v, want route.go:12", frames)
	}
}
