package route

import (
	"fmt"
	"net/http"
)

func GET(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintf(w, "new-path %s?%s", r.URL.Path, r.URL.RawQuery)
}
