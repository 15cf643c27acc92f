package conformance_test

import (
	"bufio"
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/devserver/devserver/internal/nextserver"
)

// TestNextURL replays nextUrl for a request target and Host header:
// pathname, searchParams, origin, and the search and href a route handler
// sees.
func TestNextURL(t *testing.T) {
	f := load[struct {
		URL          string      `json:"url"`
		Host         string      `json:"host"`
		Pathname     string      `json:"pathname"`
		SearchParams [][2]string `json:"searchParams"`
		Origin       string      `json:"origin"`
		RouteSearch  string      `json:"routeSearch"`
		RouteHref    string      `json:"routeHref"`
	}](t, "url.json")
	c := &tally{t: t, name: "nextUrl"}
	for _, tc := range f.Cases {
		raw := fmt.Sprintf("GET %s HTTP/1.1\r\nHost: %s\r\n\r\n", tc.URL, tc.Host)
		r, err := http.ReadRequest(bufio.NewReader(strings.NewReader(raw)))
		if err != nil {
			// Go's HTTP server answers 400 before any handler.
			c.skip()
			continue
		}
		u := nextserver.NewRequest(r).NextURL
		what := tc.URL + " (Host " + tc.Host + ")"
		c.check(u.Pathname == tc.Pathname, "%s: Pathname %q; Next: %q", what, u.Pathname, tc.Pathname)
		c.check(u.Origin == tc.Origin, "%s: Origin %q; Next: %q", what, u.Origin, tc.Origin)
		c.check(u.Search == tc.RouteSearch, "%s: Search %q; Next: %q", what, u.Search, tc.RouteSearch)
		c.check(u.Href == tc.RouteHref, "%s: Href %q; Next: %q", what, u.Href, tc.RouteHref)
		want := map[string][]string{}
		var keys []string
		for _, kv := range tc.SearchParams {
			if _, ok := want[kv[0]]; !ok {
				keys = append(keys, kv[0])
			}
			want[kv[0]] = append(want[kv[0]], kv[1])
		}
		got := map[string][]string(u.SearchParams)
		gotKeys := slices.Sorted(func(yield func(string) bool) {
			for k := range got {
				if !yield(k) {
					return
				}
			}
		})
		slices.Sort(keys)
		c.check(reflect.DeepEqual(gotKeys, keys) && (len(got) == 0 && len(want) == 0 || reflect.DeepEqual(got, want)),
			"%s: SearchParams %q; Next: %q", what, got, want)
	}
	c.report(f.Next)
}
