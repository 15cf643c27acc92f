// Package desugar holds the compiled helpers that route source, rewritten
// before the interpreter runs it, calls in place of Go constructs the
// interpreter lacks (see interp's rewrite passes). It is reachable from
// interpreted code only, through the interpreter's symbol table.
package desugar

import (
	"encoding/xml"
	"reflect"

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

// Recovered is what recover returns in route code: the value the panic
// carried, as compiled Go recovers it (see yaegival.Panic): not yaegi's
// reflect.Value around it, and Go's runtime errors rather than reflect's.
func Recovered(p any) any { return yaegival.Panic(p) }

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
