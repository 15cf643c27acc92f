package yaegival

import (
	"reflect"
	"regexp"
	"runtime"
	"strings"
)

// RuntimePanic returns what f panics with: f runs an operation that fails
// Go's own run-time check (an index out of range, a negative make
// length), so that interpreted code panics with the run-time error of
// Go's own type and text, which %T and %#v print as in compiled code.
func RuntimePanic(f func()) (p any) {
	defer func() { p = recover() }()
	f()
	panic("yaegival: the run-time check did not fail")
}

// makeSlicePanic is Go's panic for make([]T, n) with a negative n, or a
// capacity below the length (cap).
func makeSlicePanic(cap bool) any {
	n := -1
	if cap {
		return RuntimePanic(func() { _ = make([]struct{}, 1, n+1) })
	}
	return RuntimePanic(func() { _ = make([]struct{}, n) })
}

// runtimeError is a run-time error of interpreted code that compiled Go
// reports as a runtime.Error, with Go's text where yaegi's own (reflect's)
// says the same thing differently.
type runtimeError struct{ msg string }

func (e runtimeError) Error() string { return e.msg }

// RuntimeError marks the value as a runtime.Error, as Go's own are.
func (runtimeError) RuntimeError() {}

// position is the file:line:col: yaegi puts before the run-time errors it
// raises itself ("interface conversion: ...").
var position = regexp.MustCompile(`^\S+\.go:\d+:\d+: `)

// sliceToArray is reflect's panic for a slice converted to an array, or
// a pointer to one, longer than the slice ([3]int(s) of a two-element s).
var sliceToArray = regexp.MustCompile(`^reflect: cannot convert slice with length (\d+) to (?:pointer to )?array with length (\d+)$`)

// nilDeref is Go's own runtime.Error for a nil pointer dereference.
var nilDeref = func() (err runtime.Error) {
	defer func() { err, _ = recover().(runtime.Error) }()
	var p *struct{ n int }
	_ = p.n
	return nil
}()

// Panic returns the value a panic of interpreted code carries as compiled
// Go would have panicked with it: the value itself rather than yaegi's
// reflect.Value around it, and a runtime.Error with Go's text rather than
// reflect's ("reflect: call of reflect.Value.Field on zero Value" and a
// call of a nil function value are a nil pointer dereference, as is a
// call with a zero Value argument, yaegi's *p of a nil p;
// "reflect.MakeSlice: negative len" is make's "len out of range"; a method
// of an embedded interface left nil, and a field promoted through an
// embedded pointer left nil, are a nil pointer dereference; a slice
// converted to a longer array is Go's "cannot convert slice with length
// 2 to array or pointer to array with length 3"). Index and slice errors
// keep no operands: yaegi's do not say which index or length it was.
func Panic(p any) any { return (*StructNames)(nil).Panic(p) }

// errorText returns err's text, and false when its Error method panics.
func errorText(err error) (msg string, ok bool) {
	defer func() {
		if recover() != nil {
			msg, ok = "", false
		}
	}()
	return err.Error(), true
}

// Panic is yaegival.Panic, with the struct types a failed type
// assertion's message spells out named as n names them.
func (n *StructNames) Panic(p any) any {
	if v, ok := p.(reflect.Value); ok && v.IsValid() && v.CanInterface() {
		p = v.Interface()
	}
	var msg string
	switch x := p.(type) {
	case runtime.Error:
		return p
	case error:
		// The value's own Error may panic (a struct embedding a nil
		// error, panic(&U0{nil, "msg"})): it is no reflect error then,
		// and is recovered as it is.
		var ok bool
		if msg, ok = errorText(x); !ok {
			return p
		}
	case string:
		// reflect panics with strings for its bounds errors.
		if !strings.HasPrefix(x, "reflect") {
			return p
		}
		msg = x
	default:
		return p
	}
	switch {
	case strings.HasPrefix(msg, "reflect: call of reflect.Value.") && strings.HasSuffix(msg, " on zero Value"):
		return nilDeref
	case strings.HasPrefix(msg, "reflect: ") && strings.HasSuffix(msg, " index out of range"):
		return runtimeError{"runtime error: index out of range"}
	case msg == "reflect.MakeSlice: negative len":
		return makeSlicePanic(false)
	case msg == "reflect.MakeSlice: negative cap", msg == "reflect.MakeSlice: len > cap":
		return makeSlicePanic(true)
	case msg == "reflect.Value.Call: call of nil function", msg == "reflect: Method on nil interface value",
		msg == "reflect: indirection through nil pointer to embedded struct",
		msg == "reflect: Call using zero Value argument", msg == "reflect: CallSlice using zero Value argument":
		// (the second: a method promoted from an embedded interface
		// left nil; the third: a field promoted through an embedded
		// pointer left nil; the last two: an argument *p of a nil p,
		// which yaegi makes a zero Value, to a compiled function
		// (fmt.Println(*p)) or a method expression (T.M(*p)))
		return nilDeref
	case sliceToArray.MatchString(msg):
		m := sliceToArray.FindStringSubmatch(msg)
		return convertPanic(m[1], m[2])
	case msg == "reflect.MakeChan: negative buffer size":
		n := -1
		return RuntimePanic(func() { _ = make(chan struct{}, n) })
	case strings.HasPrefix(msg, "reflect.Value.Slice") && strings.HasSuffix(msg, "index out of bounds"),
		strings.HasPrefix(msg, "reflect.Value.Slice3") && strings.HasSuffix(msg, "index out of bounds"):
		return runtimeError{"runtime error: slice bounds out of range"}
	}
	if loc := position.FindStringIndex(msg); loc != nil && strings.HasPrefix(msg[loc[1]:], "interface conversion: ") {
		if err, ok := n.assertionPanic(msg[loc[1]:]); ok {
			return err
		}
		return runtimeError{msg[loc[1]:]}
	}
	return p
}
