package route

import (
	"fmt"
	"net/http"
)

const MaxDuration = 30

func GET(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintf(w, "api %s", r.Method)
}
