// Package jsonfix makes encoding/json encode values of interpreted types as
// it encodes the same types compiled.
//
// yaegi builds an interpreted struct type with reflect.StructOf, which
// cannot express what encoding/json looks at: unexported fields appear
// exported under an "X" prefix, embedded fields are ordinary fields, and the
// type has no methods, so MarshalJSON and MarshalText are invisible. The
// interp package rewrites route source before yaegi reads it so that types
// carry what is missing: `json:"-"` on unexported fields, a `devserver:"embed"`
// tag on embedded ones, a tag naming the type on the first field of a struct
// type with marshal methods (so that its reflect type is its own), and an
// init function registering those methods here. Value then turns a value
// into one encoding/json encodes as compiled Go would: embedded structs
// flattened, marshal methods called wherever the value sits.
//
// Nothing happens until Enable is called, so a compiled build pays nothing.
package jsonfix

import (
	"bytes"
	"encoding"
	"encoding/json"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/devserver/devserver/internal/yaegival"
)

// Tag is the struct tag key the interp package marks fields with.
const Tag = "devserver"

var enabled atomic.Bool

// Enable switches Value on; the interpreter calls it before loading code.
func Enable() { enabled.Store(true) }

type registry struct {
	json, text map[reflect.Type]method
	named      map[string]named // "import/path.Type" -> method of a non-struct type
	needs      sync.Map         // reflect.Type -> bool
	shadows    sync.Map         // reflect.Type -> *shadow
}

var (
	mu  sync.Mutex
	reg atomic.Pointer[registry]
)

func init() {
	reg.Store(&registry{json: map[reflect.Type]method{}, text: map[reflect.Type]method{}, named: map[string]named{}})
}

// method is a registered marshal method and the name of its type as
// compiled Go prints it ("route.Temp"), for errors.
type method struct {
	fn   reflect.Value
	name string
}

func (m method) ok() bool { return m.fn.IsValid() }

// named is the marshal method of a non-struct type of another module: its
// values are indistinguishable by reflect type (uuid.UUID is a [16]byte), so
// only struct fields declared with the type, which the interp package marks
// `devserver:"marshal=github.com/google/uuid.UUID"`, reach it.
type named struct {
	method
	text bool
}

// RegisterNamed records the marshal method (kind "json" or "text") of the
// non-struct type key ("import/path.Type"), named name in errors.
func RegisterNamed(key, name, kind string, fn any) {
	v := reflect.ValueOf(fn)
	if v.Kind() != reflect.Func || v.Type().NumIn() != 1 || v.Type().NumOut() != 2 {
		return
	}
	mu.Lock()
	defer mu.Unlock()
	r := reg.Load().clone()
	if old, ok := r.named[key]; !ok || kind == "json" || old.text {
		// MarshalJSON wins over MarshalText, as in encoding/json.
		r.named[key] = named{method{fn: v, name: name}, kind == "text"}
	}
	reg.Store(r)
}

// clone copies the registry's methods into a new one with empty caches.
func (r *registry) clone() *registry {
	c := &registry{json: make(map[reflect.Type]method, len(r.json)+1), text: make(map[reflect.Type]method, len(r.text)+1), named: make(map[string]named, len(r.named)+1)}
	for k, v := range r.json {
		c.json[k] = v
	}
	for k, v := range r.text {
		c.text[k] = v
	}
	for k, v := range r.named {
		c.named[k] = v
	}
	return c
}

// RegisterJSON records the interpreted MarshalJSON method of the type named
// name as a function func(T) ([]byte, error) or func(*T) ([]byte, error).
// Route code calls it from an init function the interp package adds.
func RegisterJSON(name string, fn any) { register(name, fn, false) }

// RegisterText records an interpreted MarshalText method; see RegisterJSON.
func RegisterText(name string, fn any) { register(name, fn, true) }

func register(name string, fn any, text bool) {
	v := reflect.ValueOf(fn)
	if v.Kind() != reflect.Func || v.Type().NumIn() != 1 || v.Type().NumOut() != 2 {
		return
	}
	mu.Lock()
	defer mu.Unlock()
	// A new registry: the caches depend on what is registered. Types of
	// older generations stay until the process ends; there are few.
	r := reg.Load().clone()
	m := method{fn: v, name: name}
	if text {
		r.text[v.Type().In(0)] = m
	} else {
		r.json[v.Type().In(0)] = m
	}
	reg.Store(r)
}

