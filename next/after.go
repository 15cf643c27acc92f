package next

import (
	"context"

	"github.com/devserver/devserver/internal/nextserver/hook"
)

// After runs fn once the response to req has been sent, as Next.js's
// after: for work the client should not wait for (logging, analytics,
// a cache warm-up). Work registered by one request runs in the order
// registered, one call at a time, in a goroutine of its own; a panic in fn
// is logged and ends only fn.
//
//	func POST(req *next.Request) *next.Response {
//		next.After(req, func() { audit.Record("created") })
//		return next.JSON(created, next.Init{Status: 201})
//	}
//
// A reload does not stop it; a graceful shutdown waits for it (for a
// bounded time) before the process exits. fn is called after the response
// is sent even when After is called from a goroutine the handler started;
// called once the response is already sent, or outside a request, fn runs
// at once, in a goroutine. req is the handler's *Request, or its
// *http.Request in a net/http handler.
func After(req interface{ Context() context.Context }, fn func()) {
	if fn == nil {
		return
	}
	if req != nil {
		if a, ok := req.Context().Value(hook.AfterKey{}).(hook.Afterer); ok {
			a.After(fn)
			return
		}
	}
	go fn()
}
