package yaegival

import (
	"encoding/binary"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"unsafe"
)

// A failed type assertion of compiled Go panics with a
// *runtime.TypeAssertionError, which has no constructor: its fields are
// the run-time types of the operand's static interface, of its dynamic
// value and of the type asserted, and Error words them by their names. The
// types of interpreted code have no run-time names of Go's (yaegi builds
// them with reflect.StructOf, or uses the underlying type), so the error
// is built here with run-time types made for their names: each is a type
// header holding nothing but a name registered with the runtime the way
// reflect registers the names of the types it makes. %T, a type assertion
// to *runtime.TypeAssertionError or runtime.Error, errors.As and the
// message then are those of a build.

// typeAssertionLayout mirrors the fields of runtime.TypeAssertionError:
// the *abi.Type of the interface (nil: "interface"), of the dynamic value
// (nil: none) and of the type asserted, and the missing method's name.
type typeAssertionLayout struct {
	iface, concrete, asserted unsafe.Pointer
	missingMethod             string
}

// typeHeader mirrors internal/abi.Type, the run-time type every
// reflect.Type points to. Error reads only its name: Str, resolved by
// the runtime through the names reflect registered for a type outside
// the program's modules.
type typeHeader struct {
	size, ptrBytes                 uintptr
	hash                           uint32
	tflag, align, fieldAlign, kind uint8
	equal                          func(unsafe.Pointer, unsafe.Pointer) bool
	gcData                         *byte
	str, ptrToThis                 int32
}

// addReflectOff registers ptr with the runtime and returns the offset a
// run-time type outside the program's modules refers to it by: how
// reflect.StructOf names the types it makes.
//
//go:linkname addReflectOff reflect.addReflectOff
func addReflectOff(ptr unsafe.Pointer) int32

// header returns the run-time type t stands for.
func header(t reflect.Type) *typeHeader {
	// A reflect.Type holds a *reflect.rtype, whose first field is the
	// abi.Type.
	return (*typeHeader)((*[2]unsafe.Pointer)(unsafe.Pointer(&t))[1])
}

// layoutsHold reports whether typeAssertionLayout and typeHeader match
// the runtime's structs, checked on types whose sizes, kinds and
// alignments are known, and then on an error built from them read back.
var layoutsHold = func() bool {
	if unsafe.Sizeof(runtime.TypeAssertionError{}) != unsafe.Sizeof(typeAssertionLayout{}) {
		return false
	}
	word := unsafe.Sizeof(uintptr(0))
	for _, c := range []struct {
		t           reflect.Type
		size, align uintptr
	}{
		{reflect.TypeFor[int64](), 8, unsafe.Alignof(int64(0))},
		{reflect.TypeFor[[3]uint16](), 6, 2},
		{reflect.TypeFor[*int](), word, word},
		{reflect.TypeFor[struct {
			a byte
			b string
		}](), 3 * word, word},
	} {
		h := header(c.t)
		if h.size != c.size || h.kind != uint8(c.t.Kind()) || uintptr(h.align) != c.align || uintptr(h.fieldAlign) != c.align || h.str == 0 {
			return false
		}
	}
	// reflect names the types it makes by offsets below zero (a type of
	// fields no compiled type has: StructOf finds those in the program).
	made := reflect.StructOf([]reflect.StructField{{Name: "DevserverTypeAssertionLayout", Type: reflect.TypeFor[int]()}})
	if header(made).str >= 0 || header(reflect.TypeFor[int]()).str <= 0 {
		return false
	}
	got := recoveredFrom(func() {
		var x any = "s"
		_ = x.(int)
	})
	want, ok := got.(*runtime.TypeAssertionError)
	built := newTypeAssertionError("interface {}", "string", "int", "")
	missing := newTypeAssertionError("", "route.T", "fmt.Stringer", "String")
	return ok && built.Error() == want.Error() &&
		missing.Error() == "interface conversion: route.T is not fmt.Stringer: missing method String"
}()

// recoveredFrom returns what f panics with.
func recoveredFrom(f func()) (p any) {
	defer func() { p = recover() }()
	f()
	return nil
}

// namedTypes holds the type header made for each name, by name: the
// runtime keeps a registered name for the life of the process, so each
// is registered once.
var namedTypes sync.Map