// Value returns v, or, when v holds interpreted values that encoding/json
// would encode differently from compiled Go, an equivalent value that it
// encodes the same way. The error is the one encoding/json would report for
// a marshal method that failed.
func Value(v any) (any, error) {
	if t, ok := v.(typed); ok {
		return typedValue(t)
	}
	if !enabled.Load() || v == nil {
		return v, nil
	}
	r := reg.Load()
	rv := reflect.ValueOf(v)
	if !r.need(rv.Type()) {
		return v, nil
	}
	c := &conv{registry: r}
	out := c.convert(rv)
	if c.err != nil {
		return nil, c.err
	}
	if !out.IsValid() {
		return nil, nil
	}
	return out.Interface(), nil
}

// conv is one conversion: the registry and the first marshal error.
type conv struct {
	*registry
	err error
}

// MarshalerError is a marshal method's failure, worded as encoding/json
// words it for compiled types.
type MarshalerError struct {
	Type   string // "route.Temp"
	Method string // "MarshalJSON" or "MarshalText"
	Err    error
}

func (e *MarshalerError) Error() string {
	return "json: error calling " + e.Method + " for type " + e.Type + ": " + e.Err.Error()
}

func (e *MarshalerError) Unwrap() error { return e.Err }

// need reports whether values of type t may encode differently from
// compiled Go and must go through convert.
func (r *registry) need(t reflect.Type) bool {
	if n, ok := r.needs.Load(t); ok {
		return n.(bool)
	}
	r.needs.Store(t, false) // breaks recursion on recursive types
	n := r.compute(t)
	r.needs.Store(t, n)
	return n
}

var (
	marshalerType     = reflect.TypeOf((*json.Marshaler)(nil)).Elem()
	textMarshalerType = reflect.TypeOf((*encoding.TextMarshaler)(nil)).Elem()
)

func (r *registry) compute(t reflect.Type) bool {
	if t.Implements(marshalerType) || t.Implements(textMarshalerType) ||
		reflect.PointerTo(t).Implements(marshalerType) || reflect.PointerTo(t).Implements(textMarshalerType) {
		return false // compiled methods: encoding/json calls them itself
	}
	if r.json[t].ok() || r.text[t].ok() || r.json[reflect.PointerTo(t)].ok() || r.text[reflect.PointerTo(t)].ok() {
		return true
	}
	switch t.Kind() {
	case reflect.Interface:
		return true
	case reflect.Pointer, reflect.Slice, reflect.Array:
		return r.need(t.Elem())
	case reflect.Map:
		return r.need(t.Key()) || r.need(t.Elem())
	case reflect.Struct:
		if yaegival.IsWrapper(t) {
			return true
		}
		need := false
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() {
				if f.Anonymous {
					// A compiled type embedding an unexported struct: its
					// fields cannot be copied through reflect, so leave the
					// type to encoding/json, which is right for it anyway
					// unless it holds interpreted values.
					return false
				}
				continue
			}
			if mark := f.Tag.Get(Tag); strings.HasPrefix(mark, "embed") || r.markedNamed(mark) || r.need(f.Type) {
				need = true
			}
		}
		return need
	}
	return false
}

// markedNamed reports whether a field's mark names a registered marshal
// method of a non-struct type.
func (r *registry) markedNamed(mark string) bool {
	_, key, ok := strings.Cut(mark, "=")
	if !ok {
		return false
	}
	_, found := r.named[key]
	return found
}

var anyType = reflect.TypeOf((*any)(nil)).Elem()

// marshalCall calls m on arg and returns the JSON it stands for; a failure
// is recorded as the conversion's error.
func (c *conv) marshalCall(m method, arg reflect.Value, text bool) (reflect.Value, bool) {
	out := m.fn.Call([]reflect.Value{arg})
	if err, _ := out[1].Interface().(error); err != nil {
		if c.err == nil {
			name := "MarshalJSON"
			if text {
				name = "MarshalText"
			}
			c.err = &MarshalerError{Type: m.name, Method: name, Err: err}
		}
		return reflect.ValueOf(json.RawMessage("null")), false
	}
	b := out[0].Bytes()
	if text {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		_ = enc.Encode(string(b))
		b = bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
	}
	return reflect.ValueOf(json.RawMessage(b)), true
}

