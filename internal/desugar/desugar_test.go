package desugar

import (
	"math"
	"reflect"
	"testing"
)

func TestClear(t *testing.T) {
	m := map[float64]int{1: 1, math.NaN(): 2}
	Clear(m)
	if len(m) != 0 {
		t.Errorf("map after Clear: %v", m)
	}
	s := []string{"a", "b"}
	Clear(s[:1])
	if !reflect.DeepEqual(s, []string{"", "b"}) {
		t.Errorf("slice after Clear: %q", s)
	}
	var nilMap map[string]int
	Clear(nilMap)
	Clear(nil)
}

func TestContextKey(t *testing.T) {
	a, b := ContextKey("id", "p.key"), ContextKey("id", "p.other")
	if a == b || a == any("id") {
		t.Errorf("keys of different types are equal: %v %v", a, b)
	}
	if a != ContextKey("id", "p.key") {
		t.Errorf("a key does not equal itself")
	}
	if k := ContextKey([]int{1}, "p.slice"); !reflect.DeepEqual(k, []int{1}) {
		t.Errorf("an incomparable key was changed: %v", k)
	}
}
