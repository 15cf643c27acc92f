package interp

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/devserver/devserver/internal/nextserver"
)

func TestJSONDecodeErrors(t *testing.T) {
	const head = "package p\n\nimport (\n\t\"encoding/json\"\n\t\"io\"\n)\n\n"
	for _, tc := range []struct {
		name, src string
		want      []string // in the output
		not       []string // not in the output
	}{
		{"struct types registered", head + "type A struct{ X int }\n\ntype B struct{ Y string }\n\ntype C int\n\ntype G[T any] struct{ V T }\n\nvar _ = json.Valid\nvar _ io.Reader\n",
			[]string{`func init() { __devserver_jsonfix.Struct((*A)(nil), "p.A"); __devserver_jsonfix.Struct((*B)(nil), "p.B"); }`},
			[]string{"(*C)(nil)", "(*G)(nil)"}},
		{"decoder", head + "type A struct{ X int }\n\nfunc f(r io.Reader) error {\n\tvar a A\n\treturn json.NewDecoder(r).Decode(&a)\n}\n",
			[]string{"return __devserver_jsonfix.DecodeError(json.NewDecoder(r).Decode(__devserver_jsonfix.Twin(&a)), &a)"}, nil},
		{"decoder of a field", head + "type A struct{ X int }\n\ntype S struct{ a A }\n\nfunc (s *S) f(d *json.Decoder) error { return d.Decode(&s.a) }\n",
			[]string{"__devserver_jsonfix.DecodeError(d.Decode(__devserver_jsonfix.Twin(&s.a)), &s.a)"}, nil},
		{"target with effects", head + "type A struct{ X int }\n\nfunc f(d *json.Decoder, as []A, i func() int) error { return d.Decode(&as[i()]) }\n",
			nil, []string{"DecodeError("}},
		{"another Decode method", head + "type D struct{}\n\nfunc (D) Decode(v any) error { return nil }\n\nfunc f(d D, v any) error { _ = json.Valid; return d.Decode(v) }\n",
			nil, []string{"DecodeError("}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := runPass(t, jsonDecodeErrors, true, "a.go", tc.src)
			out := r.out("a.go")
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
			for _, w := range tc.not {
				if strings.Contains(out, w) {
					t.Errorf("output has %q:\n%s", w, out)
				}
			}
		})
	}
}

func TestTemplateErrors(t *testing.T) {
	src := "package p\n\nimport (\n\t\"io\"\n\t\"text/template\"\n\thtml \"html/template\"\n)\n\ntype T struct{ execs int }\n\nfunc (T) Execute(w io.Writer, v any) error { return nil }\n\nfunc f(w io.Writer, t *template.Template, h *html.Template, o T) error {\n\t_ = h.ExecuteTemplate(w, \"x\", 1)\n\t_ = o.Execute(w, 2)\n\treturn t.Execute(w, 3)\n}\n"
	r := runPass(t, templateErrors, true, "a.go", src)
	out := r.out("a.go")
	for _, w := range []string{`_ = _dsfmt.TemplateError(h.ExecuteTemplate(w, "x", 1))`, `return _dsfmt.TemplateError(t.Execute(w, 3))`, "\t_ = o.Execute(w, 2)\n"} {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q:\n%s", w, out)
		}
	}
}

// TestLoadPrintedDecodeErrors prints the errors of a json.Decoder's Decode
// and of a template's Execute as fmt arguments: the error passes wrap the
// call, and fmt's pass the error it returns (the other way round, the
// package did not type check: cannot use type any as type error).
func TestLoadPrintedDecodeErrors(t *testing.T) {
	get := loadGET(t, "printed", map[string]string{"app/printed/route.go": `package route

import (
	"encoding/json"
	"fmt"
	"strings"
	"text/template"

	"github.com/devserver/devserver/next"
)

type Signup struct {
	Age int ` + "`json:\"age\"`" + `
}

func GET(req *next.Request) *next.Response {
	var s Signup
	var b strings.Builder
	t := template.Must(template.New("x").Parse("{{.Nope}}"))
	return next.NewResponse(fmt.Sprintln(json.NewDecoder(strings.NewReader(` + "`{\"age\":\"x\"}`" + `)).Decode(&s), t.Execute(&b, s)))
}
`})
	want := "json: cannot unmarshal string into Go struct field Signup.age of type int template: x:1:2: executing \"x\" at <.Nope>: can't evaluate field Nope in type route.Signup\n"
	if body := readBody(t, get(nextserver.NewRequest(httptest.NewRequest("GET", "/printed", nil)))); body != want {
		t.Errorf("body %q, want %q", body, want)
	}
}
