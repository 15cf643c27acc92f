package interp

import (
	"errors"
	"fmt"
	"io"
	"reflect"
	"slices"
	"sync"

	"github.com/traefik/yaegi/interp"
	yaegistd "github.com/traefik/yaegi/stdlib"

	"github.com/devserver/devserver/internal/methods"
	"github.com/devserver/devserver/internal/yaegival"
	"github.com/devserver/devserver/interp/stdlib"
	"github.com/devserver/devserver/next"
)

// errorsSymbols returns the symbols of package errors with Is, As and Unwrap
// replaced by versions that see through yaegi's wrappers. yaegi hands an
// interpreted error to compiled code wrapped in a struct whose type neither
// implements error at the reflect level nor compares: errors.As panics on a
// target declared in route code (yaegi #1345) and errors.Is never matches an
// interpreted sentinel. These behave as the compiled functions do for
// compiled types, and the same way for interpreted ones, Unwrap, Is and As
// methods declared in route code included (registered by the source
// rewrite, see internal/methods).
func errorsSymbols(std map[string]reflect.Value) map[string]reflect.Value {
	out := make(map[string]reflect.Value, len(std))
	for k, v := range std {
		out[k] = v
	}
	out["Is"] = reflect.ValueOf(errorsIs)
	out["As"] = reflect.ValueOf(errorsAs)
	out["Unwrap"] = reflect.ValueOf(errorsUnwrap)
	return out
}

var (
	dotOnce sync.Once
	dot     map[string]reflect.Value
)

// dotSymbols returns yaegi's "." symbols (MapTypes: which interfaces an
// interpreted value passed to a compiled function as any is wrapped in,
// and the composed wrappers of stdlib.MapTypes) with error added where
// compiled Go would see it: fmt and log find an Error
// method (fmt.Errorf's %w, %v of an error), errors.Join takes errors.
// Without it, fmt.Errorf("%w", &MyErr{}) prints %!w(...).
func dotSymbols() map[string]reflect.Value {
	dotOnce.Do(func() {
		errType := reflect.TypeOf((*error)(nil)).Elem()
		formatter := reflect.TypeOf((*fmt.Formatter)(nil)).Elem()
		mt := make(map[reflect.Value][]reflect.Type, len(yaegistd.MapTypes)+len(stdlib.MapTypes)+2)
		for w, composed := range stdlib.MapTypes {
			mt[w] = composed
		}
		for fn, types := range yaegistd.MapTypes {
			if slices.Contains(types, formatter) {
				// fmt's order: Formatter, then error, then Stringer.
				types = slices.Insert(slices.Clone(types), slices.Index(types, formatter)+1, errType)
			}
			mt[fn] = types
		}
		mt[reflect.ValueOf(errors.Join)] = []reflect.Type{errType}
		if w, ok := yaegiErrorWrapper(); ok {
			mt[w] = stdlib.ErrorWrappers
		}
		// next.NewResponse takes its body as any: an interpreted reader
		// would reach it without its Read (and Close) methods.
		mt[reflect.ValueOf(next.NewResponse)] = []reflect.Type{
			reflect.TypeOf((*io.ReadCloser)(nil)).Elem(),
			reflect.TypeOf((*io.Reader)(nil)).Elem(),
		}
		dot = map[string]reflect.Value{"MapTypes": reflect.ValueOf(mt)}
	})
	return dot
}

// yaegiErrorWrapper returns the key yaegi finds the composed wrappers of
// the error interface under: a nil pointer to its own wrapper of error,
// an unexported type, read from an error an interpreter hands over.
func yaegiErrorWrapper() (reflect.Value, bool) {
	var handed error
	it := interp.New(interp.Options{})
	err := it.Use(interp.Exports{"devserver/probe/probe": {"Take": reflect.ValueOf(func(err error) { handed = err })}})
	if err == nil {
		_, err = it.Eval("package main\nimport \"devserver/probe\"\ntype e struct{ n int }\nfunc (e) Error() string { return \"\" }\nfunc main() { probe.Take(e{}) }")
	}
	t := reflect.TypeOf(handed)
	if err != nil || t == nil || t.Kind() != reflect.Struct || t.Name() != "_error" {
		return reflect.Value{}, false
	}
	return reflect.Zero(reflect.PointerTo(t)), true
}

