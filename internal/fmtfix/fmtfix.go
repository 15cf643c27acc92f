// Package fmtfix formats values of types declared in route code as fmt
// formats compiled ones. yaegi builds those types with reflect, which
// gives them no name and no methods: compiled fmt would print %d of a
// Stringer struct as yaegi's wrapper, Stringers inside slices and maps as
// their underlying values, %+v with yaegi's field names (Xsecret) and
// %#v without the type's name. The interp package rewrites the arguments
// of fmt's print functions whose static types involve such types into
// Value(arg, description), and registers each type's description and its
// String, Error, GoString and Format methods; Value's result is a
// fmt.Formatter that prints the value with them.
package fmtfix

import (
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/devserver/devserver/internal/panicpos"
	"github.com/devserver/devserver/internal/yaegival"
)

// A desc describes a static type, as the rewrite pass wrote it (JSON).
type desc struct {
	// Kind is one of named, struct, slice, array, map, ptr, iface (an
	// interface of route code all of whose route implementers are
	// registered: see Registry.held), or other (a type that compiled fmt
	// prints correctly as it is: basic types, compiled named types,
	// other interfaces, functions, channels).
	Kind   string `json:"k"`
	String string `json:"s"` // as %T prints it
	// Name is, in the description a route type's underlying type is
	// registered with, the route type's name as %T prints it.
	Name   string  `json:"tn,omitempty"`
	ID     string  `json:"id,omitempty"` // named: the registered type
	Elem   *desc   `json:"e,omitempty"`
	Key    *desc   `json:"key,omitempty"`
	Fields []field `json:"f,omitempty"`
}

type field struct {
	Name   string `json:"n"`
	Type   *desc  `json:"t"`
	Hidden bool   `json:"h,omitempty"` // unexported
	// Embedded is an embedded field: when unexported, fmt calls no method
	// of its value, but calls those of its exported fields (reflect
	// clears the read-only mark of an embedded field for its fields).
	Embedded bool `json:"m,omitempty"`
}

// named is a type declared in route code.
type named struct {
	underlying *desc
	// methods by name (String, Error, GoString, Format): functions taking
	// the receiver first; ptr tells a pointer receiver.
	methods map[string]method
}

type method struct {
	fn  reflect.Value
	ptr bool
}

// Registry holds the route types of one app that fmt prints (their
// descriptions and methods), by id: the type's import path and name. The
// interp package gives each app's loader its own, bound into the symbols
// its code calls, so that two apps in one process (the parity suite runs
// many) declaring a type of one import path and name each print theirs.
// A reload registers a type again: the latest registration wins.
type Registry struct {
	mu    sync.RWMutex
	types map[string]*named
}

var parsed sync.Map // description text -> *desc

func (r *Registry) lookup(id string) *named {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.types[id]
}

func (r *Registry) namedType(id string) *named {
	if r.types == nil {
		r.types = map[string]*named{}
	}
	n := r.types[id]
	if n == nil {
		n = &named{methods: map[string]method{}}
		r.types[id] = n
	}
	return n
}

// Type registers the underlying type of the route type id, as described
// by the rewrite.
func (r *Registry) Type(id, underlying string) {
	d := parse(underlying)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.namedType(id).underlying = d
}

// Method registers fn as the method name (String, Error, GoString or
// Format) of the route type id; fn takes the receiver first, a pointer
// when ptr is true.
func (r *Registry) Method(id, name string, ptr bool, fn any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.namedType(id).methods[name] = method{reflect.ValueOf(fn), ptr}
}

func parse(text string) *desc {
	if d, ok := parsed.Load(text); ok {
		return d.(*desc)
	}
	d := new(desc)
	if err := json.Unmarshal([]byte(text), d); err != nil {
		d = &desc{Kind: "other"}
	}
	parsed.Store(text, d)
	return d
}

type formatted struct {
	v     reflect.Value
	d     *desc
	paths *Paths
	reg   *Registry
	// names are the interpreter's struct types' (nil for none): fmt
	// names a nil pointer to one in its complaint of a bad verb.
	names *yaegival.StructNames
}

// Format implements fmt.Formatter.
func (f formatted) Format(s fmt.State, verb rune) {
	if f.names != nil && f.d != nil && f.d.Kind == "other" && !strings.ContainsRune("vpbodxXT", verb) {
		if p, ok := (Names{f.names}).NilPointer(unwrap(f.v)).(nilPointer); ok {
			p.Format(s, verb)
			return
		}
	}
	if f.paths != nil && sharpV(s, verb) {
		// %#v prints type names: in the binary's paths.
		text := fmt.Sprintf(directive(s, verb), formatted{f.v, f.d, nil, f.reg, f.names})
		fmt.Fprint(s, f.paths.display(text))
		return
	}
	f.reg.printValue(s, verb, f.v, f.d, 0, true, false)
}

// directive rebuilds the format directive s and verb stand for.
func directive(s fmt.State, verb rune) string {
	return fmt.FormatString(s, verb)
}

func unwrap(v reflect.Value) reflect.Value {
	if v.IsValid() && v.Kind() == reflect.Interface {
		v = v.Elem()
	}
	if inner, ok := yaegival.Unwrap(v); ok {
		return inner
	}
	if v.IsValid() && yaegival.IsWrapper(v.Type()) {
		// A wrapper holding nothing is a nil interface: yaegi's zero
		// value of a route interface ([]Shape{r, nil}, a nil Shape
		// converted to any).
		return reflect.Value{}
	}
	return v
}

