package route

import "github.com/devserver/devserver/next"

func GET(req *next.Request) *next.Response {
	return next.JSON(map[string]any{"target": true, "pathname": req.NextURL.Pathname, "search": req.NextURL.Search})
}
