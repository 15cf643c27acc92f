// Package yaegival recognises the wrappers yaegi puts around interpreted
// values when they reach compiled code, so that compiled code can see the
// value itself, as it would see a compiled one.
//
// yaegi v0.16.1 uses two kinds: the generated interface wrappers (structs
// whose first field is IValue, such as interp._error for the error
// interface), and interp.valueInterface, which holds an interpreted value
// with methods in an interface slot of a container (map[string]any).
package yaegival

import (
	"reflect"
	"strings"
	"unsafe"
)

const yaegiPkg = "github.com/traefik/yaegi/"

var reflectValueType = reflect.TypeOf(reflect.Value{})

// IsWrapper reports whether t is one of yaegi's wrapper types.
func IsWrapper(t reflect.Type) bool {
	if t.Kind() != reflect.Struct || !strings.HasPrefix(t.PkgPath()+"/", yaegiPkg) {
		return false
	}
	if t.Name() == "valueInterface" {
		return true
	}
	return t.NumField() > 0 && t.Field(0).Name == "IValue"
}

// Unwrap returns the interpreted value inside v when v is one of yaegi's
// wrappers, and false otherwise. The value returned is not addressable,
// as what an interface holds is not in compiled Go.
func Unwrap(v reflect.Value) (reflect.Value, bool) {
	if !v.IsValid() {
		return v, false
	}
	if v.Kind() == reflect.Interface {
		v = v.Elem()
	}
	if !v.IsValid() || !IsWrapper(v.Type()) {
		return v, false
	}
	t := v.Type()
	var inner reflect.Value
	if t.Name() == "valueInterface" {
		f, ok := t.FieldByName("value")
		if !ok || f.Type != reflectValueType {
			return v, false
		}
		cp := reflect.New(t).Elem()
		cp.Set(v)
		// The field is unexported; its layout is pinned by the yaegi
		// version in go.mod and guarded by tests.
		inner = *(*reflect.Value)(unsafe.Pointer(cp.Field(f.Index[0]).UnsafeAddr()))
	} else {
		inner = v.Field(0)
		if inner.Kind() == reflect.Interface {
			inner = inner.Elem()
		}
	}
	if !inner.IsValid() {
		return v, false
	}
	if inner.CanInterface() {
		inner = reflect.ValueOf(inner.Interface())
	}
	if w, ok := Unwrap(inner); ok {
		return w, true
	}
	return inner, true
}
