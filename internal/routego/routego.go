// Package routego reports the panics of goroutines that route code starts.
// A panic nobody recovers in any goroutine ends a Go program, and with it
// the dev server; so the rewrite of route source (interp's goStatements
// pass) makes every go statement's goroutine recover its panic and hand it
// to Recovered, with the position of the go statement. The package is
// reachable from interpreted code only, through the interpreter's symbol
// table; the dev server says where the reports go (SetReport).
package routego

import (
	"context"
	"fmt"
	"os"
	"reflect"
	"regexp"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/devserver/devserver/internal/panicpos"
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
	panicpos.Recovered() // the goroutine's frames are reported here, not by the dev server
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

// Started is what a rewritten go statement's goroutine calls first, with
// the statement's position: it adds the pprof label "go" ("file:line:col")
// to the labels the goroutine inherited (the request a supervised dev
// server labels its handlers with). A fatal error in the goroutine, which
// no recover catches (concurrent map writes), prints its labels in the
// goroutine dump, where the supervisor finds the go statement. Labels are
// read back from the goroutine's own traceback, so only when tracebacks
// show them (GODEBUG=tracebacklabels=1, as the supervisor sets it);
// otherwise Started does nothing, and the inherited labels stay.
func Started(file string, line, column int) {
	if !labelsShown() {
		return
	}
	var buf [512]byte
	header, _, _ := strings.Cut(string(buf[:runtime.Stack(buf[:], false)]), "\n")
	kv := inheritedLabels(header)
	kv = append(kv, "go", fmt.Sprintf("%s:%d:%d", file, line, column))
	pprof.SetGoroutineLabels(pprof.WithLabels(context.Background(), pprof.Labels(kv...)))
}

// labelsShown reports whether tracebacks print goroutine labels.
var labelsShown = sync.OnceValue(func() bool {
	for _, s := range strings.Split(os.Getenv("GODEBUG"), ",") {
		if strings.TrimSpace(s) == "tracebacklabels=1" {
			return true
		}
	}
	return false
})

// labelRE matches one label of a traceback's goroutine header:
// "key": "value", both quoted as Go quotes strings.
var labelRE = regexp.MustCompile(`"((?:[^"\\]|\\.)*)": "((?:[^"\\]|\\.)*)"`)

// inheritedLabels reads the labels of a goroutine header ("goroutine 7
// [running labels:{"request": "GET /x"}]:") as key, value pairs, leaving
// out an earlier "go" label.
func inheritedLabels(header string) []string {
	_, labels, ok := strings.Cut(header, " labels:{")
	if !ok {
		return nil
	}
	var kv []string
	for _, m := range labelRE.FindAllStringSubmatch(labels, -1) {
		k, err1 := strconv.Unquote(`"` + m[1] + `"`)
		v, err2 := strconv.Unquote(`"` + m[2] + `"`)
		if err1 == nil && err2 == nil && k != "go" {
			kv = append(kv, k, v)
		}
	}
	return kv
}

// Go starts f in a goroutine of its own. The rewrite of a go statement in
// a loop calls it with the goroutine's closure instead of using a go
// statement, whose closure yaegi would share between the loop's
// iterations (see interp's goStatements pass).
func Go(f func()) { go f() }
