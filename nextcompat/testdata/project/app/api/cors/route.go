package route

import (
	"fmt"
	"net/http"
)

func GET(w http.ResponseWriter, r *http.Request) {
	setCORSHeaders(w)
	fmt.Fprint(w, "Hello from Go!")
}

func OPTIONS(w http.ResponseWriter, r *http.Request) {
	setCORSHeaders(w)
	w.WriteHeader(http.StatusNoContent)
}

func setCORSHeaders(w http.ResponseWriter) {
	w.Header().Set("Access-Control-Allow-Origin", "*")
	w.Header().Set("Access-Control-Allow-Methods", "GET, OPTIONS")
	w.Header().Set("Access-Control-Allow-Headers", "Content-Type, Authorization")
}