// marshal calls the registered method for v, if any: MarshalJSON before
// MarshalText, a pointer method only when v is addressable, as
// encoding/json chooses.
func (c *conv) marshal(v reflect.Value) (reflect.Value, bool) {
	t := v.Type()
	call := func(m method, arg reflect.Value, text bool) reflect.Value {
		out, _ := c.marshalCall(m, arg, text)
		return out
	}
	if t.Kind() == reflect.Pointer {
		for _, m := range [...]struct {
			m    method
			text bool
		}{{c.json[t], false}, {c.text[t], true}} {
			if m.m.ok() {
				if v.IsNil() {
					return reflect.ValueOf(json.RawMessage("null")), true
				}
				return call(m.m, v, m.text), true
			}
		}
		if !v.IsNil() && (c.json[t.Elem()].ok() || c.text[t.Elem()].ok()) {
			return c.marshal(v.Elem())
		}
		return v, false
	}
	if m := c.json[t]; m.ok() {
		return call(m, v, false), true
	}
	if m := c.json[reflect.PointerTo(t)]; m.ok() && v.CanAddr() {
		return call(m, v.Addr(), false), true
	}
	if m := c.text[t]; m.ok() {
		return call(m, v, true), true
	}
	if m := c.text[reflect.PointerTo(t)]; m.ok() && v.CanAddr() {
		return call(m, v.Addr(), true), true
	}
	return v, false
}

// convert returns a value encoding/json encodes as it would v compiled.
func (c *conv) convert(v reflect.Value) reflect.Value {
	if !v.IsValid() {
		return v
	}
	if held, ptr, ok := yaegival.WholeError(v); ok {
		// An error of route code whose value the wrapper carries whole
		// (it holds one of its fields).
		if ptr.IsValid() {
			return c.convert(ptr)
		}
		return c.convert(held)
	}
	if out, ok := c.heldNamed(v); ok {
		return out
	}
	if inner, ok := yaegival.Unwrap(v); ok {
		v = inner
	} else if nilWrapper(v) {
		// yaegi's zero value of an interface of route code (a nil Shape
		// in a field, an element, a map's value) is its wrapper holding
		// nothing, whose struct encoding/json encoded {}: a nil
		// interface, null.
		return reflect.Value{}
	}
	if !v.IsValid() {
		return v
	}
	if !c.need(v.Type()) {
		return v
	}
	if m, ok := c.marshal(v); ok {
		return m
	}
	switch v.Kind() {
	case reflect.Interface, reflect.Pointer:
		if v.IsNil() {
			return v
		}
		return c.convert(v.Elem())
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.IsNil() {
			return reflect.Zero(reflect.SliceOf(anyType))
		}
		out := reflect.MakeSlice(reflect.SliceOf(anyType), v.Len(), v.Len())
		for i := range v.Len() {
			if c := c.convert(v.Index(i)); c.IsValid() {
				out.Index(i).Set(c)
			}
		}
		return out
	case reflect.Map:
		kt := v.Type().Key()
		textKeys := c.text[kt].ok() || c.text[reflect.PointerTo(kt)].ok()
		if textKeys && kt.Kind() != reflect.String {
			kt = reflect.TypeOf("")
		}
		mt := reflect.MapOf(kt, anyType)
		if v.IsNil() {
			return reflect.Zero(mt)
		}
		out := reflect.MakeMapWithSize(mt, v.Len())
		it := v.MapRange()
		for it.Next() {
			k := it.Key()
			if kt != v.Type().Key() {
				raw, _ := c.marshal(k)
				var s string
				if rm, ok := raw.Interface().(json.RawMessage); ok {
					_ = json.Unmarshal(rm, &s)
				}
				k = reflect.ValueOf(s)
			}
			val := c.convert(it.Value())
			if !val.IsValid() {
				val = reflect.Zero(anyType)
			}
			out.SetMapIndex(k, val)
		}
		return out
	case reflect.Struct:
		return c.convertStruct(v)
	}
	return v
}