// plainIn prints v as plain does, or, when hidden, as compiled fmt
// prints a value read from an unexported field: without calling its
// methods (yaegi's field is exported, and fmt would call them).
func plainIn(s fmt.State, verb rune, v reflect.Value, hidden bool) {
	if hidden && v.IsValid() && v.CanInterface() {
		v = reflect.ValueOf(&struct{ v any }{v.Interface()}).Elem().Field(0).Elem()
	}
	plain(s, verb, v)
}

// plain prints v as compiled fmt does.
func plain(s fmt.State, verb rune, v reflect.Value) {
	if !v.IsValid() {
		fmt.Fprintf(s, directive(s, verb), nil)
		return
	}
	if v.CanInterface() {
		fmt.Fprintf(s, directive(s, verb), v.Interface())
		return
	}
	fmt.Fprintf(s, directive(s, verb), v)
}

// printValue prints v, of the static type d describes, at depth; calls
// tells whether the methods of route types are called, hidden whether v
// is in an unexported field, where fmt calls no method at all (not a
// compiled type's String either: a time.Duration prints as its number).
func (r *Registry) printValue(s fmt.State, verb rune, v reflect.Value, d *desc, depth int, calls, hidden bool) {
	held := v
	v = unwrap(v)
	if held.IsValid() && !v.IsValid() && depth > 0 {
		// A nil interface inside a value (an error field, an element of a
		// []any): fmt prints <nil> as a string, whatever the verb but %#v,
		// which names the interface type (route.Shape(nil)); only an
		// argument that is nil itself is a bad verb (%!d(<nil>)).
		if sharpV(s, verb) && d != nil && d.String != "" {
			fmt.Fprint(s, d.String, "(nil)")
			return
		}
		fmt.Fprint(s, "<nil>") // unpadded, as fmt writes it
		return
	}
	if e, ok := heldError(held); ok && depth > 0 {
		// An error inside a value (a field or an element of type error):
		// where fmt calls its Format or Error method (an exported one),
		// yaegi's wrapper of a route type's value has it, where the value
		// it holds has none; elsewhere fmt prints the value, which the
		// wrapper holds whole only through the method of ErrorValueField
		// (it holds a struct's last field).
		if calls && methodVerb(e, s, verb) {
			errorValue{func() string { return e.Error() }, e}.Format(s, verb)
			return
		}
		if whole, ptr, ok := yaegival.WholeError(held); ok {
			v = unwrap(whole)
			if ptr.IsValid() {
				v = ptr
			}
		}
	}
	if d != nil && d.Kind == "iface" && v.IsValid() {
		if hd, ok := r.held(held); ok {
			// fmt calls the methods of a value in an interface where it
			// would call those of the interface's (an exported element or
			// field): calls says where.
			r.printValue(s, verb, v, hd, depth, calls, hidden)
			return
		}
	}
	if d == nil || !v.IsValid() {
		r.printDynamic(s, verb, v, depth, hidden)
		return
	}
	switch d.Kind {
	case "named":
		r.printNamed(s, verb, v, d, depth, calls, hidden)
	case "ptr":
		r.printPointer(s, verb, v, d, depth, calls, hidden)
	case "struct":
		r.printStruct(s, verb, v, d, depth, calls, hidden)
	case "slice", "array":
		r.printList(s, verb, v, d, depth, calls, hidden)
	case "map":
		r.printMap(s, verb, v, d, depth, calls, hidden)
	default:
		r.printDynamic(s, verb, v, depth, hidden)
	}
}

// printDynamic prints v, a value whose static type the rewrite did not
// describe (what an interface holds), as compiled fmt does. yaegi stores
// a value of a route interface converted to an interface (Shape to any)
// in the wrapper its interpreted code needs (valueInterface: the value
// beside the node that typed it), a route value converted to a compiled
// interface (io.Reader) in a generated struct giving it the methods, and
// hands either to compiled code as it is, whose fmt then prints yaegi's
// internals ({0xc… {…}}). A value holding one (an []any, a map or a
// struct of route code) is printed here element by element, each wrapper
// as the value it holds; any other as fmt prints it.
func (r *Registry) printDynamic(s fmt.State, verb rune, v reflect.Value, depth int, hidden bool) {
	if depth > 0 && v.IsValid() && v.Kind() == reflect.Pointer && (hidden || !callsMethod(v, s, verb)) {
		// fmt prints its address (see printPointer).
		r.printPointer(s, verb, v, &desc{Kind: "ptr", String: v.Type().String()}, depth, false, hidden)
		return
	}
	if !v.IsValid() || !holdsWrapper(v, depth, 0) {
		plainIn(s, verb, v, hidden)
		return
	}
	d := dynamicDesc(v.Type(), 0)
	if d == nil {
		plainIn(s, verb, v, hidden)
		return
	}
	r.printValue(s, verb, v, d, depth, false, hidden)
}

// methodVerb reports whether fmt prints x with verb by a method of x's
// own: its Format with any verb, GoString for %#v, Error or String for %v
// %s %x %X %q. With any other verb fmt prints the value itself (inside
// another value, a pointer's address).
func methodVerb(x any, s fmt.State, verb rune) bool {
	if _, ok := x.(fmt.Formatter); ok {
		return true
	}
	if sharpV(s, verb) {
		_, ok := x.(fmt.GoStringer)
		return ok
	}
	switch x.(type) {
	case error, fmt.Stringer:
		return strings.ContainsRune("vsxXq", verb)
	}
	return false
}

