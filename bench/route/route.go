// Package route is the JSON GET handler the throughput benchmarks serve. The
// benchmarks compile it in, and devserver interprets a copy of this very file
// (Source), so both sides run the same code.
package route

import (
	"strconv"
	"strings"

	"github.com/devserver/devserver/next"
)

// Item is what GET answers with.
type Item struct {
	ID    int      `json:"id"`
	Name  string   `json:"name"`
	Admin bool     `json:"admin"`
	Tags  []string `json:"tags"`
}

// GET /items/[id]?name=... answers one item as JSON.
func GET(req *next.Request, ctx next.RouteContext) *next.Response {
	id, err := strconv.Atoi(ctx.Params.Get("id"))
	if err != nil {
		return next.JSON(map[string]string{"error": "id must be a number"}, next.Init{Status: 400})
	}
	name := req.NextURL.SearchParams.Get("name")
	if name == "" {
		name = "anonymous"
	}
	return next.JSON(Item{ID: id, Name: strings.ToUpper(name), Admin: id == 1, Tags: []string{"a", "b"}})
}
