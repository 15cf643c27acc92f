package route

import (
	"strconv"

	"github.com/devserver/devserver/next"
)

// GET /api/search?q=go&page=2 reads query parameters.
func GET(req *next.Request) *next.Response {
	q := req.NextURL.SearchParams.Get("q")
	page, err := strconv.Atoi(req.NextURL.SearchParams.Get("page"))
	if err != nil || page < 1 {
		page = 1
	}
	return next.JSON(map[string]any{"q": q, "page": page, "href": req.NextURL.Href})
}
