package interp

import (
	"context"
	"fmt"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"github.com/devserver/devserver/internal/nextserver"
	"github.com/devserver/devserver/next"
)

// Two apps in one process (two interpreters) each declare a struct type of
// the same fields under their own name: yaegi gives both one reflect type,
// and each app's JSON and template errors must still name its own.
func TestStructNamesAreEachInterpretersOwn(t *testing.T) {
	const route = `package route

import (
	"encoding/json"
	"strings"
	"text/template"

	"github.com/devserver/devserver/next"
)

type %[1]s struct{ X, Y int }

func GET(req *next.Request) *next.Response {
	_, err := json.Marshal(map[%[1]s]int{{1, 2}: 3})
	var p %[1]s
	uerr := json.Unmarshal([]byte(` + "`" + `{"X":"s"}` + "`" + `), &p)
	terr := template.Must(template.New("t").Parse("{{.Z}}")).Execute(&strings.Builder{}, p)
	return next.NewResponse(err.Error() + "\n" + uerr.Error() + "\n" + terr.Error())
}
`
	load := func(name string) func(*next.Request) *next.Response {
		p := newProject(t, map[string]string{"app/route.go": fmt.Sprintf(route, name)})
		routes := (&Loader{Project: p}).Load(context.Background(), []string{filepath.Join(p.AppDir, "route.go")})
		if routes[0].Err != nil {
			t.Fatal(routes[0].Err)
		}
		return routes[0].Handlers["GET"].(func(*next.Request) *next.Response)
	}
	point := load("Point")
	pixel := load("Pixel") // registered last: the type's name in a shared registry
	for _, tc := range []struct {
		get  func(*next.Request) *next.Response
		name string
	}{{point, "Point"}, {pixel, "Pixel"}} {
		got := readBody(t, tc.get(nextserver.NewRequest(httptest.NewRequest("GET", "/", nil))))
		want := fmt.Sprintf("json: unsupported type: map[route.%[1]s]int\n"+
			"json: cannot unmarshal string into Go struct field %[1]s.X of type int\n"+
			`template: t:1:2: executing "t" at <.Z>: can't evaluate field Z in type route.%[1]s`, tc.name)
		if got != want {
			t.Errorf("the app declaring %s answered\n%s\nwant\n%s", tc.name, got, want)
		}
	}
}

// Two apps in one process declaring a type of the same import path and
// name with different String methods each print theirs: the registry of
// the types fmt prints is the loader's.
func TestFmtTypesAreEachLoadersOwn(t *testing.T) {
	const route = `package route

import (
	"fmt"

	"github.com/devserver/devserver/next"
)

type Color struct{ n int }

func (c Color) String() string { return %q }

func GET(req *next.Request) *next.Response {
	return next.NewResponse(fmt.Sprint([]Color{{1}}))
}
`
	load := func(text string) func(*next.Request) *next.Response {
		p := newProject(t, map[string]string{"app/route.go": fmt.Sprintf(route, text)})
		routes := (&Loader{Project: p}).Load(context.Background(), []string{filepath.Join(p.AppDir, "route.go")})
		if routes[0].Err != nil {
			t.Fatal(routes[0].Err)
		}
		return routes[0].Handlers["GET"].(func(*next.Request) *next.Response)
	}
	red := load("red")
	blue := load("blue") // registered last: the type's methods in a shared registry
	for _, tc := range []struct {
		get  func(*next.Request) *next.Response
		want string
	}{{red, "[red]"}, {blue, "[blue]"}} {
		if got := readBody(t, tc.get(nextserver.NewRequest(httptest.NewRequest("GET", "/", nil)))); got != tc.want {
			t.Errorf("got %s, want %s", got, tc.want)
		}
	}
}
