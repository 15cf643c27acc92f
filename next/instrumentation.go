package next

// ErrorContext says where the error an instrumentation file's
// OnRequestError is told of happened, as the context argument of Next.js's
// onRequestError:
//
//	// instrumentation.go, beside app/
//	func OnRequestError(err error, req *http.Request, ctx next.ErrorContext) {
//		errorReporter.Capture(err, req.URL.Path, ctx.RoutePath)
//	}
type ErrorContext struct {
	// RouterKind is "App Router".
	RouterKind string
	// RoutePath is the route's pattern, such as "/users/[id]"; for the
	// proxy, the request's path.
	RoutePath string
	// RouteType is "route" for a route handler, "proxy" for the proxy.
	RouteType string
}
