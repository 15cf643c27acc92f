// Package sampleapp holds the app's proxy (Next.js's proxy.ts): it runs
// before the routes its Matcher selects.
package sampleapp

import "github.com/devserver/devserver/next"

// Matcher selects the API routes, except when the client sends
// X-Skip-Proxy.
var Matcher = []next.Match{{
	Source:  "/api/:path*",
	Missing: []next.Condition{{Type: "header", Key: "X-Skip-Proxy"}},
}}

// Proxy keeps /api/admin for clients with a token, sends the old search
// URL to the new one, and tags everything else.
func Proxy(req *next.Request) *next.Response {
	switch req.NextURL.Pathname {
	case "/api/admin":
		if req.Headers.Get("Authorization") != "Bearer sample" {
			return next.JSON(map[string]string{"error": "unauthorized"}, next.Init{Status: 401})
		}
	case "/api/find":
		return next.Rewrite("/api/search?" + req.NextURL.SearchParams.Encode())
	}
	// RequestHeaders replace the request's headers, as in Next.js: start
	// from the client's to add one.
	headers := req.Headers.Clone()
	headers.Set("X-Proxied", "1")
	res := next.Next(next.ProxyInit{RequestHeaders: headers})
	res.Headers.Set("X-Proxy", "sampleapp")
	return res
}