// callsMethod reports whether fmt prints v, a value of compiled code, with
// verb by a method of its own (see methodVerb), wherever v is.
func callsMethod(v reflect.Value, s fmt.State, verb rune) bool {
	return v.CanInterface() && methodVerb(v.Interface(), s, verb)
}

// heldError returns v as an error when it is (or is an interface holding)
// yaegi's wrapper of a value of route code that is an error.
func heldError(v reflect.Value) (error, bool) {
	if v.IsValid() && v.Kind() == reflect.Interface {
		v = v.Elem()
	}
	if !v.IsValid() || !yaegival.IsWrapper(v.Type()) || !v.CanInterface() {
		return nil, false
	}
	e, ok := v.Interface().(error)
	return e, ok
}

// held describes the value v holds when it is yaegi's valueInterface of
// a value of a route type registered in r, or of a pointer to one: the
// dynamic type of a value in an interface of route code, which compiled
// code sees without its name and methods (a Square as struct { S int }).
func (r *Registry) held(v reflect.Value) (*desc, bool) {
	id, ptr, ok := yaegival.HeldType(v)
	if !ok {
		return nil, false
	}
	n := r.lookup(id)
	if n == nil || n.underlying == nil || n.underlying.Name == "" {
		return nil, false
	}
	d := &desc{Kind: "named", ID: id, String: n.underlying.Name}
	if ptr {
		d = &desc{Kind: "ptr", String: "*" + d.String, Elem: d}
	}
	return d, true
}

// heldTypeName returns the name %T prints for the value v holds (see
// held): a route type's, or the name of the type of any other value,
// "<nil>" for none.
func (r *Registry) heldTypeName(v reflect.Value) string {
	if d, ok := r.held(v); ok {
		return d.String
	}
	inner := unwrap(v)
	if !inner.IsValid() {
		return "<nil>"
	}
	return inner.Type().String()
}

// Held returns the operand of a fmt print function whose static type is
// an interface of route code all of whose route implementers r
// registers (described as kind iface), handed over as the only element
// of box ([]any{operand}, where yaegi keeps the dynamic type the operand
// itself loses), as a fmt.Formatter printing it as compiled Go would,
// with the paths of p in the type names %#v prints.
func (r *Registry) Held(p *Paths, names *yaegival.StructNames, box []any, description string) any {
	return formatted{reflect.ValueOf(box).Index(0), parse(description), p, r, names}
}

// HeldTypeName returns what %T prints for the operand box holds (see
// Held), with the paths of p.
func (r *Registry) HeldTypeName(p *Paths, box []any) string {
	return p.display(r.heldTypeName(reflect.ValueOf(box).Index(0)))
}

// holdsWrapper reports whether v, printed at depth, holds one of yaegi's
// wrappers where fmt would print it: in an interface, element, key,
// field, or behind a pointer at depth 0 (fmt prints the address of one
// deeper). Types of compiled code with a name are printed by fmt as they
// are.
func holdsWrapper(v reflect.Value, depth, level int) bool {
	if !v.IsValid() || level > 16 {
		return false
	}
	t := v.Type()
	if yaegival.IsWrapper(t) {
		return true
	}
	if !mayHoldWrapper(t) {
		return false
	}
	switch v.Kind() {
	case reflect.Interface:
		return !v.IsNil() && holdsWrapper(v.Elem(), depth, level+1)
	case reflect.Pointer:
		return depth == 0 && !v.IsNil() && holdsWrapper(v.Elem(), depth+1, level+1)
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			if holdsWrapper(v.Index(i), depth+1, level+1) {
				return true
			}
		}
	case reflect.Map:
		it := v.MapRange()
		for it.Next() {
			if holdsWrapper(it.Key(), depth+1, level+1) || holdsWrapper(it.Value(), depth+1, level+1) {
				return true
			}
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if holdsWrapper(v.Field(i), depth+1, level+1) {
				return true
			}
		}
	}
	return false
}

// wrapperHolders caches mayHoldWrapper by type.
var wrapperHolders sync.Map // reflect.Type -> bool

// mayHoldWrapper reports whether a value of type t may hold one of
// yaegi's wrappers fmt would print: t is an interface or a wrapper, or an
// unnamed slice, array, map, pointer or struct type (yaegi's types of
// route code have no name) of such.
func mayHoldWrapper(t reflect.Type) bool {
	if m, ok := wrapperHolders.Load(t); ok {
		return m.(bool)
	}
	m := dynamicDesc(t, 0) != nil
	wrapperHolders.Store(t, m)
	return m
}

