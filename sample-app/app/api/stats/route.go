// Package route shows segment config: its GET is computed once and served
// from the cache for 10 seconds (X-Devserver-Cache: MISS, then HIT, then
// STALE while it refreshes). A cached GET sees no headers, cookies or query.
package route

import (
	"example.com/sampleapp/internal/store"
	"github.com/devserver/devserver/next"
)

// Revalidate is Next.js's `export const revalidate = 10`.
const Revalidate = 10

func GET(req *next.Request) *next.Response {
	return next.JSON(map[string]int{"users": len(store.List())})
}
