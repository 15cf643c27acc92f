package route

import (
	"encoding/json"
	"net/http"
)

func GET(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Path-Value", r.PathValue("slug"))
	json.NewEncoder(w).Encode(ParamValues(r, "slug"))
}
