package interp

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

func init() {
	register("io.Copy, io.CopyBuffer or io.CopyN of an operand that may hold a value with a WriteTo or ReadFrom method of interpreted code (the compiled copy does not see the method in the interpreter)", findCopyInterfaces)
}

// copyCalls is the pass for io.Copy. Go's io.Copy asks its source for
// WriteTo and its destination for ReadFrom before copying through a
// buffer; a value of an interpreted type reaches the compiled io.Copy as
// yaegi's wrapper for io.Reader or io.Writer, which has Read or Write
// only, so those methods were never called (a page type's WriteTo wrote
// nothing). When the operands' static types say which method io.Copy
// calls, the call is made in interpreted code, through a function literal
// on its line that keeps the operands' order of evaluation:
//
//	io.Copy(w, p)  →  func(_cd io.Writer, _cs *page) (int64, error) { return _cs.WriteTo(_cd) }(w, p)
//
// The source's WriteTo when its type (concrete, of interpreted code) has
// it; else the destination's ReadFrom when its type has it and the
// source's type is concrete (an interface could hold a WriteTo, which
// comes first). Operands of interface type that may hold such a value of
// interpreted code are the detector's (see findCopyInterfaces): the
// interpreter cannot ask them.
func copyCalls(f *folder) (bool, []diagnostic) {
	changed := false
	for _, sf := range f.accepted() {
		calls := sf.calls("io", "Copy", "CopyN")
		if len(calls) == 0 {
			continue
		}
		info := f.typeInfo()
		if info == nil {
			return changed, nil
		}
		for _, c := range calls {
			if len(c.Args) < 2 || c.Ellipsis.IsValid() {
				continue
			}
			if lit := f.copyLiteral(sf, info, c); lit != "" {
				sf.edits = append(sf.edits, edit{off: f.offset(c.Fun.Pos()), end: f.offset(c.Fun.End()), text: lit})
				changed = true
			}
		}
	}
	return changed, nil
}

// copyLiteral returns the function literal that stands for io.Copy in
// call, or "" when io.Copy itself does what Go's does.
func (f *folder) copyLiteral(sf *srcFile, info *types.Info, call *ast.CallExpr) string {
	dst, src := info.TypeOf(call.Args[0]), info.TypeOf(call.Args[1])
	if dst == nil || src == nil {
		return ""
	}
	q := f.importingQualifier(sf)
	io, _ := sf.importName("io")
	if fn := call.Fun.(*ast.SelectorExpr).Sel.Name; fn == "CopyN" {
		// Go's CopyN copies from an io.LimitReader, which has no WriteTo,
		// and says io.EOF when the source ends early.
		if !f.interpretedWithMethod(dst, "ReadFrom") {
			return ""
		}
		return "func(_cd " + types.TypeString(dst, q) + ", _cs " + io + ".Reader, _cn int64) (int64, error) { _w, _err := _cd.ReadFrom(" + io + ".LimitReader(_cs, _cn)); if _w == _cn { return _cn, nil }; if _w < _cn && _err == nil { _err = " + io + ".EOF }; return _w, _err }"
	}
	switch {
	case f.interpretedWithMethod(src, "WriteTo"):
		return "func(_cd " + io + ".Writer, _cs " + types.TypeString(src, q) + ") (int64, error) { return _cs.WriteTo(_cd) }"
	case f.interpretedWithMethod(dst, "ReadFrom") && !types.IsInterface(src) && !hasMethodNamed(src, "WriteTo"):
		return "func(_cd " + types.TypeString(dst, q) + ", _cs " + io + ".Reader) (int64, error) { return _cd.ReadFrom(_cs) }"
	}
	return ""
}

// hasMethodNamed reports whether the method set of t has a method name.
func hasMethodNamed(t types.Type, name string) bool {
	ms := types.NewMethodSet(t)
	for i := range ms.Len() {
		if ms.At(i).Obj().Name() == name {
			return true
		}
	}
	return false
}

