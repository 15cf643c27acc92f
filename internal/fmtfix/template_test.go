package fmtfix

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"text/template"

	"github.com/devserver/devserver/internal/yaegival"
)

// TestTemplateError executes templates on struct types built as yaegi
// builds them (unnamed, an unexported field renamed Xsecret and tagged
// json:"-") and checks the errors read as a build's.
func TestTemplateError(t *testing.T) {
	addr := reflect.StructOf([]reflect.StructField{{Name: "City", Type: reflect.TypeOf("")}})
	person := reflect.StructOf([]reflect.StructField{
		{Name: "Name", Type: reflect.TypeOf("")},
		{Name: "Addr", Type: reflect.PointerTo(addr)},
		{Name: "Xsecret", Type: reflect.TypeOf(""), Tag: `json:"-" xml:"-"`},
	})
	names := Names{Structs: new(yaegival.StructNames)}
	names.Structs.Register(addr, "route.Address")
	names.Structs.Register(person, "route.Person")
	p := reflect.New(person)
	p.Elem().Field(1).Set(reflect.New(addr))
	tests := []struct {
		src  string
		data any
		want string
	}{
		{"{{.secret}}", p.Elem().Interface(), `template: t:1:2: executing "t" at <.secret>: secret is an unexported field of struct type route.Person`},
		{"{{.secret}}", p.Interface(), `template: t:1:2: executing "t" at <.secret>: secret is an unexported field of struct type *route.Person`},
		{"{{.Addr.Nope}}", p.Interface(), `template: t:1:7: executing "t" at <.Addr.Nope>: can't evaluate field Nope in type *route.Address`},
		{"{{.Nope}}", p.Elem().Interface(), `template: t:1:2: executing "t" at <.Nope>: can't evaluate field Nope in type route.Person`},
		{"{{.Xsecret.Y}}", p.Elem().Interface(), `template: t:1:10: executing "t" at <.Xsecret.Y>: can't evaluate field Y in type string`},
	}
	for _, tt := range tests {
		err := names.TemplateError(template.Must(template.New("t").Parse(tt.src)).Execute(&strings.Builder{}, tt.data))
		if err == nil || err.Error() != tt.want {
			t.Errorf("%s: got %v, want %s", tt.src, err, tt.want)
		}
		var ee template.ExecError
		if err != nil && !errors.As(err, &ee) {
			t.Errorf("%s: %T is not a template.ExecError", tt.src, err)
		}
	}
	if names.TemplateError(nil) != nil {
		t.Error("TemplateError(nil) is not nil")
	}
}
