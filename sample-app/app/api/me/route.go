package route

import "github.com/devserver/devserver/next"

// GET /api/me reads the session cookie set by POST /api/login.
func GET(req *next.Request) *next.Response {
	c, ok := req.Cookies.Get("session")
	if !ok {
		return next.JSON(map[string]string{"error": "not logged in"}, next.Init{Status: 401})
	}
	return next.JSON(map[string]any{"name": c.Value, "userAgent": req.Headers.Get("User-Agent")})
}
