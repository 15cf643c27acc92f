package bench

import (
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/devserver/devserver/bench/internal/gen"
	"github.com/devserver/devserver/dev"
	"github.com/devserver/devserver/server"
)

// BenchmarkSharedEditAll is BenchmarkReloadShared at 200 routes, timing
// also how long until every route serves the edit: routes an edit of a
// shared package changes are loaded on demand, the requested one first,
// the others in the background. Each edit waits for that before the next
// one, so its first-ms is not comparable with BenchmarkReloadShared's
// p50, where an edit may land while the last one's routes still load.
func BenchmarkSharedEditAll(b *testing.B) {
	const n = 200
	dir, d, c, base := startShared(b, n)
	first := make([]time.Duration, 0, b.N)
	all := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		token := newToken(i)
		start := time.Now()
		if err := gen.WriteFile(gen.SharedPath(dir), gen.SharedSource(token)); err != nil {
			b.Fatal(err)
		}
		url := base + gen.RouteURL(i%n)
		awaitAnswer(b, c, url, start, func(code int, body string) bool { return code == http.StatusOK && strings.Contains(body, token) })
		first = append(first, time.Since(start))
		awaitLoaded(b, d.Server.Current(), start)
		all = append(all, time.Since(start))
	}
	b.StopTimer()
	report(b, "first", first)
	report(b, "all", all)
}

// BenchmarkSharedPackageError times, at 200 routes, a save that breaks the
// package every route imports until the requested route answers the error
// at its file:line:col, then the save that fixes it until the route
// answers the fixed code: kind=syntax a file that does not parse, which the
// compiler refuses too; kind=type a type error, which the interpreter
// hands to the compiled tier (the bench app does not build, so the
// interpreter's error stands once the worker's build fails). Each edit
// waits until every route is loaded.
func BenchmarkSharedPackageError(b *testing.B) {
	const n = 200
	for _, kind := range []string{"syntax", "type"} {
		b.Run("kind="+kind, func(b *testing.B) {
			dir, d, c, base := startShared(b, n)
			broken := make([]time.Duration, 0, b.N)
			fixed := make([]time.Duration, 0, b.N)
			pos := regexp.MustCompile(`\Ainternal/shared/shared\.go:\d+:\d+: `)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				url := base + gen.RouteURL(i%n)
				token := newToken(i)
				start := time.Now()
				if err := gen.WriteFile(gen.SharedPath(dir), brokenShared(kind, token)); err != nil {
					b.Fatal(err)
				}
				awaitAnswer(b, c, url, start, func(code int, body string) bool {
					return code == http.StatusInternalServerError && pos.MatchString(body)
				})
				broken = append(broken, time.Since(start))
				awaitSettled(b, d, start)

				start = time.Now()
				if err := gen.WriteFile(gen.SharedPath(dir), gen.SharedSource(token)); err != nil {
					b.Fatal(err)
				}
				awaitAnswer(b, c, url, start, func(code int, body string) bool { return code == http.StatusOK && strings.Contains(body, token) })
				fixed = append(fixed, time.Since(start))
				awaitSettled(b, d, start)
			}
			b.StopTimer()
			report(b, "error", broken)
			report(b, "fix", fixed)
		})
	}
}

// startShared serves a generated app of n routes and returns its folder,
// the dev server, a client and the server's URL, once the app has settled.
func startShared(b *testing.B, n int) (string, *dev.Dev, *http.Client, string) {
	b.Helper()
	dir := b.TempDir()
	if err := gen.WriteRoutesApp(dir, n); err != nil {
		b.Fatal(err)
	}
	d, ts := startDev(b, dir)
	c := newClient()
	if code, body, err := get(c, ts.URL+gen.RouteURL(0)); err != nil || code != http.StatusOK {
		b.Fatalf("first request: %d %v\n%s", code, err, body)
	}
	// Events from writing the app must not reload during the first edit.
	time.Sleep(50 * time.Millisecond)
	return dir, d, c, ts.URL
}

// brokenShared is the shared package with the given kind of error: a
// stray parenthesis, or a string assigned to a strings.Builder.
func brokenShared(kind, token string) string {
	bad := "var b strings.Builder = \"\""
	if kind == "syntax" {
		bad = "var b strings.Builder("
	}
	return strings.Replace(gen.SharedSource(token), "var b strings.Builder", bad, 1)
}

// newToken is a token no earlier edit wrote.
func newToken(i int) string {
	return "tok" + strconv.FormatInt(time.Now().UnixNano(), 36) + "x" + strconv.Itoa(i)
}

// awaitAnswer polls url every millisecond until ok accepts its answer;
// after 20 s from start it fails b.
func awaitAnswer(b *testing.B, c *http.Client, url string, start time.Time, ok func(code int, body string) bool) {
	b.Helper()
	for {
		code, body, err := get(c, url)
		if err == nil && ok(code, body) {
			return
		}
		if time.Since(start) > 20*time.Second {
			b.Fatalf("%s: not answered as expected within 20s; last answer %d %v\n%s", url, code, err, body)
		}
		time.Sleep(time.Millisecond)
	}
}

// awaitLoaded waits until every route of g is loaded; after 20 s from
// start it fails b.
func awaitLoaded(b *testing.B, g *server.Generation, start time.Time) {
	b.Helper()
	select {
	case <-g.Loaded():
	case <-time.After(20*time.Second - time.Since(start)):
		b.Fatalf("generation %d: routes still loading 20s after the edit", g.ID)
	}
}

// awaitSettled waits until every route of the current generation is
// loaded and no reload followed for settleFor: the compiled tier may
// reload once its build of the routes handed to it is done.
func awaitSettled(b *testing.B, d *dev.Dev, start time.Time) {
	b.Helper()
	for {
		g := d.Server.Current()
		awaitLoaded(b, g, start)
		time.Sleep(settleFor)
		if d.Server.Current() == g {
			return
		}
	}
}

// settleFor is how long a generation must stay current to be settled.
const settleFor = 500 * time.Millisecond

// report reports the 50th and 95th percentiles of ds as name-p50-ms and
// name-p95-ms.
func report(b *testing.B, name string, ds []time.Duration) {
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	b.ReportMetric(percentile(ds, 50), fmt.Sprintf("%s-p50-ms", name))
	b.ReportMetric(percentile(ds, 95), fmt.Sprintf("%s-p95-ms", name))
}