// dynamicDesc describes t, a type of a value printDynamic prints, when a
// value of it may hold a wrapper (see mayHoldWrapper), and returns nil
// otherwise: interfaces and wrappers are described as other (printValue
// unwraps them and prints what they hold by its own type).
func dynamicDesc(t reflect.Type, depth int) *desc {
	if depth > 8 {
		return nil
	}
	if t.Kind() == reflect.Interface || yaegival.IsWrapper(t) {
		return &desc{Kind: "other", String: t.String()}
	}
	if t.Name() != "" {
		return nil
	}
	switch t.Kind() {
	case reflect.Slice, reflect.Array:
		e := dynamicDesc(t.Elem(), depth+1)
		if e == nil {
			return nil
		}
		kind := "slice"
		if t.Kind() == reflect.Array {
			kind = "array"
		}
		return &desc{Kind: kind, String: t.String(), Elem: e}
	case reflect.Pointer:
		e := dynamicDesc(t.Elem(), depth+1)
		if e == nil {
			return nil
		}
		return &desc{Kind: "ptr", String: t.String(), Elem: e}
	case reflect.Map:
		k, e := dynamicDesc(t.Key(), depth+1), dynamicDesc(t.Elem(), depth+1)
		if k == nil && e == nil {
			return nil
		}
		return &desc{Kind: "map", String: t.String(), Key: orOther(k, t.Key()), Elem: orOther(e, t.Elem())}
	case reflect.Struct:
		d := &desc{Kind: "struct", String: t.String()}
		found := false
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			fd := dynamicDesc(f.Type, depth+1)
			found = found || fd != nil
			d.Fields = append(d.Fields, field{Name: f.Name, Type: orOther(fd, f.Type), Hidden: !f.IsExported()})
		}
		if found {
			return d
		}
	}
	return nil
}

// orOther returns d, or a description of t as a type fmt prints as it is.
func orOther(d *desc, t reflect.Type) *desc {
	if d != nil {
		return d
	}
	return &desc{Kind: "other", String: t.String()}
}

func sharpV(s fmt.State, verb rune) bool { return verb == 'v' && s.Flag('#') }

// handleMethods calls the Format, GoString, Error or String method of the
// named type n on v as fmt would, and reports whether it did.
func handleMethods(s fmt.State, verb rune, v reflect.Value, n *named, viaPtr bool) bool {
	if n == nil {
		return false
	}
	// nilDeref is set when the method fmt calls has a value receiver and
	// v is a nil pointer: calling it dereferences nil, whose panic fmt
	// prints as <nil>.
	nilDeref := false
	get := func(name string) (reflect.Value, bool) {
		m, ok := n.methods[name]
		if !ok || (m.ptr && !viaPtr) {
			return reflect.Value{}, false
		}
		recv := v
		if viaPtr && !m.ptr {
			if v.IsNil() {
				nilDeref = true
				return reflect.Value{}, true
			}
			recv = v.Elem()
		}
		if !recv.Type().AssignableTo(m.fn.Type().In(0)) {
			return reflect.Value{}, false
		}
		return recv, true
	}
	if recv, ok := get("Format"); ok {
		if nilDeref {
			fmt.Fprint(s, "<nil>")
			return true
		}
		catchPanic(s, verb, "Format", v, func() {
			n.methods["Format"].fn.Call([]reflect.Value{recv, reflect.ValueOf(&s).Elem(), reflect.ValueOf(verb)})
		})
		return true
	}
	if sharpV(s, verb) {
		if recv, ok := get("GoString"); ok {
			if nilDeref {
				fmt.Fprint(s, "<nil>")
				return true
			}
			catchPanic(s, verb, "GoString", v, func() {
				out := n.methods["GoString"].fn.Call([]reflect.Value{recv})
				fmt.Fprint(s, out[0].String())
			})
			return true
		}
		return false
	}
	switch verb {
	case 'v', 's', 'x', 'X', 'q':
	default:
		return false
	}
	for _, name := range []string{"Error", "String"} {
		if recv, ok := get(name); ok {
			if nilDeref {
				fmt.Fprint(s, "<nil>")
				return true
			}
			catchPanic(s, verb, name, v, func() {
				out := n.methods[name].fn.Call([]reflect.Value{recv})
				fmt.Fprintf(s, directive(s, verb), out[0].String())
			})
			return true
		}
	}
	return false
}

// catchPanic calls the method of v named method, through call, and prints
// a panic of it as fmt does: <nil> for a nil pointer v, else
// %!v(PANIC=String method: the panic's value), which is Go's own for a
// run-time error yaegi raised as reflect's.
func catchPanic(s fmt.State, verb rune, method string, v reflect.Value, call func()) {
	defer func() {
		p := recover()
		if p == nil {
			return
		}
		panicpos.Forget() // recovered here, as fmt does
		if v.Kind() == reflect.Pointer && v.IsNil() {
			fmt.Fprint(s, "<nil>")
			return
		}
		fmt.Fprintf(s, "%%!%c(PANIC=%s method: %v)", verb, method, yaegival.Panic(p))
	}()
	call()
}

func (r *Registry) printNamed(s fmt.State, verb rune, v reflect.Value, d *desc, depth int, calls, hidden bool) {
	n := r.lookup(d.ID)
	if calls && handleMethods(s, verb, v, n, false) {
		return
	}
	if n == nil || n.underlying == nil {
		plainIn(s, verb, v, hidden)
		return
	}
	u := *n.underlying
	u.String = d.String
	if u.Kind == "other" {
		// A type defined from a compiled one (type Timeout time.Duration)
		// has none of its methods, but yaegi represents its values by the
		// compiled type, whose String fmt would call.
		v = withoutMethods(v)
		if badVerb(verb, v.Kind()) {
			// fmt names the type in its complaint: yaegi's value is of
			// the underlying type.
			fmt.Fprintf(s, "%%!%c(%s=", verb, d.String)
			plainIn(s, 'v', v, hidden)
			fmt.Fprint(s, ")")
			return
		}
	}
	r.printValue(s, verb, v, &u, depth, calls, hidden)
}

