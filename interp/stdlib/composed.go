//go:build go1.26

package stdlib

import (
	"fmt"
	"io/fs"
	"reflect"
)

// Compiled code asks some interface values for more methods than their
// interface has: io/fs asks an fs.File for ReadDir (fs.ReadDirFile: a
// directory's listing in fs.ReadDir, fs.WalkDir, fs.Glob), http.FS for
// Seek; fmt.Errorf's %w needs an Error method beside the Format method
// its wrapper of an operand was chosen for; fmt's scanning functions ask
// their reader for ReadRune and UnreadRune; math/rand asks its Source
// for Uint64. yaegi hands compiled code a value of interpreted code in a
// wrapper of the interface the code asks for, with that interface's
// methods only, unless a composed wrapper of MapTypes lists them all. The
// composed wrappers are picked by method names: yaegi fills their fields
// with the value's methods of those names.

func init() {
	wrapper := func(p any) reflect.Type { return reflect.TypeOf(p).Elem() }
	MapTypes[reflect.ValueOf((*_io_fs_File)(nil))] = []reflect.Type{
		wrapper((*fsFileReadDirSeek)(nil)),
		wrapper((*_io_fs_ReadDirFile)(nil)),
		wrapper((*fsFileSeek)(nil)),
	}
	MapTypes[reflect.ValueOf((*_fmt_Formatter)(nil))] = []reflect.Type{
		wrapper((*fmtFormatterError)(nil)),
	}
	MapTypes[reflect.ValueOf((*_io_Reader)(nil))] = []reflect.Type{
		wrapper((*ioReaderRuneScanner)(nil)),
	}
	MapTypes[reflect.ValueOf((*_math_rand_Source)(nil))] = []reflect.Type{
		wrapper((*_math_rand_Source64)(nil)),
	}
}

// fsFileReadDirSeek is an fs.File that is an fs.ReadDirFile and an
// io.Seeker.
type fsFileReadDirSeek struct {
	IValue   any
	WClose   func() error
	WRead    func(p []byte) (int, error)
	WReadDir func(n int) ([]fs.DirEntry, error)
	WSeek    func(offset int64, whence int) (int64, error)
	WStat    func() (fs.FileInfo, error)
}

func (w fsFileReadDirSeek) Close() error                         { return w.WClose() }
func (w fsFileReadDirSeek) Read(p []byte) (int, error)           { return w.WRead(p) }
func (w fsFileReadDirSeek) ReadDir(n int) ([]fs.DirEntry, error) { return w.WReadDir(n) }
func (w fsFileReadDirSeek) Seek(offset int64, whence int) (int64, error) {
	return w.WSeek(offset, whence)
}
func (w fsFileReadDirSeek) Stat() (fs.FileInfo, error) { return w.WStat() }

// fsFileSeek is an fs.File that is an io.Seeker.
type fsFileSeek struct {
	IValue any
	WClose func() error
	WRead  func(p []byte) (int, error)
	WSeek  func(offset int64, whence int) (int64, error)
	WStat  func() (fs.FileInfo, error)
}

func (w fsFileSeek) Close() error                                 { return w.WClose() }
func (w fsFileSeek) Read(p []byte) (int, error)                   { return w.WRead(p) }
func (w fsFileSeek) Seek(offset int64, whence int) (int64, error) { return w.WSeek(offset, whence) }
func (w fsFileSeek) Stat() (fs.FileInfo, error)                   { return w.WStat() }

// fmtFormatterError is a fmt.Formatter that is an error: fmt formats it
// with Format, as it would the value, and fmt.Errorf's %w wraps it.
type fmtFormatterError struct {
	IValue  any
	WError  func() string
	WFormat func(f fmt.State, verb rune)
}

func (w fmtFormatterError) Error() string                 { return w.WError() }
func (w fmtFormatterError) Format(f fmt.State, verb rune) { w.WFormat(f, verb) }

// ioReaderRuneScanner is an io.Reader that is an io.RuneScanner, which
// fmt's scanning functions read runes from and put back the one they
// looked ahead at.
type ioReaderRuneScanner struct {
	IValue      any
	WRead       func(p []byte) (int, error)
	WReadRune   func() (r rune, size int, err error)
	WUnreadRune func() error
}

func (w ioReaderRuneScanner) Read(p []byte) (int, error)              { return w.WRead(p) }
func (w ioReaderRuneScanner) ReadRune() (r rune, size int, err error) { return w.WReadRune() }
func (w ioReaderRuneScanner) UnreadRune() error                       { return w.WUnreadRune() }

