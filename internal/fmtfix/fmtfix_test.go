package fmtfix

import (
	"errors"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/devserver/devserver/internal/panicpos"
)

// reg is the registry the route types of these tests are registered in,
// as a loader's are.
var reg = new(Registry)

// The values below stand for yaegi's: a route type Color is a plain int,
// a route struct a struct without names or methods.
func init() {
	reg.Type("t.Color", `{"k":"other","s":"int"}`)
	reg.Method("t.Color", "String", false, func(c int) string { return []string{"red", "green"}[c] })
	reg.Type("t.Timeout", `{"k":"other","s":"int64"}`) // type Timeout time.Duration: a time.Duration to yaegi
	reg.Type("t.Flag", `{"k":"other","s":"uint8"}`)
	reg.Method("t.Flag", "String", false, func(f uint8) string { return []string{"off", "on"}[f] })
	reg.Type("t.Bad", `{"k":"other","s":"int"}`)
	reg.Method("t.Bad", "String", false, func(b int) string {
		if b < 0 {
			var p *struct{ n int }
			return fmt.Sprint(p.n)
		}
		panic("bad " + fmt.Sprint(b))
	})
	reg.Type("t.Leaving", `{"k":"other","s":"int"}`)
	reg.Method("t.Leaving", "String", false, func(int) string {
		line := 7 // as the panicLines rewrite keeps it
		defer panicpos.Leave(&line, "/app/x/route.go")
		panic("boom")
	})
	reg.Type("t.Name", `{"k":"slice","s":"[]byte","e":{"k":"other","s":"uint8"}}`)
	reg.Type("t.Job", `{"k":"struct","s":"struct { Name string; Err error }","f":[{"n":"Name","t":{"k":"other","s":"string"}},{"n":"Err","t":{"k":"other","s":"error"}}]}`)
	reg.Type("t.User", `{"k":"struct","s":"struct { Name string; pw t.Color }","f":[{"n":"Name","t":{"k":"other","s":"string"}},{"n":"pw","t":{"k":"named","s":"t.Color","id":"t.Color"},"h":true}]}`)
}

type job struct {
	Name string
	Err  error
}

type user struct {
	Name string
	Xpw  int
}

const (
	color  = `{"k":"named","s":"t.Color","id":"t.Color"}`
	colors = `{"k":"slice","s":"[]t.Color","e":` + color + `}`
	users  = `{"k":"named","s":"t.User","id":"t.User"}`
	jobs   = `{"k":"named","s":"t.Job","id":"t.Job"}`
	ptr    = `{"k":"ptr","s":"*t.User","e":` + users + `}`
	flags  = `{"k":"slice","s":"[]t.Flag","e":{"k":"named","s":"t.Flag","id":"t.Flag"}}`
	name   = `{"k":"named","s":"t.Name","id":"t.Name"}`
	byName = `{"k":"map","s":"map[string]t.Color","key":{"k":"other","s":"string"},"e":` + color + `}`
)

func boom() string { return "boom" }

// formatter is an error with a Format method, printing its flags and verb.
type formatter struct{}

func (formatter) Error() string { return "formatted" }

func (formatter) Format(s fmt.State, verb rune) {
	for _, f := range "+#" {
		if s.Flag(int(f)) {
			fmt.Fprint(s, string(f))
		}
	}
	fmt.Fprint(s, string(verb))
}

// goSyntax is an error with a GoString method.
type goSyntax struct{}

func (goSyntax) Error() string    { return "go syntax" }
func (goSyntax) GoString() string { return "goSyntax!" }

