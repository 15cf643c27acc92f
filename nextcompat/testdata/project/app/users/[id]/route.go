package route

import (
	"fmt"
	"net/http"
)

func GET(w http.ResponseWriter, r *http.Request) {
	writeUser(w, r, http.StatusOK)
}

func POST(w http.ResponseWriter, r *http.Request) {
	writeUser(w, r, http.StatusCreated)
}

func writeUser(w http.ResponseWriter, r *http.Request, status int) {
	w.WriteHeader(status)
	fmt.Fprintf(w, "User %s", r.PathValue("id"))
}