// nilWrapper reports whether v, or what the interface v is holds, is one
// of yaegi's wrappers holding no value.
func nilWrapper(v reflect.Value) bool {
	if v.IsValid() && v.Kind() == reflect.Interface {
		v = v.Elem()
	}
	if !v.IsValid() || !yaegival.IsWrapper(v.Type()) {
		return false
	}
	_, ok := yaegival.Unwrap(v)
	return !ok
}

// shadow is the struct type a struct type is encoded through: same fields
// and tags, embedded structs marked anonymous, fields that need converting
// typed any.
type shadow struct {
	typ    reflect.Type
	fields []shadowField
}

type shadowField struct {
	named     string // a registered non-struct marshal method to call, with its shape
	shape     string // "marshal" (T), "marshal*" (*T), "marshal[]" ([]T) or "marshal{}" (map[T]V)
	from      int    // field index in the original type
	embedded  bool   // an anonymous struct (or pointer to one) in the shadow
	converted bool   // typed any in the shadow
	omitEmpty bool
	omitZero  bool
}

func (r *registry) shadowOf(t reflect.Type) *shadow {
	if s, ok := r.shadows.Load(t); ok {
		return s.(*shadow)
	}
	s := &shadow{}
	var fields []reflect.StructField
	for i := range t.NumField() {
		f := t.Field(i)
		mark := f.Tag.Get(Tag)
		sf := shadowField{from: i}
		if !f.IsExported() {
			continue // compiled: encoding/json never sees it either
		}
		nf := reflect.StructField{Name: f.Name, Type: f.Type, Tag: f.Tag}
		if name, _, _ := strings.Cut(f.Tag.Get("json"), ","); name == "-" && !strings.Contains(f.Tag.Get("json"), ",") {
			continue // never encoded
		}
		if strings.HasPrefix(mark, "embed") || f.Anonymous {
			// Flattened unless its tag names it (",omitempty" does not).
			tagName, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			base := f.Type
			if base.Kind() == reflect.Pointer {
				base = base.Elem()
			}
			switch {
			case base.Kind() == reflect.Struct && tagName == "" && r.need(base):
				inner := r.shadowOf(base)
				if inner.typ == nil {
					break
				}
				sf.embedded = true
				nf.Anonymous = true
				nf.Type = inner.typ
				if f.Type.Kind() == reflect.Pointer {
					nf.Type = reflect.PointerTo(inner.typ)
				}
				fields = append(fields, nf)
				s.fields = append(s.fields, sf)
				continue
			case base.Kind() == reflect.Struct && tagName == "":
				nf.Anonymous = true
				fields = append(fields, nf)
				s.fields = append(s.fields, sf)
				continue
			case strings.Contains(mark, "unexported") && base.Kind() != reflect.Struct:
				continue // compiled Go skips an embedded unexported non-struct
			}
		}
		if shape, key, ok := strings.Cut(mark, "="); ok && r.markedNamed(mark) {
			opts := f.Tag.Get("json")
			sf.converted, sf.named, sf.shape = true, key, shape
			sf.omitEmpty = strings.Contains(opts, ",omitempty")
			sf.omitZero = strings.Contains(opts, ",omitzero")
			nf.Type = anyType
		} else if r.need(f.Type) {
			opts := f.Tag.Get("json")
			sf.converted = true
			sf.omitEmpty = strings.Contains(opts, ",omitempty")
			sf.omitZero = strings.Contains(opts, ",omitzero")
			nf.Type = anyType
		}
		fields = append(fields, nf)
		s.fields = append(s.fields, sf)
	}
	s.typ = structOf(fields)
	actual, _ := r.shadows.LoadOrStore(t, s)
	return actual.(*shadow)
}

// structOf is reflect.StructOf, or nil where it panics: it cannot embed a
// type with methods in every position. The struct is then encoded as is.
func structOf(fields []reflect.StructField) (t reflect.Type) {
	defer func() {
		if recover() != nil {
			t = nil
		}
	}()
	return reflect.StructOf(fields)
}

