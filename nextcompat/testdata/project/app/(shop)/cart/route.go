package route

import (
	"net/http"

	"example.com/app/app/internal/greet"
)

func GET(w http.ResponseWriter, r *http.Request) {
	w.Write([]byte(greet.Hello("cart") + " " + helper()))
}