// ErrorWrappers are the composed wrappers of the error interface, most
// methods first: yaegi wraps a value of interpreted code handed to
// compiled code as an error in a wrapper with Error only, so fmt printed
// an error type's Error() where a build calls its Format (pkg/errors'
// %+v stack traces) or, for %#v, its GoString. yaegi keys them by its
// own error wrapper, which is unexported: the interp package adds them to
// the "." symbols under it.
//
// Each comes first in a variant with the method ErrorValueMethod, which
// the interp package's rewrite declares on the route types whose values
// are errors (see ErrorValueMethod).
var ErrorWrappers = []reflect.Type{
	reflect.TypeFor[errorFormatterGoStringerValue](),
	reflect.TypeFor[errorFormatterValue](),
	reflect.TypeFor[errorGoStringerValue](),
	reflect.TypeFor[errorValue](),
	reflect.TypeFor[errorFormatterGoStringer](),
	reflect.TypeFor[errorFormatter](),
	reflect.TypeFor[errorGoStringer](),
}

// errorFormatterGoStringer is an error that is a fmt.Formatter and a
// fmt.GoStringer.
type errorFormatterGoStringer struct {
	IValue    any
	WError    func() string
	WFormat   func(f fmt.State, verb rune)
	WGoString func() string
}

func (w errorFormatterGoStringer) Error() string                 { return w.WError() }
func (w errorFormatterGoStringer) Format(f fmt.State, verb rune) { w.WFormat(f, verb) }
func (w errorFormatterGoStringer) GoString() string              { return w.WGoString() }

// errorFormatter is an error that is a fmt.Formatter.
type errorFormatter struct {
	IValue  any
	WError  func() string
	WFormat func(f fmt.State, verb rune)
}

func (w errorFormatter) Error() string                 { return w.WError() }
func (w errorFormatter) Format(f fmt.State, verb rune) { w.WFormat(f, verb) }

// errorGoStringer is an error that is a fmt.GoStringer.
type errorGoStringer struct {
	IValue    any
	WError    func() string
	WGoString func() string
}

func (w errorGoStringer) Error() string    { return w.WError() }
func (w errorGoStringer) GoString() string { return w.WGoString() }

// ErrorValueMethod is the method the interp package's rewrite declares on
// each type of route code whose values are errors (an Error method in
// the method set of its values): it returns the value in a []any, where
// yaegi keeps the value whole and its type's name (see
// yaegival.TypeID). yaegi hands such a value to compiled code as an
// error in a wrapper holding the last of its fields only (NotFound{"page",
// 7} and Gone{"user", 7} both hold 7); the wrappers below, which yaegi
// picks for a value with the method, carry it as their field
// ErrorValueField, for errors.Is and errors.As to see the value itself.
const ErrorValueMethod = "DevserverErrorValue"

// ErrorValueField is the field of the wrappers of ErrorWrappers holding
// the method ErrorValueMethod.
const ErrorValueField = "W" + ErrorValueMethod

// errorValue is an error whose value is held whole by ErrorValueField.
type errorValue struct {
	IValue               any
	WError               func() string
	WDevserverErrorValue func() []any
}

func (w errorValue) Error() string { return w.WError() }

// errorFormatterValue is errorFormatter with the value held whole.
type errorFormatterValue struct {
	IValue               any
	WError               func() string
	WFormat              func(f fmt.State, verb rune)
	WDevserverErrorValue func() []any
}

func (w errorFormatterValue) Error() string                 { return w.WError() }
func (w errorFormatterValue) Format(f fmt.State, verb rune) { w.WFormat(f, verb) }

// errorGoStringerValue is errorGoStringer with the value held whole.
type errorGoStringerValue struct {
	IValue               any
	WError               func() string
	WGoString            func() string
	WDevserverErrorValue func() []any
}

func (w errorGoStringerValue) Error() string    { return w.WError() }
func (w errorGoStringerValue) GoString() string { return w.WGoString() }

// errorFormatterGoStringerValue is errorFormatterGoStringer with the value
// held whole.
type errorFormatterGoStringerValue struct {
	IValue               any
	WError               func() string
	WFormat              func(f fmt.State, verb rune)
	WGoString            func() string
	WDevserverErrorValue func() []any
}

func (w errorFormatterGoStringerValue) Error() string                 { return w.WError() }
func (w errorFormatterGoStringerValue) Format(f fmt.State, verb rune) { w.WFormat(f, verb) }
func (w errorFormatterGoStringerValue) GoString() string              { return w.WGoString() }