func (c *conv) convertStruct(v reflect.Value) reflect.Value {
	s := c.shadowOf(v.Type())
	if s.typ == nil {
		return v
	}
	out := reflect.New(s.typ).Elem()
	for i, sf := range s.fields {
		fv := v.Field(sf.from)
		dst := out.Field(i)
		switch {
		case sf.embedded:
			if fv.Kind() == reflect.Pointer {
				if fv.IsNil() {
					continue
				}
				p := reflect.New(dst.Type().Elem())
				p.Elem().Set(c.convertStruct(fv.Elem()))
				dst.Set(p)
			} else {
				dst.Set(c.convertStruct(fv))
			}
		case sf.converted:
			if (sf.omitEmpty && isEmpty(fv)) || (sf.omitZero && fv.IsZero()) {
				continue
			}
			if sf.named != "" {
				dst.Set(c.callNamed(sf.named, sf.shape, fv))
				continue
			}
			if c := c.convert(fv); c.IsValid() {
				dst.Set(c)
			}
		default:
			dst.Set(fv)
		}
	}
	return out
}

// callNamed encodes v, a field of a non-struct type with a registered
// marshal method, of the given shape: the value, a pointer to it, a slice
// of them, or a map keyed by them.
func (c *conv) callNamed(key, shape string, v reflect.Value) reflect.Value {
	m := c.named[key]
	one := func(v reflect.Value) reflect.Value {
		if v.Type() != m.fn.Type().In(0) {
			if !v.Type().ConvertibleTo(m.fn.Type().In(0)) {
				return v
			}
			v = v.Convert(m.fn.Type().In(0))
		}
		out, _ := c.marshalCall(m.method, v, m.text)
		return out
	}
	switch shape {
	case "marshal*":
		if v.Kind() != reflect.Pointer || v.IsNil() {
			return reflect.ValueOf(json.RawMessage("null"))
		}
		return one(v.Elem())
	case "marshal{}":
		return c.textKeys(m, v)
	case "marshal[]":
		if v.Kind() != reflect.Slice {
			return v
		}
		if v.IsNil() {
			return reflect.Zero(reflect.SliceOf(anyType))
		}
		out := reflect.MakeSlice(reflect.SliceOf(anyType), v.Len(), v.Len())
		for i := range v.Len() {
			out.Index(i).Set(one(v.Index(i)))
		}
		return out
	}
	return one(v)
}

// isEmpty is encoding/json's notion of empty, for omitempty.
func isEmpty(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Interface, reflect.Pointer:
		return v.IsZero()
	}
	return false
}

// textKeys encodes v, a map keyed by a non-struct type whose registered
// method m is its MarshalText, as encoding/json encodes such a map: each
// key is the text of its MarshalText (a MarshalJSON plays no part in
// keys), unless the key is of a string kind.
func (c *conv) textKeys(m named, v reflect.Value) reflect.Value {
	if v.Kind() != reflect.Map || !m.text || v.Type().Key().Kind() == reflect.String {
		// encoding/json uses a key of a string kind as it is.
		return c.convert(v)
	}
	mt := reflect.MapOf(reflect.TypeOf(""), anyType)
	if v.IsNil() {
		return reflect.Zero(mt)
	}
	out := reflect.MakeMapWithSize(mt, v.Len())
	it := v.MapRange()
	for it.Next() {
		s, ok := c.keyText(m, it.Key())
		if !ok {
			return c.convert(v)
		}
		val := c.convert(it.Value())
		if !val.IsValid() {
			val = reflect.Zero(anyType)
		}
		out.SetMapIndex(reflect.ValueOf(s), val)
	}
	return out
}

// keyText returns the text of the map key k by m, its MarshalText; false
// when k cannot be converted to the method's receiver type.
func (c *conv) keyText(m named, k reflect.Value) (string, bool) {
	in := m.fn.Type().In(0)
	if k.Type() != in {
		if !k.Type().ConvertibleTo(in) {
			return "", false
		}
		k = k.Convert(in)
	}
	raw, _ := c.marshalCall(m.method, k, true)
	var s string
	if rm, ok := raw.Interface().(json.RawMessage); ok {
		_ = json.Unmarshal(rm, &s)
	}
	return s, true
}
