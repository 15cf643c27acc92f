//go:build !race

package dev_test

import "testing"

// deepRoute sums a linked list recursively, one interpreted call per node.
const deepRoute = `package route

import (
	"fmt"
	"net/http"
	"strconv"
)

type node struct {
	v    int
	next *node
}

func sum(n *node) int {
	if n == nil {
		return 0
	}
	return n.v + sum(n.next)
}

func GET(w http.ResponseWriter, r *http.Request) {
	n, _ := strconv.Atoi(r.URL.Query().Get("n"))
	var head *node
	for i := 0; i < n; i++ {
		head = &node{1, head}
	}
	fmt.Fprint(w, sum(head))
}
`

// TestDeepRecursion shows that the fast tier runs a recursion a million
// calls deep, as a built binary does: at the runtime's default stack limit
// the dev server crashed (an interpreted call takes about 600 bytes of Go
// stack). Not under -race, which makes it take about a minute; .ci/run
// runs it without.
func TestDeepRecursion(t *testing.T) {
	a := startApp(t, map[string]string{"app/sum/route.go": deepRoute})
	expect(t, "a million deep", a.get(t, "/sum?n=1000000"), 200, "1000000")
}
