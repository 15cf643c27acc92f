package jsonfix

import (
	"reflect"
	"strings"
	"sync"
)

// Decoding JSON into a struct that embeds another struct.
//
// yaegi builds an embedded field as an ordinary one (reflect.StructOf
// cannot embed every type), so encoding/json looked for an object under
// the embedded type's name instead of filling the embedded fields from the
// outer object's keys. The interp package marks such fields
// `devserver:"embed"` (see the tagFields pass); Twin hands encoding/json
// the same memory under a twin type, field for field the same layout, in
// which the marked fields are embedded again. A decode into a type of the
// interpreter goes through it (json.Unmarshal, a Decoder's Decode and
// next.Request's JSON, see the interp package's jsonDecodeErrors pass).
//
// Twins are made through pointers, slices, arrays and struct fields, as a
// decode walks into them. A type the decode reaches through a map or an
// interface, a recursive type and an embedded field of another kind keep
// the interpreter's type: the interp package runs a route decoding into
// one of those compiled, as before.

// twins maps a type to its twin, or to itself when it needs none.
var twins sync.Map // reflect.Type -> reflect.Type

// originals maps a twin back to the interpreter's type, for errors.
var originals sync.Map // reflect.Type -> reflect.Type

// Twin returns v, a pointer a JSON decode writes through, as a pointer to
// the same memory under the type encoding/json decodes as compiled Go
// does: the structs it holds embed their marked fields. Anything else,
// and a pointer whose type needs no twin, is returned as it is.
func Twin(v any) any {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return v
	}
	t := twinOf(rv.Type().Elem())
	if t == rv.Type().Elem() {
		return v
	}
	return reflect.NewAt(t, rv.UnsafePointer()).Interface()
}

// twinOf returns the twin of t, or t when it needs none (or cannot have
// one).
func twinOf(t reflect.Type) reflect.Type {
	if tw, ok := twins.Load(t); ok {
		return tw.(reflect.Type) // every decode but the first of a type
	}
	tw, _ := twinIn(t, map[reflect.Type]bool{})
	return tw
}

// twinIn returns the twin of t met while building the struct types in
// onPath, and whether it is whole: a recurrence of a type on the path (a
// recursive type) is left as it is, and what holds it is not remembered.
func twinIn(t reflect.Type, onPath map[reflect.Type]bool) (reflect.Type, bool) {
	if tw, ok := twins.Load(t); ok {
		return tw.(reflect.Type), true
	}
	tw, whole := makeTwin(t, onPath)
	if !whole {
		return tw, false
	}
	actual, _ := twins.LoadOrStore(t, tw)
	tw = actual.(reflect.Type)
	if tw != t {
		originals.LoadOrStore(tw, t)
	}
	return tw, true
}

// makeTwin builds the twin of t (see twinIn).
func makeTwin(t reflect.Type, onPath map[reflect.Type]bool) (reflect.Type, bool) {
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Array:
		e, whole := twinIn(t.Elem(), onPath)
		switch {
		case e == t.Elem():
			return t, whole
		case t.Kind() == reflect.Pointer:
			return reflect.PointerTo(e), whole
		case t.Kind() == reflect.Slice:
			return reflect.SliceOf(e), whole
		default:
			return reflect.ArrayOf(t.Len(), e), whole
		}
	case reflect.Struct:
		if t.NumMethod() > 0 || t.PkgPath() != "" {
			return t, true // a compiled type: encoding/json sees it as it is
		}
		if onPath[t] {
			return t, false
		}
		onPath[t] = true
		defer delete(onPath, t)
		fields := make([]reflect.StructField, t.NumField())
		changed, whole := false, true
		for i := range fields {
			f := t.Field(i)
			if f.PkgPath != "" {
				return t, true // StructOf takes exported fields only
			}
			ft, ok := twinIn(f.Type, onPath)
			whole = whole && ok
			nf := reflect.StructField{Name: f.Name, Type: ft, Tag: f.Tag, Anonymous: f.Anonymous}
			if f.Tag.Get(Tag) == "embed" && embeddable(nf.Type) {
				nf.Anonymous = true
			}
			changed = changed || nf.Type != f.Type || nf.Anonymous != f.Anonymous
			fields[i] = nf
		}
		if !changed {
			return t, whole
		}
		if st := structOf(fields); st != nil && st.Size() == t.Size() {
			return st, whole
		}
	}
	return t, true
}

// embeddable reports whether a field of type t can be embedded in a twin:
// an interpreted struct type or a pointer to one, which has no methods.
func embeddable(t reflect.Type) bool {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t.Kind() == reflect.Struct && t.NumMethod() == 0 && t.PkgPath() == ""
}

// original returns the interpreter's type for t, a type of a decode's
// error that may be (or be made of) twins.
func original(t reflect.Type) reflect.Type {
	if t == nil {
		return nil
	}
	if o, ok := originals.Load(t); ok {
		return o.(reflect.Type)
	}
	switch t.Kind() {
	case reflect.Pointer:
		if e := original(t.Elem()); e != t.Elem() {
			return reflect.PointerTo(e)
		}
	case reflect.Slice:
		if e := original(t.Elem()); e != t.Elem() {
			return reflect.SliceOf(e)
		}
	case reflect.Array:
		if e := original(t.Elem()); e != t.Elem() {
			return reflect.ArrayOf(t.Len(), e)
		}
	}
	return t
}

// flattened reports whether encoding/json takes the fields of f, a field
// of an interpreted struct type, as its struct's own: f is embedded
// (marked so by the interp package) and its tag gives it no name.
func flattened(f reflect.StructField) bool {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	return name == "" && (f.Anonymous || strings.HasPrefix(f.Tag.Get(Tag), "embed"))
}
