package route

import (
	"io"
	"net/http"
)

// POST /api/echo is a plain net/http handler: it copies the body back.
func POST(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", r.Header.Get("Content-Type"))
	io.Copy(w, r.Body)
}
