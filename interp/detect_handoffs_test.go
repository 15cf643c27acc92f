package interp

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestHandoffDetectors checks the detectors of detect_handoffs.go and
// findCopyInterfaces, each on a program using its construct and on a
// close one that does not.
func TestHandoffDetectors(t *testing.T) {
	const tmplHead = "package p\n\nimport (\n\t\"os\"\n\t\"text/template\"\n)\n\n"
	tests := []struct {
		name, src string
		want      string // the start of the construct found; "" for none
	}{
		{"named string body", "package p\n\nimport \"github.com/devserver/devserver/next\"\n\ntype HTML string\n\nfunc f() *next.Response { return next.NewResponse(HTML(\"x\")) }\n", "next.NewResponse with a body"},
		{"converted body", "package p\n\nimport \"github.com/devserver/devserver/next\"\n\ntype HTML string\n\nfunc f() *next.Response { return next.NewResponse(string(HTML(\"x\"))) }\n", ""},
		{"reader body", "package p\n\nimport \"github.com/devserver/devserver/next\"\n\ntype R struct{}\n\nfunc (*R) Read(p []byte) (int, error) { return 0, nil }\n\nfunc f() *next.Response { return next.NewResponse(&R{}) }\n", ""},
		{"assertion beside a named float", "package p\n\ntype Celsius float64\n\nfunc f(v any) string { return v.(string) }\n", "a type assertion without a second result to a concrete type"},
		{"assertion to a struct beside a named float", "package p\n\ntype Celsius float64\n\ntype P struct{}\n\nfunc f(v any) P { return v.(P) }\n", "a type assertion without a second result to a concrete type"},
		{"comma-ok assertion", "package p\n\ntype Celsius float64\n\nfunc f(v any) bool { _, ok := v.(string); return ok }\n", ""},
		{"assertion beside structs", "package p\n\ntype P struct{ X int }\n\nfunc f(v any) string { return v.(string) }\n", ""},
		{"assertion of an error beside a named int", "package p\n\ntype Code int\n\ntype E struct{}\n\nfunc (*E) Error() string { return \"\" }\n\nfunc f(err error) *E { return err.(*E) }\n", ""},
		{"template %+v", tmplHead + "type acct struct{ Name, token string }\n\nvar t = template.Must(template.New(\"\").Parse(`{{printf \"%+v\" .}}`))\n\nfunc f() { t.Execute(os.Stdout, acct{}) }\n", "a template printing with %+v"},
		{"template from files", tmplHead + "type acct struct{ token string }\n\nvar t = template.Must(template.ParseFiles(\"a.tmpl\"))\n\nfunc f() { t.Execute(os.Stdout, acct{}) }\n", "a template printing with %+v"},
		{"template %+v in a constant", tmplHead + "type acct struct{ Name, token string }\n\nconst text = `{{printf \"%+v\" .}}`\n\nvar t = template.Must(template.New(\"\").Parse(text))\n\nfunc f() { t.Execute(os.Stdout, acct{}) }\n", "a template printing with %+v"},
		{"template %v in a constant", tmplHead + "type acct struct{ Name, token string }\n\nconst text = `{{printf \"%v\" .}}`\n\nvar t = template.Must(template.New(\"\").Parse(text + \"!\"))\n\nfunc f() { t.Execute(os.Stdout, acct{}) }\n", ""},
		{"template %v", tmplHead + "type acct struct{ Name, token string }\n\nvar t = template.Must(template.New(\"\").Parse(`{{printf \"%v %5.2f %%+v\" .}}`))\n\nfunc f() { t.Execute(os.Stdout, acct{}) }\n", ""},
		{"template %+v of exported fields", tmplHead + "type acct struct{ Name string }\n\nvar t = template.Must(template.New(\"\").Parse(`{{printf \"%+v\" .}}`))\n\nfunc f() { t.Execute(os.Stdout, acct{}) }\n", ""},
		{"template of fields beside a method", tmplHead + "type U struct{ Name string }\n\ntype store struct{ us []U }\n\nfunc (s *store) all() []U { return s.us }\n\nconst text = `{{range .}}{{.Name}}{{end}}`\n\nvar t = template.Must(template.New(\"\").Parse(text + `{{len .}}`))\n\nfunc f(s *store) { t.Execute(os.Stdout, s.all()) }\n", ""},
		{"template naming a method", tmplHead + "type U struct{ First string }\n\nfunc (u U) Full() string { return u.First }\n\nvar t = template.Must(template.New(\"\").Parse(`{{with .}}{{.Full}}{{end}}`))\n\nfunc f() { t.Execute(os.Stdout, U{}) }\n", "a template of text/template"},
		{"template naming a promoted method", tmplHead + "type B struct{}\n\nfunc (*B) ID() int { return 1 }\n\nfunc f() {\n\ttype u struct{ *B }\n\tt := template.Must(template.New(\"\").Parse(`{{$x := .}}{{$x.ID}}`))\n\tt.Execute(os.Stdout, u{})\n}\n", "a template of text/template"},
		{"template beside a String method", tmplHead + "type S int\n\nfunc (S) String() string { return \"s\" }\n\nvar t = template.Must(template.New(\"\").Parse(`{{.}}`))\n\nfunc f() { t.Execute(os.Stdout, 1) }\n", "a template of text/template"},
		{"template of a text not constant", tmplHead + "type U struct{ Name string }\n\nfunc (u *U) set() {}\n\nfunc f(name string) { template.Must(template.New(\"\").Parse(\"{{.\" + name + \"}}\")).Execute(os.Stdout, U{}) }\n", "a template of text/template"},
		{"template from files beside a method", tmplHead + "type U struct{ Name string }\n\nfunc (u *U) set() {}\n\nvar t = template.Must(template.ParseGlob(\"*.tmpl\"))\n\nfunc f() { t.Execute(os.Stdout, U{}) }\n", "a template of text/template"},
		{"template parsed elsewhere beside a method", tmplHead + "type U struct{ Name string }\n\nfunc (u *U) set() {}\n\nfunc f(t *template.Template) { t.Execute(os.Stdout, U{}) }\n", "a template of text/template"},
		{"html script beside a MarshalJSON", "package p\n\nimport (\n\t\"html/template\"\n\t\"os\"\n)\n\ntype C int\n\nfunc (C) MarshalJSON() ([]byte, error) { return nil, nil }\n\nvar t = template.Must(template.New(\"\").Parse(`<script>var c = {{.}}</script>`))\n\nfunc f() { t.Execute(os.Stdout, C(1)) }\n", "a template of text/template"},
		{"html script beside other methods", "package p\n\nimport (\n\t\"html/template\"\n\t\"os\"\n)\n\ntype C struct{ N int }\n\nfunc (*C) inc() {}\n\nvar t = template.Must(template.New(\"\").Parse(`<script>var c = {{.}}</script>`))\n\nfunc f() { t.Execute(os.Stdout, C{1}) }\n", ""},
		{"comma-ok assertion to fmt.Stringer", "package p\n\nimport \"fmt\"\n\ntype pt struct{ x int }\n\nfunc (p pt) String() string { return \"\" }\n\nfunc f(v any) string {\n\tif s, ok := v.(fmt.Stringer); ok {\n\t\treturn s.String()\n\t}\n\treturn \"\"\n}\n", "a type assertion to an interface of compiled code"},
		{"assertion to sort.Interface", "package p\n\nimport \"sort\"\n\ntype byN []int\n\nfunc (b byN) Len() int { return len(b) }\nfunc (b byN) Less(i, j int) bool { return b[i] < b[j] }\nfunc (b byN) Swap(i, j int) {}\n\nfunc f(v any) { sort.Sort(v.(sort.Interface)) }\n", "a type assertion to an interface of compiled code"},
		{"assertion to a compiled interface no type implements", "package p\n\nimport (\n\t\"fmt\"\n\t\"net/http\"\n)\n\ntype pt struct{ x int }\n\nfunc (p pt) String() string { return \"\" }\n\nfunc f(w http.ResponseWriter) {\n\tif fl, ok := w.(http.Flusher); ok {\n\t\tfl.Flush()\n\t}\n\t_ = fmt.Sprint()\n}\n", ""},
		{"assertion to error", "package p\n\ntype E struct{}\n\nfunc (*E) Error() string { return \"\" }\n\nfunc f(v any) bool { _, ok := v.(error); return ok }\n", ""},
		{"io.Copy of an io.Reader beside a WriteTo", "package p\n\nimport \"io\"\n\ntype pg struct{}\n\nfunc (pg) Read(p []byte) (int, error) { return 0, io.EOF }\nfunc (pg) WriteTo(w io.Writer) (int64, error) { return 0, nil }\n\nfunc src() io.Reader { return pg{} }\n\nfunc f(w io.Writer) { io.Copy(w, src()) }\n", "io.Copy, io.CopyBuffer or io.CopyN of an operand"},
		{"io.Copy of the type itself", "package p\n\nimport \"io\"\n\ntype pg struct{}\n\nfunc (pg) Read(p []byte) (int, error) { return 0, io.EOF }\nfunc (pg) WriteTo(w io.Writer) (int64, error) { return 0, nil }\n\nfunc f(w io.Writer) { io.Copy(w, pg{}) }\n", ""},
		{"io.Copy to a writer interface no route type fits", "package p\n\nimport (\n\t\"io\"\n\t\"net/http\"\n)\n\ntype sink struct{}\n\nfunc (*sink) Write(p []byte) (int, error) { return len(p), nil }\nfunc (*sink) ReadFrom(r io.Reader) (int64, error) { return 0, nil }\n\nfunc f(w http.ResponseWriter, r io.Reader) { io.Copy(w, r) }\n", ""},
		{"io.CopyBuffer to a ReadFrom", "package p\n\nimport (\n\t\"io\"\n\t\"strings\"\n)\n\ntype sink struct{}\n\nfunc (*sink) Write(p []byte) (int, error) { return len(p), nil }\nfunc (*sink) ReadFrom(r io.Reader) (int64, error) { return 0, nil }\n\nfunc f() { io.CopyBuffer(&sink{}, strings.NewReader(\"\"), nil) }\n", "io.Copy, io.CopyBuffer or io.CopyN of an operand"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runPass(t, func(f *folder) (bool, []diagnostic) {
				f.detect = true
				return detectDiffering(f)
			}, true, "a.go", tt.src)
			var got string
			if len(r.diags) > 0 {
				_, got, _ = strings.Cut(r.diags[0], ": ")
			}
			if tt.want == "" && got != "" || tt.want != "" && !strings.HasPrefix(got, tt.want) {
				t.Errorf("found %q, want %q", got, tt.want)
			}
		})
	}
}

