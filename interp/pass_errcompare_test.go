package interp

import (
	"strings"
	"testing"
)

func TestErrorComparisons(t *testing.T) {
	src := `package p

import (
	"errors"
	"io"
	"sync"
)

type E struct{ s string }

func (e *E) Error() string { return e.s }

var errA = &E{"a"}
var errB = errors.New("b")

// once's results are of a type the check cannot tell.
var once = sync.OnceValues(func() (int, error) { return 0, errA })

func g() bool {
	_, err := once()
	switch err {
	case errB:
		return true
	}
	return err == errB
}

func f(err error, p, q *E) (bool, string) {
	eq := err == errA || errB != err || err == nil || err == io.EOF || p == q || (err == errA) == true
	switch err {
	case nil:
		return eq, "nil"
	case errA, io.EOF:
		return eq, "a"
	}
	switch e := errors.Unwrap(err); e {
	case errB:
		return eq, "b"
	}
	switch errors.Unwrap(err) {
	case errB:
		return eq, "b"
	}
	return eq, ""
}
`
	r := runPass(t, errorComparisons, true, "a.go", src)
	out := r.out("a.go")
	for _, want := range []string{
		`eq := _dsrt.SameError(err , errA) || !_dsrt.SameError(errB , err) || err == nil || err == io.EOF || p == q || (_dsrt.SameError(err , errA)) == true`,
		"switch  {\n\tcase err == nil:",
		"case _dsrt.SameError(err, errA) || _dsrt.SameError(err, io.EOF):",
		"switch e := errors.Unwrap(err);  {\n\tcase _dsrt.SameError(e, errB):",
		"switch _dserr",
		":= errors.Unwrap(err); {",
		"return _dsrt.SameError(err , errB)",
		"switch  {\n\tcase _dsrt.SameError(err, errB):",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}
