package route

import "github.com/devserver/devserver/next"

// GET / lists what the sample app shows.
func GET(req *next.Request) *next.Response {
	return next.JSON(map[string]any{
		"app": "devserver sample",
		"try": []string{
			"GET /api/users", "POST /api/users", "GET /api/users/1", "PUT /api/users/1", "DELETE /api/users/1",
			"GET /api/docs/getting/started", "GET /api/shop", "GET /api/shop/shoes/red",
			"GET /about", "GET /api/search?q=go&page=2", "POST /api/login (form: name=...)", "GET /api/me",
			"GET /old-docs", "POST /api/echo", "GET /hello.txt", "GET /api/hello (.env)", "GET /api/clock (SSE)",
			"GET /api/stats (cached: Revalidate)", "GET /api/find?q=go (proxy rewrite)", "GET /api/admin (proxy: 401 without Authorization: Bearer sample)",
		},
	})
}
