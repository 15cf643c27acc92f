// Package route is behind the proxy's check (sample-app/proxy.go): without
// "Authorization: Bearer sample" the proxy answers 401 before this runs.
package route

import "github.com/devserver/devserver/next"

func GET(req *next.Request) *next.Response {
	return next.JSON(map[string]any{"admin": true, "proxied": req.Headers.Get("X-Proxied") == "1"})
}