// compiledMethods reports whether fmt finds a method of its own on v (a
// value of compiled code: Error, String, Format, GoString), which it
// calls wherever v is, with some verb.
func compiledMethods(v reflect.Value) bool {
	if !v.CanInterface() {
		return false
	}
	switch v.Interface().(type) {
	case fmt.Formatter, fmt.GoStringer, error, fmt.Stringer:
		return true
	}
	return false
}

// badVerb reports whether fmt prints a value of the basic kind k with
// verb as a bad verb (%!verb(type=value)).
func badVerb(verb rune, k reflect.Kind) bool {
	switch k {
	case reflect.Bool:
		return verb != 't' && verb != 'v'
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return !strings.ContainsRune("bcdoOqxXUv", verb)
	case reflect.Float32, reflect.Float64, reflect.Complex64, reflect.Complex128:
		return !strings.ContainsRune("beEfFgGxXv", verb)
	case reflect.String:
		return !strings.ContainsRune("vsxXq", verb)
	}
	return false
}

// basicTypes are the predeclared types of each basic kind.
var basicTypes = map[reflect.Kind]reflect.Type{
	reflect.Bool: reflect.TypeOf(false), reflect.String: reflect.TypeOf(""),
	reflect.Int: reflect.TypeOf(0), reflect.Int8: reflect.TypeOf(int8(0)), reflect.Int16: reflect.TypeOf(int16(0)),
	reflect.Int32: reflect.TypeOf(int32(0)), reflect.Int64: reflect.TypeOf(int64(0)),
	reflect.Uint: reflect.TypeOf(uint(0)), reflect.Uint8: reflect.TypeOf(uint8(0)), reflect.Uint16: reflect.TypeOf(uint16(0)),
	reflect.Uint32: reflect.TypeOf(uint32(0)), reflect.Uint64: reflect.TypeOf(uint64(0)), reflect.Uintptr: reflect.TypeOf(uintptr(0)),
	reflect.Float32: reflect.TypeOf(float32(0)), reflect.Float64: reflect.TypeOf(float64(0)),
	reflect.Complex64: reflect.TypeOf(complex64(0)), reflect.Complex128: reflect.TypeOf(complex128(0)),
}

// withoutMethods returns v, a value of a basic kind, as its predeclared
// type when its type has methods.
func withoutMethods(v reflect.Value) reflect.Value {
	if !v.IsValid() || v.Type().NumMethod() == 0 {
		return v
	}
	if t, ok := basicTypes[v.Kind()]; ok {
		return v.Convert(t)
	}
	return v
}

func (r *Registry) printPointer(s fmt.State, verb rune, v reflect.Value, d *desc, depth int, calls, hidden bool) {
	if v.Kind() != reflect.Pointer {
		plainIn(s, verb, v, hidden)
		return
	}
	if calls && d.Elem != nil && d.Elem.Kind == "named" {
		if handleMethods(s, verb, v, r.lookup(d.Elem.ID), true) {
			return
		}
	}
	if v.IsNil() {
		if sharpV(s, verb) {
			fmt.Fprintf(s, "(%s)(nil)", d.String)
			return
		}
		if !strings.ContainsRune("vpbodxX", verb) {
			// fmt's complaint names the pointer's type: yaegi's is
			// unnamed (*struct { X int }).
			fmt.Fprintf(s, "%%!%c(%s=", verb, d.String)
			plainIn(s, 'v', v, hidden)
			fmt.Fprint(s, ")")
			return
		}
		plainIn(s, verb, v, hidden)
		return
	}
	if depth > 0 && (hidden || !callsMethod(v, s, verb)) {
		// Inside another value fmt prints a pointer's address, which
		// fmt called on the pointer alone would follow (&{…}).
		switch {
		case sharpV(s, verb):
			fmt.Fprintf(s, "(%s)(%#x)", d.String, v.Pointer())
			return
		case verb == 'v':
			// As %p, without the plus flag %+v sets.
			fmt.Fprintf(s, strings.Replace(directive(s, 'p'), "+", "", 1), v.UnsafePointer())
			return
		case strings.ContainsRune("bodxX", verb):
			plainIn(s, verb, reflect.ValueOf(v.Pointer()), hidden)
			return
		case verb != 'p':
			// A bad verb for a pointer (%s of a pointer without a String
			// method): fmt names the pointer's type and prints it as %v
			// prints it alone, calling no method at all (it is erroring),
			// as if every value were read from an unexported field.
			fmt.Fprintf(s, "%%!%c(%s=", verb, d.String)
			fmt.Fprint(s, alone{r, v, d, false, true})
			fmt.Fprint(s, ")")
			return
		}
	}
	if depth == 0 && (verb == 'v' || verb == 's' || verb == 'd' || verb == 'x' || verb == 'X' || verb == 'q') {
		switch r.kindOf(d.Elem) {
		case "struct", "slice", "array", "map":
			fmt.Fprint(s, "&")
			r.printValue(s, verb, v.Elem(), d.Elem, depth+1, calls, hidden)
			return
		}
	}
	plainIn(s, verb, v, hidden)
}

// alone prints a value, with %v, as fmt prints it as an operand of its
// own: at depth 0.
type alone struct {
	r             *Registry
	v             reflect.Value
	d             *desc
	calls, hidden bool
}

// Format implements fmt.Formatter.
func (a alone) Format(s fmt.State, verb rune) {
	a.r.printValue(s, verb, a.v, a.d, 0, a.calls, a.hidden)
}

