package main

// shimSrc is each route's stand-in for package testing (its names prefixed
// with test: testing.T is testT): the route's handler
// runs them through testRunTests, writing what a verbose test run would say
// (minus timings) to the answer.
const shimSrc = `// This file stands in for the standard library's package testing so that
// the converted tests run inside the route's handler.
package route

import (
	"fmt"
	"io"
	"strings"
)

type testStop struct{ testStopMarker bool }

type testT struct {
	name    string
	w       io.Writer
	failed  bool
	skipped bool
	cleanup []func()
}

type testTB interface {
	Helper()
	Error(args ...any)
	Errorf(format string, args ...any)
	Fatal(args ...any)
	Fatalf(format string, args ...any)
	Log(args ...any)
	Logf(format string, args ...any)
	Skip(args ...any)
	Name() string
	Fail()
	FailNow()
	Failed() bool
}

type testB struct {
	testT
	N int
}

func (b *testB) Loop() bool     { b.N++; return b.N <= 1 }
func (b *testB) ResetTimer()    {}
func (b *testB) StopTimer()     {}
func (b *testB) StartTimer()    {}
func (b *testB) ReportAllocs()  {}
func (b *testB) SetBytes(int64) {}

type testInternalTest struct {
	Name string
	F    func(*testT)
}

func testShort() bool { return true }

func (t *testT) say(s string) {
	s = strings.TrimSuffix(s, "\n")
	for _, line := range strings.Split(s, "\n") {
		fmt.Fprintf(t.w, "    %s\n", line)
	}
}

func (t *testT) Helper()                           {}
func (t *testT) Parallel()                         {}
func (t *testT) Name() string                      { return t.name }
func (t *testT) Fail()                             { t.failed = true }
func (t *testT) Failed() bool                      { return t.failed }
func (t *testT) FailNow()                          { t.failed = true; panic(testStop{true}) }
func (t *testT) Log(args ...any)                   { t.say(fmt.Sprintln(args...)) }
func (t *testT) Logf(format string, args ...any)   { t.say(fmt.Sprintf(format, args...)) }
func (t *testT) Error(args ...any)                 { t.say(fmt.Sprintln(args...)); t.failed = true }
func (t *testT) Errorf(format string, args ...any) { t.say(fmt.Sprintf(format, args...)); t.failed = true }
func (t *testT) Fatal(args ...any)                 { t.Error(args...); panic(testStop{true}) }
func (t *testT) Fatalf(format string, args ...any) { t.Errorf(format, args...); panic(testStop{true}) }
func (t *testT) Skip(args ...any)                  { t.say(fmt.Sprintln(args...)); t.SkipNow() }
func (t *testT) Skipf(format string, args ...any)  { t.say(fmt.Sprintf(format, args...)); t.SkipNow() }
func (t *testT) SkipNow()                          { t.skipped = true; panic(testStop{true}) }
func (t *testT) Cleanup(f func())                  { t.cleanup = append(t.cleanup, f) }

func (t *testT) Run(name string, f func(t *testT)) bool {
	sub := &testT{name: t.name + "/" + strings.ReplaceAll(name, " ", "_"), w: t.w}
	sub.run(f)
	if sub.failed {
		t.failed = true
	}
	return !sub.failed
}

func (t *testT) run(f func(t *testT)) {
	fmt.Fprintf(t.w, "=== RUN   %s\n", t.name)
	func() {
		defer func() {
			for i := len(t.cleanup) - 1; i >= 0; i-- {
				t.cleanup[i]()
			}
			if r := recover(); r != nil {
				if _, ok := r.(testStop); !ok {
					fmt.Fprintf(t.w, "    panic: %v\n", r)
					t.failed = true
				}
			}
		}()
		f(t)
	}()
	switch {
	case t.failed:
		fmt.Fprintf(t.w, "--- FAIL: %s\n", t.name)
	case t.skipped:
		fmt.Fprintf(t.w, "--- SKIP: %s\n", t.name)
	default:
		fmt.Fprintf(t.w, "--- PASS: %s\n", t.name)
	}
}

// testRunTests runs the tests in order, writing their verbose output to w.
func testRunTests(w io.Writer, tests []testInternalTest) {
	failed := false
	for _, test := range tests {
		t := &testT{name: test.Name, w: w}
		t.run(test.F)
		failed = failed || t.failed
	}
	if failed {
		fmt.Fprintln(w, "FAIL")
	} else {
		fmt.Fprintln(w, "PASS")
	}
}
`
