package bench

import (
	"context"
	"fmt"
	"net/http"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/devserver/devserver/bench/internal/gen"
	"github.com/devserver/devserver/dev"
)

// compiledRoute is a route the interpreter cannot load (package unsafe),
// so the dev server runs it in its compiled tier; %s is the token.
const compiledRoute = `package route

import (
	"strconv"
	"unsafe"

	"github.com/devserver/devserver/next"
)

func GET(req *next.Request) *next.Response {
	var x int64
	return next.NewResponse("%s " + strconv.Itoa(int(unsafe.Sizeof(x))))
}
`

// BenchmarkReloadCompiled measures save → first response from the new
// code for a route of the compiled tier, in a 10-route app whose other
// routes are interpreted: the worker is rebuilt (go build, with a warm
// build cache) and swapped in.
func BenchmarkReloadCompiled(b *testing.B) {
	dir := b.TempDir()
	if err := gen.WriteRoutesApp(dir, 10); err != nil {
		b.Fatal(err)
	}
	if err := gen.Buildable(dir, repoRoot()); err != nil {
		b.Fatal(err)
	}
	file := filepath.Join(dir, "app", "compiled", "route.go")
	if err := gen.WriteFile(file, fmt.Sprintf(compiledRoute, "start")); err != nil {
		b.Fatal(err)
	}
	d, ts := startDev(b, dir, func(o *dev.Options) {})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if err := d.CompiledReady(ctx); err != nil {
		b.Fatal(err)
	}
	c := newClient()
	if code, body, err := get(c, ts.URL+"/compiled"); err != nil || code != http.StatusOK || body != "start 8" {
		b.Fatalf("first request: %d %v\n%s", code, err, body)
	}
	time.Sleep(50 * time.Millisecond) // the watcher settles
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		token := "tok" + strconv.FormatInt(time.Now().UnixNano(), 36) + "x" + strconv.Itoa(i)
		start := time.Now()
		if err := gen.WriteFile(file, fmt.Sprintf(compiledRoute, token)); err != nil {
			b.Fatal(err)
		}
		for {
			code, body, err := get(c, ts.URL+"/compiled")
			if err == nil && code == http.StatusOK && strings.HasPrefix(body, token) {
				break
			}
			if time.Since(start) > time.Minute {
				b.Fatalf("edit %d: new token not served after a minute; last answer %d %v\n%s", i, code, err, body)
			}
			time.Sleep(5 * time.Millisecond)
		}
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(percentile(lat, 50), "p50-ms")
	b.ReportMetric(percentile(lat, 95), "p95-ms")
}
