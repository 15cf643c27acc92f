package bench

import "testing"

// loopsRoute is a CPU-bound handler of index-heavy loops, as ordinary
// routes write them: an insertion sort, a sieve of Eratosthenes and the
// edit distance of two strings, chosen by the path. Most of its indexes
// cannot be proven in range, so the dev server checks each of them as
// Go does (see interp/pass_bounds.go).
const loopsRoute = `package route

import (
	"fmt"
	"net/http"
	"strings"
)

func isort(n int) int {
	xs := make([]int, n)
	seed := uint32(7)
	for i := range xs {
		seed = seed*1664525 + 1013904223
		xs[i] = int(seed >> 8 % 10000)
	}
	for i := 1; i < len(xs); i++ {
		for j := i; j > 0 && xs[j-1] > xs[j]; j-- {
			xs[j-1], xs[j] = xs[j], xs[j-1]
		}
	}
	return xs[0] + xs[len(xs)/2]*10000 + xs[len(xs)-1]
}

func sieve(n int) int {
	comp := make([]bool, n+1)
	count := 0
	for i := 2; i <= n; i++ {
		if !comp[i] {
			count++
			for j := i * i; j <= n; j += i {
				comp[j] = true
			}
		}
	}
	return count
}

func edit(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			best := prev[j] + 1
			if ins := cur[j-1] + 1; ins < best {
				best = ins
			}
			if sub := prev[j-1] + cost; sub < best {
				best = sub
			}
			cur[j] = best
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func GET(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Query().Get("loop") {
	case "sort":
		fmt.Fprintln(w, isort(300))
	case "sieve":
		fmt.Fprintln(w, sieve(100000))
	case "edit":
		fmt.Fprintln(w, edit(strings.Repeat("kitten sitting ", 8), strings.Repeat("sitting kitten ", 8)))
	}
}
`

// BenchmarkInterpretedLoops serves each loop of loopsRoute (an insertion
// sort of 300 ints, about 22,000 swaps; a sieve up to 100,000; the edit
// distance of two 150-byte strings, 22,500 cells) interpreted by the dev
// server, and by plain yaegi: the same source, without devserver's
// rewrite. The ratio is what the rewrite costs in index-heavy loops
// (chiefly the bounds checks that panic as Go does, and the line kept
// for a panic).
func BenchmarkInterpretedLoops(b *testing.B) {
	for _, loop := range []string{"sort", "sieve", "edit"} {
		b.Run("loop="+loop, func(b *testing.B) {
			benchInterpreted(b, "loops", loopsRoute, "/loops?loop="+loop)
		})
	}
}
