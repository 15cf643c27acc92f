package interp

import (
	"go/ast"
	"go/types"
	"strings"
)

// A print wrapper is a function of Go source that hands its variadic
// ...any parameter on to one of fmt's print functions as its printed
// operands, unchanged, as vet's printf check calls it:
//
//	func Errorf(status int, format string, args ...any) error {
//		return &HTTPError{status, fmt.Errorf(format, args...)}
//	}
//
// Its body's spread call hands fmt values whose types the rewrite cannot
// know, but the callers' arguments are known where they are written: the
// fmtArgs pass wraps them there as it wraps fmt's own, and the detectors
// of fmt's differences look at them there, so the wrapper's spread needs
// neither.

// printShape is how a print function takes its operands: the index of its
// format argument (-1 for none) and of its first printed operand, and the
// fmt function they end up in, which says whether the operands are spaced
// (Print, not Println) and whether a %w may wrap an error (Errorf).
type printShape struct {
	format, first int
	fmtName       string
}

// printShapeOf returns the shape of fn when it is one of fmt's print
// functions or a print wrapper of source the folder sees.
func (f *folder) printShapeOf(fn *types.Func) (printShape, bool) {
	if fn == nil || fn.Pkg() == nil {
		return printShape{}, false
	}
	if fn.Pkg().Path() == "fmt" {
		s, ok := fmtFuncs[fn.Name()]
		return printShape{s[0], s[1], fn.Name()}, ok
	}
	if f.printWrappers == nil {
		f.printWrappers = make(map[*types.Func]*printShape)
	}
	s, seen := f.printWrappers[fn]
	if !seen {
		s = f.wrapperShape(fn)
		f.printWrappers[fn] = s
	}
	if s == nil {
		return printShape{}, false
	}
	return *s, true
}

// printCall is a call of one of fmt's print functions or of a print
// wrapper, with its shape.
type printCall struct {
	call  *ast.CallExpr
	shape printShape
}

// formattedOperand is an operand of a print call with a format, and the
// verb of the format that prints it.
type formattedOperand struct {
	arg  ast.Expr
	verb fmtVerb
}

// formattedOperands returns the operands of the print calls of sf that
// have a format (see printCalls), each with its verb.
func (f *folder) formattedOperands(sf *srcFile, info *types.Info) []formattedOperand {
	var out []formattedOperand
	for _, pc := range f.printCalls(sf, info) {
		c, format := pc.call, pc.shape.format
		if format < 0 || len(c.Args) <= format {
			continue
		}
		args := c.Args[pc.shape.first:]
		for i, v := range f.formatVerbs(c.Args[format], len(args)) {
			out = append(out, formattedOperand{args[i], v})
		}
	}
	return out
}

// printCalls returns the calls in sf of fmt's print functions and of
// print wrappers, whose arguments are not spread (call(x...)), nor given
// to a method expression ((*T).Printf(t, ...), whose receiver is the
// first argument).
func (f *folder) printCalls(sf *srcFile, info *types.Info) []printCall {
	var out []printCall
	ast.Inspect(sf.syntax, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || call.Ellipsis.IsValid() {
			return true
		}
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
			if s := info.Selections[sel]; s != nil && s.Kind() != types.MethodVal {
				return true
			}
		}
		if shape, ok := f.printShapeOf(calledFunc(info, call)); ok && len(call.Args) >= shape.first {
			out = append(out, printCall{call, shape})
		}
		return true
	})
	return out
}

