package desugar

import (
	"reflect"
	"sync/atomic"
)

// AtomicPointer is what a sync/atomic.Pointer[T] of route code holds: the
// interpreter has no generic types of compiled packages, so the rewrite
// writes each atomic.Pointer[T] out as a concrete type of the route's
// package around an AtomicPointer, whose methods convert to and from *T.
// Its zero value holds a nil pointer; like atomic.Pointer it must not be
// copied after first use.
type AtomicPointer struct {
	p atomic.Pointer[held]
}

// held is one stored pointer: boxed, so that the value swapped is a
// compiled pointer whatever the interpreter's *T is.
type held struct{ v any }

// Load returns the pointer stored, or nil.
func (x *AtomicPointer) Load() any {
	if h := x.p.Load(); h != nil {
		return h.v
	}
	return nil
}

// Store stores v.
func (x *AtomicPointer) Store(v any) { x.p.Store(&held{v}) }

// Swap stores v and returns the pointer it replaces.
func (x *AtomicPointer) Swap(v any) any {
	if h := x.p.Swap(&held{v}); h != nil {
		return h.v
	}
	return nil
}

// CompareAndSwap stores v if the pointer stored is old, and reports
// whether it did. A nil pointer, typed or not, equals the zero value.
func (x *AtomicPointer) CompareAndSwap(old, v any) bool {
	for {
		h := x.p.Load()
		var cur any
		if h != nil {
			cur = h.v
		}
		if !samePointer(cur, old) {
			return false
		}
		if x.p.CompareAndSwap(h, &held{v}) {
			return true
		}
	}
}

// samePointer reports whether a and b are the same pointer.
func samePointer(a, b any) bool {
	if isNil(a) || isNil(b) {
		return isNil(a) && isNil(b)
	}
	va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
	if va.Kind() == reflect.Pointer && vb.Kind() == reflect.Pointer {
		return va.Pointer() == vb.Pointer()
	}
	return a == b
}

func isNil(v any) bool {
	if v == nil {
		return true
	}
	rv := reflect.ValueOf(v)
	return rv.Kind() == reflect.Pointer && rv.IsNil()
}
