package bench

import (
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"

	"github.com/devserver/devserver/bench/internal/gen"
)

// callsRoute is a call-heavy handler: a recursion that cannot panic (fib)
// and a walk through pointers, which may (a nil node), so that the dev
// server instruments it to name the line of a panic.
const callsRoute = `package route

import (
	"fmt"
	"net/http"
)

type node struct {
	v    int
	next *node
}

func fib(n int) int {
	if n < 2 {
		return n
	}
	return fib(n-1) + fib(n-2)
}

func (n *node) sum() int {
	if n.next == nil {
		return n.v
	}
	return n.v + n.next.sum()
}

func GET(w http.ResponseWriter, r *http.Request) {
	var list *node
	for i := 0; i < 2000; i++ {
		list = &node{i, list}
	}
	fmt.Fprintln(w, fib(18), list.sum())
}
`

// callsURL is the handler's URL.
const callsURL = "/calls"

// BenchmarkInterpretedCalls serves the call-heavy handler of callsRoute
// (about 8,400 calls a request) interpreted by the dev server, and by
// plain yaegi: the same source, without devserver's rewrite. The ratio is
// what the rewrite costs on calls (chiefly the instrumentation that names
// the line of a panic, which functions that cannot panic go without).
func BenchmarkInterpretedCalls(b *testing.B) {
	benchInterpreted(b, "calls", callsRoute, callsURL)
}

// benchInterpreted serves route, the source of app/<folder>/route.go,
// interpreted by the dev server and by plain yaegi (the same source
// without devserver's rewrite), one sub-benchmark each, with GET url; the
// second variant must answer what the first did.
func benchInterpreted(b *testing.B, folder, route, url string) {
	variants := []struct {
		name  string
		serve func(b *testing.B, dir string) http.Handler
	}{
		{"devserver", func(b *testing.B, dir string) http.Handler {
			d, _ := startDev(b, dir)
			return d.Server
		}},
		{"yaegi", func(b *testing.B, dir string) http.Handler {
			i := interp.New(interp.Options{})
			if err := i.Use(stdlib.Symbols); err != nil {
				b.Fatal(err)
			}
			if _, err := i.Eval(route); err != nil {
				b.Fatal(err)
			}
			v, err := i.Eval("route.GET")
			if err != nil {
				b.Fatal(err)
			}
			return http.HandlerFunc(v.Interface().(func(http.ResponseWriter, *http.Request)))
		}},
	}
	want := ""
	for _, v := range variants {
		b.Run(v.name, func(b *testing.B) {
			dir := b.TempDir()
			if err := gen.WriteJSONApp(dir); err != nil {
				b.Fatal(err)
			}
			if err := gen.WriteFile(filepath.Join(dir, "app", folder, "route.go"), route); err != nil {
				b.Fatal(err)
			}
			h := v.serve(b, dir)
			req := httptest.NewRequest(http.MethodGet, url, nil)
			req.Host = "127.0.0.1:3000" // as over loopback: the Host check passes
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				w := httptest.NewRecorder()
				h.ServeHTTP(w, req)
				if w.Code != http.StatusOK {
					b.Fatalf("status %d: %s", w.Code, w.Body)
				}
				if want == "" {
					want = w.Body.String()
				} else if w.Body.String() != want {
					b.Fatalf("body %q differs from the first variant's %q", w.Body, want)
				}
			}
		})
	}
}
