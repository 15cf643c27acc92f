// Package routego reports the panics of goroutines that route code starts.
// A panic nobody recovers in any goroutine ends a Go program, and with it
// the dev server; so the rewrite of route source (interp's goStatements
// pass) makes every go statement's goroutine recover its panic and hand it
// to Recovered, with the position of the go statement. The package is
// reachable from interpreted code only, through the interpreter's symbol
// table; the dev server says where the reports go (SetReport).
package routego

import (
	"fmt"
	"os"
	"reflect"
	"sync/atomic"
)

// Panic is a goroutine's recovered panic.
type Panic struct {
	// File, Line and Column are the position of the go statement that
	// started the goroutine; File is absolute.
	File         string
	Line, Column int
	// Value is the value it panicked with, as %v prints it.
	Value string
}

// Error says what panicked, and where the goroutine was started.
func (p Panic) Error() string {
	return fmt.Sprintf("%s:%d:%d: panic in the goroutine started here: %s", p.File, p.Line, p.Column, p.Value)
}

var report atomic.Pointer[func(Panic)]

// SetReport makes Recovered pass each panic to f; nil restores the
// default, a line on standard error.
func SetReport(f func(Panic)) {
	if f == nil {
		report.Store(nil)
		return
	}
	report.Store(&f)
}

// Recovered is what the deferred function of a rewritten go statement
// calls with the statement's position and recover()'s result: a nil v
// means no panic.
func Recovered(file string, line, column int, v any) {
	if v == nil {
		return
	}
	// yaegi hands some panics on as the reflect.Value of what was panicked.
	if rv, ok := v.(reflect.Value); ok && rv.IsValid() && rv.CanInterface() {
		v = rv.Interface()
	}
	p := Panic{File: file, Line: line, Column: column, Value: fmt.Sprint(v)}
	if f := report.Load(); f != nil {
		(*f)(p)
		return
	}
	fmt.Fprintln(os.Stderr, p.Error())
}

// Go starts f in a goroutine of its own. The rewrite of a go statement in
// a loop calls it with the goroutine's closure instead of using a go
// statement, whose closure yaegi would share between the loop's
// iterations (see interp's goStatements pass).
func Go(f func()) { go f() }
