package yaegival_test

import (
	"reflect"
	"testing"

	"github.com/devserver/devserver/internal/yaegival"
	"github.com/traefik/yaegi/interp"
)

// TypeID reads yaegi's own structures: this guards their layout in the
// yaegi version go.mod pins.
func TestTypeID(t *testing.T) {
	var got []reflect.Value
	i := interp.New(interp.Options{})
	if err := i.Use(interp.Exports{"x/x": {"Keep": reflect.ValueOf(func(v any) { got = append(got, reflect.ValueOf(v)) })}}); err != nil {
		t.Fatal(err)
	}
	_, err := i.Eval(`package main

import "x"

type ID [2]byte

func (ID) String() string { return "id" }

func main() {
	var id ID
	var held any = id
	x.Keep(held)
	x.Keep(map[string]any{"id": id})
	x.Keep([]ID{id})
}
`)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 {
		t.Fatalf("got %d values", len(got))
	}
	if id, ok := yaegival.TypeID(got[0]); !ok || id != "main.ID" {
		t.Errorf("TypeID(held) = %q, %v; want main.ID", id, ok)
	}
	if id, ok := yaegival.TypeID(got[1].MapIndex(reflect.ValueOf("id"))); !ok || id != "main.ID" {
		t.Errorf("TypeID(map element) = %q, %v; want main.ID", id, ok)
	}
	if id, ok := yaegival.TypeID(got[2]); ok {
		t.Errorf("TypeID(slice) = %q, want none", id)
	}
}
