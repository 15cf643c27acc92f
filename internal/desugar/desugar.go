// Package desugar holds the compiled helpers that route source, rewritten
// before the interpreter runs it, calls in place of Go constructs the
// interpreter lacks (see interp's rewrite passes). It is reachable from
// interpreted code only, through the interpreter's symbol table.
package desugar

import (
	"encoding/xml"
	"fmt"
	"reflect"
	"strings"
	"unicode/utf8"

	"github.com/devserver/devserver/internal/panicpos"
	"github.com/devserver/devserver/internal/yaegival"
)

// Clear does what the builtin clear (Go 1.21) does to x, a map or a slice:
// it deletes every entry of a map and zeroes every element of a slice. A
// nil x does nothing, as clear of a nil map or slice.
func Clear(x any) {
	v := reflect.ValueOf(x)
	if !v.IsValid() {
		return
	}
	switch v.Kind() {
	case reflect.Map, reflect.Slice:
		v.Clear()
	}
}

// Names are the functions of this package that word a panic's value
// with the names of one interpreter's struct types (see
// yaegival.StructNames): the interp package binds each interpreter's own.
type Names struct {
	Structs *yaegival.StructNames
}

// Recovered is what recover returns in route code: the value the panic
// carried, as compiled Go recovers it (see yaegival.Panic): not yaegi's
// reflect.Value around it, and Go's runtime errors rather than reflect's.
func (n Names) Recovered(p any) any {
	if p != nil {
		panicpos.Recovered()
	}
	return n.Structs.Panic(p)
}

// PanicText records text, what v (a value of a type of route code with an
// Error or String method, about to be panicked with) says of itself, for
// the dev server's 500 to print as a build does (see panicpos.Describe).
func (n Names) PanicText(v any, text string) {
	panicpos.Describe(fmt.Sprint(n.Structs.Panic(v)), text)
}

// Leave is deferred by every function of the project's own route code,
// with the address of the variable holding the line of the statement it
// runs (interp's panicLines pass): when a panic leaves the function, the
// dev server learns the line (see internal/panicpos).
func Leave(line *int, file string) { panicpos.Leave(line, file) }

// LeaveRecovering is Leave for a function that calls recover: one that
// panics after recovering a panic is where the new panic is (see
// panicpos.LeaveRecovering).
func LeaveRecovering(line *int, file string) { panicpos.LeaveRecovering(line, file) }

// contextKey is a context key of a type declared in route code, with the
// type's name: yaegi represents type ctxKey string as a plain string, so
// ctx.Value("request-id") found a value stored under ctxKey("request-id").
type contextKey struct {
	typ string
	key any
}

// ContextKey returns key, a context key of the route type typ (its import
// path and name), as a key that equals only keys of the same type and
// value, as in compiled Go.
func ContextKey(key any, typ string) any {
	v := reflect.ValueOf(key)
	if inner, ok := yaegival.Unwrap(v); ok && inner.CanInterface() {
		v = inner
	}
	if !v.IsValid() || !v.Comparable() {
		return key
	}
	return contextKey{typ, v.Interface()}
}

// xmlNamed is a value of a struct type declared in route code, with the
// type's name: yaegi builds such types with reflect.StructOf, whose types
// have no name, so encoding/xml had none for the element.
type xmlNamed struct {
	v    any
	name string
}

// MarshalXML encodes the value as an element named after its type, as
// encoding/xml names an element of a named struct type without XMLName.
func (n xmlNamed) MarshalXML(e *xml.Encoder, start xml.StartElement) error {
	start.Name.Local = n.name
	return e.EncodeElement(n.v, start)
}

// XMLNamed returns v, a value (or pointer) of the struct type named name
// declared in route code, for encoding/xml to encode as an element of that
// name.
func XMLNamed(v any, name string) any { return xmlNamed{v, name} }

// Index returns i when it indexes a string, slice or array of length n,
// and panics as Go's bounds check does otherwise: with the run-time error
// Go's own check raises (a runtime.boundsError, which %T and %#v print as
// Go does), where yaegi's reflect calls said "reflect: slice index out of
// range" and kept neither operand.
func Index(i, n int) int {
	if i < 0 || i >= n {
		s := make([]struct{}, n)
		panic(yaegival.RuntimePanic(func() { _ = s[i] }))
	}
	return i
}

// IndexUint is Index for an index of an unsigned type as wide as int
// (uint, uint64, uintptr), whose values past the largest int Go's panic
// prints as they are: "index out of range [9223372036854775808] with
// length 2", where Index of it converted to int printed it negative.
func IndexUint(i uint64, n int) int {
	if i >= uint64(n) {
		s := make([]struct{}, n)
		panic(yaegival.RuntimePanic(func() { _ = s[i] }))
	}
	return int(i)
}

// Slice returns low when s[low:high] is in range, where max is the
// capacity of the slice s (isCap) or the length of the string or array s,
// and panics as Go's bounds check does otherwise (see Index).
func Slice(low, high, max int, isCap bool) int {
	if high < 0 || high > max || low < 0 || low > high {
		if isCap {
			s := make([]struct{}, max)
			panic(yaegival.RuntimePanic(func() { _ = s[low:high] }))
		}
		// Only on the way to a panic: a string of the operand's length,
		// whose check says "with length".
		s := strings.Repeat(" ", max)
		panic(yaegival.RuntimePanic(func() { _ = s[low:high] }))
	}
	return low
}

// Slice3 returns low when s[low:high:max] is in range, where capacity is
// the capacity of s, and panics as Go's bounds check does otherwise (see
// Index): "slice bounds out of range [2:1:]", where yaegi said only
// "slice bounds out of range". The array operands it checks have a
// constant max, in range (the compiler checks it): their message would
// say "with length".
func Slice3(low, high, max, capacity int) int {
	if max < 0 || max > capacity || high < 0 || high > max || low < 0 || low > high {
		s := make([]struct{}, capacity)
		panic(yaegival.RuntimePanic(func() { _ = s[low:high:max] }))
	}
	return low
}

