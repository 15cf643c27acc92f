package yaegival

import (
	"errors"
	"fmt"
	"io/fs"
	"reflect"
	"runtime"
	"testing"
)

func TestPanic(t *testing.T) {
	plain := errors.New("boom")
	for _, tc := range []struct {
		name    string
		in      any
		want    string // the text of the value Panic returns
		runtime bool   // whether it is a runtime.Error
	}{
		{"string", "boom", "boom", false},
		{"reflect value", reflect.ValueOf(plain), "boom", false},
		{"nil deref", errors.New("reflect: call of reflect.Value.Field on zero Value"), "runtime error: invalid memory address or nil pointer dereference", true},
		{"index", errors.New("reflect: slice index out of range"), "runtime error: index out of range", true},
		{"index as reflect panics", "reflect: slice index out of range", "runtime error: index out of range", true},
		{"string index as reflect panics", "reflect: string index out of range", "runtime error: index out of range", true},
		{"slice as reflect panics", "reflect.Value.Slice: slice index out of bounds", "runtime error: slice bounds out of range", true},
		{"make, negative len", "reflect.MakeSlice: negative len", "runtime error: makeslice: len out of range", true},
		{"make, len over cap", "reflect.MakeSlice: len > cap", "runtime error: makeslice: cap out of range", true},
		{"make chan", "reflect.MakeChan: negative buffer size", "makechan: size out of range", true},
		{"nil function", "reflect.Value.Call: call of nil function", "runtime error: invalid memory address or nil pointer dereference", true},
		{"argument through a nil pointer", "reflect: Call using zero Value argument", "runtime error: invalid memory address or nil pointer dereference", true},
		{"method of a nil embedded interface", "reflect: Method on nil interface value", "runtime error: invalid memory address or nil pointer dereference", true},
		{"field through a nil embedded pointer", "reflect: indirection through nil pointer to embedded struct", "runtime error: invalid memory address or nil pointer dereference", true},
		{"slice to array", "reflect: cannot convert slice with length 2 to array with length 3", "runtime error: cannot convert slice with length 2 to array or pointer to array with length 3", true},
		{"slice to array pointer", "reflect: cannot convert slice with length 0 to pointer to array with length 4", "runtime error: cannot convert slice with length 0 to array or pointer to array with length 4", true},
		{"other reflect string", "reflect: something else", "reflect: something else", false},
		{"slice", errors.New("reflect.Value.Slice: string slice index out of bounds"), "runtime error: slice bounds out of range", true},
		{"conversion", errors.New("src/example.com/app/route.go:22:35: interface conversion: interface {} is string, not int"), "interface conversion: interface {} is string, not int", true},
		{"other positioned", errors.New("src/a/route.go:1:2: something"), "src/a/route.go:1:2: something", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Panic(tc.in)
			text, isRuntime := "", false
			switch g := got.(type) {
			case error:
				text = g.Error()
				_, isRuntime = g.(runtime.Error)
			case string:
				text = g
			}
			if text != tc.want || isRuntime != tc.runtime {
				t.Errorf("Panic(%v) = %q (runtime.Error %v), want %q (%v)", tc.in, text, isRuntime, tc.want, tc.runtime)
			}
		})
	}
}

// TestPanicOfGoType checks that the run-time errors Panic makes of
// reflect's panics are Go's own, of Go's type (%T prints it).
func TestPanicOfGoType(t *testing.T) {
	n := -1
	for _, tc := range []struct {
		in     string
		native func()
	}{
		{"reflect.MakeSlice: negative len", func() { _ = make([]int, n) }},
		{"reflect.MakeSlice: len > cap", func() { _ = make([]int, n+2, n+1) }},
		{"reflect.MakeChan: negative buffer size", func() { _ = make(chan int, n) }},
		{"reflect: cannot convert slice with length 2 to array with length 3", func() { _ = [3]int(make([]int, n+3)) }},
		{"reflect: cannot convert slice with length 0 to pointer to array with length 4", func() { _ = (*[4]int)(make([]int, n+1)) }},
	} {
		got, want := Panic(tc.in), RuntimePanic(tc.native)
		if g, w := fmt.Sprintf("%T %v %#v", got, got, got), fmt.Sprintf("%T %v %#v", want, want, want); g != w {
			t.Errorf("Panic(%q) = %s, want %s", tc.in, g, w)
		}
	}
}

// TestAssertionPanicOfGoType checks that a failed assertion's message of
// yaegi's becomes Go's own *runtime.TypeAssertionError, of the same text,
// and that TypeAssertionError builds Go's for each form.
func TestAssertionPanicOfGoType(t *testing.T) {
	type stringer interface{ String() string }
	var nilAny any
	var nilErr error
	var n any = 4
	var s any = "s"
	for _, tc := range []struct {
		in     string
		native func()
	}{
		{"a.go:1:2: interface conversion: int is not yaegival.stringer: missing method String", func() { _ = n.(stringer) }},
		{"a.go:1:2: interface conversion: interface is nil, not yaegival.stringer", func() { _ = nilAny.(stringer) }},
		{"a.go:1:2: interface conversion: interface {} is string, not int", func() { _ = s.(int) }},
		{"a.go:1:2: interface conversion: error is nil, not *fs.PathError", func() { _ = nilErr.(*fs.PathError) }},
	} {
		got, want := Panic(errors.New(tc.in)), RuntimePanic(tc.native)
		if g, w := fmt.Sprintf("%T %v", got, got), fmt.Sprintf("%T %v", want, want); g != w {
			t.Errorf("Panic(%q) = %s, want %s", tc.in, g, w)
		}
	}
	var u any = struct{}{}
	for _, tc := range []struct {
		got    error
		native func()
	}{
		{TypeAssertionError("", "struct {}", "yaegival.stringer", "String"), func() { _ = u.(stringer) }},
		{TypeAssertionError("interface {}", "", "int", ""), func() { _ = nilAny.(int) }},
		{TypeAssertionError("", "", "yaegival.stringer", ""), func() { _ = nilAny.(stringer) }},
	} {
		want := RuntimePanic(tc.native)
		if g, w := fmt.Sprintf("%T %v", tc.got, tc.got), fmt.Sprintf("%T %v", want, want); g != w {
			t.Errorf("TypeAssertionError = %s, want %s", g, w)
		}
	}
}
