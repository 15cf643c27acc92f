package yaegival

import (
	"reflect"
	"runtime"
	"strconv"
	"unsafe"
)

// A slice converted to a longer array ([3]int(s) of a two-element s)
// panics in compiled Go with a runtime.boundsError, which only compiled
// code makes (the array's length is a constant), and which %T and %#v
// print by its type; yaegi converts through reflect, which panics with a
// string. The error is built here as a copy of one Go made for such a
// conversion, with the lengths set.

// boundsLayout mirrors the fields of runtime.boundsError.
type boundsLayout struct {
	x      int64 // the array's length
	y      int   // the slice's length
	signed bool
	code   uint8
}

// convertSample is what converting an empty slice to a one-element array
// panics with, when that is a struct laid out as boundsLayout; nil
// otherwise.
var convertSample = func() runtime.Error {
	n := 0
	e, ok := RuntimePanic(func() { _ = [1]int(make([]int, n)) }).(runtime.Error)
	if t := reflect.TypeOf(e); !ok || t.Kind() != reflect.Struct || t.Size() != unsafe.Sizeof(boundsLayout{}) {
		return nil
	}
	if withLengths(e, 3, 2).Error() != "runtime error: cannot convert slice with length 2 to array or pointer to array with length 3" {
		return nil
	}
	return e
}()

// withLengths returns a copy of e, a runtime.boundsError of a conversion,
// for an array of length x and a slice of length y.
func withLengths(e runtime.Error, x int64, y int) runtime.Error {
	v := reflect.New(reflect.TypeOf(e)).Elem()
	v.Set(reflect.ValueOf(e))
	l := (*boundsLayout)(v.Addr().UnsafePointer())
	l.x, l.y = x, y
	return v.Interface().(runtime.Error)
}

// convertPanic is what converting a slice of length sliceLen to an array
// of length arrayLen panics with in compiled Go (both as reflect's
// message spells them): a runtime.boundsError, or a runtimeError of the
// same text if this Go lays it out otherwise.
func convertPanic(sliceLen, arrayLen string) any {
	msg := "runtime error: cannot convert slice with length " + sliceLen + " to array or pointer to array with length " + arrayLen
	x, errX := strconv.ParseInt(arrayLen, 10, 64)
	y, errY := strconv.Atoi(sliceLen)
	if convertSample == nil || errX != nil || errY != nil {
		return runtimeError{msg}
	}
	if e := withLengths(convertSample, x, y); e.Error() == msg {
		return e
	}
	return runtimeError{msg}
}
