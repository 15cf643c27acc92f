package jsonfix

import (
	"bytes"
	"encoding/json"
	"reflect"
	"sync"

	"github.com/devserver/devserver/internal/yaegival"
)

// yaegi represents a value of a non-struct named type (uuid.UUID, a
// [16]byte) by its underlying type, so nothing in the value tells which
// marshal method it had. Two places still know: yaegi's valueInterface,
// which keeps the node that typed a value stored in an interface slot (see
// yaegival.TypeID), and the static type of an argument handed to an
// encoder, which the interp package describes at the call:
//
//	json.Marshal(ids)  →  json.Marshal(jsonfix.Typed(ids, `{"k":"slice","e":{"k":"named","id":"github.com/google/uuid.UUID"}}`))

// typeDesc describes a static type for Typed: the interp package writes
// it as JSON. Only what leads to a non-struct named type with a marshal
// method is described; Kind "other" stands for the rest.
type typeDesc struct {
	Kind string    `json:"k"` // named, ptr, slice, array, map or other
	ID   string    `json:"id,omitempty"`
	Elem *typeDesc `json:"e,omitempty"`
	Key  *typeDesc `json:"key,omitempty"`
}

var typeDescs sync.Map // description text -> *typeDesc

func parseTypeDesc(text string) *typeDesc {
	if d, ok := typeDescs.Load(text); ok {
		return d.(*typeDesc)
	}
	d := new(typeDesc)
	if err := json.Unmarshal([]byte(text), d); err != nil {
		d = &typeDesc{Kind: "other"}
	}
	typeDescs.Store(text, d)
	return d
}

// typed is a value handed to an encoder with the description of its
// static type.
type typed struct {
	v    any
	desc *typeDesc
}

// Typed returns v, the argument of an encoding call whose static type the
// interp package described, as a value encoding/json encodes as it would v
// compiled: Value converts it, and an encoder that Value does not see (a
// json.Encoder) calls its MarshalJSON. The interp package hands every
// value a route encodes with an Encoder over so, described or not
// (description ""), and the Encoder's error to EncodeError, which takes
// off what the Encoder wraps MarshalJSON's errors in.
func Typed(v any, description string) any {
	return typed{v: v, desc: parseTypeDesc(description)}
}

// MarshalJSON implements json.Marshaler. HTML is left unescaped: the
// encoder calling it escapes the result as it is set to.
func (t typed) MarshalJSON() ([]byte, error) {
	v, err := Value(t)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// typedValue is Value for a typed value.
func typedValue(t typed) (any, error) {
	c := &conv{registry: reg.Load()}
	out := c.convertDesc(reflect.ValueOf(t.v), t.desc)
	if c.err != nil {
		return nil, c.err
	}
	if !out.IsValid() {
		return nil, nil
	}
	return out.Interface(), nil
}

// namedIn reports whether d leads to a registered non-struct marshal
// type.
func (r *registry) namedIn(d *typeDesc) bool {
	if d == nil {
		return false
	}
	if d.Kind == "named" {
		_, ok := r.named[d.ID]
		return ok
	}
	return r.namedIn(d.Elem) || r.namedIn(d.Key)
}

// convertDesc returns a value encoding/json encodes as it would v
// compiled, v being of the static type d describes.
func (c *conv) convertDesc(v reflect.Value, d *typeDesc) reflect.Value {
	if !v.IsValid() || !c.namedIn(d) {
		return c.convert(v)
	}
	if inner, ok := yaegival.Unwrap(v); ok {
		v = inner
	}
	switch d.Kind {
	case "named":
		return c.callNamed(d.ID, "marshal", v)
	case "ptr":
		if v.Kind() != reflect.Pointer {
			break
		}
		if v.IsNil() {
			return reflect.ValueOf(json.RawMessage("null"))
		}
		return c.convertDesc(v.Elem(), d.Elem)
	case "slice", "array":
		if v.Kind() != reflect.Slice && v.Kind() != reflect.Array {
			break
		}
		if v.Kind() == reflect.Slice && v.IsNil() {
			return reflect.Zero(reflect.SliceOf(anyType))
		}
		out := reflect.MakeSlice(reflect.SliceOf(anyType), v.Len(), v.Len())
		for i := range v.Len() {
			if e := c.convertDesc(v.Index(i), d.Elem); e.IsValid() {
				out.Index(i).Set(e)
			}
		}
		return out
	case "map":
		if v.Kind() != reflect.Map {
			break
		}
		return c.convertMapDesc(v, d)
	}
	return c.convert(v)
}

// convertMapDesc is convertDesc for a map: keys of a non-struct type with
// MarshalText become their text, as encoding/json makes them, unless of a
// string kind, which encoding/json uses as they are whatever their
// methods; values are converted by their description.
func (c *conv) convertMapDesc(v reflect.Value, d *typeDesc) reflect.Value {
	kt := v.Type().Key()
	var keyMethod *named
	if d.Key != nil && d.Key.Kind == "named" && kt.Kind() != reflect.String {
		if m, ok := c.named[d.Key.ID]; ok {
			if !m.text {
				// encoding/json uses only MarshalText for keys: a
				// MarshalJSON alone leaves the key unsupported, as the
				// plain encoding of the value says.
				return c.convert(v)
			}
			keyMethod, kt = &m, reflect.TypeOf("")
		}
	}
	mt := reflect.MapOf(kt, anyType)
	if v.IsNil() {
		return reflect.Zero(mt)
	}
	out := reflect.MakeMapWithSize(mt, v.Len())
	it := v.MapRange()
	for it.Next() {
		k := it.Key()
		if keyMethod != nil {
			s, ok := c.keyText(*keyMethod, k)
			if !ok {
				return c.convert(v)
			}
			k = reflect.ValueOf(s)
		}
		val := c.convertDesc(it.Value(), d.Elem)
		if !val.IsValid() {
			val = reflect.Zero(anyType)
		}
		out.SetMapIndex(k, val)
	}
	return out
}

// heldNamed returns v's value, with its registered marshal method called,
// when v is yaegi's valueInterface around a value of a non-struct type
// with one (uuid.UUID in a map[string]any).
func (c *conv) heldNamed(v reflect.Value) (reflect.Value, bool) {
	id, ok := yaegival.TypeID(v)
	if !ok {
		return v, false
	}
	if _, ok := c.named[id]; !ok {
		return v, false
	}
	inner, ok := yaegival.Unwrap(v)
	if !ok {
		return v, false
	}
	return c.callNamed(id, "marshal", inner), true
}
