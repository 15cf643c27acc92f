package route

import (
	"strconv"

	"github.com/devserver/devserver/next"
)

func GET(req *next.Request, ctx next.RouteContext) *next.Response {
	code, _ := strconv.Atoi(ctx.Params.Get("code"))
	var body any = "body"
	if req.NextURL.SearchParams.Has("nobody") {
		body = nil
	}
	return next.NewResponse(body, next.Init{Status: code})
}
