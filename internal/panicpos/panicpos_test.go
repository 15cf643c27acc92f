package panicpos

import (
	"reflect"
	"sync"
	"testing"
)

func TestFrames(t *testing.T) {
	leave := func(line int, file string) { Leave(&line, file) }
	leave(0, "/a.go") // returned: nothing to record
	leave(12, "/inner.go")
	leave(30, "/outer.go")
	// Another goroutine's frames are its own.
	var wg sync.WaitGroup
	wg.Go(func() {
		leave(5, "/other.go")
		if got := Take(); !reflect.DeepEqual(got, []Frame{{"/other.go", 5}}) {
			t.Errorf("other goroutine: %v", got)
		}
	})
	wg.Wait()
	if got, want := Take(), []Frame{{"/inner.go", 12}, {"/outer.go", 30}}; !reflect.DeepEqual(got, want) {
		t.Errorf("Take = %v, want %v", got, want)
	}
	if got := Take(); got != nil {
		t.Errorf("second Take = %v, want none", got)
	}
}

func TestRecoveredForgetsTheFrames(t *testing.T) {
	leave := func(line int, file string) { Leave(&line, file) }
	leave(12, "/inner.go")
	Recovered()
	leave(30, "/recovering.go") // the function that recovered, left normally
	leave(40, "/next.go")       // a later panic
	if got, want := Take(), []Frame{{"/next.go", 40}}; !reflect.DeepEqual(got, want) {
		t.Errorf("Take = %v, want %v", got, want)
	}
}

func TestForgottenGoroutinesAreBounded(t *testing.T) {
	var wg sync.WaitGroup
	for range maxGoroutines + 10 {
		wg.Go(func() { line := 1; Leave(&line, "/gone.go") })
	}
	wg.Wait()
	mu.Lock()
	defer mu.Unlock()
	if len(frames) > maxGoroutines || len(order) > maxGoroutines {
		t.Errorf("%d goroutines kept, at most %d", len(frames), maxGoroutines)
	}
}
