package route

import (
	"fmt"
	"net/http"
)

func GET(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintf(w, "Item %s", r.PathValue("slug"))
}
