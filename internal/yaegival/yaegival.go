// Package yaegival recognises the wrappers yaegi puts around interpreted
// values when they reach compiled code, so that compiled code can see the
// value itself, as it would see a compiled one.
//
// yaegi v0.16.1 uses two kinds: the generated interface wrappers (structs
// whose first field is IValue, such as interp._error for the error
// interface, and those of devserver's standard-library symbols), and interp.valueInterface, which holds an interpreted value
// with methods in an interface slot of a container (map[string]any).
package yaegival

import (
	"reflect"
	"strings"
	"unsafe"
)

const yaegiPkg = "github.com/traefik/yaegi/"

// symbolsPkg is the package of devserver's own standard-library symbols
// for yaegi (interp/stdlib), whose generated and composed interface
// wrappers are yaegi's kind: a struct whose first field is IValue.
const symbolsPkg = "github.com/devserver/devserver/interp/stdlib"

var reflectValueType = reflect.TypeOf(reflect.Value{})

// IsWrapper reports whether t is one of yaegi's wrapper types.
func IsWrapper(t reflect.Type) bool {
	if t.Kind() != reflect.Struct {
		return false
	}
	if t.PkgPath() == symbolsPkg {
		return t.NumField() > 0 && t.Field(0).Name == "IValue"
	}
	if !strings.HasPrefix(t.PkgPath()+"/", yaegiPkg) {
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

// TypeID returns the import path and name of the interpreted named type
// of the value v holds, "github.com/google/uuid.UUID", when v is yaegi's
// valueInterface: the interpreter keeps, beside a value of a named type
// with methods stored in an interface slot (an element of a
// map[string]any, a variable of type any), the node that typed it. The
// value itself reaches compiled code as its underlying type ([16]uint8),
// which nothing else tells apart. ok is false for any other value, and
// for a valueInterface whose type is not a named one.
func TypeID(v reflect.Value) (id string, ok bool) {
	if !v.IsValid() {
		return "", false
	}
	if v.Kind() == reflect.Interface {
		v = v.Elem()
	}
	if !v.IsValid() || v.Kind() != reflect.Struct || v.Type().Name() != "valueInterface" || !strings.HasPrefix(v.Type().PkgPath()+"/", yaegiPkg) {
		return "", false
	}
	// Read through reflect, field by name and kind, so that a layout
	// other than v0.16.1's answers false rather than garbage.
	node := v.FieldByName("node")
	if node.Kind() != reflect.Pointer || node.IsNil() || node.Elem().Kind() != reflect.Struct {
		return "", false
	}
	typ := node.Elem().FieldByName("typ")
	if typ.Kind() != reflect.Pointer || typ.IsNil() || typ.Elem().Kind() != reflect.Struct {
		return "", false
	}
	// The type's path is its package's name; the scope it was declared
	// in knows the package's import path.
	name, scope := typ.Elem().FieldByName("name"), typ.Elem().FieldByName("scope")
	if name.Kind() != reflect.String || name.String() == "" || scope.Kind() != reflect.Pointer || scope.IsNil() || scope.Elem().Kind() != reflect.Struct {
		return "", false
	}
	path := scope.Elem().FieldByName("pkgID")
	if path.Kind() != reflect.String || path.String() == "" {
		return "", false
	}
	return path.String() + "." + name.String(), true
}

// ErrorValueField is the field of devserver's error wrappers (see
// interp/stdlib.ErrorWrappers) holding the method that returns the value
// whole: stdlib.ErrorValueField, which a test of the interp package
// checks this is (yaegival imports nothing of devserver's).
const ErrorValueField = "WDevserverErrorValue"

// WholeError returns the value v holds whole, when v is one of
// devserver's wrappers of an error that carry it (see
// interp/stdlib.ErrorValueMethod): yaegi's valueInterface holding it,
// which TypeID names and Unwrap opens, and, when the error is a pointer
// to it, the pointer, which the wrapper holds itself (ptr is not valid
// otherwise). Any other v gives false. (yaegi's wrapper holds the
// value's last field not a nil interface, which Unwrap returns.)
func WholeError(v reflect.Value) (held, ptr reflect.Value, ok bool) {
	if v.IsValid() && v.Kind() == reflect.Interface {
		v = v.Elem()
	}
	none := reflect.Value{}
	if !v.IsValid() || v.Kind() != reflect.Struct || !IsWrapper(v.Type()) {
		return none, none, false
	}
	m := v.FieldByName(ErrorValueField)
	if !m.IsValid() || m.Kind() != reflect.Func || m.IsNil() || m.Type().NumIn() != 0 || m.Type().NumOut() != 1 {
		return none, none, false
	}
	out := m.Call(nil)[0]
	if out.Kind() != reflect.Slice || out.Len() != 1 {
		return none, none, false
	}
	held = out.Index(0)
	if held.Kind() == reflect.Interface {
		held = held.Elem()
	}
	inner, ok := Unwrap(held)
	if !ok {
		return none, none, false
	}
	// The method has a value receiver, which yaegi gives it from a
	// pointer too: the wrapper's own value tells, as it holds a pointer
	// whole, and of a value its last field not a nil interface (which
	// is a pointer to the type only for a field of the type's own
	// pointer type).
	if p := v.Field(0); p.Kind() == reflect.Interface {
		p = p.Elem()
		if p.Kind() == reflect.Pointer && !p.IsNil() && p.Type().Elem() == inner.Type() {
			if f := heldOf(inner); f.Kind() != reflect.Pointer || f.Type() != p.Type() || f.Pointer() != p.Pointer() {
				return held, p, true
			}
		}
	}
	return held, none, true
}

// heldOf returns what yaegi v0.16.1's wrapper holds of v, a struct value
// of route code: its last field that is not a nil interface (the
// interface's value), or v.
func heldOf(v reflect.Value) reflect.Value {
	if v.Kind() != reflect.Struct {
		return v
	}
	for i := v.NumField() - 1; i >= 0; i-- {
		f := v.Field(i)
		if f.Kind() == reflect.Interface {
			f = f.Elem()
		}
		if f.IsValid() {
			return f
		}
	}
	return v
}

// HeldType is TypeID for a value of a named type or of a pointer to one:
// it returns the import path and name of the named type of the value v
// holds when v is yaegi's valueInterface, and ptr true when the value is a
// pointer to it (&Rect{} in a slot of an interface of route code). ok is
// false for any other value.
func HeldType(v reflect.Value) (id string, ptr, ok bool) {
	if id, ok := TypeID(v); ok {
		return id, false, true
	}
	if !v.IsValid() {
		return "", false, false
	}
	if v.Kind() == reflect.Interface {
		v = v.Elem()
	}
	if !v.IsValid() || v.Kind() != reflect.Struct || v.Type().Name() != "valueInterface" || !strings.HasPrefix(v.Type().PkgPath()+"/", yaegiPkg) {
		return "", false, false
	}
	inner, ok := Unwrap(v)
	if !ok || inner.Kind() != reflect.Pointer {
		return "", false, false
	}
	node := v.FieldByName("node")
	if node.Kind() != reflect.Pointer || node.IsNil() || node.Elem().Kind() != reflect.Struct {
		return "", false, false
	}
	typ := node.Elem().FieldByName("typ")
	if typ.Kind() != reflect.Pointer || typ.IsNil() || typ.Elem().Kind() != reflect.Struct {
		return "", false, false
	}
	// A pointer type has no name; the type it points to is its val.
	if name := typ.Elem().FieldByName("name"); name.Kind() != reflect.String || name.String() != "" {
		return "", false, false
	}
	elem := typ.Elem().FieldByName("val")
	if elem.Kind() != reflect.Pointer || elem.IsNil() || elem.Elem().Kind() != reflect.Struct {
		return "", false, false
	}
	name, scope := elem.Elem().FieldByName("name"), elem.Elem().FieldByName("scope")
	if name.Kind() != reflect.String || name.String() == "" || scope.Kind() != reflect.Pointer || scope.IsNil() || scope.Elem().Kind() != reflect.Struct {
		return "", false, false
	}
	path := scope.Elem().FieldByName("pkgID")
	if path.Kind() != reflect.String || path.String() == "" {
		return "", false, false
	}
	return path.String() + "." + name.String(), true, true
}
