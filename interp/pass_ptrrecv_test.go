package interp

import (
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/devserver/devserver/internal/nextserver"
)

func TestPointerReceivers(t *testing.T) {
	for _, tc := range []struct {
		name, stmt string
		want       string // the statement after the pass; "" for unchanged
	}{
		{"pointer method of a variable", `stats.Hit("a")`, `(&stats).Hit("a")`},
		{"method value", `hit := stats.Hit; hit("a")`, `hit := (&stats).Hit; hit("a")`},
		{"element of a slice", `all[0].Hit("a")`, `(&all[0]).Hit("a")`},
		{"promoted from an embedded value", `srv.Hit("a")`, `(&srv.Stats).Hit("a")`},
		{"promoted through a pointer", `psrv.Hit("a")`, `(&psrv.Stats).Hit("a")`},
		{"promoted from an embedded pointer", `pstats.Hit("a")`, ""},
		{"pointer", `sp.Hit("a")`, ""},
		{"value method", `_ = stats.Len()`, ""},
		{"compiled method", `mu.Lock()`, ""},
		{"go statement", `go stats.Hit("a")`, ""},
		{"defer statement", `defer stats.Hit("a")`, ""},
		{"argument of a deferred call", `defer use(stats.N())`, `defer use((&stats).N())`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "package p\n\nimport \"sync\"\n\ntype Stats struct {\n\tmu   sync.Mutex\n\thits map[string]int\n}\n\nfunc (s *Stats) Hit(k string) { s.hits[k]++ }\nfunc (s *Stats) N() int        { return len(s.hits) }\nfunc (s Stats) Len() int       { return len(s.hits) }\n\ntype Server struct{ Stats }\n\ntype Shared struct{ *Stats }\n\nfunc use(int) {}\n\nvar stats Stats\n\nfunc f(all []Stats, srv Server, psrv *Server, pstats Shared, sp *Stats, mu sync.Mutex) {\n\t" + tc.stmt + "\n}\n"
			checkLine(t, pointerReceivers, src, 22, tc.want)
		})
	}
}

// TestLoadPointerMethodsOfSharedValues calls pointer methods of values
// holding a mutex (a package variable, a local one, one embedding the
// mutex) from many goroutines of concurrent requests: yaegi's method
// wrapper copied each value, reading its mutex while others locked it, a
// data race the race detector reports. The counts are the build's.
func TestLoadPointerMethodsOfSharedValues(t *testing.T) {
	get := loadGET(t, "hits", map[string]string{"app/hits/route.go": `package route

import (
	"fmt"
	"sync"

	"github.com/devserver/devserver/next"
)

type Stats struct {
	sync.Mutex
	hits map[string]int
}

func (s *Stats) Hit(path string) {
	s.Lock()
	defer s.Unlock()
	if s.hits == nil {
		s.hits = map[string]int{}
	}
	s.hits[path]++
}

func (s *Stats) N(path string) int {
	s.Lock()
	defer s.Unlock()
	return s.hits[path]
}

type counter struct {
	mu   sync.Mutex
	once sync.Once
	n    int
}

func (c *counter) inc() {
	c.once.Do(func() {})
	c.mu.Lock()
	c.n++
	c.mu.Unlock()
}

func (c *counter) get() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}

type server struct {
	Stats
	name string
}

var stats Stats
var srv server

func GET(req *next.Request) *next.Response {
	var wg sync.WaitGroup
	var local counter
	for i := range 60 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			stats.Hit([]string{"/a", "/b", "/c"}[i%3])
			srv.Hit("/s")
			local.inc()
		}()
	}
	wg.Wait()
	return next.NewResponse(fmt.Sprint(local.get(), stats.N("/a") >= 20, srv.N("/s") >= 60))
}
`})
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if body := readBody(t, get(nextserver.NewRequest(httptest.NewRequest("GET", "/hits", nil)))); body != "60 true true" {
				t.Errorf("body %s, want 60 true true", body)
			}
		}()
	}
	wg.Wait()
}
