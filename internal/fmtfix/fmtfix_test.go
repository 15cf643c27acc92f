package fmtfix

import (
	"errors"
	"fmt"
	"testing"
	"time"
)

// The values below stand for yaegi's: a route type Color is a plain int,
// a route struct a struct without names or methods.
func init() {
	Type("t.Color", `{"k":"other","s":"int"}`)
	Method("t.Color", "String", false, func(c int) string { return []string{"red", "green"}[c] })
	Type("t.Timeout", `{"k":"other","s":"int64"}`) // type Timeout time.Duration: a time.Duration to yaegi
	Type("t.User", `{"k":"struct","s":"struct { Name string; pw t.Color }","f":[{"n":"Name","t":{"k":"other","s":"string"}},{"n":"pw","t":{"k":"named","s":"t.Color","id":"t.Color"},"h":true}]}`)
}

type user struct {
	Name string
	Xpw  int
}

const (
	color  = `{"k":"named","s":"t.Color","id":"t.Color"}`
	colors = `{"k":"slice","s":"[]t.Color","e":` + color + `}`
	users  = `{"k":"named","s":"t.User","id":"t.User"}`
	ptr    = `{"k":"ptr","s":"*t.User","e":` + users + `}`
	byName = `{"k":"map","s":"map[string]t.Color","key":{"k":"other","s":"string"},"e":` + color + `}`
)

func TestValue(t *testing.T) {
	u := user{"ada", 1}
	for _, tc := range []struct {
		format string
		arg    any
		want   string
	}{
		{"%v", Value(1, color), "green"},
		{"%v", Value(1500*time.Millisecond, `{"k":"named","s":"t.Timeout","id":"t.Timeout"}`), "1500000000"},
		{"%v", Value([]time.Duration{time.Second}, `{"k":"slice","s":"[]t.Timeout","e":{"k":"named","s":"t.Timeout","id":"t.Timeout"}}`), "[1000000000]"},
		{"%d", Value(1, color), "1"},
		{"%q", Value(0, color), `"red"`},
		{"%v", Value([]int{1, 0}, colors), "[green red]"},
		{"%#v", Value([]int{1, 0}, colors), "[]t.Color{1, 0}"},
		{"%v", Value(map[string]int{"b": 0, "a": 1}, byName), "map[a:green b:red]"},
		{"%+v", Value(u, users), "{Name:ada pw:1}"},
		{"%v", Value(&u, ptr), "&{ada 1}"},
		{"%#v", Value(u, users), `t.User{Name:"ada", pw:1}`},
		{"%#v", Value((*user)(nil), ptr), "(*t.User)(nil)"},
		{"%s", TypeName(ptr), "*t.User"},
		{"%v|%+v|%q", []any{Error("boom", errors.New("boom")), Error("boom", nil), Error("boom", nil)}, `boom|boom|"boom"`},
	} {
		args, ok := tc.arg.([]any)
		if !ok {
			args = []any{tc.arg}
		}
		if got := fmt.Sprintf(tc.format, args...); got != tc.want {
			t.Errorf("Sprintf(%q, %v) = %q, want %q", tc.format, tc.arg, got, tc.want)
		}
	}
}

// TestSprint checks that fmtfix.Sprint spaces operands as fmt.Sprint does,
// by the wrapped values' kinds.
func TestSprint(t *testing.T) {
	type weekday string
	type level uint8
	for _, args := range [][]any{
		{weekday("mon"), level(2), 3, "x", weekday("tue")},
		{1, 2, "a", "b", 3.5, errors.New("e"), weekday("w")},
		{},
		{"only"},
	} {
		want := fmt.Sprint(args...)
		wrapped := make([]any, len(args))
		for i, a := range args {
			wrapped[i] = Value(a, `{"k":"other","s":"x"}`)
			if err, ok := a.(error); ok {
				wrapped[i] = Error(err.Error(), err)
			}
		}
		if got := Sprint(wrapped...); got != want {
			t.Errorf("Sprint(%v) = %q, want %q", args, got, want)
		}
	}
}
