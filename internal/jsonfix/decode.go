package jsonfix

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"

	"github.com/devserver/devserver/internal/yaegival"
)

// yaegi's struct types have no names, so the *json.UnmarshalTypeError of
// a decode into one says "Go struct field .age of type int" where compiled
// Go says "Go struct field Signup.age". The interp package registers the
// name of each struct type the interpreter declares (Struct, from an init
// function), and routes the errors of json.Unmarshal, a Decoder's Decode
// and next.Request's JSON through DecodeError, which fills in the names.

// Names words encoding/json's errors with the names of one interpreter's
// struct types. The interp package gives each interpreter its own, bound
// into the symbols its code calls: struct types of the same fields are one
// reflect type in the whole process, so only the interpreter knows which
// name it meant.
type Names struct {
	Structs *yaegival.StructNames
}

// Struct records name ("route.Signup", as %T prints it) for the struct
// type ptr points to: a nil pointer of an interpreted struct type (see
// yaegival.StructNames.Register).
func (n Names) Struct(ptr any, name string) {
	if t := reflect.TypeOf(ptr); t != nil && t.Kind() == reflect.Pointer {
		n.Structs.Register(t.Elem(), name)
	}
}

// Unmarshal is json.Unmarshal, with its errors worded as for compiled
// types (see DecodeError).
func (n Names) Unmarshal(data []byte, v any) error {
	return n.DecodeError(json.Unmarshal(data, Twin(v)), v)
}

// DecodeError returns err, an error of decoding JSON into v, with the
// *json.UnmarshalTypeError it holds naming the struct types of interpreted
// code as compiled Go names them: its Struct field ("Signup") and its Type
// when that is such a struct ("route.Inner"). An error wrapping it (the
// "decode JSON body: " of next.Request's JSON) keeps its own words around
// the corrected ones. Any other error is returned as it is.
func (n Names) DecodeError(err error, v any) error {
	if err == nil {
		return err
	}
	var inner error
	var before string
	var ute *json.UnmarshalTypeError
	var iue *json.InvalidUnmarshalError
	switch {
	case errors.As(err, &ute) && ute.Type != nil:
		inner, before = ute, ute.Error()
		named := false
		ute.Type = original(ute.Type)
		if ute.Field != "" {
			if object, field := holderStruct(reflect.TypeOf(v), strings.Split(ute.Field, ".")); object != nil {
				if name := n.Structs.Name(object); name != "" && ute.Struct == "" {
					_, ute.Struct, _ = strings.Cut(name, ".")
				}
				ute.Type, named = fieldTypeName(field, ute.Type)
			}
		}
		if !named {
			ute.Type = n.renamed(ute.Type)
		}
	case errors.As(err, &iue) && iue.Type != nil:
		inner, before = iue, iue.Error()
		iue.Type = n.renamed(iue.Type)
	default:
		return err
	}
	if inner.Error() == before || err == inner {
		return err
	}
	return &rewordedError{msg: strings.Replace(err.Error(), before, inner.Error(), 1), err: err}
}

// renamed returns t, or when t is or is made of interpreted struct types,
// t under the names compiled Go gives them.
func (n Names) renamed(t reflect.Type) reflect.Type {
	if _, done := t.(namedType); done {
		return t
	}
	s := n.Structs.Reword(t.String())
	if s == t.String() {
		return t
	}
	return namedType{t, s}
}

// holderStruct returns the struct type whose JSON object held the last
// field of path, a field path as json.UnmarshalTypeError gives it (JSON
// names, the Go names of embedded structs), walked from t, and that field;
// nil when the path does not lead through struct fields. The fields of an
// embedded struct are the embedding struct's keys, so a path through
// embedded fields ("Base.id") names the outermost of them (as the error's
// Struct does in compiled Go).
func holderStruct(t reflect.Type, path []string) (reflect.Type, reflect.StructField) {
	var object reflect.Type
	var field reflect.StructField
	for _, name := range path {
		t = elemStruct(t)
		if t == nil {
			return nil, field
		}
		f, ok := jsonField(t, name)
		if !ok {
			return nil, field
		}
		if object == nil || !flattened(field) {
			object = t
		}
		t, field = f.Type, f
	}
	return object, field
}

