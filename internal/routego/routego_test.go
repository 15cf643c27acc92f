package routego

import (
	"errors"
	"reflect"
	"testing"
)

func TestRecovered(t *testing.T) {
	var got []Panic
	SetReport(func(p Panic) { got = append(got, p) })
	defer SetReport(nil)
	Recovered("/a/route.go", 3, 2, nil)
	Recovered("/a/route.go", 4, 2, "boom")
	Recovered("/a/route.go", 5, 2, reflect.ValueOf(errors.New("wrapped")))
	want := []Panic{{"/a/route.go", 4, 2, "boom"}, {"/a/route.go", 5, 2, "wrapped"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("reported %+v, want %+v", got, want)
	}
	if s := want[0].Error(); s != "/a/route.go:4:2: panic in the goroutine started here: boom" {
		t.Errorf("Error: %q", s)
	}
}