// namedType returns a run-time type whose name is name.
func namedType(name string) unsafe.Pointer {
	if t, ok := namedTypes.Load(name); ok {
		return t.(unsafe.Pointer)
	}
	// The encoding of internal/abi.Name: a byte of flags, the length as
	// a varint, the bytes.
	b := make([]byte, 1, 1+binary.MaxVarintLen64+len(name))
	b = binary.AppendUvarint(b, uint64(len(name)))
	b = append(b, name...)
	h := &typeHeader{size: 1, align: 1, fieldAlign: 1, kind: uint8(reflect.Struct), str: addReflectOff(unsafe.Pointer(&b[0]))}
	t, _ := namedTypes.LoadOrStore(name, unsafe.Pointer(h))
	return t.(unsafe.Pointer)
}

// newTypeAssertionError builds the error from the names of the types
// ("" for a nil interface or dynamic type).
func newTypeAssertionError(iface, concrete, asserted, missingMethod string) *runtime.TypeAssertionError {
	e := new(runtime.TypeAssertionError)
	l := (*typeAssertionLayout)(unsafe.Pointer(e))
	if iface != "" {
		l.iface = namedType(iface)
	}
	if concrete != "" {
		l.concrete = namedType(concrete)
	}
	l.asserted = namedType(asserted)
	l.missingMethod = missingMethod
	return e
}

// TypeAssertionError returns the *runtime.TypeAssertionError a failed
// assertion to the type named asserted panics with in compiled Go: of a
// value of the type named concrete ("" when the operand is nil), held in
// the interface type named iface ("" when the operand's static type is
// not named, which Go words "interface"), missing the method named
// missingMethod ("" when asserted is a concrete type). Names are spelt
// as Go's run-time type strings spell them (route.T, *fs.PathError,
// interface {}). The error is a runtimeError of the same text when this
// build of Go lays out its run-time types otherwise than the runtime
// devserver was written for.
func TypeAssertionError(iface, concrete, asserted, missingMethod string) error {
	if !layoutsHold {
		msg := "interface conversion: "
		inter := iface
		if inter == "" {
			inter = "interface"
		}
		switch {
		case concrete == "":
			msg += inter + " is nil, not " + asserted
		case missingMethod == "":
			msg += inter + " is " + concrete + ", not " + asserted
		default:
			msg += concrete + " is not " + asserted + ": missing method " + missingMethod
		}
		return runtimeError{msg}
	}
	return newTypeAssertionError(iface, concrete, asserted, missingMethod)
}

// assertionPanic returns the *runtime.TypeAssertionError reading msg, a
// failed assertion's message of yaegi's ("interface conversion: int is
// not fmt.Stringer: missing method String"), with the names of
// interpreted struct types put back (see StructNames.Reword), or false when msg is
// not in one of Go's forms. Error words the types between fixed phrases,
// so any split of the text between those phrases reads back the same.
func (n *StructNames) assertionPanic(msg string) (error, bool) {
	rest, ok := strings.CutPrefix(n.Reword(msg), "interface conversion: ")
	if !ok {
		return nil, false
	}
	if concrete, after, ok := strings.Cut(rest, " is not "); ok {
		if asserted, missing, ok := strings.Cut(after, ": missing method "); ok && concrete != "" && asserted != "" {
			return TypeAssertionError("", concrete, asserted, missing), true
		}
		return nil, false
	}
	if iface, asserted, ok := strings.Cut(rest, " is nil, not "); ok && iface != "" && asserted != "" {
		if iface == "interface" {
			iface = ""
		}
		return TypeAssertionError(iface, "", asserted, ""), true
	}
	if i, j := strings.Index(rest, " is "), strings.LastIndex(rest, ", not "); i > 0 && j > i+len(" is ") && j+len(", not ") < len(rest) {
		iface, concrete, asserted := rest[:i], rest[i+len(" is "):j], rest[j+len(", not "):]
		if iface == "interface" || concrete == asserted {
			// Go's own would read "interface" for a nil interface, or add
			// why two types of one name differ.
			return nil, false
		}
		return TypeAssertionError(iface, concrete, asserted, ""), true
	}
	return nil, false
}
