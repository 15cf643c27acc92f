package interp

import (
	"context"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/devserver/devserver/internal/nextserver"
	"github.com/devserver/devserver/next"
)

// callsRoute calls one of its functions n times: add, which cannot panic
// (left as written by panicLines), or at, which may (instrumented: it
// keeps its line and defers the recording of it).
const callsRoute = `package route

import (
	"strconv"

	"github.com/devserver/devserver/next"
)

func add(a, b int) int { return a + b }

func at(xs []int, i int) int { return xs[i] }

func GET(req *next.Request) *next.Response {
	q := req.Raw().URL.Query()
	n, _ := strconv.Atoi(q.Get("n"))
	xs := []int{1, 2, 3}
	s := 0
	if q.Get("f") == "add" {
		for i := 0; i < n; i++ {
			s = add(s, i)
		}
	} else {
		for i := 0; i < n; i++ {
			s += at(xs, i%3)
		}
	}
	return next.NewResponse(strconv.Itoa(s))
}
`

// BenchmarkUserCalls measures a call of a function of the user's module
// from interpreted code: one that cannot panic, and one that may, which
// the panicLines pass instruments. The difference per call is what
// naming a panic's line costs.
func BenchmarkUserCalls(b *testing.B) {
	dir := b.TempDir()
	files := map[string]string{"go.mod": "module example.com/app\n\ngo 1.22\n", "app/calls/route.go": callsRoute}
	writeTree(b, dir, files)
	p, err := FindProject(dir)
	if err != nil {
		b.Fatal(err)
	}
	l := &Loader{Project: p}
	loaded := l.Load(context.Background(), []string{filepath.Join(p.AppDir, "calls", "route.go")})
	if loaded[0].Err != nil {
		b.Fatal(loaded[0].Err)
	}
	get := loaded[0].Handlers["GET"].(func(*next.Request) *next.Response)
	for _, f := range []string{"add", "at"} {
		b.Run("func="+f, func(b *testing.B) {
			req := nextserver.NewRequest(httptest.NewRequest("GET", "/calls?f="+f+"&n="+strconv.Itoa(b.N), nil))
			b.ReportAllocs()
			b.ResetTimer()
			if res := get(req); res.Err() != nil {
				b.Fatal(res.Err())
			}
		})
	}
}
