package interp

import (
	"go/ast"
	"go/token"
	"go/types"
)

// mapKeyStores is the pass for an assignment to a map entry whose key
// may hold a value of a type that cannot be hashed (m[k] = v with k an
// any holding a []int): Go's assignment panics with the runtime error
// "hash of unhashable type []int"; yaegi reads the entry first, and a
// read of an empty or nil map panics with another error ("hash of
// unhashable type: []int", without "runtime error: ", of another type),
// which a recover saw and the dev server's 500 printed. The key is
// checked first, on the statement's line, with the map (Go reports an
// assignment to a nil map first):
//
//	seen[k] = true  →  _dsrt.MapKey(seen, k); seen[k] = true
//
// Only a statement assigning one entry whose map and key are variables
// or fields and whose value has no call or operation that may panic is
// rewritten (Go evaluates the value before it hashes the key); others are
// left as they are.
func mapKeyStores(f *folder) (bool, []diagnostic) {
	changed := false
	for _, sf := range f.accepted() {
		stmts := f.candidateStmts(sf, func(s ast.Stmt) bool { return storedEntry(s) != nil })
		if len(stmts) == 0 {
			continue
		}
		info := f.typeInfo()
		if info == nil {
			return changed, nil
		}
		for _, s := range stmts {
			ix := storedEntry(s)
			m, ok := underlying(info.TypeOf(ix.X)).(*types.Map)
			if !ok || !mayBeUnhashable(m.Key(), 0) || !mayBeUnhashable(info.TypeOf(ix.Index), 0) {
				continue
			}
			if as, ok := s.(*ast.AssignStmt); ok && !pureValue(info, as.Rhs[0]) {
				continue
			}
			sf.edits.insert(f.offset(s.Pos()), "_dsrt.MapKey("+f.text(sf, ix.X)+", "+f.text(sf, ix.Index)+"); ")
			sf.addImport("_dsrt", desugarPath)
			changed = true
		}
	}
	return changed, nil
}

// storedEntry returns the index expression s assigns, m[k] = v, m[k] op=
// v or m[k]++ with m and k variables or fields (read twice), or nil.
func storedEntry(s ast.Stmt) *ast.IndexExpr {
	var lhs ast.Expr
	switch x := s.(type) {
	case *ast.AssignStmt:
		if len(x.Lhs) != 1 || len(x.Rhs) != 1 || x.Tok == token.DEFINE {
			return nil
		}
		lhs = x.Lhs[0]
	case *ast.IncDecStmt:
		lhs = x.X
	default:
		return nil
	}
	ix, ok := ast.Unparen(lhs).(*ast.IndexExpr)
	if !ok || !pureOperand(ix.X) || !pureOperand(ix.Index) {
		return nil
	}
	return ix
}

// mayBeUnhashable reports whether a value of type t may hold a value of
// a type that cannot be hashed: an interface, or a struct or an array
// holding one.
func mayBeUnhashable(t types.Type, depth int) bool {
	if t == nil || depth > 8 {
		return false
	}
	switch u := t.Underlying().(type) {
	case *types.Interface:
		return !hasTypeParam(t)
	case *types.Struct:
		for i := range u.NumFields() {
			if mayBeUnhashable(u.Field(i).Type(), depth+1) {
				return true
			}
		}
	case *types.Array:
		return mayBeUnhashable(u.Elem(), depth+1)
	}
	return false
}

// pureValue reports whether evaluating e calls nothing and cannot panic:
// a constant, a variable, a field of a value, or a composite literal of
// such values.
func pureValue(info *types.Info, e ast.Expr) bool {
	if tv, ok := info.Types[e]; ok && (tv.Value != nil || tv.IsNil()) {
		return true
	}
	switch x := ast.Unparen(e).(type) {
	case *ast.Ident:
		return true
	case *ast.SelectorExpr:
		if s := info.Selections[x]; s != nil {
			return s.Kind() == types.FieldVal && !s.Indirect() && pureValue(info, x.X)
		}
		return true // a package's variable
	case *ast.CompositeLit:
		for _, el := range x.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				el = kv.Value
			}
			if !pureValue(info, el) {
				return false
			}
		}
		return true
	}
	return false
}
