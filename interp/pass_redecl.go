package interp

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"
)

// paramRedecls is the pass for a short variable declaration, in the
// outermost block of a function, that redeclares one of the function's
// parameters or named results:
//
//	func load() (cfg Config, err error) {
//		data, err := read()
//
// Go assigns the result err there; yaegi declares a new variable in its
// place, so a bare return, a deferred function literal and a closure
// made before see the result unchanged (load returned a nil error where
// read failed). Each such variable gets a temporary in the declaration,
// assigned to it right after, on the same line:
//
//	data, _dsrd93_2 := read(); err = _dsrd93_2
//
// A declaration whose value for such a variable the temporary cannot
// hold as the variable would (a constant or nil, which takes the
// variable's type, a comma-ok operation's second result) runs compiled.
func paramRedecls(f *folder) (bool, []diagnostic) {
	changed := false
	var diags []diagnostic
	for _, sf := range f.accepted() {
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			var typ *ast.FuncType
			var body *ast.BlockStmt
			switch x := n.(type) {
			case *ast.FuncDecl:
				typ, body = x.Type, x.Body
			case *ast.FuncLit:
				typ, body = x.Type, x.Body
			}
			if body == nil {
				return true
			}
			names := paramNames(typ)
			if len(names) == 0 {
				return true
			}
			for _, st := range body.List {
				for {
					ls, ok := st.(*ast.LabeledStmt)
					if !ok {
						break
					}
					st = ls.Stmt
				}
				as, ok := st.(*ast.AssignStmt)
				if !ok || as.Tok != token.DEFINE || !namesAnyOf(as.Lhs, names) {
					continue
				}
				c, d := f.redeclare(sf, typ, as)
				changed = changed || c
				diags = append(diags, d...)
			}
			return true
		})
	}
	return changed, diags
}

// paramNames returns the names of the parameters and results of typ.
func paramNames(typ *ast.FuncType) map[string]bool {
	names := make(map[string]bool)
	for _, fl := range []*ast.FieldList{typ.Params, typ.Results} {
		if fl == nil {
			continue
		}
		for _, field := range fl.List {
			for _, id := range field.Names {
				if id.Name != "_" {
					names[id.Name] = true
				}
			}
		}
	}
	return names
}

// namesAnyOf reports whether one of exprs is a name among names.
func namesAnyOf(exprs []ast.Expr, names map[string]bool) bool {
	for _, e := range exprs {
		if id, ok := e.(*ast.Ident); ok && names[id.Name] {
			return true
		}
	}
	return false
}

// redeclare rewrites as, a short variable declaration in the outermost
// block of the function of type typ, when it redeclares a parameter or
// a result (see paramRedecls).
func (f *folder) redeclare(sf *srcFile, typ *ast.FuncType, as *ast.AssignStmt) (bool, []diagnostic) {
	info := f.typeInfo()
	if info == nil {
		return false, nil
	}
	var temps []edit
	var assigns []string
	for i, l := range as.Lhs {
		id, ok := l.(*ast.Ident)
		if !ok || info.Defs[id] != nil {
			continue // a new variable
		}
		v, ok := info.Uses[id].(*types.Var)
		if !ok || !within(v.Pos(), typ) {
			continue
		}
		value := redeclaredValue(info, as, i) // nil: none a temporary holds
		if value == nil || !types.AssignableTo(value, v.Type()) {
			return false, f.refusal(as.Pos(), "a short variable declaration redeclaring a parameter or named result with a constant, nil or a comma-ok operation's second result (the interpreter declares a new variable in its place)")
		}
		tmp := "_dsrd" + strconv.Itoa(f.offset(as.Pos())) + "_" + strconv.Itoa(i+1)
		temps = append(temps, edit{off: f.offset(id.Pos()), end: f.offset(id.End()), text: tmp})
		assigns = append(assigns, id.Name+" = "+tmp)
	}
	if len(temps) == 0 {
		return false, nil
	}
	sf.edits = append(sf.edits, temps...)
	sf.edits.insert(f.offset(as.End()), "; "+strings.Join(assigns, "; "))
	return true, nil
}

// redeclaredValue returns the type of the value as declares its i-th
// variable with, as a temporary declared in its place would have it, or
// nil when such a temporary would not hold it as the variable does: an
// untyped value (a constant takes the variable's type, a nil has none),
// or a result of a comma-ok operation.
func redeclaredValue(info *types.Info, as *ast.AssignStmt, i int) types.Type {
	var t types.Type
	switch {
	case len(as.Rhs) == len(as.Lhs):
		tv := info.Types[as.Rhs[i]]
		if tv.Value != nil || tv.IsNil() {
			// The type checker records an untyped constant with the
			// variable's type, which a temporary would not take.
			return nil
		}
		t = tv.Type
	case len(as.Rhs) == 1:
		tuple, ok := info.TypeOf(as.Rhs[0]).(*types.Tuple)
		if !ok || i >= tuple.Len() {
			return nil // a comma-ok operation
		}
		t = tuple.At(i).Type()
	}
	if b, ok := t.(*types.Basic); t == nil || ok && b.Info()&types.IsUntyped != 0 {
		return nil
	}
	return t
}
