package route

import (
	"net/http"

	"github.com/devserver/devserver/next"

	"example.com/sampleapp/internal/store"
)

// GET /api/users/[id] returns one user and remembers, in a cookie, that it
// was seen.
func GET(req *next.Request, ctx next.RouteContext) *next.Response {
	u, ok := store.Get(ctx.Params.Get("id"))
	if !ok {
		return next.JSON(map[string]string{"error": "no such user"}, next.Init{Status: 404})
	}
	res := next.JSON(u)
	res.Cookies.Set(&http.Cookie{Name: "last-seen-user", Value: u.ID, HttpOnly: true, SameSite: http.SameSiteLaxMode})
	res.Headers.Set("X-Route", "users/[id]")
	return res
}

// PUT /api/users/[id] replaces a user.
func PUT(req *next.Request, ctx next.RouteContext) (*next.Response, error) {
	var in store.User
	if err := req.JSON(&in); err != nil {
		return next.JSON(map[string]string{"error": err.Error()}, next.Init{Status: 400}), nil
	}
	in.ID = ctx.Params.Get("id")
	if !store.Update(in) {
		return next.JSON(map[string]string{"error": "no such user"}, next.Init{Status: 404}), nil
	}
	return next.JSON(in), nil
}

// DELETE /api/users/[id] removes a user.
func DELETE(req *next.Request, ctx next.RouteContext) *next.Response {
	if !store.Delete(ctx.Params.Get("id")) {
		return next.JSON(map[string]string{"error": "no such user"}, next.Init{Status: 404})
	}
	return next.NewResponse(nil, next.Init{Status: 204})
}
