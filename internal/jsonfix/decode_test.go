package jsonfix

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"testing"

	"github.com/devserver/devserver/internal/yaegival"
)

// TestDecodeErrorNamesStructs decodes into struct types built as yaegi
// builds them (reflect.StructOf: no names) and checks the errors read as
// compiled Go's do for the registered names.
func TestDecodeErrorNamesStructs(t *testing.T) {
	names := Names{Structs: new(yaegival.StructNames)}
	inner := reflect.StructOf([]reflect.StructField{{Name: "A", Type: reflect.TypeOf(0)}})
	line := reflect.StructOf([]reflect.StructField{{Name: "N", Type: reflect.TypeOf(0), Tag: `json:"n"`}})
	form := reflect.StructOf([]reflect.StructField{
		{Name: "Age", Type: reflect.TypeOf(0), Tag: `json:"age"`},
		{Name: "In", Type: inner, Tag: `json:"in"`},
		{Name: "Lines", Type: reflect.SliceOf(line), Tag: `json:"lines"`},
		{Name: "M", Type: reflect.MapOf(reflect.TypeOf(""), reflect.PointerTo(line))},
		{Name: "Xnote", Type: reflect.TypeOf(""), Tag: `json:"-"`},
	})
	names.Struct(reflect.Zero(reflect.PointerTo(inner)).Interface(), "route.Inner")
	names.Struct(reflect.Zero(reflect.PointerTo(line)).Interface(), "route.Line")
	names.Struct(reflect.Zero(reflect.PointerTo(form)).Interface(), "route.Form")
	tests := []struct{ in, want string }{
		{`{"age":"1"}`, "json: cannot unmarshal string into Go struct field Form.age of type int"},
		{`{"in":5}`, "json: cannot unmarshal number into Go struct field Form.in of type route.Inner"},
		{`{"in":{"A":"x"}}`, "json: cannot unmarshal string into Go struct field Inner.in.A of type int"},
		{`{"lines":[{"n":"x"}]}`, "json: cannot unmarshal string into Go struct field Line.lines.n of type int"},
		{`{"M":{"k":{"n":true}}}`, "json: cannot unmarshal bool into Go struct field Line.M.n of type int"},
		{`{"age":`, "unexpected end of JSON input"},
		{`[1]`, "json: cannot unmarshal array into Go value of type route.Form"},
	}
	for _, tt := range tests {
		v := reflect.New(form).Interface()
		err := names.Unmarshal([]byte(tt.in), v)
		if err == nil || err.Error() != tt.want {
			t.Errorf("Unmarshal(%s) = %v, want %s", tt.in, err, tt.want)
		}
		wrapped := names.DecodeError(fmt.Errorf("decode JSON body: %w", json.Unmarshal([]byte(tt.in), reflect.New(form).Interface())), v)
		if wrapped.Error() != "decode JSON body: "+tt.want {
			t.Errorf("wrapped %s = %v, want the wrapper's words around %s", tt.in, wrapped, tt.want)
		}
		var ute *json.UnmarshalTypeError
		if errors.As(err, &ute) != errors.As(wrapped, &ute) {
			t.Errorf("%s: the wrapped error does not hold the same UnmarshalTypeError", tt.in)
		}
	}
}

// An InvalidUnmarshalError names the struct type as compiled Go does.
func TestDecodeErrorNamesInvalidTargets(t *testing.T) {
	names := Names{Structs: new(yaegival.StructNames)}
	item := reflect.StructOf([]reflect.StructField{{Name: "N", Type: reflect.TypeOf(0), Tag: `json:"n"`}})
	names.Struct(reflect.Zero(reflect.PointerTo(item)).Interface(), "route.Item")
	tests := []struct {
		v    any
		want string
	}{
		{reflect.Zero(item).Interface(), "json: Unmarshal(non-pointer route.Item)"},
		{reflect.Zero(reflect.PointerTo(item)).Interface(), "json: Unmarshal(nil *route.Item)"},
		{reflect.MakeSlice(reflect.SliceOf(item), 0, 0).Interface(), "json: Unmarshal(non-pointer []route.Item)"},
		{nil, "json: Unmarshal(nil)"},
	}
	for _, tt := range tests {
		err := names.Unmarshal([]byte(`{}`), tt.v)
		var iue *json.InvalidUnmarshalError
		if err == nil || err.Error() != tt.want || !errors.As(err, &iue) {
			t.Errorf("Unmarshal into %T = %v, want the InvalidUnmarshalError %s", tt.v, err, tt.want)
		}
	}
}

// A compiled struct's errors are compiled Go's own and stay as they are.
func TestDecodeErrorLeavesCompiledTypes(t *testing.T) {
	names := Names{Structs: new(yaegival.StructNames)}
	type compiled struct {
		Age int `json:"age"`
	}
	var c compiled
	err := names.Unmarshal([]byte(`{"age":"x"}`), &c)
	if want := "json: cannot unmarshal string into Go struct field compiled.age of type int"; err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
}

