package interp

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

func init() {
	register("a value of a type with a method compiled code asks its interface values for (WriteString, WriteTo, ReadFrom, or a ResponseWriter's Unwrap, Flush or Hijack) handed to compiled code as an interface (the interpreter hands over a wrapper without the method)", findOptionalMethodsHanded)
	register("encoding/gob in a package with GobEncode, GobDecode, MarshalBinary, UnmarshalBinary, MarshalText or UnmarshalText methods (gob does not see them on the interpreter's values)", findGobMarshalers)
}

// optionalMethods are methods compiled code asks the values of its
// interface parameters for, by their signatures: io.WriteString,
// io.MultiWriter, a strings.Reader's WriteTo, http.Header's Write and a
// bufio.Writer's large writes call WriteString instead of Write;
// http.NewResponseController unwraps a ResponseWriter wrapper and asks it
// to Flush, Hijack or set deadlines; a bufio.Reader's WriteTo calls its
// reader's, a bufio.Writer's ReadFrom its writer's.
var optionalMethods = map[string]string{
	"WriteString":      "func(string) (int, error)",
	"WriteTo":          "func(io.Writer) (int64, error)",
	"ReadFrom":         "func(io.Reader) (int64, error)",
	"Unwrap":           "func() http.ResponseWriter",
	"Flush":            "func()",
	"FlushError":       "func() error",
	"Hijack":           "func() (net.Conn, *bufio.ReadWriter, error)",
	"SetReadDeadline":  "func(time.Time) error",
	"SetWriteDeadline": "func(time.Time) error",
	"EnableFullDuplex": "func() error",
}

// findOptionalMethodsHanded finds the arguments of calls of compiled
// functions and methods (other than fmt's, which only ever Write) that
// hand over, as an interface, a value of a type of interpreted code with
// one of optionalMethods, or a value of an interface type that may hold
// one. The interpreter's wrapper for the interface has the interface's
// methods only: a type whose WriteString does more than Write (counts, or
// transforms) answered otherwise, and a ResponseWriter wrapper with an
// Unwrap method made http.NewResponseController's Flush fail (feature not
// supported).
func findOptionalMethodsHanded(f *folder, sf *srcFile) []token.Pos {
	names := make([]string, 0, len(optionalMethods))
	for name := range optionalMethods {
		names = append(names, name)
	}
	if !f.hasMethod(names...) {
		return nil
	}
	info := f.typeInfo()
	if info == nil {
		return nil
	}
	errType := types.Universe.Lookup("error").Type()
	var out []token.Pos
	ast.Inspect(sf.syntax, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		sig, compiled := compiledCallee(info, call)
		if !compiled {
			return true
		}
		fn := calledFunc(info, call)
		if fn.Pkg().Path() == "fmt" {
			return true
		}
		// io.Copy's own WriteTo and ReadFrom are the copy pass's (see
		// copyCalls and findCopyInterfaces).
		copies := fn.Pkg().Path() == "io" && strings.HasPrefix(fn.Name(), "Copy")
		for i, a := range call.Args {
			param := paramType(sig, i, call.Ellipsis.IsValid())
			if param == nil || !types.IsInterface(param) || types.Identical(param, errType) {
				continue
			}
			if t := info.TypeOf(a); t != nil && f.hasOptionalMethod(t, copies) {
				out = append(out, a.Pos())
			}
		}
		return true
	})
	return out
}

// hasOptionalMethod reports whether t is (or points to) a type of
// interpreted code with one of optionalMethods, or an interface type with
// methods that a visible type of the folder with one implements.
func (f *folder) hasOptionalMethod(t types.Type, copies bool) bool {
	skipped := func(name string) bool { return copies && (name == "WriteTo" || name == "ReadFrom") }
	if it, ok := t.Underlying().(*types.Interface); ok {
		if it.NumMethods() == 0 {
			// Compiled code asks an any for its methods rarely (as
			// fmt does, which the fmt passes see to); every value of
			// the package fits one.
			return false
		}
		for name := range optionalMethods {
			if !skipped(name) && f.mayHoldMethod(t, name) {
				return true
			}
		}
		return false
	}
	base := t
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		base = p.Elem()
	}
	if _, ok := f.interpretedNamed(base); !ok {
		return false
	}
	ms := types.NewMethodSet(t)
	for name, want := range optionalMethods {
		sel := ms.Lookup(nil, name)
		if sel == nil || skipped(name) {
			continue
		}
		if sig, ok := sel.Obj().Type().(*types.Signature); ok && signatureText(sig) == want {
			return true
		}
	}
	return false
}

// gobMethods are the methods encoding/gob calls on the values it encodes
// and decodes, in its order of preference.
var gobMethods = []string{"GobEncode", "GobDecode", "MarshalBinary", "UnmarshalBinary", "MarshalText", "UnmarshalText"}

// findGobMarshalers finds the import of encoding/gob in a package whose
// types have one of gobMethods: gob encoded the interpreter's values of
// such types field by field (a Version with MarshalBinary as its Major and
// Minor) and decoded them without the method's checks.
func findGobMarshalers(f *folder, sf *srcFile) []token.Pos {
	if !f.hasMethod(gobMethods...) {
		return nil
	}
	return sf.importPos("encoding/gob")
}