// value is what err is to compiled code: the interpreted value inside
// yaegi's wrapper, or err itself.
func value(err error) reflect.Value {
	v := reflect.ValueOf(err)
	if inner, ok := yaegival.Unwrap(v); ok {
		return inner
	}
	return v
}

// interpreted calls the method name declared in route code on the
// interpreted value inside err, if it has one (see internal/methods): on
// the value whole when its wrapper holds it (see whole), a pointer's
// value method included.
func interpreted(err error, name string, args ...reflect.Value) ([]reflect.Value, bool) {
	v := value(err)
	if _, w, ok := whole(err); ok {
		v = w
		if _, ok := methods.Lookup(name, v.Type()); !ok && v.Kind() == reflect.Pointer && !v.IsNil() {
			v = v.Elem()
		}
	}
	fn, ok := methods.Lookup(name, v.Type())
	if !ok {
		return nil, false
	}
	return fn.Call(append([]reflect.Value{v}, args...)), true
}

func init() {
	methods.SetAsNamed(errorsAsNamed)
	methods.SetWhole(func(err error) (any, bool) {
		_, v, ok := whole(err)
		if !ok || !v.CanInterface() {
			return nil, false
		}
		return v.Interface(), true
	})
}

// whole returns the value of err whole, and the name of its type, when
// err is a value of a type of route code in one of the wrappers of
// stdlib.ErrorWrappers that carries it (see yaegival.WholeError): the
// value itself, or, for a pointer, the pointer (whose wrapper holds it)
// and the type's name starred. ok is false for any other error.
func whole(err error) (id string, v reflect.Value, ok bool) {
	held, ptr, ok := yaegival.WholeError(reflect.ValueOf(err))
	if !ok {
		return "", reflect.Value{}, false
	}
	if id, ok = yaegival.TypeID(held); !ok {
		return "", reflect.Value{}, false
	}
	if ptr.IsValid() {
		return "*" + id, ptr, true
	}
	v, ok = yaegival.Unwrap(held)
	return id, v, ok
}

// equal reports whether a and b, values of one type of route code whole
// (see whole), are equal as == finds them: field by field, an interface
// field holding a wrapper of the interpreter's by what it holds (the
// wrapper itself holds functions, which do not compare). A map, slice or
// function held in an interface field is equal to nothing (Go panics).
func equal(a, b reflect.Value) bool {
	if !a.IsValid() || !b.IsValid() {
		return a.IsValid() == b.IsValid()
	}
	if a.Type() != b.Type() {
		return false
	}
	if yaegival.IsWrapper(a.Type()) {
		ia, aok := yaegival.TypeID(a)
		ib, bok := yaegival.TypeID(b)
		if aok != bok || ia != ib {
			return false
		}
		if a.CanInterface() && b.CanInterface() {
			ea, eaok := a.Interface().(error)
			eb, ebok := b.Interface().(error)
			if eaok && ebok {
				ia, wa, aok := whole(ea)
				ib, wb, bok := whole(eb)
				if aok || bok {
					return aok && bok && ia == ib && equal(wa, wb)
				}
			}
		}
		ua, _ := yaegival.Unwrap(a)
		ub, _ := yaegival.Unwrap(b)
		return equal(ua, ub)
	}
	switch a.Kind() {
	case reflect.Interface:
		if a.IsNil() || b.IsNil() {
			return a.IsNil() && b.IsNil()
		}
		return equal(a.Elem(), b.Elem())
	case reflect.Struct:
		for i := range a.NumField() {
			if !equal(a.Field(i), b.Field(i)) {
				return false
			}
		}
		return true
	case reflect.Array:
		for i := range a.Len() {
			if !equal(a.Index(i), b.Index(i)) {
				return false
			}
		}
		return true
	case reflect.Map, reflect.Slice, reflect.Func:
		return false
	}
	return a.Equal(b)
}

