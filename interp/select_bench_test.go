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

// selectsRoute runs n rounds of two selects of two cases each, a send
// and a receive on a buffered channel, each ready at once.
const selectsRoute = `package route

import (
	"strconv"

	"github.com/devserver/devserver/next"
)

func GET(req *next.Request) *next.Response {
	n, _ := strconv.Atoi(req.Raw().URL.Query().Get("n"))
	c := make(chan int, 1)
	done := make(chan struct{})
	s := 0
	for i := 0; i < n; i++ {
		select {
		case c <- i:
		case <-done:
		}
		select {
		case v := <-c:
			s += v
		case <-done:
		}
	}
	return next.NewResponse(strconv.Itoa(s))
}
`

// BenchmarkSelect measures a select statement of interpreted code, which
// the selects pass runs through internal/desugar's Select: one b.N is a
// round of two selects.
func BenchmarkSelect(b *testing.B) {
	dir := b.TempDir()
	writeTree(b, dir, map[string]string{"go.mod": "module example.com/app\n\ngo 1.22\n", "app/sel/route.go": selectsRoute})
	p, err := FindProject(dir)
	if err != nil {
		b.Fatal(err)
	}
	l := &Loader{Project: p}
	loaded := l.Load(context.Background(), []string{filepath.Join(p.AppDir, "sel", "route.go")})
	if loaded[0].Err != nil {
		b.Fatal(loaded[0].Err)
	}
	get := loaded[0].Handlers["GET"].(func(*next.Request) *next.Response)
	req := nextserver.NewRequest(httptest.NewRequest("GET", "/sel?n="+strconv.Itoa(b.N), nil))
	b.ReportAllocs()
	b.ResetTimer()
	if res := get(req); res.Err() != nil {
		b.Fatal(res.Err())
	}
}
