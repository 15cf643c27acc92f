package interp

import (
	"errors"
	"fmt"
	"go/token"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"unsafe"

	"github.com/traefik/yaegi/interp"
)

// settleFuncTypes computes, once, the reflect type of every function,
// method and function literal the interpreter it compiled. It reports
// how many function types it computed.
//
// yaegi computes the reflect type of a function lazily and caches it in
// the function's type (itype.refType writes itype.rtype). Some of these
// first computations happen while route code runs, not while it is
// compiled: calling or taking a method value (c.Inc, (&v).Add(1)), making
// a closure, handing a method to compiled code inside an interface
// (sort.Sort(byLen(xs))), calling a package function held in a variable.
// Two goroutines doing one of these for the first time at once both write
// the type: a data race in the interpreter, which the race detector
// reports in any program whose goroutines do so. Once the type is cached
// every later use only reads it, so computing them all while no
// goroutine of route code runs removes the race.
//
// yaegi exports no way to reach its types: this walks the syntax trees it
// keeps (every file it parsed, every generic instance it made) through
// its unexported fields, found by reflection (see yaegiInternals), and
// calls the exported method TypeOf of each function type it finds.
func settleFuncTypes(it *interp.Interpreter) int { return newTypeSettler(it).all() }

// A typeSettler computes the function types of one interpreter in steps
// (see settleFuncTypes), each file's once, so that they are computed
// before any code that may use them runs. A package's init can start
// goroutines, which run beside the rest of the load (the importers'
// variables and inits, the other routes of the unit): so the rewrite
// makes the first variable of a package that runs code at init call
// the load hook (the settleTypes pass, loadHookSymbols), which computes the types
// of every package compiled so far, before that package's variables and
// inits run; the load computes the rest once every route is imported.
// All of it runs on the goroutine that loads the interpreter.
type typeSettler struct {
	it     *interp.Interpreter
	walked map[unsafe.Pointer]bool // the files (roots) walked
	seen   map[unsafe.Pointer]bool // the types computed, or tried
}

func newTypeSettler(it *interp.Interpreter) *typeSettler {
	return &typeSettler{it: it, walked: make(map[unsafe.Pointer]bool), seen: make(map[unsafe.Pointer]bool)}
}

// compiled computes the function types of the files of every package
// yaegi has compiled (registered as a source package) that were not
// walked yet: not those of the packages whose import is under way, the
// importers of the package about to run code, whose types may not be
// complete.
func (s *typeSettler) compiled() int {
	in, err := internals()
	if err != nil {
		return 0
	}
	v := reflect.ValueOf(s.it).Elem()
	fset := s.it.FileSet()
	srcPkg := v.Field(in.srcPkg)
	var stack []unsafe.Pointer
	roots := v.Field(in.roots)
	for i := range roots.Len() {
		root := roots.Index(i).UnsafePointer()
		if root == nil || s.walked[root] {
			continue
		}
		pos := *(*token.Pos)(unsafe.Add(root, in.nodePos))
		file := fset.Position(pos).Filename
		pkg, ok := strings.CutPrefix(filepath.ToSlash(filepath.Dir(file)), "src/")
		if !ok || !srcPkg.MapIndex(reflect.ValueOf(pkg)).IsValid() {
			continue
		}
		s.walked[root] = true
		stack = append(stack, root)
	}
	return s.walk(in, v, stack)
}

// all computes the function types of every file not walked yet and of
// every generic instance: once the code of the load is compiled.
func (s *typeSettler) all() int {
	in, err := internals()
	if err != nil {
		return 0
	}
	v := reflect.ValueOf(s.it).Elem()
	var stack []unsafe.Pointer
	roots := v.Field(in.roots)
	for i := range roots.Len() {
		if root := roots.Index(i).UnsafePointer(); !s.walked[root] {
			s.walked[root] = true
			stack = append(stack, root)
		}
	}
	for g := v.Field(in.generic).MapRange(); g.Next(); {
		stack = append(stack, g.Value().UnsafePointer())
	}
	return s.walk(in, v, stack)
}

// walk computes the function types of the trees under stack.
func (s *typeSettler) walk(in *yaegiInternals, v reflect.Value, stack []unsafe.Pointer) int {
	// The trees are trees, but a walk of more nodes than the interpreter
	// ever made means they are not: stop rather than loop.
	budget := v.Field(in.nindex).Int() + int64(len(stack))
	settled := 0
	for len(stack) > 0 && budget > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if n == nil {
			continue
		}
		budget--
		if t := *(*unsafe.Pointer)(unsafe.Add(n, in.nodeType)); t != nil && !s.seen[t] {
			s.seen[t] = true
			if *(*uint)(unsafe.Add(t, in.category)) == in.funcT && in.settle(t) {
				settled++
			}
		}
		stack = append(stack, *(*[]unsafe.Pointer)(unsafe.Add(n, in.children))...)
	}
	return settled
}

