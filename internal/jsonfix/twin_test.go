package jsonfix

import (
	"encoding/json"
	"reflect"
	"testing"
)

// The interpreter's struct types are unnamed reflect.StructOf types whose
// embedded fields are ordinary ones, marked by the interp package; these
// stand in for them.
var (
	baseType = reflect.StructOf([]reflect.StructField{
		{Name: "ID", Type: reflect.TypeFor[int](), Tag: `json:"id"`},
	})
	userType = reflect.StructOf([]reflect.StructField{
		{Name: "Base", Type: baseType, Tag: `devserver:"embed"`},
		{Name: "Owner", Type: reflect.PointerTo(baseType), Tag: `json:"owner" devserver:"embed"`},
		{Name: "Name", Type: reflect.TypeFor[string]()},
	})
)

// decode decodes data into a new value of type t through Twin.
func decode(t *testing.T, typ reflect.Type, data string) reflect.Value {
	t.Helper()
	p := reflect.New(typ)
	if err := json.Unmarshal([]byte(data), Twin(p.Interface())); err != nil {
		t.Fatalf("decoding %s into %v: %v", data, typ, err)
	}
	return p.Elem()
}

func TestTwinDecodesEmbeddedFields(t *testing.T) {
	u := decode(t, userType, `{"id":3,"Name":"n","Base":{"id":9}}`)
	if id, name := u.Field(0).Field(0).Int(), u.Field(2).String(); id != 3 || name != "n" || !u.Field(1).IsNil() {
		t.Errorf("decoded %+v, want Base.ID 3 (the outer key), Name n, no Owner", u)
	}
	us := decode(t, reflect.SliceOf(userType), `[{"id":1},{"owner":{"id":2}}]`)
	if us.Len() != 2 || us.Index(0).Field(0).Field(0).Int() != 1 || us.Index(1).Field(1).IsNil() || us.Index(1).Field(1).Elem().Field(0).Int() != 2 {
		t.Errorf("decoded %+v, want [{Base:{1}} {Owner:&{2}}]", us)
	}
}

func TestTwinLeavesOthersAlone(t *testing.T) {
	type node struct {
		Kids []node
	}
	for _, v := range []any{
		reflect.New(baseType).Interface(),                                           // nothing embedded
		reflect.New(reflect.MapOf(reflect.TypeFor[string](), userType)).Interface(), // through a map
		reflect.New(userType).Elem().Interface(),                                    // not a pointer
		reflect.Zero(reflect.PointerTo(userType)).Interface(),                       // nil
		&struct{ json.Number }{},                                                    // a compiled type with methods
		&node{},                                                                     // a compiled type
	} {
		if tw := Twin(v); reflect.TypeOf(tw) != reflect.TypeOf(v) {
			t.Errorf("Twin(%T) has type %T, want it as it is", v, tw)
		}
	}
}

func TestOriginalNamesTwins(t *testing.T) {
	slice := reflect.SliceOf(userType)
	tw := twinOf(slice)
	if tw == slice {
		t.Fatal("[]user has no twin")
	}
	if got := original(tw); got != slice {
		t.Errorf("original(%v) = %v, want %v", tw, got, slice)
	}
	if got := original(tw.Elem()); got != userType {
		t.Errorf("original(%v) = %v, want %v", tw.Elem(), got, userType)
	}
	if got := original(reflect.PointerTo(tw.Elem())); got != reflect.PointerTo(userType) {
		t.Errorf("original(%v) = %v, want *%v", reflect.PointerTo(tw.Elem()), got, userType)
	}
}
