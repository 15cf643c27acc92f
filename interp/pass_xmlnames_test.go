package interp

import (
	"context"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"github.com/devserver/devserver/internal/nextserver"
	"github.com/devserver/devserver/next"
)

func TestXMLNames(t *testing.T) {
	const decls = "type Book struct{ Title string }\n\ntype Named struct {\n\tXMLName xml.Name `xml:\"n\"`\n}\n\n"
	for _, tc := range []struct {
		name, body string
		want       string // the body after the pass; "" for unchanged
	}{
		{"marshal", "xml.Marshal(Book{})", `xml.Marshal(_dsrt.XMLNamed(Book{}, "Book"))`},
		{"pointer, indented", "xml.MarshalIndent(&Book{}, \"\", \" \")", `xml.MarshalIndent(_dsrt.XMLNamed(&Book{}, "Book"), "", " ")`},
		{"encoder", "xml.NewEncoder(nil).Encode(Book{})", `xml.NewEncoder(nil).Encode(_dsrt.XMLNamed(Book{}, "Book"))`},
		{"with XMLName", "xml.Marshal(Named{})", ""},
		{"slice", "xml.Marshal([]Book{})", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "package p\n\nimport \"encoding/xml\"\n\n" + decls + "func f() {\n\t" + tc.body + "\n}\n"
			checkBody(t, xmlNames, src, tc.want)
		})
	}
}

// TestXMLNamesRefusesSlices checks that encoding/xml of a slice or an
// array of a struct type without an XMLName field runs compiled (each
// element is named after the type, which the interpreter's has not), and
// that a slice of a type with one does not.
func TestXMLNamesRefusesSlices(t *testing.T) {
	const head = "package p\n\nimport \"encoding/xml\"\n\ntype Book struct{ Title string }\n\ntype Named struct {\n\tXMLName xml.Name `xml:\"n\"`\n}\n\n"
	for _, tc := range []struct {
		body    string
		refused bool
	}{
		{"xml.Marshal([]Book{})", true},
		{"xml.NewEncoder(nil).Encode(&[2]*Book{})", true},
		{"xml.Marshal([]Named{})", false},
		{"xml.Marshal([]string{})", false},
	} {
		r := runPass(t, xmlNames, true, "a.go", head+"func f() {\n\t"+tc.body+"\n}\n")
		if refused := len(r.diags) > 0; refused != tc.refused {
			t.Errorf("%s: diagnostics %q, want refused %v", tc.body, r.diags, tc.refused)
		}
	}
}

// TestXMLNamesSharedType runs a route encoding a shared package's struct
// type with encoding/xml: the element is named after the type, as in a
// build (dev failed: xml: unsupported type).
func TestXMLNamesSharedType(t *testing.T) {
	p := newProject(t, map[string]string{
		"internal/models/models.go": "package models\n\ntype User struct {\n\tName string `xml:\"name,attr\"`\n}\n",
		"app/x/route.go":            "package route\n\nimport (\n\t\"encoding/xml\"\n\n\t\"example.com/app/internal/models\"\n\t\"github.com/devserver/devserver/next\"\n)\n\nfunc GET(req *next.Request) *next.Response {\n\tb, err := xml.Marshal(&models.User{Name: \"ann\"})\n\tif err != nil {\n\t\treturn next.NewResponse(err.Error())\n\t}\n\treturn next.NewResponse(string(b))\n}\n",
	})
	routes := (&Loader{Project: p}).Load(context.Background(), []string{filepath.Join(p.AppDir, "x", "route.go")})
	if routes[0].Err != nil {
		t.Fatal(routes[0].Err)
	}
	get := routes[0].Handlers["GET"].(func(*next.Request) *next.Response)
	if got, want := readBody(t, get(nextserver.NewRequest(httptest.NewRequest("GET", "/x", nil)))), `<User name="ann"></User>`; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestXMLNamesLocalType runs a route encoding with encoding/xml a struct
// type declared in its handler: the element is named after the type, as
// in a build (dev failed: xml: unsupported type).
func TestXMLNamesLocalType(t *testing.T) {
	p := newProject(t, map[string]string{
		"app/x/route.go": "package route\n\nimport (\n\t\"encoding/xml\"\n\n\t\"github.com/devserver/devserver/next\"\n)\n\nfunc GET(req *next.Request) *next.Response {\n\ttype item struct {\n\t\tName string `xml:\"name,attr\"`\n\t}\n\tb, err := xml.Marshal(item{Name: \"ann\"})\n\tif err != nil {\n\t\treturn next.NewResponse(err.Error())\n\t}\n\treturn next.NewResponse(string(b))\n}\n",
	})
	routes := (&Loader{Project: p}).Load(context.Background(), []string{filepath.Join(p.AppDir, "x", "route.go")})
	if routes[0].Err != nil {
		t.Fatal(routes[0].Err)
	}
	get := routes[0].Handlers["GET"].(func(*next.Request) *next.Response)
	if got, want := readBody(t, get(nextserver.NewRequest(httptest.NewRequest("GET", "/x", nil)))), `<item name="ann"></item>`; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestXMLNamesRefusesInterfaces checks that encoding/xml of an interface
// value that may hold a struct type of the user's code without an
// XMLName field runs compiled (the element is named after the dynamic
// type, which the interpreter's has not), and that one over types with
// an XMLName field does not.
func TestXMLNamesRefusesInterfaces(t *testing.T) {
	const head = "package p\n\nimport \"encoding/xml\"\n\ntype Named struct {\n\tXMLName xml.Name `xml:\"n\"`\n}\n\n"
	for _, tc := range []struct {
		decls, body string
		refused     bool
	}{
		{"type Book struct{ Title string }\n\n", "var v any = Book{}\n\txml.Marshal(v)", true},
		{"", "type row struct{ N int }\n\tvar v any = row{}\n\txml.Marshal(v)", true},
		{"", "var v any = Named{}\n\txml.Marshal(v)", false},
	} {
		r := runPass(t, xmlNames, true, "a.go", head+tc.decls+"func f() {\n\t"+tc.body+"\n}\n")
		if refused := len(r.diags) > 0; refused != tc.refused {
			t.Errorf("%s: diagnostics %q, want refused %v", tc.body, r.diags, tc.refused)
		}
	}
}
