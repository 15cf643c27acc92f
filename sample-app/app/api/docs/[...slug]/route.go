package route

import "github.com/devserver/devserver/next"

// GET /api/docs/a/b/c: a catch-all; slug is always one or more segments.
func GET(req *next.Request, ctx next.RouteContext) *next.Response {
	return next.JSON(map[string]any{
		"slug": ctx.Params.Values("slug"),
		"path": ctx.Params.Get("slug"),
	})
}