// ShiftCount returns n as the count of a shift, and panics as Go does
// when it is negative.
func ShiftCount(n int64) uint64 {
	if n < 0 {
		x := 1
		panic(yaegival.RuntimePanic(func() { _ = x << n }))
	}
	return uint64(n)
}

// DecodeRune returns the rune of s starting at byte i and the number of
// bytes it takes, as a range loop over s yields it: utf8.RuneError and 1
// for a byte that starts no valid encoding.
func DecodeRune(s string, i int) (rune, int) { return utf8.DecodeRuneInString(s[i:]) }

// typeName names t as Go's run-time type strings do, with the route types
// known names.
func typeName(t reflect.Type, known func(reflect.Type) (string, bool)) string {
	if name, ok := known(t); ok {
		return name
	}
	if t.Name() != "" {
		return t.String()
	}
	switch t.Kind() {
	case reflect.Pointer:
		return "*" + typeName(t.Elem(), known)
	case reflect.Slice:
		return "[]" + typeName(t.Elem(), known)
	case reflect.Array:
		return fmt.Sprintf("[%d]%s", t.Len(), typeName(t.Elem(), known))
	case reflect.Map:
		return "map[" + typeName(t.Key(), known) + "]" + typeName(t.Elem(), known)
	case reflect.Chan:
		switch t.ChanDir() {
		case reflect.RecvDir:
			return "<-chan " + typeName(t.Elem(), known)
		case reflect.SendDir:
			return "chan<- " + typeName(t.Elem(), known)
		}
		return "chan " + typeName(t.Elem(), known)
	}
	return t.String()
}

// nilPanicError is the *runtime.PanicNilError Go's panic(nil) panics with.
var nilPanicError = func() (p any) {
	defer func() { p = recover() }()
	panic(nil)
}()

// NilPanic returns what panic(nil) panics with since Go 1.21: a
// *runtime.PanicNilError ("panic called with nil argument"), which
// recover returns (yaegi's recover returned nil, as if nothing had
// panicked).
func NilPanic() any { return nilPanicError }

// SameError reports whether a == b, for two errors: yaegi hands an error
// of a route type to compiled code in a wrapper, and does not take it out
// when the error comes back (context.Cause, errors.Unwrap, a
// sync.OnceValue's result), so the interpreter's == finds the wrapper
// unequal to the value inside. SameError compares the values inside, and
// panics as == does when their type is not comparable.
func SameError(a, b error) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	va, vb := errorValue(a), errorValue(b)
	if va.Type() != vb.Type() {
		return false
	}
	return va.Interface() == vb.Interface()
}

// errorValue is what err holds: the interpreted value inside yaegi's
// wrappers, or err's own value.
func errorValue(err error) reflect.Value {
	v := reflect.ValueOf(err)
	// A route error handed to compiled code twice (context.Cause of a
	// cancel given the error context.Cause returned) is a wrapper in a
	// wrapper.
	for {
		inner, ok := yaegival.Unwrap(v)
		if !ok || !inner.IsValid() {
			return v
		}
		v = inner
	}
}

// NilDeref panics as Go panics dereferencing a nil pointer, with the
// runtime.Error Go makes for it: yaegi's dereference of a nil pointer
// gives a zero reflect.Value instead of panicking, and storing that into
// a map entry deleted the entry (m[k] = *p stored nothing, where a build
// panics).
func NilDeref() {
	var p *struct{ n int }
	_ = p.n
}

// NilFunc panics as Go panics calling a nil function value, with the
// runtime.Error Go makes for it (a nil pointer dereference): a deferred
// call of a nil function runs it as the function returns, where yaegi
// panicked at the defer statement. line (of file) is the defer
// statement's, which a build names for the panic: NilFunc records it, as
// the deferring function's Leave would if yaegi ran it after a deferred
// call panicked; 0 records nothing. args are the operands Go evaluated at
// the defer statement, unused.
func NilFunc(file string, line int, args ...any) {
	panicpos.Leave(&line, file)
	var f func()
	f()
}

// NilFuncExit is NilFunc for a deferred call without arguments, which Go
// makes from the function's exit: *line is the line the function returns
// at (a return statement's, or its closing brace's).
func NilFuncExit(file string, line *int) { NilFunc(file, *line) }

// MapKey panics as Go's assignment to the map entry m[k] panics when k
// (of an interface type, or holding one) holds a value of a type that
// cannot be hashed: with the runtime.Error Go's assignment makes ("hash
// of unhashable type []int"), or, when the map is nil, the one an
// assignment to a nil map makes, which Go checks first. yaegi reads the
// entry before it assigns it, and a read of an empty map panics with
// another error ("hash of unhashable type: []int", no "runtime error:").
func MapKey(m, k any) {
	if k == nil {
		return
	}
	p := hashPanic(k)
	if p == nil {
		return
	}
	if v := reflect.ValueOf(m); v.Kind() == reflect.Map && v.IsNil() {
		var nilMap map[int]bool
		//lint:ignore SA5000 the panic of an assignment to a nil map is the one wanted
		nilMap[0] = true
	}
	panic(p)
}

// hashProbe is a map that is not empty, whose reads hash their key as an
// assignment does (a read of an empty map reports another error).
var hashProbe = map[any]bool{false: true}

// hashPanic returns what hashing k panics with, or nil.
func hashPanic(k any) (p any) {
	defer func() { p = recover() }()
	_ = hashProbe[k]
	return nil
}
