package jsonfix

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"
	"time"
)

// Compiled values must come back untouched: Value is on the path of every
// next.JSON call in dev, and compiled types are encoding/json's business.
func TestValueLeavesCompiledValuesAlone(t *testing.T) {
	Enable()
	type plain struct {
		A int
		b string
	}
	for _, v := range []any{
		nil, 1, "s", []int{1}, map[string]int{"a": 1}, plain{1, "x"}, &plain{}, time.Unix(0, 0).UTC(),
		json.RawMessage(`{}`),
	} {
		got, err := Value(v)
		if err != nil || !reflect.DeepEqual(got, v) {
			t.Errorf("Value(%#v) = %#v, %v; want it unchanged", v, got, err)
		}
	}
}

// A struct type with an embed mark is encoded with the embedded fields
// promoted, by encoding/json's own rules (the outer field wins).
func TestValueFlattensMarkedEmbeddedStruct(t *testing.T) {
	Enable()
	inner := reflect.StructOf([]reflect.StructField{
		{Name: "ID", Type: reflect.TypeOf(0), Tag: `json:"id"`},
		{Name: "TS", Type: reflect.TypeOf(0), Tag: `json:"ts"`},
	})
	outer := reflect.StructOf([]reflect.StructField{
		{Name: "Base", Type: inner, Tag: Tag + `:"embed"`},
		{Name: "TS", Type: reflect.TypeOf(0), Tag: `json:"ts"`},
		{Name: "Xsecret", Type: reflect.TypeOf(""), Tag: `json:"-"`},
	})
	v := reflect.New(outer).Elem()
	v.Field(0).Field(0).SetInt(1)
	v.Field(0).Field(1).SetInt(5)
	v.Field(1).SetInt(9)
	v.Field(2).SetString("hunter2")
	got, err := Value(v.Interface())
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"id":1,"ts":9}`; string(b) != want {
		t.Errorf("got %s, want %s", b, want)
	}
}

// A registered MarshalJSON is called inside slices and maps, and its
// failure is reported as encoding/json reports a compiled one's.
func TestValueCallsRegisteredMethods(t *testing.T) {
	Enable()
	pt := reflect.StructOf([]reflect.StructField{{Name: "X", Type: reflect.TypeOf(0), Tag: `devservertype:"test.P"`}})
	RegisterJSON("test.P", reflect.MakeFunc(reflect.FuncOf([]reflect.Type{pt}, []reflect.Type{reflect.TypeOf([]byte(nil)), reflect.TypeOf((*error)(nil)).Elem()}, false),
		func(args []reflect.Value) []reflect.Value {
			if args[0].Field(0).Int() < 0 {
				return []reflect.Value{reflect.Zero(reflect.TypeOf([]byte(nil))), reflect.ValueOf(errors.New("negative")).Convert(reflect.TypeOf((*error)(nil)).Elem())}
			}
			return []reflect.Value{reflect.ValueOf([]byte(`"p"`)), reflect.Zero(reflect.TypeOf((*error)(nil)).Elem())}
		}).Interface())
	p := reflect.New(pt).Elem()
	list := reflect.MakeSlice(reflect.SliceOf(pt), 2, 2)
	got, err := Value(map[string]any{"one": p.Interface(), "list": list.Interface()})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(got)
	if want := `{"list":["p","p"],"one":"p"}`; string(b) != want {
		t.Errorf("got %s, want %s", b, want)
	}
	p.Field(0).SetInt(-1)
	_, err = Value([]any{p.Interface()})
	if err == nil || err.Error() != "json: error calling MarshalJSON for type test.P: negative" {
		t.Errorf("error %v, want encoding/json's wording", err)
	}
}

// TestValueMapsTextKeys checks a map field keyed by a non-struct type with
// a registered MarshalText: its keys are their text, as encoding/json
// encodes them.
func TestValueMapsTextKeys(t *testing.T) {
	Enable()
	RegisterNamed("test.State", "test.State", "text", func(s int) ([]byte, error) {
		return []byte([]string{"pending", "active"}[s]), nil
	})
	st := reflect.StructOf([]reflect.StructField{{Name: "Count", Type: reflect.TypeOf(map[int]int(nil)), Tag: `json:"count" devserver:"marshal{}=test.State"`}})
	v := reflect.New(st).Elem()
	v.Field(0).Set(reflect.ValueOf(map[int]int{0: 3, 1: 4}))
	got, err := Value(v.Interface())
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(got)
	if want := `{"count":{"active":4,"pending":3}}`; string(b) != want {
		t.Errorf("got %s, want %s", b, want)
	}
}
