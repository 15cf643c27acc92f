package interp

import (
	"go/ast"
	"testing"
)

// TestTypeInfo checks that the folder's expressions get their types from
// the interpreter's symbols (standard library, next) and from the generic
// standard library's source.
func TestTypeInfo(t *testing.T) {
	src := `package route

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"iter"

	"github.com/devserver/devserver/next"
)

func first[T any](seq iter.Seq[T]) (v T) {
	for v = range seq {
		break
	}
	return
}

func GET(req *next.Request) *next.Response {
	n, _ := strconv.Atoi(req.NextURL.SearchParams.Get("n"))
	d := 2 * time.Second
	h := http.Header{}
	i := slices.Index([]string{"a"}, "a")
	c := req.Cookies
	l := first(strings.Lines("a\nb")) // the type arguments of a compiled function's iter.Seq[string]
	_, _, _, _, _, _ = n, d, h, i, c, l
	return nil
}
`
	f := newFolder("/m/p", map[string][]byte{"route.go": []byte(src)})
	f.importPath = "example.com/m/p"
	want := map[string]string{
		"n": "int",
		"d": "time.Duration",
		"h": "net/http.Header",
		"i": "int",
		"c": "*github.com/devserver/devserver/next.RequestCookies",
		"l": "string",
	}
	got := map[string]string{}
	ast.Inspect(f.files[0].syntax, func(n ast.Node) bool {
		if a, ok := n.(*ast.AssignStmt); ok && len(a.Lhs) == 6 {
			for _, l := range a.Rhs {
				if id, ok := l.(*ast.Ident); ok {
					if t := f.typeOf(id); t != nil {
						got[id.Name] = t.String()
					}
				}
			}
		}
		return true
	})
	for k, w := range want {
		if got[k] != w {
			t.Errorf("type of %s = %q, want %q", k, got[k], w)
		}
	}
}
