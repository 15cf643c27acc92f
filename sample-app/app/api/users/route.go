package route

import (
	"strings"

	"github.com/devserver/devserver/next"

	"example.com/sampleapp/internal/store"
)

// GET /api/users lists users.
func GET(req *next.Request) *next.Response {
	return next.JSON(store.List())
}

// POST /api/users creates a user from a JSON body: {"name": "...", "email": "..."}.
func POST(req *next.Request) (*next.Response, error) {
	var in store.User
	if err := req.JSON(&in); err != nil {
		return next.JSON(map[string]string{"error": err.Error()}, next.Init{Status: 400}), nil
	}
	if strings.TrimSpace(in.Name) == "" {
		return next.JSON(map[string]string{"error": "name is required"}, next.Init{Status: 422}), nil
	}
	u := store.Create(in)
	res := next.JSON(u, next.Init{Status: 201})
	res.Headers.Set("Location", "/api/users/"+u.ID)
	return res, nil
}