// kindOf returns the kind of d, through a named type to its underlying one.
func (r *Registry) kindOf(d *desc) string {
	if d == nil {
		return ""
	}
	if d.Kind == "named" {
		if n := r.lookup(d.ID); n != nil && n.underlying != nil {
			return n.underlying.Kind
		}
		return "other"
	}
	return d.Kind
}

func (r *Registry) printStruct(s fmt.State, verb rune, v reflect.Value, d *desc, depth int, calls, hidden bool) {
	if v.Kind() != reflect.Struct || v.NumField() < len(d.Fields) {
		plainIn(s, verb, v, hidden)
		return
	}
	sharp := sharpV(s, verb)
	if sharp {
		fmt.Fprint(s, d.String)
	}
	fmt.Fprint(s, "{")
	for i, f := range d.Fields {
		if i > 0 {
			if sharp {
				fmt.Fprint(s, ", ")
			} else {
				fmt.Fprint(s, " ")
			}
		}
		if sharp || s.Flag('+') {
			fmt.Fprint(s, f.Name, ":")
		}
		if u := r.embeddedStruct(f); u != nil && !hidden {
			r.printStruct(s, verb, v.Field(i), u, depth+1, calls, hidden)
			continue
		}
		r.printValue(s, verb, v.Field(i), f.Type, depth+1, calls && !f.Hidden, hidden || f.Hidden)
	}
	fmt.Fprint(s, "}")
}

// embeddedStruct returns the description of the struct an unexported
// embedded field of a route struct type is (its underlying type's, under
// its own name), or nil: fmt calls no method of such a field's value, but
// those of its exported fields (type outer struct{ inner } with inner's
// field of a Stringer type prints that field with String).
func (r *Registry) embeddedStruct(f field) *desc {
	if !f.Embedded || !f.Hidden || f.Type == nil || f.Type.Kind != "named" {
		return nil
	}
	n := r.lookup(f.Type.ID)
	if n == nil || n.underlying == nil || n.underlying.Kind != "struct" {
		return nil
	}
	u := *n.underlying
	u.String = f.Type.String
	return &u
}

func (r *Registry) printList(s fmt.State, verb rune, v reflect.Value, d *desc, depth int, calls, hidden bool) {
	if v.Kind() != reflect.Slice && v.Kind() != reflect.Array {
		plainIn(s, verb, v, hidden)
		return
	}
	if v.Type().Elem().Kind() == reflect.Uint8 && (verb == 's' || verb == 'q' || verb == 'x' || verb == 'X') {
		// fmt prints the bytes of a slice or array of a byte kind for
		// these verbs, whatever the element type's methods; for others,
		// each element, as below.
		plainIn(s, verb, v, hidden)
		return
	}
	if sharpV(s, verb) {
		if v.Kind() == reflect.Slice && v.IsNil() {
			fmt.Fprintf(s, "%s(nil)", d.String)
			return
		}
		fmt.Fprint(s, d.String, "{")
		for i := 0; i < v.Len(); i++ {
			if i > 0 {
				fmt.Fprint(s, ", ")
			}
			r.printValue(s, verb, v.Index(i), d.Elem, depth+1, calls, hidden)
		}
		fmt.Fprint(s, "}")
		return
	}
	fmt.Fprint(s, "[")
	for i := 0; i < v.Len(); i++ {
		if i > 0 {
			fmt.Fprint(s, " ")
		}
		r.printValue(s, verb, v.Index(i), d.Elem, depth+1, calls, hidden)
	}
	fmt.Fprint(s, "]")
}

func (r *Registry) printMap(s fmt.State, verb rune, v reflect.Value, d *desc, depth int, calls, hidden bool) {
	if v.Kind() != reflect.Map {
		plainIn(s, verb, v, hidden)
		return
	}
	sharp := sharpV(s, verb)
	if sharp {
		if v.IsNil() {
			fmt.Fprintf(s, "%s(nil)", d.String)
			return
		}
		fmt.Fprint(s, d.String, "{")
	} else {
		fmt.Fprint(s, "map[")
	}
	keys := v.MapKeys()
	sort.Slice(keys, func(i, j int) bool { return less(unwrap(keys[i]), unwrap(keys[j])) })
	for i, k := range keys {
		if i > 0 {
			if sharp {
				fmt.Fprint(s, ", ")
			} else {
				fmt.Fprint(s, " ")
			}
		}
		r.printValue(s, verb, k, d.Key, depth+1, calls, hidden)
		fmt.Fprint(s, ":")
		r.printValue(s, verb, v.MapIndex(k), d.Elem, depth+1, calls, hidden)
	}
	if sharp {
		fmt.Fprint(s, "}")
	} else {
		fmt.Fprint(s, "]")
	}
}

// less orders map keys as fmt does for the kinds of keys route code uses:
// numbers and strings by value, false before true, others by their text.
func less(a, b reflect.Value) bool {
	if !a.IsValid() || !b.IsValid() || a.Kind() != b.Kind() {
		return false
	}
	switch a.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return a.Int() < b.Int()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return a.Uint() < b.Uint()
	case reflect.Float32, reflect.Float64:
		return a.Float() < b.Float()
	case reflect.String:
		return a.String() < b.String()
	case reflect.Bool:
		return !a.Bool() && b.Bool()
	}
	return fmt.Sprint(a) < fmt.Sprint(b)
}

