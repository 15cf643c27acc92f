package route

import (
	"encoding/json"
	"net/http"
	"sort"
)

// GET shows what reached the route after the proxy: the URL, the params,
// and the headers and cookies the proxy cases play with.
func GET(w http.ResponseWriter, r *http.Request) {
	headers := map[string][]string{}
	for _, name := range []string{"X-Proxy", "X-Example", "X-A", "X-Drop", "X-Keep", "Keep-Alive", "Cookie",
		"Set-Cookie", "X-Middleware-Set-Cookie", "X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Port", "X-Forwarded-Proto"} {
		if v, ok := r.Header[name]; ok {
			headers[name] = v
		}
	}
	fromProxy := ""
	if c, err := r.Cookie("fromproxy"); err == nil {
		fromProxy = c.Value
	}
	names := []string{}
	for name := range r.Header {
		names = append(names, name)
	}
	sort.Strings(names)
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{
		"path":      r.URL.Path,
		"query":     r.URL.RawQuery,
		"rest":      ParamValues(r, "rest"),
		"headers":   headers,
		"fromProxy": fromProxy,
		"names":     names,
	})
}
