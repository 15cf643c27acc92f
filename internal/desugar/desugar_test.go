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
