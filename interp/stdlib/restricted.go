package stdlib

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"reflect"
)

// The extractor refers to these instead of the standard functions that
// would end or signal the process: interpreted code must not be able to
// stop the server. os.Exit and log.Fatal* panic (the request fails with
// the panic; the server lives on).

func osExit(code int) { panic(fmt.Sprintf("os.Exit(%d)", code)) }

var errSelf = errors.New("restricted: a route cannot find the devserver process")

func osFindProcess(pid int) (*os.Process, error) {
	if pid == os.Getpid() {
		return nil, errSelf
	}
	return os.FindProcess(pid)
}

// flagParse is flag.Parse for interpreted code: it parses no arguments.
// The command line is the server's (devserver -p 3001 ./app, or a built
// binary's --port): flag.Parse would parse it into the route's flags and,
// at the first server flag, print "flag provided but not defined" and
// exit 2, taking the server down. A route's flags keep their defaults, as
// in a built binary (devserver build rewrites its calls the same way).
func flagParse() { _ = flag.CommandLine.Parse(nil) }

// init replaces flag.Parse in the extractor's symbols (yaegi's extractor
// replaces os.Exit and the others itself). It runs after the init
// functions of the generated files, which fill Symbols: a package's init
// functions run in the order of their files' names, and go1_*.go and
// fallback.go sort before restricted.go.
func init() {
	if syms := Symbols["flag/flag"]; syms != nil {
		syms["Parse"] = reflect.ValueOf(flagParse)
	}
}

func logFatal(v ...any)                 { log.Panic(v...) }
func logFatalf(format string, v ...any) { log.Panicf(format, v...) }
func logFatalln(v ...any)               { log.Panicln(v...) }

// logLogger is log.Logger for interpreted code: its Fatal methods panic.
// They have value receivers, so that logLogger and *logLogger have the
// same methods in the same order: yaegi finds a method promoted from an
// embedded *log.Logger (type Job struct{ *log.Logger }; job.Println) by
// its index in logLogger's method set and calls the method of that index
// of the *logLogger, which with pointer receivers had three more methods
// first (job.Printf called Panicln).
type logLogger struct{ *log.Logger }

func logNew(out io.Writer, prefix string, flag int) *logLogger {
	return &logLogger{log.New(out, prefix, flag)}
}

func (l logLogger) Fatal(v ...any)                 { l.Panic(v...) }
func (l logLogger) Fatalf(format string, v ...any) { l.Panicf(format, v...) }
func (l logLogger) Fatalln(v ...any)               { l.Panicln(v...) }
