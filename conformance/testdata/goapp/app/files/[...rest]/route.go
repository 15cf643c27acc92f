package route

import "github.com/devserver/devserver/next"

func GET(req *next.Request) *next.Response { return next.NewResponse("files") }
