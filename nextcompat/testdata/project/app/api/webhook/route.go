package route

import (
	"io"
	"net/http"
)

func POST(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, "Invalid webhook body", http.StatusBadRequest)
		return
	}
	// Verify the provider's signature against body before processing the event.
	_ = body
	w.WriteHeader(http.StatusNoContent)
}
