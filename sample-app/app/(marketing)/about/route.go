package route

import (
	"example.com/sampleapp/app/_lib"

	"github.com/devserver/devserver/next"
)

// GET /about: the (marketing) group folder does not appear in the URL.
func GET(req *next.Request) *next.Response {
	return next.NewResponse(lib.Banner("About devserver"))
}