// Error returns an argument of a fmt print function whose static type is
// error, err, as a fmt.Formatter that prints it as fmt would (yaegi may
// hand compiled code a value of a route type without its methods): through
// err's Format method when it has one, for %#v its GoString method when
// it has one, and for %v, %s, %x, %X and %q the text text returns (route
// code calling err's Error method). A method that panics prints as fmt
// prints it (<nil> for a nil pointer).
func Error(text func() string, err any) any { return errorValue{text, err} }

type errorValue struct {
	text func() string
	err  any
}

// Format implements fmt.Formatter.
func (e errorValue) Format(s fmt.State, verb rune) {
	v := unwrap(reflect.ValueOf(e.err))
	if f, ok := e.err.(fmt.Formatter); ok {
		catchPanic(s, verb, "Format", v, func() { f.Format(s, verb) })
		return
	}
	switch {
	case sharpV(s, verb):
		if g, ok := e.err.(fmt.GoStringer); ok {
			catchPanic(s, verb, "GoString", v, func() { fmt.Fprint(s, g.GoString()) })
			return
		}
	case verb == 'v', verb == 's', verb == 'x', verb == 'X', verb == 'q':
		catchPanic(s, verb, "Error", v, func() { fmt.Fprintf(s, directive(s, verb), e.text()) })
		return
	}
	plain(s, verb, v)
}

// Extra returns an operand of a fmt print function beyond those its
// constant format's verbs print, which fmt prints after the format's text
// as %!(EXTRA type=value, ...). The rewrite hands fmt such an operand
// wrapped (Value, Error), whose type fmt would name (fmtfix.formatted), so
// it writes that text into the format itself, with a %v for each extra
// operand handed over through Extra: typeName is the name %T prints for
// the operand's static type (a type of route code), or "" for the type of
// the value v holds. Extra prints "typeName=" and v as %v does, or <nil>
// for a nil v, as fmt prints an extra operand.
func Extra(typeName string, v any) any { return extra{typeName, v} }

type extra struct {
	name string
	v    any
}

// Format implements fmt.Formatter.
func (e extra) Format(s fmt.State, _ rune) {
	name := e.name
	if name == "" {
		var inner reflect.Value
		switch w := e.v.(type) {
		case formatted:
			inner = unwrap(w.v)
			if inner.IsValid() && w.d != nil && w.d.Kind == "iface" {
				// A value of an interface of route code (see Held).
				name = w.paths.display(w.reg.heldTypeName(w.v))
			}
		case errorValue:
			inner = unwrap(reflect.ValueOf(w.err))
		default:
			inner = unwrap(reflect.ValueOf(e.v))
		}
		if !inner.IsValid() {
			fmt.Fprint(s, "<nil>")
			return
		}
		if name == "" {
			name = inner.Type().String()
		}
	}
	fmt.Fprint(s, name, "=")
	fmt.Fprintf(s, "%v", e.v)
}

// Writer returns w. The dev server passes the writer of fmt.Fprint,
// Fprintf and Fprintln through it when the writer is a value of a type of
// route code that also has a String, Error, Format or GoString method:
// the interpreter hands each operand of fmt's print functions to fmt in
// the wrapper that gives it those methods, the writer included, which then
// has no Write method (the call panics). Handed to Writer, whose
// parameter is an io.Writer, it gets the wrapper with Write.
func Writer(w io.Writer) io.Writer { return w }

// Spread returns the operands a spread into a print function of fmt
// (fmt.Sprintf(format, args...)), each of yaegi's wrappers of an
// interface value among them (see Registry.printDynamic) as what it
// holds, and a value holding one as a fmt.Formatter printing what they
// hold. Operands without one are handed over as they are (%T, %p and %w
// see them), a new slice only when one has.
func Spread(args []any) []any {
	var out []any
	for i, a := range args {
		v := reflect.ValueOf(a)
		if !holdsWrapper(v, 0, 0) || compiledMethods(v) {
			if out != nil {
				out[i] = a
			}
			continue
		}
		if out == nil {
			out = make([]any, len(args))
			copy(out, args[:i])
		}
		inner := unwrap(v)
		switch {
		case !inner.IsValid():
			out[i] = nil
		case !holdsWrapper(inner, 0, 0) && inner.CanInterface():
			out[i] = inner.Interface()
		default:
			out[i] = formatted{v, &desc{Kind: "other"}, nil, &spreadTypes, nil}
		}
	}
	if out == nil {
		return args
	}
	return out
}

// Spreadf is Spread for the operands spread into a constant format: mask
// has a '1' at the index of each operand all of whose verbs fmt
// complains about (%s of a pointer), by which a nil pointer to a struct
// type of route code among them is named as NilPointer names it
// (%!s(*route.T=<nil>)), not as yaegi's unnamed type.
func (n Names) Spreadf(args []any, mask string) []any {
	args = Spread(args)
	var out []any
	for i, a := range args {
		if i >= len(mask) {
			break
		}
		if mask[i] != '1' {
			continue
		}
		named := n.NilPointer(a)
		if _, ok := named.(nilPointer); !ok {
			continue
		}
		if out == nil {
			out = slices.Clone(args)
		}
		out[i] = named
	}
	if out == nil {
		return args
	}
	return out
}

// spreadTypes is the registry of Spread's formatters, which print no
// value of a route type described by its name.
var spreadTypes Registry

// TypeName returns the text %T prints for a value of the static type the
// rewrite described (a route type, which %T of the value itself would
// print as yaegi's unnamed type).
func TypeName(description string) string { return parse(description).String }

