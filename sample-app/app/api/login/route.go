package route

import (
	"net/http"

	"github.com/devserver/devserver/next"
)

// POST /api/login takes a form (urlencoded or multipart) with a name, sets a
// session cookie and redirects to /api/me with 303 See Other.
func POST(req *next.Request) (*next.Response, error) {
	form, err := req.FormData()
	if err != nil {
		return next.JSON(map[string]string{"error": err.Error()}, next.Init{Status: 400}), nil
	}
	name := form.Get("name")
	if name == "" {
		return next.JSON(map[string]string{"error": "name is required"}, next.Init{Status: 422}), nil
	}
	res := next.Redirect("/api/me", http.StatusSeeOther)
	res.Cookies.Set(&http.Cookie{Name: "session", Value: name, HttpOnly: true, SameSite: http.SameSiteLaxMode, MaxAge: 3600})
	return res, nil
}

// DELETE /api/login logs out.
func DELETE(req *next.Request) *next.Response {
	res := next.NewResponse(nil, next.Init{Status: 204})
	res.Cookies.Delete("session")
	return res
}
