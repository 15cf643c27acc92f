package route

import "github.com/devserver/devserver/next"

func GET(req *next.Request) *next.Response {
	return next.Redirect(req.NextURL.SearchParams.Get("to"))
}