// wrapperShape returns the shape of fn as a print wrapper, or nil when it
// is none: a function or method (not generic) declared in the folder or
// in a package of source it imports, whose last parameter is ...any and
// whose body uses it only as the spread operands of calls of one kind of
// fmt print function (formatted by the parameter before it, a string the
// body never assigns, or not formatted, spaced alike).
func (f *folder) wrapperShape(fn *types.Func) *printShape {
	sig := fn.Signature()
	n := sig.Params().Len()
	if !sig.Variadic() || sig.TypeParams() != nil || sig.RecvTypeParams() != nil {
		return nil
	}
	last := sig.Params().At(n - 1)
	if elem := last.Type().(*types.Slice).Elem(); !types.IsInterface(elem) || elem.Underlying().(*types.Interface).NumMethods() != 0 {
		return nil
	}
	decl, info := f.funcDecl(fn)
	if decl == nil || decl.Body == nil {
		return nil
	}
	var format types.Object
	if n >= 2 {
		if p := sig.Params().At(n - 2); types.Identical(p.Type(), types.Typ[types.String]) {
			format = p
		}
	}
	var shape *printShape
	forwarded := map[*ast.Ident]bool{}
	ok := true
	ast.Inspect(decl.Body, func(node ast.Node) bool {
		call, isCall := node.(*ast.CallExpr)
		if !ok || !isCall || !call.Ellipsis.IsValid() {
			return ok
		}
		id, isIdent := ast.Unparen(call.Args[len(call.Args)-1]).(*ast.Ident)
		if !isIdent || info.Uses[id] != last {
			return true
		}
		fmtFn := calledFunc(info, call)
		if fmtFn == nil || fmtFn.Pkg() == nil || fmtFn.Pkg().Path() != "fmt" {
			ok = false
			return false
		}
		s, known := fmtFuncs[fmtFn.Name()]
		if !known || len(call.Args) != s[1]+1 {
			ok = false
			return false
		}
		this := &printShape{format: -1, first: n - 1, fmtName: fmtFn.Name()}
		if s[0] >= 0 {
			fid, isIdent := ast.Unparen(call.Args[s[0]]).(*ast.Ident)
			if format == nil || !isIdent || info.Uses[fid] != format {
				ok = false
				return false
			}
			this.format = n - 2
		}
		if shape != nil && !sameSpacing(*shape, *this) {
			ok = false
			return false
		}
		if shape == nil || this.fmtName == "Errorf" {
			shape = this
		}
		forwarded[id] = true
		return true
	})
	if !ok || shape == nil || usedOtherwise(decl.Body, info, last, forwarded) || format != nil && shape.format >= 0 && assigned(decl.Body, info, format) {
		return nil
	}
	return shape
}

// sameSpacing reports whether two fmt functions a wrapper forwards to
// take its operands alike: both formatted, or both spaced as Print or as
// Println.
func sameSpacing(a, b printShape) bool {
	if (a.format >= 0) != (b.format >= 0) {
		return false
	}
	return a.format >= 0 || strings.HasSuffix(a.fmtName, "ln") == strings.HasSuffix(b.fmtName, "ln")
}

// usedOtherwise reports whether body uses obj other than as the
// identifiers of forwarded.
func usedOtherwise(body *ast.BlockStmt, info *types.Info, obj types.Object, forwarded map[*ast.Ident]bool) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && info.Uses[id] == obj && !forwarded[id] {
			found = true
		}
		return !found
	})
	return found
}

// assigned reports whether body assigns obj or takes its address.
func assigned(body *ast.BlockStmt, info *types.Info, obj types.Object) bool {
	is := func(e ast.Expr) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		return ok && info.Uses[id] == obj
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.AssignStmt:
			for _, l := range x.Lhs {
				found = found || is(l)
			}
		case *ast.UnaryExpr:
			found = found || x.Op.String() == "&" && is(x.X)
		case *ast.RangeStmt:
			found = found || x.Key != nil && is(x.Key) || x.Value != nil && is(x.Value)
		}
		return !found
	})
	return found
}

// funcDecl returns the declaration of fn and the types of its package,
// when fn is declared in the folder or in a package it imports whose
// source was type checked; else nil.
func (f *folder) funcDecl(fn *types.Func) (*ast.FuncDecl, *types.Info) {
	files, info := f.files, f.typeInfo()
	if fn.Pkg() != f.pkg {
		if f.importer == nil {
			return nil, nil
		}
		cs := f.importer.source(fn.Pkg().Path())
		if cs == nil || cs.folder == nil {
			return nil, nil
		}
		files, info = cs.folder.files, cs.info
	}
	if info == nil {
		return nil, nil
	}
	for _, sf := range files {
		for _, d := range sf.syntax.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && info.Defs[fd.Name] == fn {
				return fd, info
			}
		}
	}
	return nil, nil
}
