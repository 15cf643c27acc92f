package server

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/devserver/devserver/approuter"
	"github.com/devserver/devserver/next"
)

// matcherFixture is conformance/testdata/matcher.json: what Next.js's own
// matcher code answers (conformance/record.mjs).
type matcherFixture struct {
	Next  string `json:"next"`
	Cases []struct {
		Matcher  json.RawMessage `json:"matcher"`
		Error    string          `json:"error"`
		Regexps  []string        `json:"regexps"`
		Requests []struct {
			URL     string      `json:"url"`
			Headers [][2]string `json:"headers"`
			Proxy   bool        `json:"proxy"`
		} `json:"requests"`
	} `json:"cases"`
}

func loadMatcherFixture(t testing.TB) *matcherFixture {
	t.Helper()
	b, err := os.ReadFile("../conformance/testdata/matcher.json")
	if err != nil {
		t.Fatal(err)
	}
	var f matcherFixture
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatalf("conformance/testdata/matcher.json: %v", err)
	}
	return &f
}

// fixtureMatcher turns a fixture's matcher (a string, or a list of strings
// and {source, has, missing} objects) into what a proxy's Matcher holds.
func fixtureMatcher(raw json.RawMessage) (any, error) {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s, nil
	}
	var list []json.RawMessage
	if err := json.Unmarshal(raw, &list); err != nil {
		return nil, err
	}
	var out []next.Match
	for _, item := range list {
		if json.Unmarshal(item, &s) == nil {
			out = append(out, next.Match{Source: s})
			continue
		}
		var m struct {
			Source       string
			Has, Missing []map[string]string
		}
		if err := json.Unmarshal(item, &m); err != nil {
			return nil, err
		}
		conds := func(in []map[string]string) (cs []next.Condition) {
			for _, c := range in {
				cs = append(cs, next.Condition{Type: c["type"], Key: c["key"], Value: c["value"]})
			}
			return cs
		}
		out = append(out, next.Match{Source: m.Source, Has: conds(m.Has), Missing: conds(m.Missing)})
	}
	return out, nil
}

// fixtureRequest reads the request as the server would receive it: nil
// when Go's HTTP server refuses its target (it answers 400 then).
func fixtureRequest(target string, headers [][2]string) *http.Request {
	var b strings.Builder
	fmt.Fprintf(&b, "GET %s HTTP/1.1\r\n", target)
	for _, h := range headers {
		fmt.Fprintf(&b, "%s: %s\r\n", h[0], h[1])
	}
	b.WriteString("\r\n")
	r, err := http.ReadRequest(bufio.NewReader(strings.NewReader(b.String())))
	if err != nil {
		return nil
	}
	return r
}

// TestMatcherConformance replays Next.js's answers: whether a source
// compiles, and for each request whether the proxy runs.
func TestMatcherConformance(t *testing.T) {
	f := loadMatcherFixture(t)
	var total, agree, refused, redirected int
	var bad []string
	for _, c := range f.Cases {
		raw, err := fixtureMatcher(c.Matcher)
		if err != nil {
			t.Fatalf("matcher %s: %v", c.Matcher, err)
		}
		m, err := compileMatcher(raw)
		total++
		if (err != nil) != (c.Error != "") {
			bad = append(bad, fmt.Sprintf("matcher %s: error %v; Next: %q", c.Matcher, err, c.Error))
			continue
		}
		agree++
		if err != nil {
			continue
		}
		for _, rq := range c.Requests {
			total++
			r := fixtureRequest(rq.URL, rq.Headers)
			switch {
			case r == nil:
				refused++
				continue
			case !setPath(r, resolveDots(r.URL.EscapedPath())):
				refused++
				continue
			case approuter.CleanPath(r.URL.EscapedPath()) != r.URL.EscapedPath():
				// Answered 308 to the clean path before the proxy, as
				// Next does for // (dot segments are resolved first, as
				// it parses).
				redirected++
				continue
			}
			if got := m.match(r); got != rq.Proxy {
				bad = append(bad, fmt.Sprintf("matcher %s, %s %v: proxy runs %v; Next: %v", c.Matcher, rq.URL, rq.Headers, got, rq.Proxy))
				continue
			}
			agree++
		}
	}
	t.Logf("Next.js %s matcher fixtures: %d cases, %d agree, %d disagree, %d refused by Go's HTTP server (400), %d redirected to the clean path first", f.Next, total, agree, len(bad), refused, redirected)
	for i, b := range bad {
		if i == 60 {
			t.Errorf("... and %d more", len(bad)-i)
			break
		}
		t.Error(b)
	}
}
