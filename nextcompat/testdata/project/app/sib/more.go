package route

import "net/http"

func helperName() string { return "helper" }

// POST is declared beside route.go, not in it: Next.js does not register it.
func POST(w http.ResponseWriter, r *http.Request) { w.Write([]byte("sibling POST")) }
