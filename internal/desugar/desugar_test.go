package desugar

import (
	"encoding/xml"
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
