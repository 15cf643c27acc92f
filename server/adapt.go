package server

import (
	"fmt"
	"net/http"

	"github.com/devserver/devserver/next"
)

// acceptedShapes is quoted in the error for a handler of any other shape.
const acceptedShapes = `func(*next.Request) *next.Response, func(*next.Request) (*next.Response, error), ` +
	`func(*next.Request, next.RouteContext) *next.Response, func(*next.Request, next.RouteContext) (*next.Response, error), ` +
	`func(http.ResponseWriter, *http.Request)`

// handler is a route handler of any accepted shape, normalised: exactly one of
// fn and plain is set.
type handler struct {
	fn    func(*next.Request, next.RouteContext) (*next.Response, error)
	plain http.HandlerFunc
}

// adapt normalises fn, the exported function method of file, to a handler.
func adapt(file, method string, fn any) (handler, error) {
	switch f := fn.(type) {
	case func(*next.Request) *next.Response:
		return handler{fn: func(r *next.Request, _ next.RouteContext) (*next.Response, error) { return f(r), nil }}, nil
	case func(*next.Request) (*next.Response, error):
		return handler{fn: func(r *next.Request, _ next.RouteContext) (*next.Response, error) { return f(r) }}, nil
	case func(*next.Request, next.RouteContext) *next.Response:
		return handler{fn: func(r *next.Request, c next.RouteContext) (*next.Response, error) { return f(r, c), nil }}, nil
	case func(*next.Request, next.RouteContext) (*next.Response, error):
		return handler{fn: f}, nil
	case func(http.ResponseWriter, *http.Request):
		return handler{plain: f}, nil
	case http.HandlerFunc:
		return handler{plain: f}, nil
	}
	return handler{}, fmt.Errorf("%s: %s has type %T; a route handler must be one of: %s", file, method, fn, acceptedShapes)
}