func TestValue(t *testing.T) {
	u := user{"ada", 1}
	for _, tc := range []struct {
		format string
		arg    any
		want   string
	}{
		{"%v", reg.Value(nil, 1, color), "green"},
		{"%v", reg.Value(nil, 1500*time.Millisecond, `{"k":"named","s":"t.Timeout","id":"t.Timeout"}`), "1500000000"},
		{"%v", reg.Value(nil, []time.Duration{time.Second}, `{"k":"slice","s":"[]t.Timeout","e":{"k":"named","s":"t.Timeout","id":"t.Timeout"}}`), "[1000000000]"},
		{"%d", reg.Value(nil, 1, color), "1"},
		{"%q", reg.Value(nil, 0, color), `"red"`},
		{"%v", reg.Value(nil, []int{1, 0}, colors), "[green red]"},
		{"%#v", reg.Value(nil, []int{1, 0}, colors), "[]t.Color{1, 0}"},
		{"%v", reg.Value(nil, map[string]int{"b": 0, "a": 1}, byName), "map[a:green b:red]"},
		{"%+v", reg.Value(nil, u, users), "{Name:ada pw:1}"},
		{"%v", reg.Value(nil, &u, ptr), "&{ada 1}"},
		{"%#v", reg.Value(nil, u, users), `t.User{Name:"ada", pw:1}`},
		{"%#v", reg.Value(nil, (*user)(nil), ptr), "(*t.User)(nil)"},
		{"%s", TypeName(ptr), "*t.User"},
		// A method's panic prints as fmt prints it, one element at a time.
		{"%v", reg.Value(nil, []int{1, -1}, `{"k":"slice","s":"[]t.Bad","e":{"k":"named","s":"t.Bad","id":"t.Bad"}}`), "[%!v(PANIC=String method: bad 1) %!v(PANIC=String method: runtime error: invalid memory address or nil pointer dereference)]"},
		// A slice of a byte kind prints its bytes for %s, %q, %x and %X
		// only; else its elements, with their methods.
		{"%v", reg.Value(nil, []uint8{1, 0}, flags), "[on off]"},
		{"%x|%s|%q", []any{reg.Value(nil, []uint8{1, 0}, flags), reg.Value(nil, []uint8{'a'}, flags), reg.Value(nil, []uint8{'a'}, flags)}, `0100|a|"a"`},
		{"%#v", reg.Value(nil, []uint8{1, 0}, flags), "[]t.Flag{0x1, 0x0}"},
		{"%v|%#v|%s", []any{reg.Value(nil, []byte("ab"), name), reg.Value(nil, []byte("ab"), name), reg.Value(nil, []byte("ab"), name)}, "[97 98]|t.Name{0x61, 0x62}|ab"},
		// A nil interface inside a value prints <nil> whatever the verb.
		{"%d|%x|%5s|%q|%+v", []any{reg.Value(nil, job{Name: "j"}, jobs), reg.Value(nil, job{}, jobs), reg.Value(nil, job{}, jobs), reg.Value(nil, job{}, jobs), reg.Value(nil, job{}, jobs)}, `{%!d(string=j) <nil>}|{ <nil>}|{      <nil>}|{"" <nil>}|{Name: Err:<nil>}`},
		{"%v|%+v|%q", []any{Error(boom, errors.New("boom")), Error(boom, nil), Error(boom, nil)}, `boom|boom|"boom"`},
		// The error's own Format and GoString methods; Error called only
		// for the verbs that print it, its panic printed as fmt does.
		{"%v|%+v|%#v", []any{Error(boom, formatter{}), Error(boom, formatter{}), Error(boom, formatter{})}, "v|+v|#v"},
		{"%#v|%v", []any{Error(boom, goSyntax{}), Error(boom, goSyntax{})}, "goSyntax!|boom"},
		{"%v|%d", []any{Error(func() string { panic("no") }, nil), Error(func() string { panic("no") }, 5)}, "%!v(PANIC=Error method: no)|5"},
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
			wrapped[i] = reg.Value(nil, a, `{"k":"other","s":"x"}`)
			if err, ok := a.(error); ok {
				wrapped[i] = Error(err.Error, err)
			}
		}
		if got := Sprint(wrapped...); got != want {
			t.Errorf("Sprint(%v) = %q, want %q", args, got, want)
		}
	}
}

// TestPathsTypeName checks that type names print route packages under the
// binary's import paths, where a type name holds a path only.
func TestPathsTypeName(t *testing.T) {
	calls := 0
	p := NewPaths("example.com/app/", func() map[string]string {
		calls++
		return map[string]string{
			"example.com/app/app/items/[id]": "example.com/app/app/devserver_build/p1",
			"example.com/app/app/items":      "example.com/app/app/devserver_build/p0",
		}
	})
	for _, tc := range []struct{ in, want string }{
		{"route.Box[example.com/app/app/items/[id].Item]", "route.Box[example.com/app/app/devserver_build/p1.Item]"},
		{"route.Pair[string,*example.com/app/app/items.Item]", "route.Pair[string,*example.com/app/app/devserver_build/p0.Item]"},
		{"example.com/app/app/items.Item", "example.com/app/app/devserver_build/p0.Item"},
		{"route.Box[map[example.com/app/app/items.K][]example.com/app/app/lib.V]", "route.Box[map[example.com/app/app/devserver_build/p0.K][]example.com/app/app/lib.V]"},
		{"route.Box[int]", "route.Box[int]"},
	} {
		desc := `{"k":"named","s":` + strconv.Quote(tc.in) + `}`
		if got := p.TypeName(desc); got != tc.want {
			t.Errorf("TypeName(%s) = %s, want %s", tc.in, got, tc.want)
		}
	}
	if calls != 4 {
		t.Errorf("paths called %d times, want 4 (not for a name without the prefix)", calls)
	}
	var none *Paths
	if got := none.TypeName(`{"k":"named","s":"route.Box[example.com/app/app/items.Item]"}`); got != "route.Box[example.com/app/app/items.Item]" {
		t.Errorf("nil Paths: %s", got)
	}
}

// TestRecoveredMethodPanicLeavesNoFrames checks that a String method's
// panic, which fmt recovers, leaves no frames for the goroutine's next
// panic to be blamed on.
func TestRecoveredMethodPanicLeavesNoFrames(t *testing.T) {
	got := fmt.Sprint(reg.Value(nil, 1, `{"k":"named","s":"t.Leaving","id":"t.Leaving"}`))
	if got != "%!v(PANIC=String method: boom)" {
		t.Errorf("Sprint = %q", got)
	}
	if f := panicpos.Take(); len(f) != 0 {
		t.Errorf("frames left behind: %v", f)
	}
}