// walk calls f on err and every error in its chain until f returns true,
// following compiled Unwrap methods and those declared in route code.
func walk(err error, f func(error) bool) bool {
	for err != nil {
		if f(err) {
			return true
		}
		if out, ok := interpreted(err, "Unwrap"); ok {
			switch u := out[0].Interface().(type) {
			case error:
				err = u
				continue
			case []error:
				for _, e := range u {
					if walk(e, f) {
						return true
					}
				}
			}
			return false
		}
		switch x := err.(type) {
		case interface{ Unwrap() error }:
			err = x.Unwrap()
		case interface{ Unwrap() []error }:
			for _, e := range x.Unwrap() {
				if walk(e, f) {
					return true
				}
			}
			return false
		default:
			return false
		}
	}
	return false
}

// errorsUnwrap is errors.Unwrap, which also calls an Unwrap method
// declared in route code: compiled errors.Unwrap does not see it and
// returned nil.
func errorsUnwrap(err error) error {
	if err == nil {
		return nil
	}
	if out, ok := interpreted(err, "Unwrap"); ok {
		u, _ := out[0].Interface().(error) // nil for Unwrap() []error, as Go's
		return u
	}
	u, ok := err.(interface{ Unwrap() error })
	if !ok {
		return nil
	}
	return u.Unwrap()
}

func errorsIs(err, target error) bool {
	if err == nil || target == nil {
		return err == target
	}
	tv := value(target)
	comparable := tv.Type().Comparable()
	tid, twhole, tok := whole(target)
	return walk(err, func(e error) bool {
		if eid, ewhole, eok := whole(e); eok || tok {
			// A value held whole: equal to a value of the same type
			// that equals it, as ==.
			if eok && tok && eid == tid && twhole.Type().Comparable() && equal(ewhole, twhole) {
				return true
			}
		} else if ev := value(e); comparable && ev.Type() == tv.Type() && ev.Equal(tv) && sameText(e, target) {
			return true
		}
		if x, ok := e.(interface{ Is(error) bool }); ok && x.Is(target) {
			return true
		}
		if out, ok := interpreted(e, "Is", reflect.ValueOf(&target).Elem()); ok && out[0].Bool() {
			return true
		}
		return false
	})
}

// sameText reports whether e and target, whose values (see value) are
// equal, say the same: when either is yaegi's wrapper, whose value may be
// one of its fields only. yaegi v0.16.1 wraps a value of a struct type
// declared in route code (whose reflect type has no methods) with the
// last of its fields that is not a nil interface as the value: the
// values of NotFound{"page", 7} and NotFound{"user", 7} are both 7, and
// that of ReadError{Path, Err: io.EOF} is io.EOF. Equal values whose
// Error methods say otherwise are not equal errors; for any other value,
// equal values say the same.
func sameText(e, target error) bool {
	if !yaegival.IsWrapper(reflect.TypeOf(e)) && !yaegival.IsWrapper(reflect.TypeOf(target)) {
		return true
	}
	return e.Error() == target.Error()
}

// heldField reports whether ev, the value of e (see value), is a field of
// a value of a struct type declared in route code rather than e's value:
// yaegi's wrapper of such a value holds its last field that is not a nil
// interface (see sameText), and a compiled named type (or a pointer to
// one) in a wrapper can only be that. ParseError{"age", numErr} is no *strconv.NumError.
func heldField(e error, ev reflect.Value) bool {
	t := ev.Type()
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return yaegival.IsWrapper(reflect.TypeOf(e)) && t.Name() != "" && t.PkgPath() != ""
}

