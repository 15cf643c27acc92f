// The Go twin of nextapp/proxy.js: server_test.go sends both the same
// requests.
package app

import (
	"net/http"
	"strconv"

	"github.com/devserver/devserver/next"
)

var Matcher = []string{"/echo/:path*", "/files/:name"}

func Proxy(req *next.Request) *next.Response {
	q := req.NextURL.SearchParams
	switch req.NextURL.Pathname {
	case "/echo/rewrite":
		return next.Rewrite("/target?from=rw")
	case "/echo/rewrite-abs":
		return next.Rewrite(req.NextURL.Origin + "/target?abs=1&b=a%20b")
	case "/echo/redirect-here":
		return next.Redirect(req.NextURL.Origin + "/target?x=1#f")
	case "/echo/redirect-away":
		to := q.Get("to")
		if to == "" {
			to = "https://example.com/a b"
		}
		status := 307
		if s := q.Get("status"); s != "" {
			status, _ = strconv.Atoi(s)
		}
		return next.Redirect(to, status)
	case "/echo/fresh":
		return next.Next(next.ProxyInit{RequestHeaders: http.Header{"X-Only": {"1"}}})
	case "/echo/added":
		h := req.Headers.Clone()
		h.Set("X-Added", "yes")
		return next.Next(next.ProxyInit{RequestHeaders: h})
	case "/echo/both":
		res := next.Next()
		res.Headers.Set("X-Same", "proxy")
		res.Headers.Set("X-Proxy-Only", "p")
		return res
	case "/echo/cookie":
		res := next.Next()
		res.Cookies.Set(&http.Cookie{Name: "pc", Value: "v 1"})
		return res
	case "/echo/reqcookie":
		req.Cookies.Set(&http.Cookie{Name: "rc", Value: "r 1"})
		return next.Next()
	case "/echo/reqcookie-passed":
		req.Cookies.Set(&http.Cookie{Name: "rc", Value: "r 2"})
		return next.Next(next.ProxyInit{RequestHeaders: req.Headers})
	case "/echo/answer":
		return next.JSON(map[string]bool{"answered": true}, next.Init{Status: 418})
	}
	res := next.Next()
	res.Headers.Set("X-Proxied", "1")
	return res
}
