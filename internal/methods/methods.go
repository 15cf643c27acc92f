// Package methods records methods declared in interpreted code that
// compiled code must call: yaegi builds interpreted types with reflect,
// which cannot attach methods, so errors.Is and errors.As (compiled) cannot
// see an interpreted Unwrap, Is or As. The interp package rewrites route
// source so that each such method registers itself here, as a function
// taking the receiver first; interp's errors.Is and errors.As look here.
package methods

import (
	"reflect"
	"sync"
)

type key struct {
	name string
	recv reflect.Type
}

var registry sync.Map // key -> reflect.Value

// Register records fn, a function whose first parameter is the receiver,
// as the method name of that receiver type.
func Register(name string, fn any) {
	v := reflect.ValueOf(fn)
	if v.Kind() != reflect.Func || v.Type().NumIn() < 1 {
		return
	}
	registry.Store(key{name, v.Type().In(0)}, v)
}

// Lookup returns the method name registered for values of type t.
func Lookup(name string, t reflect.Type) (reflect.Value, bool) {
	v, ok := registry.Load(key{name, t})
	if !ok {
		return reflect.Value{}, false
	}
	return v.(reflect.Value), true
}