// NamesTag is the struct tag key of a field whose type holds named
// non-struct types of interpreted code, which yaegi represents by their
// underlying types (route.Level is an int): the names compiled Go prints
// for the field's type and each type it holds, from the outside in
// (through pointers, slices, arrays and map values), separated by
// semicolons; empty where the interpreter's name is right:
// `devservernames:"[]route.Level;route.Level"`.
const NamesTag = "devservernames"

// fieldTypeName returns t, the type an UnmarshalTypeError found at field,
// under the name compiled Go gives it when the field's NamesTag names it,
// and whether it did.
func fieldTypeName(field reflect.StructField, t reflect.Type) (reflect.Type, bool) {
	tag, ok := field.Tag.Lookup(NamesTag)
	if !ok {
		return t, false
	}
	ft := field.Type
	for name := range strings.SplitSeq(tag, ";") {
		if ft == nil {
			break
		}
		if ft == t {
			if name == "" {
				return t, false
			}
			return namedType{t, name}, true
		}
		switch ft.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Array, reflect.Map:
			ft = ft.Elem()
		default:
			ft = nil
		}
	}
	return t, false
}

// elemStruct returns the struct type t holds through pointers, slices,
// arrays and map values, as a JSON decode walks into them; nil if none.
func elemStruct(t reflect.Type) reflect.Type {
	for t != nil {
		switch t.Kind() {
		case reflect.Struct:
			return t
		case reflect.Pointer, reflect.Slice, reflect.Array, reflect.Map:
			t = t.Elem()
		default:
			return nil
		}
	}
	return nil
}

// jsonField returns the field of struct type t that encoding/json names
// name: its tag's name, else its Go name.
func jsonField(t reflect.Type, name string) (reflect.StructField, bool) {
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		tagName, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if tagName == "-" && !strings.HasPrefix(f.Tag.Get("json"), "-,") {
			continue
		}
		if tagName == name || tagName == "" && f.Name == name || f.Anonymous && f.Name == name {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

// namedType is a type made of interpreted struct types, under the names
// compiled Go gives them: what an error's Type prints.
type namedType struct {
	reflect.Type
	name string // "route.Inner", "*route.Item", "[]route.Item", "route.Level"
}

// Name returns the type's name without its package, as reflect does: ""
// for a pointer, a slice or a map.
func (t namedType) Name() string {
	if strings.HasPrefix(t.name, "*") || strings.HasPrefix(t.name, "[") || strings.HasPrefix(t.name, "map[") {
		return ""
	}
	_, n, _ := strings.Cut(t.name, ".")
	return n
}

// String returns the name %v prints: "route.Inner".
func (t namedType) String() string { return t.name }

// rewordedError is an error wrapping an UnmarshalTypeError whose text
// DecodeError corrected: the wrapper's words with the corrected text.
type rewordedError struct {
	msg string
	err error
}

func (e *rewordedError) Error() string { return e.msg }

// Unwrap returns the original error, which holds the corrected
// UnmarshalTypeError.
func (e *rewordedError) Unwrap() error { return e.err }

// typedType is the type of Typed's values.
var typedType = reflect.TypeOf(typed{})

// EncodeError returns err, an error of encoding/json's Marshal, with the
// interpreted struct types it names (a cycle "via *struct { Name string;
// Next *unsafe2.dummy }", an unsupported map key type) named as compiled
// Go names them.
func (n Names) EncodeError(err error) error {
	var ute *json.UnsupportedTypeError
	var uve *json.UnsupportedValueError
	var me *json.MarshalerError
	if errors.As(err, &me) && me.Type == typedType {
		// The error of a value handed to an Encoder through Typed: what
		// the encoding of the value itself failed with.
		return n.EncodeError(me.Err)
	}
	switch {
	case errors.As(err, &ute) && ute.Type != nil:
		ute.Type = n.renamed(ute.Type)
	case errors.As(err, &uve):
		uve.Str = n.Structs.Reword(uve.Str)
	}
	return err
}