// yaegiInternals locates what settleFuncTypes reads of yaegi v0.16.1's
// unexported structures: Interpreter.roots ([]*node, the files parsed),
// Interpreter.generic (map[string]*node, the generic instances),
// Interpreter.nindex (nodes made), Interpreter.srcPkg (the source
// packages compiled, by import path), node.child, node.pos, node.typ
// (*itype), itype.cat (tcat) and the method (*itype).TypeOf.
type yaegiInternals struct {
	roots, generic, nindex, srcPkg int     // field indexes in Interpreter
	children, nodePos, nodeType    uintptr // field offsets in node
	category                       uintptr // field offset in itype
	funcT                          uint    // the category of function types
	itype                          reflect.Type
	typeOf                         reflect.Value // func(*itype) reflect.Type
}

// internals finds yaegi's internals once; the error says what is not
// where settleFuncTypes expects it (another yaegi version).
var internals = sync.OnceValues(findInternals)

func findInternals() (*yaegiInternals, error) {
	in := &yaegiInternals{}
	interpreter := reflect.TypeFor[interp.Interpreter]()
	roots, ok := interpreter.FieldByName("roots")
	if !ok || roots.Type.Kind() != reflect.Slice || roots.Type.Elem().Kind() != reflect.Pointer {
		return nil, errors.New("yaegi: no Interpreter.roots of []*node")
	}
	node := roots.Type.Elem().Elem()
	generic, ok := interpreter.FieldByName("generic")
	if !ok || generic.Type.Kind() != reflect.Map || generic.Type.Elem() != roots.Type.Elem() {
		return nil, errors.New("yaegi: no Interpreter.generic of map[string]*node")
	}
	nindex, ok := interpreter.FieldByName("nindex")
	if !ok || nindex.Type.Kind() != reflect.Int64 {
		return nil, errors.New("yaegi: no Interpreter.nindex of int64")
	}
	srcPkg, ok := interpreter.FieldByName("srcPkg")
	if !ok || srcPkg.Type.Kind() != reflect.Map || srcPkg.Type.Key().Kind() != reflect.String {
		return nil, errors.New("yaegi: no Interpreter.srcPkg of a map by import path")
	}
	in.roots, in.generic, in.nindex, in.srcPkg = roots.Index[0], generic.Index[0], nindex.Index[0], srcPkg.Index[0]
	children, ok := node.FieldByName("child")
	if !ok || children.Type != roots.Type {
		return nil, errors.New("yaegi: no node.child of []*node")
	}
	typ, ok := node.FieldByName("typ")
	if !ok || typ.Type.Kind() != reflect.Pointer || typ.Type.Elem().Kind() != reflect.Struct {
		return nil, errors.New("yaegi: no node.typ of *itype")
	}
	pos, ok := node.FieldByName("pos")
	if !ok || pos.Type != reflect.TypeFor[token.Pos]() {
		return nil, errors.New("yaegi: no node.pos of token.Pos")
	}
	in.children, in.nodePos, in.nodeType, in.itype = children.Offset, pos.Offset, typ.Offset, typ.Type.Elem()
	cat, ok := in.itype.FieldByName("cat")
	if !ok || cat.Type.Kind() != reflect.Uint {
		return nil, errors.New("yaegi: no itype.cat of an unsigned type")
	}
	in.category = cat.Offset
	funcT, err := categoryNamed(cat.Type, "funcT")
	if err != nil {
		return nil, err
	}
	in.funcT = funcT
	m, ok := typ.Type.MethodByName("TypeOf")
	if !ok || m.Type.NumIn() != 1 || m.Type.NumOut() != 1 || m.Type.Out(0) != reflect.TypeFor[reflect.Type]() {
		return nil, errors.New("yaegi: no method (*itype).TypeOf() reflect.Type")
	}
	in.typeOf = m.Func
	return in, nil
}

// categoryNamed returns the value of yaegi's type category (tcat) whose
// String is name.
func categoryNamed(cat reflect.Type, name string) (uint, error) {
	v := reflect.New(cat).Elem()
	if _, ok := cat.MethodByName("String"); !ok {
		return 0, fmt.Errorf("yaegi: no String method of %v", cat)
	}
	for c := range uint64(256) {
		v.SetUint(c)
		if s, ok := v.Interface().(fmt.Stringer); ok && s.String() == name {
			return uint(c), nil
		}
	}
	return 0, fmt.Errorf("yaegi: no type category %s", name)
}

// settle computes the reflect type of the function type at t (an
// *itype). A type yaegi cannot build (it panics on some) is left for
// yaegi to report where it is used.
func (in *yaegiInternals) settle(t unsafe.Pointer) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	in.typeOf.Call([]reflect.Value{reflect.NewAt(in.itype, t)})
	return true
}
