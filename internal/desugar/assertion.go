package desugar

import (
	"reflect"
	"runtime"
	"unsafe"

	"github.com/devserver/devserver/internal/yaegival"
)

// typeAssertionLayout mirrors the fields of runtime.TypeAssertionError,
// which has no constructor: the run-time types of the operand's static
// interface (nil: "interface"), of its dynamic value (nil: nil) and of the
// type asserted, each the *abi.Type a reflect.Type points to.
type typeAssertionLayout struct {
	iface, concrete, asserted unsafe.Pointer
	missingMethod             string
}

// abiType returns the run-time type t stands for, or nil.
func abiType(t reflect.Type) unsafe.Pointer {
	if t == nil {
		return nil
	}
	// A reflect.Type holds a *reflect.rtype, whose first field is the
	// abi.Type.
	return (*[2]unsafe.Pointer)(unsafe.Pointer(&t))[1]
}

// newTypeAssertionError returns the *runtime.TypeAssertionError Go panics
// with when a value of type concrete (nil for none), held in the
// interface type iface (nil: one not named), fails an assertion to
// asserted.
func newTypeAssertionError(iface, concrete, asserted reflect.Type) *runtime.TypeAssertionError {
	e := new(runtime.TypeAssertionError)
	l := (*typeAssertionLayout)(unsafe.Pointer(e))
	l.iface, l.concrete, l.asserted = abiType(iface), abiType(concrete), abiType(asserted)
	return e
}

// assertionLayoutHolds reports whether typeAssertionLayout matches the
// runtime's struct: the error built from it reads as the one a failed
// assertion of compiled code panics with.
var assertionLayoutHolds = func() bool {
	if unsafe.Sizeof(runtime.TypeAssertionError{}) != unsafe.Sizeof(typeAssertionLayout{}) {
		return false
	}
	got := recovered(func() {
		var x any = "s"
		_ = x.(int)
	})
	want, ok := got.(*runtime.TypeAssertionError)
	built := newTypeAssertionError(reflect.TypeFor[any](), reflect.TypeFor[string](), reflect.TypeFor[int]())
	return ok && built.Error() == want.Error()
}()

// TypeAssertionFailed returns the error Go panics with when x, of the
// interface type named iface, fails an assertion to the type named
// target, as FailedAssertion words it (samples and names name the route
// package's struct types). ifaceOf and targetOf are nil pointers to those
// types (ifaceOf nil when iface is "interface"): when the types involved
// are compiled ones, whose run-time names are Go's, the error is Go's own
// *runtime.TypeAssertionError, which recover, %T, a type assertion and
// errors.As see as built; otherwise (a type of route code, which has no
// run-time name in the interpreter) it is FailedAssertion's.
func TypeAssertionFailed(ifaceOf, targetOf any, iface, target string, x any, samples []any, names []string) error {
	err := FailedAssertion(iface, target, x, samples, names)
	if !assertionLayoutHolds || targetOf == nil {
		return err
	}
	var it, ct reflect.Type
	if ifaceOf != nil {
		it = reflect.TypeOf(ifaceOf).Elem()
	}
	v := reflect.ValueOf(x)
	if inner, ok := yaegival.Unwrap(v); ok {
		v = inner
	}
	if v.IsValid() {
		ct = v.Type()
	}
	if built := newTypeAssertionError(it, ct, reflect.TypeOf(targetOf).Elem()); built.Error() == err.Error() {
		return built
	}
	return err
}