// Sprint is fmt.Sprint of operands some of which Value or Error wrapped.
// fmt puts a space between two operands when neither is a string, which it
// tells by the operand's kind: a wrapper's is the wrapped value's here.
func Sprint(a ...any) string {
	var b strings.Builder
	prevString := false
	for i, arg := range a {
		isString := stringKind(arg)
		if i > 0 && !isString && !prevString {
			b.WriteByte(' ')
		}
		fmt.Fprint(&b, arg)
		prevString = isString
	}
	return b.String()
}

// stringKind reports whether fmt takes the operand arg for a string.
func stringKind(arg any) bool {
	var v reflect.Value
	switch w := arg.(type) {
	case formatted:
		v = unwrap(w.v)
	case errorValue:
		v = unwrap(reflect.ValueOf(w.err))
	default:
		v = reflect.ValueOf(arg)
	}
	return v.IsValid() && v.Kind() == reflect.String
}

// Paths gives the import paths under which the binary `devserver build`
// makes compiles packages of route code (route packages, under sanitised
// paths), for the type names fmt prints: the name of a generic type
// instantiated with a route type holds the route's package path
// (Box[example.com/app/app/devserver_build/p0.Item]). A nil *Paths
// prints the paths as they are.
type Paths struct {
	prefix string                   // of every path paths maps
	paths  func() map[string]string // real import path -> the binary's
}

// NewPaths returns the Paths of an app: paths returns the binary's import
// path of each package (by its real one) whose path starts with prefix;
// it is called for a type name holding such a path only.
func NewPaths(prefix string, paths func() map[string]string) *Paths {
	return &Paths{prefix: prefix, paths: paths}
}

// Display returns name, a type's name as fmt prints it, with the import
// paths of route packages it holds the binary's (see Paths).
func (p *Paths) Display(name string) string { return p.display(name) }

// TypeName is the package function TypeName with p's paths.
func (p *Paths) TypeName(description string) string { return p.display(TypeName(description)) }

// Value returns v, an argument of a fmt print function whose static type
// the rewrite described, as a fmt.Formatter that prints it as compiled Go
// would, with r's types and, in the type names %#v prints, the paths of p
// (nil for the paths as they are).
func (r *Registry) Value(p *Paths, v any, description string) any {
	return formatted{reflect.ValueOf(v), parse(description), p, r, nil}
}

// NamedValue is Value, which also names a nil pointer to one of names'
// struct types where fmt complains of a bad verb (see Names.NilPointer).
func (r *Registry) NamedValue(p *Paths, names *yaegival.StructNames, v any, description string) any {
	return formatted{reflect.ValueOf(v), parse(description), p, r, names}
}

// display returns the text s, printed by fmt, with the import paths of
// route packages the binary's, where a type name holds one: at the start,
// or after one of "[]*,( ".
func (p *Paths) display(s string) string {
	if p == nil || p.prefix == "" || !strings.Contains(s, p.prefix) {
		return s
	}
	paths := p.paths()
	olds := make([]string, 0, len(paths))
	for old := range paths {
		olds = append(olds, old)
	}
	// The longest first: a replacer tries its pairs in order.
	sort.Slice(olds, func(i, j int) bool { return len(olds[i]) > len(olds[j]) })
	var pairs []string
	for _, old := range olds {
		for _, before := range "[]*,( " {
			pairs = append(pairs, string(before)+old+".", string(before)+paths[old]+".")
		}
	}
	return strings.NewReplacer(pairs...).Replace(" " + s)[1:]
}

// NilPointer returns v, an operand of a fmt print function whose static
// type is an interface and whose verb fmt prints a nil pointer with as a
// bad verb (%s, %q, %t...), as fmt would print it: a nil pointer to a
// struct type of route code (whose type yaegi built without a name) is
// printed %!s(*route.T=<nil>), with the name n's interpreter registered
// (see yaegival.StructNames), not yaegi's *struct { N int }. Any other v
// is returned as it is.
func (n Names) NilPointer(v any) any {
	rv, ok := v.(reflect.Value)
	if !ok {
		rv = reflect.ValueOf(v)
	} else if rv.IsValid() && rv.CanInterface() {
		v = rv.Interface()
	}
	if !rv.IsValid() || rv.Kind() != reflect.Pointer || !rv.IsNil() {
		return v
	}
	name := n.Structs.Name(rv.Type().Elem())
	if name == "" {
		return v
	}
	return nilPointer{v, "*" + name}
}

type nilPointer struct {
	v    any
	name string // of the pointer's type, as %T prints it
}

// Format implements fmt.Formatter.
func (p nilPointer) Format(s fmt.State, verb rune) {
	switch {
	case sharpV(s, verb):
		fmt.Fprintf(s, "(%s)(nil)", p.name)
	case strings.ContainsRune("vpbodxX", verb):
		fmt.Fprintf(s, directive(s, verb), p.v)
	default:
		// fmt's complaint prints the value as %v with the directive's
		// width and flags: <nil>, padded.
		pad := "%"
		if s.Flag('-') {
			pad += "-"
		}
		if s.Flag('0') {
			pad += "0"
		}
		if w, ok := s.Width(); ok {
			pad += strconv.Itoa(w)
		}
		fmt.Fprintf(s, "%%!%c(%s=", verb, p.name)
		fmt.Fprintf(s, pad+"s)", "<nil>")
	}
}
