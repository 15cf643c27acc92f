package interp

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"strings"
	"testing"
)

func TestTypeAssertions(t *testing.T) {
	const head = "package p\n\nimport (\n\t\"errors\"\n\t\"os\"\n)\n\ntype T struct{ n int }\n\ntype Shape interface{ Area() float64 }\n\ntype Sq struct{}\n\nfunc (Sq) Area() float64 { return 1 }\n\nvar _ = errors.New\n\nfunc f[X any](x any, s Shape, e error, g X) {\n\t"
	const samples = `[]any{Sq{}, T{}}, []string{"route.Sq", "route.T"}`
	for _, tc := range []struct {
		name, stmt string
		want       string // the statement, then the declared function; "" for unchanged
	}{
		{"any to a struct", "_ = x.(T)",
			`_ = _dsa0_OFF(x)` + "\nfunc _dsa0_OFF(x any) T { if x != nil { if v, ok := x.(T); ok { return v } }; panic(_dsrt.TypeAssertionFailed((*any)(nil), (*T)(nil), \"interface {}\", \"route.T\", x, " + samples + ")) }"},
		{"named interface to a pointer", "_ = s.(*Sq)",
			`_ = _dsa0_OFF(s)` + "\nfunc _dsa0_OFF(x Shape) *Sq { if x != nil { if v, ok := x.(*Sq); ok { return v } }; panic(_dsrt.TypeAssertionFailed((*Shape)(nil), (**Sq)(nil), \"route.Shape\", \"*route.Sq\", x, " + samples + ")) }"},
		{"error to an alias of another package's type", "_ = e.(*os.PathError).Op",
			`_ = _dsa0_OFF(e).Op` + "\nfunc _dsa0_OFF(x error) *os.PathError { if x != nil { if v, ok := x.(*os.PathError); ok { return v } }; panic(_dsrt.TypeAssertionFailed((*error)(nil), (**os.PathError)(nil), \"error\", \"*fs.PathError\", x, " + samples + ")) }"},
		{"nested", "_ = x.(any).([]byte)",
			`_ = _dsa0_OFF(func(_dsv any) any { if _dsv == nil { panic(_dsrt.TypeAssertionFailed(nil, (*any)(nil), "interface", "interface {}", nil, nil, nil)) }; return _dsv }(x))` + "\nfunc _dsa0_OFF(x any) []byte { if x != nil { if v, ok := x.([]byte); ok { return v } }; panic(_dsrt.TypeAssertionFailed((*any)(nil), (*[]byte)(nil), \"interface {}\", \"[]uint8\", x, " + samples + ")) }"},
		{"comma-ok", "_, _ = x.(T)", ""},
		{"to an interface", "_ = x.(Shape)", ""},
		{"to a type parameter", "_ = x.(X)", ""},
		{"of a type declared in a function", "type local struct{}; _ = x.(local)", ""},
		{"type switch", "switch x.(type) {}", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := head + tc.stmt + "\n\t_ = g\n}\n"
			src = strings.Replace(src, "package p", "package route", 1)
			r := runPass(t, typeAssertions, true, "a.go", src)
			out := r.out("a.go")
			lines := strings.Split(out, "\n")
			if tc.want == "" {
				if r.changed {
					t.Errorf("changed:\n%s", out)
				}
				return
			}
			// Each statement rewritten starts with "_ = ", then the operand.
			off := itoa(strings.Index(src, tc.stmt) + len("_ = "))
			want := strings.Split(strings.ReplaceAll(tc.want, "OFF", off), "\n")
			if got := strings.TrimSpace(lines[strings.Count(head, "\n")]); !r.changed || got != want[0] {
				t.Errorf("got  %s\nwant %s", got, want[0])
			}
			if !strings.Contains(out, "\n"+want[1]+"\n") {
				t.Errorf("no %s in\n%s", want[1], out)
			}
		})
	}
}

// TestEmptyInterfaceAssertions: an assertion with a second result to an
// empty interface type, which yaegi fails, holds when the operand is not
// nil.
func TestEmptyInterfaceAssertions(t *testing.T) {
	src := "package p\n\nimport \"fmt\"\n\ntype Any interface{}\n\nfunc f(x any, s fmt.Stringer) {\n\tv, ok := x.(any)\n\tvar w Any\n\tw, ok = s.(Any)\n\t_, ok = x.(fmt.Stringer)\n\t_, _, _ = v, w, ok\n}\n"
	r := runPass(t, typeAssertions, true, "a.go", src)
	out := r.out("a.go")
	for _, want := range []string{
		"\tv, ok := func(_dsv any) (any, bool) { return _dsv, _dsv != nil }(x)\n",
		"\tw, ok = func(_dsv Any) (Any, bool) { return _dsv, _dsv != nil }(s)\n",
		"\t_, ok = x.(fmt.Stringer)\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

// TestEmptyInterfaceValues: an assertion without a second result to an
// empty interface type, which yaegi fails, gives the operand when it is
// not nil and panics with Go's error when it is.
func TestEmptyInterfaceValues(t *testing.T) {
	src := "package p\n\nimport \"fmt\"\n\ntype Any interface{}\n\nfunc f(x any, s fmt.Stringer) {\n\tfmt.Println(x.(any), s.(Any))\n\t_ = x.(fmt.Stringer)\n}\n"
	r := runPass(t, typeAssertions, true, "a.go", src)
	out := r.out("a.go")
	for _, want := range []string{
		"\tfmt.Println(func(_dsv any) any { if _dsv == nil { panic(_dsrt.TypeAssertionFailed(nil, (*any)(nil), \"interface\", \"interface {}\", nil, nil, nil)) }; return _dsv }(x), " +
			"func(_dsv Any) Any { if _dsv == nil { panic(_dsrt.TypeAssertionFailed(nil, (*Any)(nil), \"interface\", \"p.Any\", nil, nil, nil)) }; return _dsv }(s))\n",
		"\t_ = x.(fmt.Stringer)\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestRuntimeTypeString(t *testing.T) {
	const src = `package route

import (
	"io"
	"net/http"
)

type T struct{ n int }

type Box[V any] struct{ v V }

var (
	a any
	b []byte
	c map[string]*T
	d <-chan rune
	e func(int, ...string) (bool, error)
	f interface{ Unwrap() error }
	g struct {
		N int ` + "`json:\"n\"`" + `
		io.Reader
	}
	h [3]http.Header
	i Box[int]
	j chan<- struct{}
)
`
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "a.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{Defs: make(map[*ast.Ident]types.Object)}
	if _, err := (&types.Config{Importer: importer.Default()}).Check("example.com/app/route", fset, []*ast.File{file}, info); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"a": "interface {}",
		"b": "[]uint8",
		"c": "map[string]*route.T",
		"d": "<-chan int32",
		"e": "func(int, ...string) (bool, error)",
		"f": "interface { Unwrap() error }",
		"g": `struct { N int "json:\"n\""; io.Reader }`,
		"h": "[3]http.Header",
		"i": "route.Box[int]",
		"j": "chan<- struct {}",
	}
	for id, obj := range info.Defs {
		if w, ok := want[id.Name]; ok {
			if got := runtimeTypeString(obj.Type()); got != w {
				t.Errorf("%s: got %s, want %s", id.Name, got, w)
			}
		}
	}
}