// ownType reports whether t, a struct type the interpreter built, is
// marked as one type's own (see tagFields): its first field's tag names
// the type.
func ownType(t reflect.Type) bool {
	if t.NumField() == 0 {
		return false
	}
	_, ok := t.Field(0).Tag.Lookup("devservertype")
	return ok
}

func errorsAs(err error, target any) bool {
	if err == nil {
		return false
	}
	if target == nil {
		panic("errors: target cannot be nil")
	}
	val := reflect.ValueOf(target)
	typ := val.Type()
	if typ.Kind() != reflect.Pointer || val.IsNil() {
		panic("errors: target must be a non-nil pointer")
	}
	want := typ.Elem()
	// asItself asks e's own As method, compiled or of route code, which
	// every kind of target tries after its own match.
	asItself := func(e error) bool {
		if x, ok := e.(interface{ As(any) bool }); ok && x.As(target) {
			return true
		}
		out, ok := interpreted(e, "As", reflect.ValueOf(&target).Elem())
		return ok && out[0].Bool()
	}
	if want.Kind() == reflect.Interface && !yaegival.IsWrapper(want) {
		// A compiled interface type: each error of the chain as compiled
		// code sees it (yaegi's wrapper has the methods of the interface
		// it was made for), through Unwrap methods of route code too,
		// which the compiled function does not call.
		return walk(err, func(e error) bool {
			if ev := reflect.ValueOf(e); ev.Type().AssignableTo(want) {
				val.Elem().Set(ev)
				return true
			}
			return asItself(e)
		})
	}
	if want.Kind() == reflect.Struct && want.Name() == "" && ownType(want) {
		// A struct type of route code whose values the error wrappers
		// carry whole (see stdlib.ErrorValueMethod), with a reflect type
		// of its own.
		return walk(err, func(e error) bool {
			if _, v, ok := whole(e); ok && v.Type() == want {
				val.Elem().Set(v)
				return true
			}
			return asItself(e)
		})
	}
	if want.Kind() == reflect.Struct && want.Name() == "" {
		// A struct type declared in route code, used by value: yaegi v0.16.1
		// loses such a value when it wraps it as an error (the wrapper holds
		// one of its fields), so no match could be trusted. Say so rather
		// than answer wrongly.
		panic(fmt.Sprintf("errors.As: the target is a %v declared in route code, used by value; devserver's interpreter cannot match error values of such types (yaegi loses them when they become an error): declare the Error method on the pointer type and pass a **T target", want))
	}
	return walk(err, func(e error) bool {
		if ev := value(e); ev.Type().AssignableTo(want) && !heldField(e, ev) {
			val.Elem().Set(ev)
			return true
		}
		if ev := reflect.ValueOf(e); ev.Type().AssignableTo(want) {
			val.Elem().Set(ev)
			return true
		}
		return asItself(e)
	})
}

// errorsAsNamed is errors.As into target, a pointer to a variable of the
// type of route code named id, whose values the error wrappers carry
// whole with its name (see methods.AsNamed): an error of the chain
// matches when it is a value of that type, or when its own As method
// says so. target is checked as errors.As checks it.
func errorsAsNamed(err error, target any, id string) bool {
	if err == nil {
		return false
	}
	if target == nil {
		panic("errors: target cannot be nil")
	}
	val := reflect.ValueOf(target)
	if val.Type().Kind() != reflect.Pointer || val.IsNil() {
		panic("errors: target must be a non-nil pointer")
	}
	want := val.Type().Elem()
	return walk(err, func(e error) bool {
		if eid, v, ok := whole(e); ok && eid == id && v.Type().AssignableTo(want) {
			val.Elem().Set(v)
			return true
		}
		if x, ok := e.(interface{ As(any) bool }); ok && x.As(target) {
			return true
		}
		out, ok := interpreted(e, "As", reflect.ValueOf(&target).Elem())
		return ok && out[0].Bool()
	})
}
