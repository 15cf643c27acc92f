package route

import "github.com/devserver/devserver/next"

func GET(req *next.Request) *next.Response {
	headers := map[string]any{}
	for _, k := range []string{"x-orig", "x-only", "x-added", "x-same", "x-proxy-only"} {
		headers[k] = nil
		if vs := req.Headers.Values(k); len(vs) > 0 {
			headers[k] = vs[0]
		}
	}
	cookies := [][2]string{}
	for _, c := range req.Cookies.GetAll() {
		cookies = append(cookies, [2]string{c.Name, c.Value})
	}
	params := [][2]string{}
	for k, vs := range req.NextURL.SearchParams {
		for _, v := range vs {
			params = append(params, [2]string{k, v})
		}
	}
	res := next.JSON(map[string]any{
		"pathname": req.NextURL.Pathname, "search": req.NextURL.Search, "searchParams": params,
		"href": req.NextURL.Href, "origin": req.NextURL.Origin, "headers": headers, "cookies": cookies,
	})
	res.Headers.Set("X-Same", "route")
	return res
}
