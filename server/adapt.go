package server

import (
	"fmt"
	"net/http"
	"reflect"

	"github.com/devserver/devserver/next"
)

// acceptedShapes is quoted in the error for a handler of any other shape.
const acceptedShapes = `func(*next.Request) *next.Response, func(*next.Request) (*next.Response, error), ` +
	`func(*next.Request, next.RouteContext) *next.Response, func(*next.Request, next.RouteContext) (*next.Response, error), ` +
	`func(*next.Request, Params) *next.Response or (*next.Response, error) with Params the struct devserver typegen writes, ` +
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
	if h, ok := adaptTyped(fn); ok {
		return h, nil
	}
	return handler{}, fmt.Errorf("%s: %s has type %T; a route handler must be one of: %s", file, method, fn, acceptedShapes)
}

var (
	requestType  = reflect.TypeOf((*next.Request)(nil))
	responseType = reflect.TypeOf((*next.Response)(nil))
	errorType    = reflect.TypeOf((*error)(nil)).Elem()
)

// adaptTyped accepts a handler whose second parameter is a params struct,
// as devserver typegen writes it: every field tagged param:"name", a string
// for [name] or a []string for a catch-all. It is matched by shape, not by
// type, because in dev the struct is the interpreter's and in a build the
// compiler's.
func adaptTyped(fn any) (handler, bool) {
	v := reflect.ValueOf(fn)
	t := v.Type()
	if t.Kind() != reflect.Func || t.NumIn() != 2 || t.In(0) != requestType || t.In(1).Kind() != reflect.Struct ||
		t.NumOut() < 1 || t.NumOut() > 2 || t.Out(0) != responseType || (t.NumOut() == 2 && t.Out(1) != errorType) {
		return handler{}, false
	}
	pt := t.In(1)
	type field struct {
		index int
		name  string
		list  bool
	}
	var fields []field
	for i := range pt.NumField() {
		f := pt.Field(i)
		name, ok := f.Tag.Lookup("param")
		switch {
		case !ok || !f.IsExported():
			return handler{}, false
		case f.Type.Kind() == reflect.String:
			fields = append(fields, field{i, name, false})
		case f.Type.Kind() == reflect.Slice && f.Type.Elem().Kind() == reflect.String:
			fields = append(fields, field{i, name, true})
		default:
			return handler{}, false
		}
	}
	return handler{fn: func(r *next.Request, c next.RouteContext) (*next.Response, error) {
		p := reflect.New(pt).Elem()
		for _, f := range fields {
			if f.list {
				if vs := c.Params.Values(f.name); vs != nil {
					p.Field(f.index).Set(reflect.ValueOf(vs).Convert(pt.Field(f.index).Type))
				}
			} else {
				p.Field(f.index).SetString(c.Params.Get(f.name))
			}
		}
		out := v.Call([]reflect.Value{reflect.ValueOf(r), p})
		res, _ := out[0].Interface().(*next.Response)
		if len(out) == 2 {
			err, _ := out[1].Interface().(error)
			return res, err
		}
		return res, nil
	}}, true
}