// Marshal's errors name interpreted struct types as compiled Go does.
func TestEncodeErrorNamesStructs(t *testing.T) {
	names := Names{Structs: new(yaegival.StructNames)}
	point := reflect.StructOf([]reflect.StructField{{Name: "X", Type: reflect.TypeOf(0)}})
	names.Struct(reflect.Zero(reflect.PointerTo(point)).Interface(), "route.Point")
	m := reflect.MakeMap(reflect.MapOf(point, reflect.TypeOf(0)))
	m.SetMapIndex(reflect.Zero(point), reflect.ValueOf(1))
	_, err := json.Marshal(m.Interface())
	if err = names.EncodeError(err); err == nil || err.Error() != "json: unsupported type: map[route.Point]int" {
		t.Errorf("got %v", err)
	}
	if names.EncodeError(nil) != nil {
		t.Error("EncodeError(nil) is not nil")
	}
}

// Two interpreters declaring struct types of the same fields under
// different names (one reflect type in the process) each read their own
// name, whichever registered last.
func TestNamesAreTheInterpreters(t *testing.T) {
	shape := reflect.StructOf([]reflect.StructField{{Name: "X", Type: reflect.TypeOf(0)}, {Name: "Y", Type: reflect.TypeOf(0)}})
	ptr := reflect.Zero(reflect.PointerTo(shape)).Interface()
	points := Names{Structs: new(yaegival.StructNames)}
	pixels := Names{Structs: new(yaegival.StructNames)}
	points.Struct(ptr, "route.Point")
	pixels.Struct(ptr, "route.Pixel")
	m := reflect.MakeMap(reflect.MapOf(shape, reflect.TypeOf(0)))
	m.SetMapIndex(reflect.Zero(shape), reflect.ValueOf(1))
	for _, tc := range []struct {
		names Names
		want  string
	}{{points, "map[route.Point]int"}, {pixels, "map[route.Pixel]int"}} {
		_, err := json.Marshal(m.Interface())
		if err = tc.names.EncodeError(err); err == nil || err.Error() != "json: unsupported type: "+tc.want {
			t.Errorf("got %v, want the type %s", err, tc.want)
		}
	}
}

// TestDecodeErrorNamesTaggedTypes decodes into a struct type whose fields
// carry NamesTag, as the interp package tags the fields holding named
// non-struct types (which yaegi represents by their underlying types),
// and checks the errors name those types as compiled Go does.
func TestDecodeErrorNamesTaggedTypes(t *testing.T) {
	msg := reflect.StructOf([]reflect.StructField{
		{Name: "L", Type: reflect.TypeOf(0), Tag: `json:"l" devservernames:"route.Level"`},
		{Name: "PL", Type: reflect.TypeOf((*int)(nil)), Tag: `json:"pl" devservernames:"*route.Level;route.Level"`},
		{Name: "T", Type: reflect.TypeOf([]string(nil)), Tag: `json:"t" devservernames:"route.Tags;"`},
		{Name: "M", Type: reflect.TypeOf(map[string][]int(nil)), Tag: `json:"m" devservernames:"map[route.Name][]route.Level;[]route.Level;route.Level"`},
		{Name: "N", Type: reflect.TypeOf(0), Tag: `json:"n"`},
	})
	names := Names{Structs: new(yaegival.StructNames)}
	names.Struct(reflect.Zero(reflect.PointerTo(msg)).Interface(), "route.Msg")
	tests := []struct{ in, want, name string }{
		{`{"l":"x"}`, "json: cannot unmarshal string into Go struct field Msg.l of type route.Level", "Level"},
		{`{"pl":"x"}`, "json: cannot unmarshal string into Go struct field Msg.pl of type route.Level", "Level"},
		{`{"t":5}`, "json: cannot unmarshal number into Go struct field Msg.t of type route.Tags", "Tags"},
		{`{"t":[5]}`, "json: cannot unmarshal number into Go struct field Msg.t of type string", "string"},
		{`{"m":5}`, "json: cannot unmarshal number into Go struct field Msg.m of type map[route.Name][]route.Level", ""},
		{`{"m":{"a":5}}`, "json: cannot unmarshal number into Go struct field Msg.m of type []route.Level", ""},
		{`{"m":{"a":["x"]}}`, "json: cannot unmarshal string into Go struct field Msg.m of type route.Level", "Level"},
		{`{"n":"x"}`, "json: cannot unmarshal string into Go struct field Msg.n of type int", "int"},
	}
	for _, tt := range tests {
		err := names.Unmarshal([]byte(tt.in), reflect.New(msg).Interface())
		if err == nil || err.Error() != tt.want {
			t.Errorf("Unmarshal(%s) = %v, want %s", tt.in, err, tt.want)
			continue
		}
		var ute *json.UnmarshalTypeError
		if !errors.As(err, &ute) || ute.Type.Name() != tt.name {
			t.Errorf("Unmarshal(%s): Type.Name() = %q, want %q", tt.in, ute.Type.Name(), tt.name)
		}
	}
}
