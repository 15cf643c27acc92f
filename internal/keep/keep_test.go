package keep

import (
	"errors"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

func TestValueIsMadeOnce(t *testing.T) {
	t.Cleanup(func() { CloseAll() })
	var made atomic.Int32
	var wg sync.WaitGroup
	values := make([]any, 16)
	for i := range values {
		wg.Go(func() {
			values[i], _ = Value("once", func() (any, error) { made.Add(1); return new(int), nil }, nil)
		})
	}
	wg.Wait()
	if made.Load() != 1 {
		t.Errorf("made %d times", made.Load())
	}
	for _, v := range values[1:] {
		if v != values[0] {
			t.Fatal("callers got different values")
		}
	}
}

func TestFailedCreateKeepsNothing(t *testing.T) {
	t.Cleanup(func() { CloseAll() })
	if _, err := Value("flaky", func() (any, error) { return nil, errors.New("down") }, nil); err == nil {
		t.Fatal("no error")
	}
	func() {
		defer func() { recover() }()
		Value("flaky", func() (any, error) { panic("boom") }, nil)
	}()
	v, err := Value("flaky", func() (any, error) { return "up", nil }, nil)
	if err != nil || v != "up" {
		t.Errorf("after failures: %v %v", v, err)
	}
}

func TestDropAndCloseAll(t *testing.T) {
	var closed []string
	hook := func(v any) { closed = append(closed, v.(string)) }
	for _, k := range []string{"a", "b", "c"} {
		Value(k, func() (any, error) { return k, nil }, hook)
	}
	Value("panics", func() (any, error) { return "p", nil }, func(any) { panic("hook broke") })
	if !Drop("b") || Drop("b") || Drop("never") {
		t.Error("Drop reports wrongly")
	}
	if v, _ := Value("b", func() (any, error) { return "b2", nil }, hook); v != "b2" {
		t.Errorf("after Drop: %v", v)
	}
	err := CloseAll()
	if err == nil || !strings.Contains(err.Error(), "hook broke") {
		t.Errorf("CloseAll: %v", err)
	}
	// Reverse order of creation: b2 (made last), then c, then a.
	if want := []string{"b", "b2", "c", "a"}; !slices.Equal(closed, want) {
		t.Errorf("closed %q, want %q", closed, want)
	}
	if CloseAll() != nil || len(closed) != 4 {
		t.Error("a second CloseAll closed again")
	}
}

func TestReleaseDropsValuesOfRoutesGone(t *testing.T) {
	t.Cleanup(func() { CloseAll() })
	var closed []string
	hook := func(v any) { closed = append(closed, v.(string)) }
	make := func(v string) func() (any, error) { return func() (any, error) { return v, nil } }
	Owned([]string{"/a/route.go"}, "r.only-a", make("only-a"), hook)
	Owned([]string{"/b/route.go"}, "r.only-b", make("only-b"), hook)
	Owned([]string{"/a/route.go"}, "r.both", make("both"), hook)
	if v, _ := Owned([]string{"/b/route.go"}, "r.both", make("again"), hook); v != "both" {
		t.Fatalf("a second owner's Owned made the value again: %v", v)
	}
	Value("r.compiled", make("compiled"), hook)
	live := map[string]bool{"/b/route.go": true}

	dropped, err := Release(func(f string) bool { return live[f] })
	if err != nil || !slices.Equal(dropped, []string{"r.only-a"}) || !slices.Equal(closed, []string{"only-a"}) {
		t.Fatalf("/a gone: dropped %v (err %v), closed %v; want only-a", dropped, err, closed)
	}
	closed = nil
	delete(live, "/b/route.go")
	dropped, _ = Release(func(f string) bool { return live[f] })
	// The reverse order of creation: both was made after only-b.
	if !slices.Equal(dropped, []string{"r.both", "r.only-b"}) || !slices.Equal(closed, []string{"both", "only-b"}) {
		t.Fatalf("/b gone: dropped %v, closed %v; want both, then only-b", dropped, closed)
	}
	if v, _ := Value("r.compiled", make("new"), nil); v != "compiled" {
		t.Errorf("a value of compiled code (no owner) was dropped")
	}
	if v, _ := Owned([]string{"/a/route.go"}, "r.only-a", make("remade"), nil); v != "remade" {
		t.Errorf("a released key is not made again: %v", v)
	}
}
