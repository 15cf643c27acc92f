package fmtfix

import (
	"errors"
	"reflect"
	"strings"
	"text/template"

	"github.com/devserver/devserver/internal/yaegival"
)

// Names words text/template's errors with the names of one interpreter's
// struct types.
type Names struct {
	Structs *yaegival.StructNames
}

// TemplateError returns err, the error of a template's Execute or
// ExecuteTemplate, worded as for compiled types: text/template names the
// type of the data in its errors, which for a struct type of interpreted
// code is yaegi's unnamed one ("can't evaluate field Nope in type
// *struct { City string; Zip string }" for *route.Address), and reaching
// an unexported field is "can't evaluate field secret" where compiled Go
// says "secret is an unexported field of struct type route.Person" (yaegi
// renamed the field Xsecret). A template.ExecError stays one. The names
// are those of one interpreter's struct types (see
// yaegival.StructNames): the interp package binds each interpreter's own.
func (n Names) TemplateError(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	fixed := n.Structs.Reword(n.unexportedField(msg))
	if fixed == msg {
		return err
	}
	var ee template.ExecError
	if errors.As(err, &ee) && err == error(ee) {
		return template.ExecError{Name: ee.Name, Err: errors.New(fixed)}
	}
	return &rewordedError{msg: fixed, err: err}
}

// cantEvaluate is how text/template words a field it does not find.
const cantEvaluate = "can't evaluate field "

// unexportedField rewrites msg's "can't evaluate field f in type T", when
// T is an interpreted struct type (or a pointer to one) with a field Xf,
// to what compiled Go says of the unexported field f.
func (n Names) unexportedField(msg string) string {
	i := strings.LastIndex(msg, cantEvaluate)
	if i < 0 {
		return msg
	}
	field, typ, ok := strings.Cut(msg[i+len(cantEvaluate):], " in type ")
	if !ok || field == "" || strings.ContainsAny(field, " .") {
		return msg
	}
	st := n.structSpelt(strings.TrimPrefix(typ, "*"))
	if st == nil {
		return msg
	}
	if f, ok := st.FieldByName("X" + field); !ok || f.Tag.Get("json") != "-" {
		return msg // not a field yaegi renamed (the tag pass marks those)
	}
	return msg[:i] + field + " is an unexported field of struct type " + typ
}

// structSpelt returns the registered struct type reflect spells text, or
// nil.
func (n Names) structSpelt(text string) reflect.Type {
	for _, t := range n.Structs.Structs() {
		if t.String() == text {
			return t
		}
	}
	return nil
}

// rewordedError is an error whose text TemplateError corrected.
type rewordedError struct {
	msg string
	err error
}

func (e *rewordedError) Error() string { return e.msg }

// Unwrap returns the original error.
func (e *rewordedError) Unwrap() error { return e.err }
