package route

import "github.com/devserver/devserver/next"

// GET /old-docs moved: a permanent redirect.
func GET(req *next.Request) *next.Response {
	return next.PermanentRedirect("/api/docs/getting-started")
}
