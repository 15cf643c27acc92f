package interp

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// paramLocals is the pass for the parameters of an interface type with
// methods that the interpreter declares (func detectCircle(g geometry))
// which the body asserts or type-switches to a non-pointer type of
// interpreted code (g.(circle)): yaegi's value in such a parameter, when
// the argument was a variable, a call's result or a literal converted on
// the spot, fails the assertion, where a local variable the parameter is
// assigned to holds it as the compiler does. The parameter is renamed and
// a local variable of its name and type declared from it first, on the
// line of the body's brace:
//
//	func detectCircle(g geometry) {  →  func detectCircle(_dsp_g geometry) { var g geometry = _dsp_g;
func paramLocals(f *folder) (bool, []diagnostic) {
	changed := false
	for _, sf := range f.accepted() {
		if len(assertionsIn(sf.syntax)) == 0 {
			continue
		}
		info := f.typeInfo()
		if info == nil {
			return false, nil
		}
		for _, p := range f.localizableParams(sf, info) {
			name := p.name.Name
			off := f.offset(p.name.Pos())
			sf.edits = append(sf.edits, edit{off: off, end: off + len(name), text: "_dsp_" + name})
			at := f.offset(p.body.Lbrace) + 1
			sf.edits = append(sf.edits, edit{off: at, end: at, text: " var " + name + " " + p.typ + " = _dsp_" + name + ";"})
			changed = true
		}
	}
	return changed, nil
}

// localizedParam is a parameter paramLocals declares again as a local
// variable: its name in the signature, the text of its type, and the
// body of its function.
type localizedParam struct {
	name *ast.Ident
	typ  string
	body *ast.BlockStmt
}

// localizableParams returns, by variable, the parameters of sf's
// functions (not generic ones) that paramLocals declares again: of an
// interface type with methods the interpreter declares, the operand of a
// type assertion or type switch case to a non-pointer type of interpreted
// code, with a type written on one line naming none of the function's
// parameters and results.
func (f *folder) localizableParams(sf *srcFile, info *types.Info) map[*types.Var]localizedParam {
	asserted := map[*types.Var]bool{}
	for _, c := range assertionsIn(sf.syntax) {
		id, ok := ast.Unparen(c.operand).(*ast.Ident)
		if !ok {
			continue
		}
		if v, _ := info.Uses[id].(*types.Var); v != nil && interpreterDeclares(v.Type()) && f.interpretedConcrete(info.TypeOf(c.target)) {
			asserted[v] = true
		}
	}
	out := map[*types.Var]localizedParam{}
	if len(asserted) == 0 {
		return out
	}
	generic := genericSpans(sf.syntax)
	ast.Inspect(sf.syntax, func(n ast.Node) bool {
		var ft *ast.FuncType
		var body *ast.BlockStmt
		switch n := n.(type) {
		case *ast.FuncDecl:
			ft, body = n.Type, n.Body
		case *ast.FuncLit:
			ft, body = n.Type, n.Body
		default:
			return true
		}
		if body == nil || ft.Params == nil || outside([]token.Pos{n.Pos()}, generic) == token.NoPos {
			return true
		}
		names := map[string]bool{}
		for _, list := range []*ast.FieldList{ft.Params, ft.Results} {
			if list == nil {
				continue
			}
			for _, field := range list.List {
				for _, name := range field.Names {
					names[name.Name] = true
				}
			}
		}
		for _, field := range ft.Params.List {
			typ := f.text(sf, field.Type)
			if strings.Contains(typ, "\n") || typeNamesAnyOf(field.Type, names) {
				continue
			}
			for _, name := range field.Names {
				v, _ := info.Defs[name].(*types.Var)
				if v != nil && asserted[v] && name.Name != "_" {
					out[v] = localizedParam{name: name, typ: typ, body: body}
				}
			}
		}
		return true
	})
	return out
}

// typeNamesAnyOf reports whether the expression e holds an identifier of
// names.
func typeNamesAnyOf(e ast.Expr, names map[string]bool) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && names[id.Name] {
			found = true
		}
		return !found
	})
	return found
}
