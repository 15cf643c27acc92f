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

func TestRecoveringFunctionPanickingAnew(t *testing.T) {
	leave := func(line int, file string) { Leave(&line, file) }
	recovering := func(line int, file string) { LeaveRecovering(&line, file) }
	// A deferred function recovers a panic, then panics again: its frame
	// is the new panic's, and the function it was deferred by, left at
	// the statement of the first panic, records its frame too.
	Recovered()
	recovering(10, "/repanic.go")
	leave(14, "/inner.go")
	leave(18, "/route.go")
	if got, want := Take(), []Frame{{"/repanic.go", 10}, {"/inner.go", 14}, {"/route.go", 18}}; !reflect.DeepEqual(got, want) {
		t.Errorf("Take = %v, want %v", got, want)
	}
	// One that returns normally after recovering records nothing, and the
	// function it was deferred by is still skipped.
	Recovered()
	recovering(0, "/recovers.go")
	leave(14, "/inner.go")
	leave(30, "/next.go") // a later panic
	if got, want := Take(), []Frame{{"/next.go", 30}}; !reflect.DeepEqual(got, want) {
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

func TestSourcesFile(t *testing.T) {
	s := Sources{
		"example.com/app":                        "/src/app",
		"example.com/app/app/devserver_build/p3": "/src/app/app/users/[id]",
	}
	for _, tc := range []struct {
		name, want string
		ok         bool
	}{
		{"example.com/app/app/devserver_build/p3/route.go", "/src/app/app/users/[id]/route.go", true},
		{"example.com/app/internal/shared/shared.go", "/src/app/internal/shared/shared.go", true},
		{"example.com/app/main.go", "/src/app/main.go", true},
		{"example.com/application/x.go", "", false}, // another module, sharing a prefix
		{"example.com/app@v1.2.0/x.go", "", false},  // a dependency's version of it
		{"github.com/devserver/devserver@v0.0.0/server/call.go", "", false},
		{"runtime/panic.go", "", false},
		{"example.com/app/internal/store/zz_devserver_exit.go", "", false}, // added by devserver build
		{"/abs/elsewhere.go", "", false},
	} {
		got, ok := s.File(tc.name)
		if got != tc.want || ok != tc.ok {
			t.Errorf("File(%q) = %q, %v; want %q, %v", tc.name, got, ok, tc.want, tc.ok)
		}
	}
}

func TestDescribed(t *testing.T) {
	Describe("&{42}", "not found: 42")
	if text, ok := Described("&{42}"); !ok || text != "not found: 42" {
		t.Errorf("Described = %q, %v; want the recorded text", text, ok)
	}
	if _, ok := Described("&{42}"); ok {
		t.Errorf("a text taken twice")
	}
	// Another panic's value: not its text.
	Describe("&{42}", "not found: 42")
	if _, ok := Described("boom"); ok {
		t.Errorf("the text of another value taken")
	}
	// A value recovered and panicked with again keeps its text.
	Describe("&{7}", "forbidden 7")
	Recovered()
	if text, ok := Described("&{7}"); !ok || text != "forbidden 7" {
		t.Errorf("after a recover: %q, %v", text, ok)
	}
	Take()
}

func TestBeginForgetsWhatTheGoroutineLeft(t *testing.T) {
	leave := func(line int, file string) { Leave(&line, file) }
	// An earlier request on this goroutine left a frame, a recovery's
	// mark and a panic's text nobody took.
	leave(19, "/iterator.go")
	Recovered()
	leave(7, "/stale.go")
	Describe("{1}", "stale text")
	// Another goroutine's are not this one's to forget.
	var wg sync.WaitGroup
	var other uint64
	wg.Go(func() { leave(5, "/other.go"); other = goroutine() })
	wg.Wait()
	Begin()
	leave(22, "/route.go") // this request's panic
	if got, want := Take(), []Frame{{"/route.go", 22}}; !reflect.DeepEqual(got, want) {
		t.Errorf("Take = %v, want %v", got, want)
	}
	if text, ok := Described("{1}"); ok {
		t.Errorf("Described = %q, want the earlier request's text forgotten", text)
	}
	mu.Lock()
	kept := frames[other]
	mu.Unlock()
	if want := []Frame{{"/other.go", 5}}; !reflect.DeepEqual(kept, want) {
		t.Errorf("the other goroutine's frames after Begin: %v, want %v", kept, want)
	}
}
