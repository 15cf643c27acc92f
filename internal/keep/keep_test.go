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
