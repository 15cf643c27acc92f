package route

import (
	"fmt"
	"net/http"
)

func GET(w http.ResponseWriter, r *http.Request) {
	theme := "light"
	if cookie, err := r.Cookie("theme"); err == nil {
		theme = cookie.Value
	}
	fmt.Fprint(w, theme)
}

func POST(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{
		Name:     "theme",
		Value:    "dark",
		Path:     "/",
		HttpOnly: true,
		SameSite: http.SameSiteLaxMode,
	})
	w.WriteHeader(http.StatusNoContent)
}
