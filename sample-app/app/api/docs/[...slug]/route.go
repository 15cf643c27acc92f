package route

import (
	"strings"

	"github.com/devserver/devserver/next"
)

// GET /api/docs/a/b/c: a catch-all; slug is always one or more segments.
// It takes the typed params devserver typegen wrote in params_gen.go.
func GET(req *next.Request, p Params) *next.Response {
	return next.JSON(map[string]any{
		"slug": p.Slug,
		"path": strings.Join(p.Slug, "/"),
	})
}
