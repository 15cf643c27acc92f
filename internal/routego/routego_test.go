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

func TestInheritedLabels(t *testing.T) {
	for _, tt := range []struct {
		header string
		want   []string
	}{
		{"goroutine 7 [running]:", nil},
		{`goroutine 7 [running labels:{"request": "GET /x"}]:`, []string{"request", "GET /x"}},
		{`goroutine 9 [running labels:{"go": "/a/route.go:3:2", "request": "GET /say \"hi\""}]:`, []string{"request", `GET /say "hi"`}},
	} {
		if got := inheritedLabels(tt.header); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("inheritedLabels(%s) = %q, want %q", tt.header, got, tt.want)
		}
	}
}
