package next

import (
	"context"
	"net/http"

	"github.com/devserver/devserver/internal/nextserver/hook"
)

// init hands the server's side of this package to package nextserver.
func init() {
	hook.NewRequest = func(r *http.Request) any { return newRequest(r) }
	hook.NewRequestContext = func(r *http.Request, ctx context.Context) any { return newRequestContext(r, ctx) }
	hook.SetParams = func(req any, params map[string][]string) { req.(*Request).setParams(params) }
	hook.Outgoing = func(req any) []*http.Cookie { return req.(*Request).Cookies.sent() }
	hook.Proxy = func(res any) (bool, string, http.Header) {
		r := res.(*Response)
		return r.proxy != answer, r.rewrite, r.requestHeaders
	}
	hook.Upgrade = func(res any) func(w http.ResponseWriter, r *http.Request) { return res.(*Response).upgrade }
}
