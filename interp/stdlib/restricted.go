package stdlib

import (
	"errors"
	"fmt"
	"io"
	"log"
	"os"
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
