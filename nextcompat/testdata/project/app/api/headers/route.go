package route

import (
	"fmt"
	"net/http"
)

func GET(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Vary", "Accept-Language")
	fmt.Fprint(w, r.Header.Get("Accept-Language"))
}