// TestKeepsInterfaces checks which shared packages keep the values their
// interfaces hold to interpreted code, so that a route may hand them its
// Stringers and stay interpreted.
func TestKeepsInterfaces(t *testing.T) {
	tests := []struct {
		name, src string
		want      bool
	}{
		{"cache", "package c\n\nimport \"sync\"\n\ntype C struct {\n\tmu sync.Mutex\n\tm  map[string]any\n}\n\nfunc (c *C) Set(k string, v any) { c.mu.Lock(); defer c.mu.Unlock(); c.m[k] = v }\n\nfunc (c *C) Get(k string) any { c.mu.Lock(); defer c.mu.Unlock(); return c.m[k] }\n", true},
		{"callbacks", "package c\n\nfunc Map(xs []any, fn func(any) any) []any {\n\tfor i, x := range xs {\n\t\txs[i] = fn(x)\n\t}\n\treturn xs\n}\n", true},
		{"own interface", "package c\n\ntype Namer interface{ Name() string }\n\nfunc Names(xs []any) (out []string) {\n\tfor _, x := range xs {\n\t\tswitch n := x.(type) {\n\t\tcase Namer:\n\t\t\tout = append(out, n.Name())\n\t\tcase error, nil:\n\t\t}\n\t}\n\treturn\n}\n", true},
		{"printed", "package c\n\nimport \"fmt\"\n\nfunc Label(v any) string { return fmt.Sprint(v) }\n", false},
		{"printed in a slice", "package c\n\nimport \"fmt\"\n\nfunc Label(v any) string { return fmt.Sprint([]any{v}...) }\n", false},
		{"asserted to fmt.Stringer", "package c\n\nimport \"fmt\"\n\nfunc Label(v any) string {\n\tif s, ok := v.(fmt.Stringer); ok {\n\t\treturn s.String()\n\t}\n\treturn \"\"\n}\n", false},
		{"switched to fmt.Stringer", "package c\n\nimport \"fmt\"\n\nfunc Label(v any) string {\n\tswitch v.(type) {\n\tcase fmt.Stringer:\n\t\treturn \"s\"\n\t}\n\treturn \"\"\n}\n", false},
		{"stored in a sync.Map", "package c\n\nimport \"sync\"\n\nvar m sync.Map\n\nfunc Set(k string, v any) { m.Store(k, v) }\n", false},
		{"panicked", "package c\n\nfunc Fail(v any) { panic(v) }\n", false},
		{"reflect", "package c\n\nimport \"reflect\"\n\nfunc Kind(v any) string { return reflect.TypeOf(v).String() }\n", false},
		{"compiled struct holding it", "package c\n\nimport \"log/slog\"\n\nfunc Attr(v any) slog.Attr { return slog.Attr{Key: \"v\", Value: slog.AnyValue(v)} }\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got bool
			runPass(t, func(f *folder) (bool, []diagnostic) {
				info := f.typeInfo()
				if info == nil {
					t.Fatal("does not type-check")
				}
				got = keepsInterfaces(&checkedSource{folder: f, pkg: f.pkg, info: info})
				return false, nil
			}, false, "a.go", tt.src)
			if got != tt.want {
				t.Errorf("keepsInterfaces = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestHoldsTemplateMethod checks which types handed to a package that
// executes templates may carry a method a template there calls.
func TestHoldsTemplateMethod(t *testing.T) {
	const src = `package p

import "time"

type Fields struct {
	Name string
	Tags []string
}

type Person struct{ First string }

func (p Person) FullName() string { return p.First }

type Ptr struct{ N int }

func (p *Ptr) Double() int { return 2 * p.N }

type store struct{ n int }

func (s *store) get() int { return s.n }

type Post struct {
	Title  string
	Author *Ptr
}

type hidden struct {
	Name   string
	person Person
}

type Stamped struct{ time.Time }

type (
	People   []Person
	ByName   map[string]*Person
	AtTime   struct{ At time.Time }
	WithStore struct {
		Name string
		S    *store
	}
)
`
	tests := []struct {
		typ  string
		want bool
	}{
		{"Fields", false},
		{"Person", true},
		{"Ptr", true},
		{"store", false},
		{"Post", true},
		{"hidden", false},
		{"Stamped", true},
		{"People", true},
		{"ByName", true},
		{"AtTime", false},
		{"WithStore", false},
	}
	runPass(t, func(f *folder) (bool, []diagnostic) {
		if f.typeInfo() == nil {
			t.Fatal("does not type-check")
		}
		for _, tt := range tests {
			typ := f.pkg.Scope().Lookup(tt.typ).Type()
			if got := f.holdsTemplateMethod(typ, nil); got != tt.want {
				t.Errorf("holdsTemplateMethod(%s) = %v, want %v", tt.typ, got, tt.want)
			}
		}
		return false, nil
	}, false, "a.go", src)
}

// TestMayHoldTemplateMethod checks which types, interfaces or holding
// interfaces, may carry a method a template calls, beside types with
// methods and beside types with fields only.
func TestMayHoldTemplateMethod(t *testing.T) {
	const ifaces = `
type (
	Any     any
	Anys    []any
	Data    map[string]any
	Boxed   struct{ V any }
	Namer   interface{ FullName() string }
	Zedder  interface{ Zed() }
	Err     error
	Plain   struct{ N int }
)
`
	tests := []struct {
		name, decls string
		want        map[string]bool
	}{
		{"beside a method", "type Person struct{ First string }\n\nfunc (p *Person) FullName() string { return p.First }\n",
			map[string]bool{"Any": true, "Anys": true, "Data": true, "Boxed": true, "Namer": true, "Zedder": false, "Err": false, "Plain": false}},
		{"beside fields only", "type Person struct{ First string }\n\ntype store struct{ n int }\n\nfunc (s *store) get() int { return s.n }\n",
			map[string]bool{"Any": false, "Anys": false, "Data": false, "Boxed": false, "Namer": false, "Zedder": false, "Err": false, "Plain": false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			runPass(t, func(f *folder) (bool, []diagnostic) {
				if f.typeInfo() == nil {
					t.Fatal("does not type-check")
				}
				for typ, want := range tt.want {
					if got := f.mayHoldTemplateMethod(f.pkg.Scope().Lookup(typ).Type(), nil); got != want {
						t.Errorf("mayHoldTemplateMethod(%s) = %v, want %v", typ, got, want)
					}
					if f.holdsTemplateMethod(f.pkg.Scope().Lookup(typ).Type(), nil) {
						t.Errorf("holdsTemplateMethod(%s) = true, want false: it looks into interfaces", typ)
					}
				}
				return false, nil
			}, false, "a.go", "package p\n\n"+tt.decls+ifaces)
		})
	}
}

// TestAddCallable checks which method names the templates of a shared
// package may call on the data handed to them: those their constant texts
// name and fmt's, and every one when a text is not known or the package
// could reach methods otherwise.
func TestAddCallable(t *testing.T) {
	const head = "package v\n\nimport (\n\t\"io\"\n\t\"text/template\"\n)\n\n"
	const render = "\nfunc Render(w io.Writer, data any) error { return t.Execute(w, data) }\n"
	tests := []struct {
		name, src string
		calls     []string // names a template may call
		not       []string // names it may not
	}{
		{"fields", head + "var t = template.Must(template.New(\"\").Parse(`{{.ID}} {{range .Lines}}{{$.ID}}{{.Qty}}{{end}}`))\n" + render,
			[]string{"ID", "Qty", "Lines", "String", "Error", "Format", "GoString"}, []string{"Total", "Validate", "MarshalJSON"}},
		{"a method named", head + "const text = `{{with .Author}}{{.FullName}}{{end}}`\n\nvar t = template.Must(template.New(\"\").Parse(text))\n" + render,
			[]string{"Author", "FullName"}, []string{"Total"}},
		{"from files", head + "var t = template.Must(template.ParseFiles(\"a.tmpl\"))\n" + render,
			[]string{"Total", "Validate", "MarshalJSON"}, nil},
		{"not a constant", head + "var name = \"ID\"\n\nvar t = template.Must(template.New(\"\").Parse(\"{{.\" + name + \"}}\"))\n" + render,
			[]string{"Total", "MarshalJSON"}, nil},
		{"executed, parsed elsewhere", head + "func Render(w io.Writer, t *template.Template, data any) error { return t.Execute(w, data) }\n",
			[]string{"Total", "MarshalJSON"}, nil},
		{"reflect", "package v\n\nimport (\n\t\"io\"\n\t\"reflect\"\n\t\"text/template\"\n)\n\nvar _ = reflect.TypeOf\n\nvar t = template.Must(template.New(\"\").Parse(`{{.ID}}`))\n" + render,
			[]string{"Total", "MarshalJSON"}, nil},
		{"html script", "package v\n\nimport (\n\t\"html/template\"\n\t\"io\"\n)\n\nvar t = template.Must(template.New(\"\").Parse(`<script>var o = {{.}}</script>`))\n" + render,
			[]string{"MarshalJSON", "Total"}, nil},
		{"html text", "package v\n\nimport (\n\t\"html/template\"\n\t\"io\"\n)\n\nvar t = template.Must(template.New(\"\").Parse(`<p>{{.ID}}</p>`))\n" + render,
			[]string{"ID", "String"}, []string{"MarshalJSON", "Total"}},
		{"funcs", head + "type totaler interface{ Total() int }\n\nvar t = template.Must(template.New(\"\").Funcs(template.FuncMap{\"total\": func(v any) int {\n\tif x, ok := v.(totaler); ok {\n\t\treturn x.Total()\n\t}\n\treturn 0\n}}).Parse(`{{total .}}`))\n" + render,
			[]string{"Total"}, []string{"Validate"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			runPass(t, func(f *folder) (bool, []diagnostic) {
				info := f.typeInfo()
				if info == nil {
					t.Fatal("does not type-check")
				}
				c := callableNames{names: make(map[string]bool)}
				addCallable(&c, &checkedSource{folder: f, pkg: f.pkg, info: info})
				for _, name := range tt.calls {
					if !c.calls(name) {
						t.Errorf("a template may call %s: not counted", name)
					}
				}
				for _, name := range tt.not {
					if c.calls(name) {
						t.Errorf("no template may call %s: counted", name)
					}
				}
				if json := slices.Contains(tt.calls, "MarshalJSON"); c.json != json {
					t.Errorf("encodes JSON = %v, want %v", c.json, json)
				}
				return false, nil
			}, false, "a.go", tt.src)
		})
	}
}

// TestHoldsTemplateJSON checks that a struct embedding another counts as
// data a template treats otherwise only where the template may encode it
// as JSON.
func TestHoldsTemplateJSON(t *testing.T) {
	const src = "package p\n\ntype Base struct{ ID int }\n\ntype User struct {\n\tBase\n\tName string\n}\n\ntype Page struct{ Users []User }\n\ntype Plain struct{ Name string }\n"
	tests := []struct {
		typ          string
		json, noJSON bool
	}{
		{"User", true, false},
		{"Page", true, false},
		{"Plain", false, false},
	}
	runPass(t, func(f *folder) (bool, []diagnostic) {
		if f.typeInfo() == nil {
			t.Fatal("does not type-check")
		}
		for _, tt := range tests {
			typ := f.pkg.Scope().Lookup(tt.typ).Type()
			if got := f.holdsTemplateMethod(typ, &callableNames{names: map[string]bool{}, json: true}); got != tt.json {
				t.Errorf("holdsTemplateMethod(%s) encoded as JSON = %v, want %v", tt.typ, got, tt.json)
			}
			if got := f.holdsTemplateMethod(typ, &callableNames{names: map[string]bool{}}); got != tt.noJSON {
				t.Errorf("holdsTemplateMethod(%s) printed = %v, want %v", tt.typ, got, tt.noJSON)
			}
		}
		return false, nil
	}, false, "a.go", src)
}

// TestLogValuerHandedOn checks that a route handing a value of a type
// with a LogValue method to a logging helper of a shared package (which
// cannot see the type, so slog there logs its fields) is sent compiled,
// and that a route handing it a value without the method, or handing the
// LogValuer to a package keeping it to interpreted code, is not.
func TestLogValuerHandedOn(t *testing.T) {
	const head = "package route\n\nimport (\n\t\"log/slog\"\n\n\t\"example.com/app/internal/logx\"\n\t\"github.com/devserver/devserver/next\"\n)\n\n"
	p := newProject(t, map[string]string{
		"internal/logx/logx.go":   "package logx\n\nimport (\n\t\"log/slog\"\n\t\"os\"\n)\n\nvar l = slog.New(slog.NewJSONHandler(os.Stderr, nil))\n\nfunc Info(msg string, args ...any) { l.Info(msg, args...) }\n",
		"internal/cache/cache.go": "package cache\n\nvar kept = map[string]any{}\n\nfunc Keep(k string, v any) { kept[k] = v }\n",
		"app/valuer/route.go":     head + "type Email string\n\nfunc (e Email) LogValue() slog.Value { return slog.StringValue(\"***\") }\n\nfunc GET(req *next.Request) *next.Response {\n\tlogx.Info(\"login\", \"email\", Email(\"a@b\"))\n\treturn next.JSON(1)\n}\n",
		"app/plain/route.go":      head + "type User struct{ ID int }\n\nvar _ slog.Level\n\nfunc GET(req *next.Request) *next.Response {\n\tlogx.Info(\"login\", \"user\", User{1})\n\treturn next.JSON(1)\n}\n",
		"app/kept/route.go":       strings.Replace(head, "internal/logx", "internal/cache", 1) + "type Email string\n\nfunc (e Email) LogValue() slog.Value { return slog.StringValue(\"***\") }\n\nfunc GET(req *next.Request) *next.Response {\n\tcache.Keep(\"email\", Email(\"a@b\"))\n\treturn next.JSON(1)\n}\n",
		"app/inliteral/route.go":  head + "type Email string\n\nfunc (e Email) LogValue() slog.Value { return slog.StringValue(\"***\") }\n\nfunc GET(req *next.Request) *next.Response {\n\targs := []any{\"email\", Email(\"a@b\")}\n\tlogx.Info(\"login\", args...)\n\treturn next.JSON(1)\n}\n",
	})
	// The spread []any may hold other values slog prints otherwise:
	// findSlogFieldsHandedOn may report it first.
	checkRefused(t, p, "handed as an interface to a function of another interpreted package", []string{"valuer", "plain", "kept", "inliteral"}, []bool{true, false, false, true})
}

// TestTypeVerbsHandedOn checks that a route handing a value of its own
// type to a function of a shared package printing it with %T or %#v
// (itself or through a function it calls), or one with an unexported
// field to one printing it with %+v, is sent compiled (the interpreter
// names the type as one of its own and renames unexported fields), and
// that handing such a function a value of a basic type, handing %+v a
// struct of exported fields, or handing the value to another function of
// that package or to a package printing with %v only, is not.
func TestTypeVerbsHandedOn(t *testing.T) {
	const head = "package route\n\nimport (\n\t\"example.com/app/internal/debug\"\n\t\"github.com/devserver/devserver/next\"\n)\n\n"
	p := newProject(t, map[string]string{
		"internal/debug/debug.go": "package debug\n\nimport (\n\t\"encoding/json\"\n\t\"fmt\"\n)\n\nfunc Dump(v any) string { return describe(v) }\n\nfunc describe(v any) string { return fmt.Sprintf(\"%v (%T)\", v, v) }\n\nfunc Fields(v any) string { return fmt.Sprintf(\"%+v\", v) }\n\nfunc JSON(v any) string { b, _ := json.Marshal(v); return string(b) }\n",
		"internal/plain/plain.go": "package plain\n\nimport \"fmt\"\n\nfunc Dump(v any) string { return fmt.Sprintf(\"%v\", v) }\n",
		"app/typed/route.go":      head + "type session struct{ user, token string }\n\nfunc GET(req *next.Request) *next.Response { return next.JSON(debug.Dump(&session{\"a\", \"b\"})) }\n",
		"app/inslice/route.go":    head + "type Point struct{ X int }\n\nfunc GET(req *next.Request) *next.Response { return next.JSON(debug.Dump([]Point{{1}})) }\n",
		"app/basic/route.go":      head + "type Point struct{ X int }\n\nfunc GET(req *next.Request) *next.Response { return next.JSON(debug.Dump(map[string]int{\"x\": 1})) }\n",
		"app/json/route.go":       head + "type Point struct{ X int }\n\nfunc GET(req *next.Request) *next.Response { return next.JSON(debug.JSON(Point{1})) }\n",
		"app/fields/route.go":     head + "type Point struct{ X int }\n\nfunc GET(req *next.Request) *next.Response { return next.JSON(debug.Fields([]Point{{1}})) }\n",
		"app/hidden/route.go":     head + "type Point struct{ X, y int }\n\nfunc GET(req *next.Request) *next.Response { return next.JSON(debug.Fields([]Point{{1, 2}})) }\n",
		"app/plainv/route.go":     strings.Replace(head, "internal/debug", "internal/plain", 1) + "type Point struct{ X int }\n\nfunc GET(req *next.Request) *next.Response { return next.JSON(plain.Dump(Point{1})) }\n",
	})
	checkRefused(t, p, "prints an interface with %T, %#v or %+v", []string{"typed", "inslice", "basic", "json", "fields", "hidden", "plainv"}, []bool{true, true, false, false, false, true, false})
}

// TestXMLHandedOn checks that a route handing a value of its own type to
// a function of a shared package that encodes XML (itself or through a
// function it calls) is sent compiled, and that handing it a value of a
// basic type, or handing the value to another function of that package,
// is not.
func TestXMLHandedOn(t *testing.T) {
	const head = "package route\n\nimport (\n\t\"example.com/app/internal/out\"\n\t\"github.com/devserver/devserver/next\"\n)\n\ntype Book struct{ Title string }\n\n"
	p := newProject(t, map[string]string{
		"internal/out/out.go":   "package out\n\nimport (\n\t\"encoding/json\"\n\t\"encoding/xml\"\n\t\"os\"\n)\n\nfunc XML(v any) error { return encode(v) }\n\nfunc encode(v any) error { return xml.NewEncoder(os.Stdout).Encode(v) }\n\nfunc JSON(v any) error { return json.NewEncoder(os.Stdout).Encode(v) }\n",
		"app/xml/route.go":      head + "func GET(req *next.Request) *next.Response { return next.JSON(out.XML(Book{\"Go\"}) == nil) }\n",
		"app/xmlslice/route.go": head + "func GET(req *next.Request) *next.Response { return next.JSON(out.XML([]*Book{{\"Go\"}}) == nil) }\n",
		"app/basic/route.go":    head + "func GET(req *next.Request) *next.Response { return next.JSON(out.XML(3) == nil) }\n",
		"app/json/route.go":     head + "func GET(req *next.Request) *next.Response { return next.JSON(out.JSON(Book{\"Go\"}) == nil) }\n",
	})
	checkRefused(t, p, "another interpreted package that encodes XML", []string{"xml", "xmlslice", "basic", "json"}, []bool{true, true, false, false})
}

// TestSlogFieldsHandedOn checks that a route handing a struct with an
// unexported or embedded field to a function of a shared package that
// logs with log/slog is sent compiled, and that handing it a struct of
// exported fields, or handing the struct to a function of that package
// that does not log, is not.
func TestSlogFieldsHandedOn(t *testing.T) {
	const head = "package route\n\nimport (\n\t\"example.com/app/internal/logx\"\n\t\"github.com/devserver/devserver/next\"\n)\n\ntype Meta struct{ Source string }\n\n"
	p := newProject(t, map[string]string{
		"internal/logx/logx.go":  "package logx\n\nimport (\n\t\"fmt\"\n\t\"log/slog\"\n)\n\nfunc Info(msg string, args ...any) { info(msg, args) }\n\nfunc info(msg string, args []any) { slog.Info(msg, args...) }\n\nfunc Label(v any) string { return fmt.Sprint(v) }\n",
		"app/hidden/route.go":    head + "type Event struct{ Name, secret string }\n\nfunc GET(req *next.Request) *next.Response { logx.Info(\"e\", \"e\", Event{\"a\", \"b\"}); return next.JSON(1) }\n",
		"app/embedded/route.go":  head + "type Event struct {\n\tMeta\n\tName string\n}\n\nfunc GET(req *next.Request) *next.Response { logx.Info(\"e\", \"e\", []*Event{{}}); return next.JSON(1) }\n",
		"app/exported/route.go":  head + "func GET(req *next.Request) *next.Response { logx.Info(\"e\", \"m\", Meta{\"a\"}); return next.JSON(1) }\n",
		"app/notlogged/route.go": head + "type Event struct{ Name, secret string }\n\nfunc GET(req *next.Request) *next.Response { return next.JSON(logx.Label(Event{\"a\", \"b\"})) }\n",
	})
	checkRefused(t, p, "another interpreted package that logs with log/slog", []string{"hidden", "embedded", "exported", "notlogged"}, []bool{true, true, false, false})
}

// TestErrorTypeVerbsHandedOn checks that a route handing an error of its
// own type to a function of a shared package printing an error with %T or
// %#v is sent compiled (the interpreter prints its wrapper's type,
// stdlib.errorValue), and that handing it to one printing its message, or
// handing a standard error in a route declaring no error type, is not.
func TestErrorTypeVerbsHandedOn(t *testing.T) {
	const head = "package route\n\nimport (\n\t\"errors\"\n\n\t\"example.com/app/internal/problem\"\n\t\"github.com/devserver/devserver/next\"\n)\n\n"
	const notFound = "type NotFound struct{ ID int }\n\nfunc (e NotFound) Error() string { return \"not found\" }\n\n"
	p := newProject(t, map[string]string{
		"internal/problem/problem.go": "package problem\n\nimport \"fmt\"\n\nfunc Type(err error) string { return fmt.Sprintf(\"%T\", err) }\n\nfunc Text(err error) string { return fmt.Sprintf(\"%v\", err) }\n",
		"app/direct/route.go":         head + notFound + "func GET(req *next.Request) *next.Response { return next.JSON(problem.Type(NotFound{1})) }\n",
		"app/variable/route.go":       head + notFound + "func GET(req *next.Request) *next.Response {\n\tvar err error = errors.New(\"x\")\n\tif req == nil {\n\t\terr = NotFound{1}\n\t}\n\treturn next.JSON(problem.Type(err))\n}\n",
		"app/text/route.go":           head + notFound + "func GET(req *next.Request) *next.Response { return next.JSON(problem.Text(NotFound{1})) }\n",
		"app/std/route.go":            head + "func GET(req *next.Request) *next.Response { return next.JSON(problem.Type(errors.New(\"x\"))) }\n",
	})
	checkRefused(t, p, "prints an interface with %T, %#v or %+v", []string{"direct", "variable", "text", "std"}, []bool{true, true, false, false})
}

// TestErrorValueHandedOn checks that a route handing a value of its own
// error type as any to a function of a shared package that prints it is
// sent compiled (there it printed {1}, its fields, for its Error), and
// that handing it as an error, or an error variable as any, is not.
func TestErrorValueHandedOn(t *testing.T) {
	const head = "package route\n\nimport (\n\t\"example.com/app/internal/table\"\n\t\"github.com/devserver/devserver/next\"\n)\n\ntype NotFound struct{ ID int }\n\nfunc (e NotFound) Error() string { return \"not found\" }\n\n"
	p := newProject(t, map[string]string{
		"internal/table/table.go": "package table\n\nimport \"fmt\"\n\nfunc Cell(v any) string { return fmt.Sprint(v) }\n\nfunc Err(err error) string { return fmt.Sprint(err) }\n",
		"app/value/route.go":      head + "func GET(req *next.Request) *next.Response { return next.JSON(table.Cell(NotFound{1})) }\n",
		"app/aserror/route.go":    head + "func GET(req *next.Request) *next.Response { return next.JSON(table.Err(NotFound{1})) }\n",
		"app/errvar/route.go":     head + "func GET(req *next.Request) *next.Response {\n\tvar err error = NotFound{1}\n\treturn next.JSON(table.Cell(err))\n}\n",
	})
	checkRefused(t, p, "handed as an interface to a function of another interpreted package", []string{"value", "aserror", "errvar"}, []bool{true, false, false})
}

// TestHeldStringerHandedOn checks that a route handing a value holding a
// Stringer of its own (a slice or map of one, a struct with such a field)
// as any to a function of a shared package that prints it is sent
// compiled, and that handing values holding none is not.
func TestHeldStringerHandedOn(t *testing.T) {
	const head = "package route\n\nimport (\n\t\"example.com/app/internal/cells\"\n\t\"github.com/devserver/devserver/next\"\n)\n\ntype Level int\n\nfunc (l Level) String() string { return \"l\" }\n\ntype Task struct {\n\tName  string\n\tLevel Level\n}\n\ntype Plain struct{ N int }\n\n"
	p := newProject(t, map[string]string{
		"internal/cells/cells.go": "package cells\n\nimport \"fmt\"\n\nfunc Cell(v any) string { return fmt.Sprint(v) }\n",
		"app/slice/route.go":      head + "func GET(req *next.Request) *next.Response { return next.JSON(cells.Cell([]Level{1})) }\n",
		"app/field/route.go":      head + "func GET(req *next.Request) *next.Response { return next.JSON(cells.Cell(&Task{\"t\", 1})) }\n",
		"app/plain/route.go":      head + "func GET(req *next.Request) *next.Response { return next.JSON(cells.Cell(map[string]Plain{\"a\": {1}})) }\n",
		"app/ints/route.go":       head + "func GET(req *next.Request) *next.Response { return next.JSON(cells.Cell([]int{1})) }\n",
	})
	checkRefused(t, p, "handed as an interface to a function of another interpreted package", []string{"slice", "field", "plain", "ints"}, []bool{true, true, false, false})
}

// TestPrintedInterfacesHandedOn checks that a route handing a value with
// an any field, or a map[string]any, that may hold its Stringer, to a
// function of a shared package that prints is sent compiled, and that a
// map literal of basic values, or a function that does not print, is not.
func TestPrintedInterfacesHandedOn(t *testing.T) {
	const head = "package route\n\nimport (\n\t\"example.com/app/internal/dbg\"\n\t\"github.com/devserver/devserver/next\"\n)\n\ntype Level int\n\nfunc (l Level) String() string { return \"l\" }\n\ntype Result struct {\n\tID    int\n\tExtra any\n}\n\n"
	p := newProject(t, map[string]string{
		"internal/dbg/dbg.go":  "package dbg\n\nimport \"fmt\"\n\nfunc Show(v any) string { return fmt.Sprint(v) }\n\nfunc Count(v any) int { if m, ok := v.(map[string]any); ok { return len(m) }; return 0 }\n",
		"app/field/route.go":   head + "func GET(req *next.Request) *next.Response { return next.JSON(dbg.Show(Result{1, Level(1)})) }\n",
		"app/anymap/route.go":  head + "func GET(req *next.Request) *next.Response {\n\tm := map[string]any{}\n\tm[\"l\"] = Level(1)\n\treturn next.JSON(dbg.Show(m))\n}\n",
		"app/basics/route.go":  head + "func GET(req *next.Request) *next.Response { return next.JSON(dbg.Show(map[string]any{\"n\": 1, \"s\": \"x\"})) }\n",
		"app/counted/route.go": head + "func GET(req *next.Request) *next.Response { return next.JSON(dbg.Count(Result{1, Level(1)})) }\n",
	})
	checkRefused(t, p, "a function of another interpreted package that prints", []string{"field", "anymap", "basics", "counted"}, []bool{true, true, false, false})
}

// TestComparedHandedOn checks that a route handing a value of a named
// type of its own as any to a function of a shared package that keys a
// map by interfaces or compares them is sent compiled, and that handing
// plain values, or handing the named value to a package comparing none,
// is not.
func TestComparedHandedOn(t *testing.T) {
	const head = "package route\n\nimport (\n\t\"example.com/app/internal/kv\"\n\t\"example.com/app/internal/lbl\"\n\t\"github.com/devserver/devserver/next\"\n)\n\ntype UserID string\n\nvar _ = lbl.Len\n\n"
	p := newProject(t, map[string]string{
		"internal/kv/kv.go":   "package kv\n\nvar m = map[any]string{}\n\nfunc Set(k any, v string) { m[k] = v }\n",
		"internal/lbl/lbl.go": "package lbl\n\nfunc Len(v any) int { if s, ok := v.(string); ok { return len(s) }; return 0 }\n",
		"app/named/route.go":  head + "func GET(req *next.Request) *next.Response { kv.Set(UserID(\"u\"), \"x\"); return next.JSON(1) }\n",
		"app/plain/route.go":  head + "func GET(req *next.Request) *next.Response { kv.Set(\"u\", \"x\"); return next.JSON(1) }\n",
		"app/other/route.go":  head + "func GET(req *next.Request) *next.Response { return next.JSON(lbl.Len(UserID(\"u\"))) }\n",
	})
	checkRefused(t, p, "compares interface values or keys a map by them", []string{"named", "plain", "other"}, []bool{true, false, false})
}

// TestBasicAssertedHandedOn checks that a route handing a value of its
// own named string type as any to a function of a shared package that
// asserts interfaces to basic types is sent compiled, and that handing a
// plain string, or a struct, is not.
func TestBasicAssertedHandedOn(t *testing.T) {
	const head = "package route\n\nimport (\n\t\"example.com/app/internal/conv\"\n\t\"github.com/devserver/devserver/next\"\n)\n\ntype UserID string\n\ntype P struct{ X int }\n\n"
	p := newProject(t, map[string]string{
		"internal/conv/conv.go": "package conv\n\nfunc Arg(v any) string {\n\tswitch x := v.(type) {\n\tcase string:\n\t\treturn x\n\t}\n\treturn \"?\"\n}\n",
		"app/named/route.go":    head + "func GET(req *next.Request) *next.Response { return next.JSON(conv.Arg(UserID(\"u\"))) }\n",
		"app/plain/route.go":    head + "func GET(req *next.Request) *next.Response { return next.JSON(conv.Arg(\"u\")) }\n",
		"app/structv/route.go":  head + "func GET(req *next.Request) *next.Response { return next.JSON(conv.Arg(P{1})) }\n",
		"app/slice/route.go":    strings.Replace(head, "type P struct", "type Tags []string\n\ntype P struct", 1) + "func GET(req *next.Request) *next.Response { return next.JSON(conv.Arg(Tags{\"a\"})) }\n",
	})
	checkRefused(t, p, "asserts interfaces to basic types", []string{"named", "plain", "structv", "slice"}, []bool{true, false, false, true})
}

// TestAnyHeldHandedOn checks that the handoff detectors follow a value of
// an empty interface type a route hands on to what the route's code puts
// in it (an initialiser, an assignment, a conversion, a range over a
// []any, the arguments of its own function's (or function literal's)
// parameter, the results of its own function, a []any filled by append,
// a channel's sends): a route value of its own type held in an any (or
// an interface of the route's) reaches the other package as the
// interpreter's value, which names no type there; one held in an error
// reaches it in the interpreter's wrapper, which %T names. An any
// holding only strings, or values of a compiled package's type, or of
// nothing the route shows, and an error of the standard library, stay
// interpreted.
func TestAnyHeldHandedOn(t *testing.T) {
	const head = "package route\n\nimport (\n\t\"encoding/json\"\n\t\"errors\"\n\t\"time\"\n\n\t\"example.com/app/internal/conv\"\n\t\"example.com/app/internal/debug\"\n\t\"example.com/app/internal/out\"\n\t\"github.com/devserver/devserver/next\"\n)\n\ntype Point struct{ X, Y int }\n\ntype UserID string\n\ntype Event struct{ Name, secret string }\n\ntype Shape interface{ Area() int }\n\ntype Square struct{ S int }\n\nfunc (s Square) Area() int { return s.S * s.S }\n\nvar _ = errors.New\n\nvar _ = time.Second\n\nvar _ = json.Valid\n\nvar _ = out.XML\n\nvar _ = conv.Arg\n\n"
	const verbs, xml, slog, compared, basic = "prints an interface with %T, %#v or %+v", "another interpreted package that encodes XML", "another interpreted package that logs with log/slog", "compares interface values or keys a map by them", "asserts interfaces to basic types"
	tests := []handoffCase{
		{"var", "\tvar x any = Point{1, 2}\n\treturn next.JSON(debug.Dump(x))\n", verbs},
		{"pointer", "\tvar p any = &Point{1, 2}\n\treturn next.JSON(debug.Dump(p))\n", verbs},
		{"slice", "\tvar ys any = []Point{{3, 4}}\n\treturn next.JSON(debug.Dump(ys))\n", verbs},
		{"assigned", "\tvar v any = \"none\"\n\tif req != nil {\n\t\tv = &Point{}\n\t}\n\treturn next.JSON(debug.Dump(v))\n", verbs},
		{"converted", "\tv := any(Point{})\n\treturn next.JSON(debug.Dump(v))\n", verbs},
		{"conversion", "\treturn next.JSON(debug.Dump(any(Point{})))\n", verbs},
		{"ranged", "\tvar s string\n\tfor _, v := range []any{1, Point{}} {\n\t\ts += debug.Dump(v)\n\t}\n\treturn next.JSON(s)\n", verbs},
		{"param", "\treturn next.JSON(show(Point{}))\n}\n\nfunc show(v any) string {\n\treturn debug.Dump(v)\n", verbs},
		{"result", "\treturn next.JSON(debug.Dump(load()))\n}\n\nfunc load() any {\n\treturn Point{}\n", verbs},
		{"appended", "\tvar xs []any\n\txs = append(xs, \"a\", Point{})\n\treturn next.JSON(debug.DumpAll(xs...))\n", verbs},
		{"own interface", "\tvar s Shape = Square{2}\n\treturn next.JSON(debug.Dump(s))\n", verbs},
		{"closure", "\tshow := func(v any) string { return debug.Dump(v) }\n\treturn next.JSON(show(Point{}))\n", verbs},
		{"channel", "\tch := make(chan any, 1)\n\tch <- Point{}\n\treturn next.JSON(debug.Dump(<-ch))\n", verbs},
		{"error variable", "\tvar err error = &NotFound{}\n\treturn next.JSON(debug.Dump(err))\n}\n\ntype NotFound struct{ ID int }\n\nfunc (e *NotFound) Error() string {\n\treturn \"not found\"\n", verbs},
		{"function value", "\tdump := debug.Dump\n\treturn next.JSON(dump(Point{}))\n", verbs},
		{"channel argument", "\tch := make(chan any, 1)\n\tch <- Point{}\n\tclose(ch)\n\treturn next.JSON(debug.Drain(ch))\n", verbs},
		{"xml", "\tvar v any = Point{1, 2}\n\treturn next.JSON(out.XML(v) == nil)\n", xml},
		{"slog", "\tvar v any = Event{}\n\tdebug.Log(\"e\", \"v\", v)\n\treturn next.JSON(1)\n", slog},
		{"compared", "\tvar k any = UserID(\"u\")\n\tdebug.Set(k, 1)\n\treturn next.JSON(1)\n", compared},
		{"basic", "\tk := any(UserID(\"u\"))\n\treturn next.JSON(conv.Arg(k))\n", basic},
		{"string", "\tvar v any = \"none\"\n\tif req != nil {\n\t\tv = 42\n\t}\n\treturn next.JSON(debug.Dump(v) + conv.Arg(v))\n", ""},
		{"compiled type", "\tvar d any = 3 * time.Second\n\tdebug.Set(d, 1)\n\treturn next.JSON(debug.Dump(d))\n", ""},
		{"unknown", "\tvar v any\n\t_ = json.Unmarshal([]byte(`{\"a\":1}`), &v)\n\treturn next.JSON(debug.Dump(v) + conv.Arg(v))\n", ""},
		{"std error variable", "\tvar err error = errors.New(\"x\")\n\treturn next.JSON(debug.Dump(err))\n", ""},
		{"closure of strings", "\tshow := func(v any) string { return debug.Dump(v) }\n\treturn next.JSON(show(\"a\") + show(Point{}.X))\n", ""},
		{"channel of strings", "\tch := make(chan any, 1)\n\tch <- \"a\"\n\treturn next.JSON(debug.Dump(<-ch))\n", ""},
		{"function value of strings", "\tdump := debug.Dump\n\treturn next.JSON(dump(\"a\") + dump(Point{}.X))\n", ""},
		{"channel argument of strings", "\tch := make(chan any, 1)\n\tch <- \"a\"\n\tclose(ch)\n\treturn next.JSON(debug.Drain(ch))\n", ""},
		{"strings appended", "\tvar xs []any\n\txs = append(xs, \"a\", Point{}.X)\n\treturn next.JSON(debug.DumpAll(xs...))\n", ""},
	}
	files := map[string]string{
		"internal/debug/debug.go": "package debug\n\nimport (\n\t\"fmt\"\n\t\"log/slog\"\n)\n\nfunc Dump(v any) string { return fmt.Sprintf(\"%v | %+v | %T\", v, v, v) }\n\nfunc DumpAll(vs ...any) string { return fmt.Sprintf(\"%T\", vs[len(vs)-1]) }\n\nfunc Drain(ch chan any) string {\n\ts := \"\"\n\tfor v := range ch {\n\t\ts += fmt.Sprintf(\"%T\", v)\n\t}\n\treturn s\n}\n\nfunc Log(msg string, args ...any) { slog.Info(msg, args...) }\n\nvar m = map[any]int{}\n\nfunc Set(k any, v int) { m[k] = v }\n",
		"internal/conv/conv.go":   "package conv\n\nfunc Arg(v any) string {\n\tif s, ok := v.(string); ok {\n\t\treturn s\n\t}\n\treturn \"?\"\n}\n",
		"internal/out/out.go":     "package out\n\nimport (\n\t\"encoding/xml\"\n\t\"os\"\n)\n\nfunc XML(v any) error { return xml.NewEncoder(os.Stdout).Encode(v) }\n",
	}
	checkHandoffCases(t, head, files, tests)
}

// TestFieldsHeldHandedOn checks that a route handing a shared package's
// struct (or a slice of them) whose any field its code assigns a
// Stringer of its own to a function of a shared package that prints is
// sent compiled, and that one whose field it assigns strings is not.
func TestFieldsHeldHandedOn(t *testing.T) {
	const head = "package route\n\nimport (\n\t\"example.com/app/internal/model\"\n\t\"example.com/app/internal/show\"\n\t\"github.com/devserver/devserver/next\"\n)\n\ntype Level int\n\nfunc (l Level) String() string { return \"l\" }\n\n"
	p := newProject(t, map[string]string{
		"internal/model/model.go": "package model\n\ntype Entry struct {\n\tLabel string\n\tV     any\n}\n",
		"internal/show/show.go":   "package show\n\nimport (\n\t\"fmt\"\n\n\t\"example.com/app/internal/model\"\n)\n\nfunc All(es []model.Entry) string { return fmt.Sprint(es) }\n",
		"app/indexed/route.go":    head + "func GET(req *next.Request) *next.Response {\n\tes := make([]model.Entry, 1)\n\tes[0].V = Level(1)\n\treturn next.JSON(show.All(es))\n}\n",
		"app/appended/route.go":   head + "func GET(req *next.Request) *next.Response {\n\tvar e model.Entry\n\te.V = Level(1)\n\treturn next.JSON(show.All([]model.Entry{e}))\n}\n",
		"app/strings/route.go":    head + "func GET(req *next.Request) *next.Response {\n\tvar e model.Entry\n\te.V = \"s\"\n\treturn next.JSON(show.All([]model.Entry{e}) + Level(1).String())\n}\n",
	})
	checkRefused(t, p, "handed as an interface to a function of another interpreted package", []string{"indexed", "appended", "strings"}, []bool{true, true, false})
}

// TestKeptHandedOn checks that a route's values reaching a shared package
// through a callback's results, or kept by one of its functions for
// another that prints them with %T or logs them with log/slog, send the
// route compiled, and that a callback returning numbers, a kept string,
// or a value handed to a function that keeps nothing, do not.
func TestKeptHandedOn(t *testing.T) {
	const head = "package route\n\nimport (\n\t\"example.com/app/internal/audit\"\n\t\"example.com/app/internal/logbuf\"\n\t\"example.com/app/internal/render\"\n\t\"github.com/devserver/devserver/next\"\n)\n\ntype Point struct{ X, Y int }\n\ntype Event struct{ Name, secret string }\n\nvar _, _, _ = audit.Record, logbuf.Add, render.Table\n\n"
	const verbs, slog = "prints an interface with %T, %#v or %+v", "another interpreted package that logs with log/slog"
	tests := []handoffCase{
		{"callback", "\treturn next.JSON(render.Table(2, func(i int) any { return Point{i, i} }))\n", verbs},
		{"named callback", "\treturn next.JSON(render.Table(2, cell))\n}\n\nfunc cell(i int) any {\n\treturn &Point{i, i}\n", verbs},
		{"stored", "\taudit.Record(Point{1, 2})\n\treturn next.JSON(audit.Report())\n", verbs},
		{"buffered", "\tlogbuf.Add(\"e\", \"ev\", Event{\"a\", \"b\"})\n\treturn next.JSON(logbuf.Flush())\n", slog},
		{"number callback", "\treturn next.JSON(render.Table(2, func(i int) any { return Point{i, i}.X }))\n", ""},
		{"stored string", "\taudit.Record(\"login\")\n\treturn next.JSON(audit.Report() + audit.Count(Point{}))\n", ""},
	}
	files := map[string]string{
		"internal/render/render.go": "package render\n\nimport \"fmt\"\n\nfunc Table(n int, cell func(i int) any) string {\n\ts := \"\"\n\tfor i := range n {\n\t\tv := cell(i)\n\t\ts += fmt.Sprintf(\"%v(%T) \", v, v)\n\t}\n\treturn s\n}\n",
		"internal/audit/audit.go":   "package audit\n\nimport \"fmt\"\n\nvar events []any\n\nfunc Record(ev any) { events = append(events, ev) }\n\nfunc Count(ev any) string { return fmt.Sprint(len(events)) }\n\nfunc Report() string { return fmt.Sprintf(\"%T\", events[0]) }\n",
		"internal/logbuf/logbuf.go": "package logbuf\n\nimport \"log/slog\"\n\ntype record struct {\n\tmsg  string\n\targs []any\n}\n\nvar pending []record\n\nfunc Add(msg string, args ...any) { pending = append(pending, record{msg, args}) }\n\nfunc Flush() string {\n\tfor _, r := range pending {\n\t\tslog.Info(r.msg, r.args...)\n\t}\n\treturn \"\"\n}\n",
	}
	checkHandoffCases(t, head, files, tests)
}

// TestReceiverHandedOn checks that a route calling a method of a shared
// package that prints on a value whose []any field it filled with its
// Stringer is sent compiled, and that one filling it with strings, or
// calling a method that prints nothing, is not.
func TestReceiverHandedOn(t *testing.T) {
	const head = "package route\n\nimport (\n\t\"example.com/app/internal/registry\"\n\t\"github.com/devserver/devserver/next\"\n)\n\ntype Level int\n\nfunc (l Level) String() string { return \"l\" }\n\n"
	p := newProject(t, map[string]string{
		"internal/registry/registry.go": "package registry\n\nimport \"fmt\"\n\ntype Registry struct{ Items []any }\n\nfunc (r *Registry) Dump() string { return fmt.Sprint(r.Items) }\n\nfunc (r *Registry) Count() int { return len(r.Items) }\n",
		"app/stringer/route.go":         head + "func GET(req *next.Request) *next.Response {\n\treg := &registry.Registry{}\n\treg.Items = append(reg.Items, Level(1))\n\treturn next.JSON(reg.Dump())\n}\n",
		"app/literal/route.go":          head + "func GET(req *next.Request) *next.Response {\n\treg := registry.Registry{Items: []any{Level(1)}}\n\treturn next.JSON(reg.Dump())\n}\n",
		"app/strings/route.go":          head + "func GET(req *next.Request) *next.Response {\n\treg := &registry.Registry{}\n\treg.Items = append(reg.Items, \"a\")\n\treturn next.JSON(reg.Dump() + Level(1).String())\n}\n",
	})
	checkRefused(t, p, "handed as an interface to a function of another interpreted package", []string{"stringer", "literal", "strings"}, []bool{true, true, false})
}

// TestForeignTypesCompared checks that a route declaring no types of its
// own, comparing or keying by interfaces values of a shared package's
// named string or struct types, is sent compiled, and that one doing so
// with plain values only, or with the shared types outside interfaces,
// is not.
func TestForeignTypesCompared(t *testing.T) {
	const head = "package route\n\nimport (\n\t\"sync\"\n\n\t\"example.com/app/internal/models\"\n\t\"github.com/devserver/devserver/next\"\n)\n\nvar _ sync.Map\n\n"
	p := newProject(t, map[string]string{
		"internal/models/models.go": "package models\n\ntype UserID string\n\ntype Point struct{ X, Y int }\n",
		"app/mapkey/route.go":       head + "func GET(req *next.Request) *next.Response { m := map[any]int{models.UserID(\"a\"): 1}; return next.JSON(m[\"a\"]) }\n",
		"app/eq/route.go":           head + "func GET(req *next.Request) *next.Response { var a, b any = models.Point{1, 2}, 3; return next.JSON(a == b) }\n",
		"app/sync/route.go":         head + "func GET(req *next.Request) *next.Response { var m sync.Map; m.Store(models.UserID(\"a\"), 1); _, ok := m.Load(\"a\"); return next.JSON(ok) }\n",
		"app/plain/route.go":        head + "func GET(req *next.Request) *next.Response { m := map[any]int{\"a\": 1}; return next.JSON(m[\"a\"]) }\n",
		"app/typed/route.go":        head + "func GET(req *next.Request) *next.Response { m := map[models.UserID]int{\"a\": 1}; return next.JSON(m[\"a\"] + models.Point{}.X) }\n",
	})
	checkRefused(t, p, "an interface value compared", []string{"mapkey", "eq", "sync", "plain", "typed"}, []bool{true, true, true, false, false})
}

// TestGobStructs checks that encoding/gob in a route writing a struct
// type in place, or using a shared package's struct type, is sent
// compiled, and that one with neither (an empty struct aside) is not.
func TestGobStructs(t *testing.T) {
	const head = "package route\n\nimport (\n\t\"bytes\"\n\t\"encoding/gob\"\n\n\t\"example.com/app/internal/models\"\n\t\"github.com/devserver/devserver/next\"\n)\n\nvar _ = models.Name\n\n"
	p := newProject(t, map[string]string{
		"internal/models/models.go": "package models\n\ntype User struct{ Name string }\n\nconst Name = \"n\"\n",
		"app/inplace/route.go":      head + "func GET(req *next.Request) *next.Response { var b bytes.Buffer; return next.JSON(gob.NewEncoder(&b).Encode(struct{ n int }{1}) == nil) }\n",
		"app/shared/route.go":       head + "func GET(req *next.Request) *next.Response { var b bytes.Buffer; return next.JSON(gob.NewEncoder(&b).Encode(models.User{}) == nil) }\n",
		"app/plain/route.go":        head + "func GET(req *next.Request) *next.Response { var b bytes.Buffer; _ = map[string]struct{}{}; return next.JSON(gob.NewEncoder(&b).Encode([]int{1}) == nil) }\n",
	})
	checkRefused(t, p, "encoding/gob in a package declaring struct types", []string{"inplace", "shared", "plain"}, []bool{true, true, false})
}

// TestRoundTripHandedOn checks that a route handing a shared package
// printing %T a value it took back out of a container it put its own
// value in (a shared cache, a sync.Map, a context, a container/list) is
// sent compiled, and that one whose containers hold strings and numbers
// (under a context key of its own type) is not.
func TestRoundTripHandedOn(t *testing.T) {
	const head = "package route\n\nimport (\n\t\"container/list\"\n\t\"context\"\n\t\"sync\"\n\n\t\"example.com/app/internal/cache\"\n\t\"example.com/app/internal/debug\"\n\t\"github.com/devserver/devserver/next\"\n)\n\ntype Point struct{ X, Y int }\n\ntype ctxKey struct{}\n\nvar _, _, _ = list.New, context.Background, cache.Get\n\nvar _ sync.Map\n\n"
	const verbs = "prints an interface with %T, %#v or %+v"
	tests := []handoffCase{
		{"cache", "\tcache.Set(\"p\", Point{})\n\treturn next.JSON(debug.Dump(cache.Get(\"p\")))\n", verbs},
		{"syncmap", "\tvar m sync.Map\n\tm.Store(\"p\", Point{})\n\tv, _ := m.Load(\"p\")\n\treturn next.JSON(debug.Dump(v))\n", verbs},
		{"context", "\tctx := context.WithValue(context.Background(), ctxKey{}, &Point{})\n\treturn next.JSON(debug.Dump(ctx.Value(ctxKey{})))\n", verbs},
		{"list", "\tl := list.New()\n\tl.PushBack(Point{})\n\treturn next.JSON(debug.Dump(l.Front().Value))\n", verbs},
		{"strings", "\tvar m sync.Map\n\tm.Store(\"p\", \"x\")\n\tv, _ := m.Load(\"p\")\n\tctx := context.WithValue(context.Background(), ctxKey{}, 42)\n\treturn next.JSON(debug.Dump(v) + debug.Dump(ctx.Value(ctxKey{})))\n", ""},
	}
	files := map[string]string{
		"internal/debug/debug.go": "package debug\n\nimport \"fmt\"\n\nfunc Dump(v any) string { return fmt.Sprintf(\"%T\", v) }\n",
		"internal/cache/cache.go": "package cache\n\nvar m = map[string]any{}\n\nfunc Set(k string, v any) { m[k] = v }\n\nfunc Get(k string) any { return m[k] }\n",
	}
	checkHandoffCases(t, head, files, tests)
}

// checkRefused loads the routes app/<name>/route.go of p, in the order of
// names, with the compiled tier on, and checks that the error of each
// says words exactly when refused says so.
func checkRefused(t *testing.T, p *Project, words string, names []string, refused []bool) {
	t.Helper()
	checkRoutes(t, p, words, names, refused, false)
}

// checkRefusedElseLoads is checkRefused that also checks that the routes
// not refused load, sent compiled by no other detector either.
func checkRefusedElseLoads(t *testing.T, p *Project, words string, names []string, refused []bool) {
	t.Helper()
	checkRoutes(t, p, words, names, refused, true)
}

func checkRoutes(t *testing.T, p *Project, words string, names []string, refused []bool, loads bool) {
	t.Helper()
	var files []string
	for _, n := range names {
		files = append(files, filepath.Join(p.AppDir, n, "route.go"))
	}
	routes := (&Loader{Project: p, CompileDiffering: true}).Load(context.Background(), files)
	for i, want := range refused {
		err := routes[i].Err
		if got := err != nil && strings.Contains(err.Error(), words); got != want || loads && !want && err != nil {
			t.Errorf("%s: error %v, want refused %v", names[i], err, want)
		}
	}
}

// A handoffCase is the body of a route's GET and the words of the
// detector that must send the route compiled ("" for one that must stay
// interpreted).
type handoffCase struct {
	name, body string
	want       string
}

// checkHandoffCases writes, beside the files of shared packages, one route
// a case (head, then a GET of the case's body, in app/<name without
// spaces>/), loads them with the compiled tier on, and checks each
// route's error against its case.
func checkHandoffCases(t *testing.T, head string, files map[string]string, tests []handoffCase) {
	t.Helper()
	dir := func(tt handoffCase) string { return strings.ReplaceAll(tt.name, " ", "") }
	for _, tt := range tests {
		files["app/"+dir(tt)+"/route.go"] = head + "func GET(req *next.Request) *next.Response {\n" + tt.body + "}\n"
	}
	p := newProject(t, files)
	var paths []string
	for _, tt := range tests {
		paths = append(paths, filepath.Join(p.AppDir, dir(tt), "route.go"))
	}
	routes := (&Loader{Project: p, CompileDiffering: true}).Load(context.Background(), paths)
	for i, tt := range tests {
		err := routes[i].Err
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%s: error %v, want interpreted", tt.name, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%s: error %v, want one saying %q", tt.name, err, tt.want)
		}
	}
}

// TestSlogSharedStructs checks that a route logging with log/slog a
// shared package's struct with an unexported or embedded field is sent
// compiled (dev printed age as Xage and did not flatten the embedded
// field in JSON), and that one logging a struct of plain exported fields
// is not.
func TestSlogSharedStructs(t *testing.T) {
	const head = "package route\n\nimport (\n\t\"log/slog\"\n\n\t\"example.com/app/internal/models\"\n\t\"github.com/devserver/devserver/next\"\n)\n\n"
	p := newProject(t, map[string]string{
		"internal/models/models.go": "package models\n\ntype Base struct{ ID int }\n\ntype User struct {\n\tName string\n\tage  int\n}\n\ntype Admin struct {\n\tBase\n\tName string\n}\n\ntype Plain struct{ Name string }\n",
		"app/unexported/route.go":   head + "func GET(req *next.Request) *next.Response { slog.Info(\"u\", \"u\", models.User{}); return next.JSON(1) }\n",
		"app/embedded/route.go":     head + "func GET(req *next.Request) *next.Response { slog.Info(\"a\", slog.Any(\"a\", &models.Admin{})); return next.JSON(1) }\n",
		"app/plain/route.go":        head + "func GET(req *next.Request) *next.Response { slog.Info(\"p\", \"p\", models.Plain{}); return next.JSON(1) }\n",
	})
	names := []string{"unexported", "embedded", "plain"}
	checkRefused(t, p, "handed to log/slog", names, []bool{true, true, false})
}

// TestSlogLocalStructs checks that a route logging with log/slog a struct
// type declared in its function, or written in place, with an unexported
// or embedded field is sent compiled (slog printed age as Xage), and that
// one logging a local struct of plain exported fields is not.
func TestSlogLocalStructs(t *testing.T) {
	const head = "package route\n\nimport (\n\t\"log/slog\"\n\n\t\"github.com/devserver/devserver/next\"\n)\n\n"
	p := newProject(t, map[string]string{
		"app/local/route.go":    head + "func GET(req *next.Request) *next.Response {\n\ttype user struct {\n\t\tName string\n\t\tage  int\n\t}\n\tslog.Info(\"u\", \"u\", user{})\n\treturn next.JSON(1)\n}\n",
		"app/embedded/route.go": head + "func GET(req *next.Request) *next.Response {\n\ttype base struct{ ID int }\n\ttype admin struct {\n\t\tbase\n\t\tName string\n\t}\n\tslog.Info(\"a\", slog.Any(\"a\", &admin{}))\n\treturn next.JSON(1)\n}\n",
		"app/inplace/route.go":  head + "func GET(req *next.Request) *next.Response {\n\tslog.Info(\"v\", \"v\", struct{ n int }{1})\n\treturn next.JSON(1)\n}\n",
		"app/plain/route.go":    head + "func GET(req *next.Request) *next.Response {\n\ttype plain struct{ A, B int }\n\tslog.Info(\"p\", \"p\", plain{}, \"q\", struct{ N int }{})\n\treturn next.JSON(1)\n}\n",
	})
	names := []string{"local", "embedded", "inplace", "plain"}
	checkRefused(t, p, "handed to log/slog", names, []bool{true, true, true, false})
}

// TestSlogInterfaces checks that a route logging with log/slog an
// interface value that may hold a struct type with an unexported field
// (a shared package's, in a variable of type any, or one a shared
// function declares locally and returns as an any) is sent compiled, and
// that one logging an any over types of plain exported fields, or an
// error, is not.
func TestSlogInterfaces(t *testing.T) {
	const head = "package route\n\nimport (\n\t\"errors\"\n\t\"log/slog\"\n\n\t\"example.com/app/internal/%s\"\n\t\"github.com/devserver/devserver/next\"\n)\n\nvar _ = errors.New\n\n"
	p := newProject(t, map[string]string{
		"internal/models/models.go": "package models\n\ntype User struct {\n\tName string\n\tage  int\n}\n\nfunc Local() any {\n\ttype row struct{ note string }\n\treturn row{\"x\"}\n}\n",
		"internal/plain/plain.go":   "package plain\n\ntype P struct{ A int }\n\nfunc Get() any { return P{1} }\n",
		"app/anyvar/route.go":       fmt.Sprintf(head, "models") + "func GET(req *next.Request) *next.Response {\n\tvar v any = models.User{}\n\tslog.Info(\"u\", \"u\", v)\n\treturn next.JSON(1)\n}\n",
		"app/local/route.go":        fmt.Sprintf(head, "models") + "func GET(req *next.Request) *next.Response {\n\tslog.Info(\"l\", \"l\", models.Local())\n\treturn next.JSON(1)\n}\n",
		"app/plain/route.go":        fmt.Sprintf(head, "plain") + "func GET(req *next.Request) *next.Response {\n\tslog.Info(\"p\", \"p\", plain.Get(), \"err\", errors.New(\"x\"))\n\treturn next.JSON(1)\n}\n",
	})
	names := []string{"anyvar", "local", "plain"}
	checkRefused(t, p, "handed to log/slog", names, []bool{true, true, false})
}
