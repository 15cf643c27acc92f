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

// notWhole is what Whole returns for an error whose value it cannot
// give whole: a type no assertion of route code asks for. It has a field:
// yaegi's assertion reads the first field of a struct (for its wrappers'
// IValue) and panics on a struct without one.
type notWhole struct{ none bool }

var whole func(error) (any, bool)

// SetWhole sets the function Whole asks: the interp package's, which
// reads the value out of yaegi's wrapper of an error.
func SetWhole(f func(error) (any, bool)) { whole = f }

// Whole returns the value of err, an error of route code, whole, for a
// type assertion of route code to a struct type of its own (the rewrite
// makes err.(T) into methods.Whole(err).(T)): yaegi's wrapper of the
// error holds one of the value's fields only, which its assertion took
// for the value. nil stays nil; an error whose value is not carried
// whole gives a value no such assertion matches.
func Whole(err error) any {
	if err == nil {
		return nil
	}
	if whole != nil {
		if v, ok := whole(err); ok {
			return v
		}
	}
	return notWhole{none: true}
}

var asNamed func(err error, target any, id string) bool

// SetAsNamed sets the function AsNamed asks: the interp package's, which
// tells the values its error wrappers carry whole by their type's name.
func SetAsNamed(f func(err error, target any, id string) bool) { asNamed = f }

// AsNamed is errors.As(err, target) for a target pointing to a variable
// of the type of route code named id ("example.com/app/app/api.Code"), a
// type not a struct with fields whose values are errors (type Code int):
// yaegi's reflect type for it is its underlying type's (int), which the
// values of other such types share, so errors.As could not tell Code(404)
// from Status(404). The rewrite makes errors.As(err, &c) into
// methods.AsNamed(err, &c, id); the errors of the chain are matched by
// the name of the type their wrapper carries.
func AsNamed(err error, target any, id string) bool {
	return asNamed(err, target, id)
}
