package desugar

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"reflect"
	"runtime"
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

func TestXMLNamed(t *testing.T) {
	// An unnamed struct type, as yaegi builds a route's types.
	v := struct {
		ID    int    `xml:"id,attr"`
		Title string `xml:"title"`
	}{1, "Go"}
	if _, err := xml.Marshal(v); err == nil {
		t.Fatal("encoding/xml named an element of an unnamed struct type")
	}
	for _, tc := range []struct {
		v    any
		want string
	}{
		{XMLNamed(v, "Book"), `<Book id="1"><title>Go</title></Book>`},
		{XMLNamed(&v, "Book"), `<Book id="1"><title>Go</title></Book>`},
		{XMLNamed((*struct{ A int })(nil), "Book"), ``},
	} {
		b, err := xml.Marshal(tc.v)
		if err != nil || string(b) != tc.want {
			t.Errorf("xml.Marshal(%#v) = %s, %v; want %s", tc.v, b, err, tc.want)
		}
	}
}

// TestBounds compares the run-time errors of Index and Slice with those of
// the compiled bounds checks: text and type.
func TestBounds(t *testing.T) {
	s := make([]int, 3, 5)
	str := "hello"
	i, j := 0, 0
	for _, tc := range []struct {
		name    string
		desugar func()
		native  func()
	}{
		{"index", func() { Index(5, 3) }, func() { i = 5; _ = s[i] }},
		{"negative index", func() { Index(-1, 3) }, func() { i = -1; _ = s[i] }},
		{"high over capacity", func() { Slice(0, 10, cap(s), true) }, func() { j = 10; _ = s[:j] }},
		{"high over length", func() { Slice(2, 10, len(str), false) }, func() { i, j = 2, 10; _ = str[i:j] }},
		{"low over high", func() { Slice(4, 2, len(str), false) }, func() { i, j = 4, 2; _ = str[i:j] }},
		{"low over length", func() { Slice(7, len(str), len(str), false) }, func() { i = 7; _ = str[i:] }},
		{"negative low", func() { Slice(-1, 2, len(str), false) }, func() { i, j = -1, 2; _ = str[i:j] }},
		{"three-index low over high", func() { Slice3(2, 1, 2, cap(s)) }, func() { i, j = 2, 1; _ = s[i:j:2] }},
		{"three-index high over max", func() { Slice3(0, 4, 3, cap(s)) }, func() { i, j = 4, 3; _ = s[:i:j] }},
		{"three-index max over capacity", func() { Slice3(0, 1, 9, cap(s)) }, func() { i = 9; _ = s[0:1:i] }},
		{"three-index negative max", func() { Slice3(0, 0, -1, cap(s)) }, func() { i = -1; _ = s[0:0:i] }},
		{"negative shift", func() { ShiftCount(-1) }, func() { i = -1; _ = j << i }},
	} {
		got, want := panicText(tc.desugar), panicText(tc.native)
		if got != want || want == "" {
			t.Errorf("%s: %q, want %q", tc.name, got, want)
		}
	}
	if Index(2, 3) != 2 || Slice(1, 3, 5, true) != 1 || Slice3(1, 2, 5, 5) != 1 || ShiftCount(70) != 70 {
		t.Errorf("in range: not the index")
	}
}

func panicText(f func()) (msg string) {
	defer func() {
		if err, ok := recover().(runtime.Error); ok {
			msg = fmt.Sprintf("%v (%T)", err, err)
		}
	}()
	f()
	return ""
}

func TestSameError(t *testing.T) {
	a, b := errors.New("a"), errors.New("a")
	for _, c := range []struct {
		x, y error
		want bool
	}{
		{a, a, true},
		{a, b, false},
		{nil, nil, true},
		{a, nil, false},
		{nil, a, false},
		{io.EOF, io.EOF, true},
		{fmt.Errorf("w: %w", a), a, false},
	} {
		if got := SameError(c.x, c.y); got != c.want {
			t.Errorf("SameError(%v, %v) = %v, want %v", c.x, c.y, got, c.want)
		}
	}
}

type sliceError []string

func (s sliceError) Error() string { return "s" }

func TestSameErrorUncomparable(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("SameError of an uncomparable type did not panic, as == does")
		}
	}()
	SameError(sliceError{"x"}, sliceError{"x"})
}

// TestRangeLoop: the states of a desugared range-over-function loop panic
// with Go's own errors when the iterator breaks the rules.
func TestRangeLoop(t *testing.T) {
	panics := func(f func()) (msg string) {
		defer func() {
			if r := recover(); r != nil {
				if _, ok := r.(runtime.Error); !ok {
					t.Errorf("%T is not a runtime.Error", r)
				}
				msg = fmt.Sprint(r)
			}
		}()
		f()
		return ""
	}
	for _, tc := range []struct {
		name string
		run  func(l *RangeLoop)
		want string
	}{
		{"ends", func(l *RangeLoop) { l.Enter(); l.Leave(true); l.Enter(); l.Leave(false); l.Exit() }, ""},
		{"after false", func(l *RangeLoop) { l.Enter(); l.Leave(false); l.Enter() }, "runtime error: range function continued iteration after function for loop body returned false"},
		{"after panic", func(l *RangeLoop) { l.Enter(); l.Enter() }, "runtime error: range function continued iteration after loop body panic"},
		{"after exit", func(l *RangeLoop) { l.Exit(); l.Enter() }, "runtime error: range function continued iteration after whole loop exit"},
		{"panic recovered", func(l *RangeLoop) { l.Enter(); l.Exit() }, "runtime error: range function recovered a loop body panic and did not resume panicking"},
	} {
		if got := panics(func() { tc.run(NewRangeLoop()) }); got != tc.want {
			t.Errorf("%s: panic %q, want %q", tc.name, got, tc.want)
		}
	}
}

// TestTypeAssertionFailed: a failed assertion is Go's own
// *runtime.TypeAssertionError, with Go's text, whether its types are
// compiled or of route code (named by samples).
func TestTypeAssertionFailed(t *testing.T) {
	type sample struct{ N int }
	for _, tc := range []struct {
		iface, target any
		ifaceName     string
		targetName    string
		x             any
		want          string
	}{
		{(*any)(nil), (*int)(nil), "interface {}", "int", "s", "interface conversion: interface {} is string, not int"},
		{(*error)(nil), (*map[string]int)(nil), "error", "map[string]int", fmt.Errorf("x"), "interface conversion: error is *errors.errorString, not map[string]int"},
		{(*any)(nil), (*string)(nil), "interface {}", "string", nil, "interface conversion: interface {} is nil, not string"},
		{nil, (*fmt.Stringer)(nil), "interface", "fmt.Stringer", nil, "interface conversion: interface is nil, not fmt.Stringer"},
		{(*any)(nil), (*int)(nil), "route.Shape", "int", "s", "interface conversion: route.Shape is string, not int"},
		{(*any)(nil), (*int)(nil), "interface {}", "*route.U", []*sample{}, "interface conversion: interface {} is []*route.T, not *route.U"},
	} {
		err := TypeAssertionFailed(tc.iface, tc.target, tc.ifaceName, tc.targetName, tc.x, []any{sample{}}, []string{"route.T"})
		if _, ok := err.(*runtime.TypeAssertionError); !ok || err.Error() != tc.want {
			t.Errorf("%T %q, want a *runtime.TypeAssertionError %q", err, err, tc.want)
		}
	}
}
