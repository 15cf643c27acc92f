package route

import "github.com/devserver/devserver/next"

// GET /api/shop and /api/shop/a/b: an optional catch-all; at /api/shop the
// param is absent.
func GET(req *next.Request, ctx next.RouteContext) *next.Response {
	if !ctx.Params.Has("path") {
		return next.JSON(map[string]any{"category": "all"})
	}
	return next.JSON(map[string]any{"category": ctx.Params.Values("path")})
}
