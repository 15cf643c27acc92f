package conformance_test

import (
	"encoding/json"
	"fmt"
	"os"
	"testing"
)

// fixture is the envelope of every file record.mjs writes.
type fixture[C any] struct {
	Next  string `json:"next"`
	Now   int64  `json:"now"` // Date.now() while recording, in ms
	Cases []C    `json:"cases"`
}

func load[C any](t *testing.T, name string) fixture[C] {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	var f fixture[C]
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatalf("testdata/%s: %v", name, err)
	}
	return f
}

// tally counts agreements with Next.js and reports each disagreement.
type tally struct {
	t                   *testing.T
	name                string
	total, agree, notGo int
	disagreements       []string
}

func (c *tally) check(ok bool, format string, args ...any) {
	c.total++
	if ok {
		c.agree++
		return
	}
	c.disagreements = append(c.disagreements, fmt.Sprintf(format, args...))
}

// skip counts a case Go cannot express (see docs/handler-api.md, the deliberate differences).
func (c *tally) skip() { c.total++; c.notGo++ }

func (c *tally) report(next string) {
	c.t.Logf("Next.js %s %s: %d cases, %d agree, %d disagree, %d not expressible in Go", next, c.name, c.total, c.agree, len(c.disagreements), c.notGo)
	for _, d := range c.disagreements {
		c.t.Error(d)
	}
}