// sourceNamed returns the named type t, not an interface, is or points
// to when the interpreter runs it from source, else nil: compiled types
// keep their methods wherever they are handed.
func (f *folder) sourceNamed(t types.Type) *types.Named {
	if t == nil || types.IsInterface(t) {
		return nil
	}
	named := t
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		named = p.Elem()
	}
	n, ok := types.Unalias(named).(*types.Named)
	if !ok || n.Obj().Pkg() == nil || !f.fromSource(n.Obj().Pkg().Path()) {
		return nil
	}
	return n
}

// ioMethods are the signatures of the methods io.Copy asks for.
var ioMethods = map[string]string{
	"WriteTo":  "func(io.Writer) (int64, error)",
	"ReadFrom": "func(io.Reader) (int64, error)",
}

// interpretedWithMethod reports whether t, not an interface, is (or points
// to) a named type the interpreter runs from source whose method set has
// name with io's signature for it.
func (f *folder) interpretedWithMethod(t types.Type, name string) bool {
	n := f.sourceNamed(t)
	if n == nil {
		return false
	}
	sel := types.NewMethodSet(t).Lookup(n.Obj().Pkg(), name)
	if sel == nil {
		return false
	}
	sig := sel.Obj().Type().(*types.Signature)
	return signatureText(sig) == ioMethods[name]
}

// signatureText is sig without its receiver and parameter names, types
// qualified by their package's name: "func(io.Writer) (int64, error)".
func signatureText(sig *types.Signature) string {
	list := func(t *types.Tuple) []string {
		var out []string
		for i := range t.Len() {
			out = append(out, types.TypeString(t.At(i).Type(), func(p *types.Package) string { return p.Name() }))
		}
		return out
	}
	text := "func(" + strings.Join(list(sig.Params()), ", ") + ")"
	switch results := list(sig.Results()); len(results) {
	case 0:
	case 1:
		text += " " + results[0]
	default:
		text += " (" + strings.Join(results, ", ") + ")"
	}
	return text
}

// fromSource reports whether the package path is one the interpreter runs
// from source: the folder's own, or one the type check read from source.
func (f *folder) fromSource(path string) bool {
	return path == f.importPath || f.importer != nil && f.importer.source(path) != nil
}

// findCopyInterfaces finds the calls of io.Copy, io.CopyBuffer and
// io.CopyN with an operand the interpreter cannot ask for WriteTo or
// ReadFrom: of an interface type that may hold a value of interpreted code
// with the method (a type the folder's code can hold has it), or of such a
// type itself for CopyBuffer and CopyN, which copyCalls leaves as written.
// (CopyN hides its source's WriteTo behind an io.LimitReader, as Go's
// does.)
func findCopyInterfaces(f *folder, sf *srcFile) []token.Pos {
	calls := sf.calls("io", "Copy", "CopyBuffer", "CopyN")
	if len(calls) == 0 {
		return nil
	}
	if !f.hasMethod("WriteTo", "ReadFrom") {
		return nil
	}
	info := f.typeInfo()
	if info == nil {
		return nil
	}
	var out []token.Pos
	for _, c := range calls {
		if len(c.Args) < 2 {
			continue
		}
		dst, src := info.TypeOf(c.Args[0]), info.TypeOf(c.Args[1])
		if dst == nil || src == nil {
			continue
		}
		fn := c.Fun.(*ast.SelectorExpr).Sel.Name
		asWritten := fn == "CopyBuffer" && (f.interpretedWithMethod(src, "WriteTo") || f.interpretedWithMethod(dst, "ReadFrom"))
		readFromBehind := fn == "Copy" && f.interpretedWithMethod(dst, "ReadFrom") && types.IsInterface(src)
		if asWritten || readFromBehind || fn != "CopyN" && f.mayHoldMethod(src, "WriteTo") || f.mayHoldMethod(dst, "ReadFrom") {
			out = append(out, c.Pos())
		}
	}
	return out
}
