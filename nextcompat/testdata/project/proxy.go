package proxy

import (
	"net/http"
	"next/go/proxy"
	"sort"
	"strings"
)

var Config = proxy.Config{
	Matcher: []proxy.Matcher{
		{Source: "/account/:path*"},
		{
			Source: "/special",
			Has:    []proxy.Condition{{Type: "header", Key: "x-special"}},
		},
		{Source: "/old-path"},
		{Source: "/echo/px/:path*"},
		{Source: "/echo/q", Has: []proxy.Condition{{Type: "query", Key: "resource", Value: "public"}}},
		{Source: "/echo/c", Has: []proxy.Condition{{Type: "cookie", Key: "session"}}},
		{Source: "/echo/m", Missing: []proxy.Condition{{Type: "header", Key: "x-skip"}}},
		{Source: "/echo/host", Has: []proxy.Condition{{Type: "host", Value: "localhost"}}},
	},
}

func Proxy(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/old-path":
		proxy.Rewrite(w, "/new-path")
		return
	case "/echo/px/headers":
		headers := r.Header.Clone()
		headers.Set("Host", r.Host)
		headers.Set("x-proxy", "go")
		headers.Del("x-example")
		proxy.Next(w, proxy.WithRequestHeaders(headers))
		return
	case "/echo/px/empty":
		proxy.Next(w, proxy.WithRequestHeaders(http.Header{}))
		return
	case "/echo/px/nil":
		proxy.Next(w, proxy.WithRequestHeaders(nil))
		return
	case "/echo/px/last":
		proxy.Next(w, proxy.WithRequestHeaders(http.Header{"X-A": {"first"}}), proxy.WithRequestHeaders(http.Header{"X-A": {"last"}}))
		return
	case "/echo/px/hop":
		proxy.Next(w, proxy.WithRequestHeaders(http.Header{
			"Connection": {"x-drop"},
			"X-Drop":     {"1"},
			"Keep-Alive": {"timeout=5"},
			"X-Keep":     {"kept"},
		}))
		return
	case "/echo/px/relative":
		proxy.Rewrite(w, "target?from=relative")
		return
	case "/echo/px/absolute":
		proxy.Rewrite(w, "/echo/rewritten?from=absolute")
		return
	case "/echo/px/redirect":
		http.Redirect(w, r, "/login", http.StatusTemporaryRedirect)
		return
	case "/echo/px/respond":
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("x-proxy", "go")
		w.WriteHeader(http.StatusTeapot)
		w.Write([]byte("short and stout"))
		return
	case "/echo/px/nothing":
		return
	case "/echo/px/names":
		names := []string{}
		for name := range r.Header {
			names = append(names, name)
		}
		sort.Strings(names)
		w.Header().Set("x-proxy-names", strings.Join(names, ","))
		w.Header().Set("x-proxy-cookie", strings.Join(r.Header["Cookie"], "|"))
		w.Header().Set("x-proxy-url", r.URL.String()+" "+r.Host+" "+r.RequestURI)
		proxy.Next(w)
		return
	case "/echo/px/cookie":
		http.SetCookie(w, &http.Cookie{Name: "fromproxy", Value: "1", Path: "/"})
		proxy.Next(w)
		return
	}
	w.Header().Set("x-proxy", "go")
	proxy.Next(w)
}
