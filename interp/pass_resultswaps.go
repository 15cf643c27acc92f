package interp

import (
	"go/ast"
	"go/types"
	"strconv"
	"strings"
)

// resultSwaps is the pass for a return of a function with named results
// whose operand reads a result an earlier operand sets (func minmax()
// (lo, hi int) { ...; return hi, lo }): yaegi assigned each operand to
// its result in turn, so the later operand read the value just assigned
// (2 2 for 1 2, from $GOROOT/test/fixedbugs/bug185.go), where Go
// evaluates every operand first. The operands go into variables of the
// result types first, as panicLines does for operands that may panic:
//
//	return hi, lo  →  { var _dsq0 int; var _dsq1 int; _dsq0 = hi; _dsq1 = lo; return _dsq0, _dsq1 }
//
// on the return's lines. The return is marked desugared (panicLines
// leaves it alone). A return whose result types cannot be spelled is
// left alone.
func resultSwaps(f *folder) (bool, []diagnostic) {
	if !hasNamedResults(f) {
		return false, nil // spare the type check
	}
	info := f.typeInfo()
	if info == nil {
		return false, nil
	}
	changed := false
	for _, sf := range f.accepted() {
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.FuncDecl:
				if x.Body != nil && f.swapFuncResults(sf, info, x.Type, x.Body) {
					changed = true
				}
			case *ast.FuncLit:
				if f.swapFuncResults(sf, info, x.Type, x.Body) {
					changed = true
				}
			}
			return true
		})
	}
	return changed, nil
}

// swapFuncResults rewrites the returns of one function (not those of the
// function literals in it) that resultSwaps rewrites.
func (f *folder) swapFuncResults(sf *srcFile, info *types.Info, typ *ast.FuncType, body *ast.BlockStmt) bool {
	if typ.Results == nil {
		return false
	}
	var vars []*types.Var
	for _, field := range typ.Results.List {
		for _, name := range field.Names {
			v, _ := info.Defs[name].(*types.Var)
			vars = append(vars, v)
		}
	}
	if len(vars) < 2 {
		return false
	}
	changed := false
	var results []string
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			if len(n.Results) != len(vars) || f.desugared[n] || !readsEarlierResult(info, n.Results, vars) {
				return true
			}
			if results == nil {
				if results = f.resultTypes(sf, typ, body.Lbrace+1); results == nil {
					return false
				}
			}
			f.swapResults(sf, n, results)
			changed = true
		}
		return true
	})
	return changed
}

// swapResults makes the edits of one return (see resultSwaps).
func (f *folder) swapResults(sf *srcFile, ret *ast.ReturnStmt, results []string) {
	var decl strings.Builder
	names := make([]string, len(results))
	for i, t := range results {
		names[i] = "_dsq" + strconv.Itoa(i)
		decl.WriteString("var " + names[i] + " " + t + "; ")
	}
	for _, e := range ret.Results {
		f.parenInPlace(sf, e)
	}
	for i, e := range ret.Results[1:] {
		sf.edits = append(sf.edits, edit{off: f.offset(ret.Results[i].End()), end: f.offset(e.Pos()), text: "; " + names[i+1] + " = "})
	}
	// The block wraps the return (the keyword goes): its closing nests
	// outside the closings of wrappers another pass puts around the last
	// operand at the same place (multiValues' parentheses around
	// return r, len(r)), which a plain insertion went inside of.
	start := f.offset(ret.Pos())
	sf.edits = append(sf.edits, edit{off: start, end: start + len("return")})
	sf.edits.wrapAround(start, f.offset(ret.End()), "{ "+decl.String()+names[0]+" =", "; return "+strings.Join(names, ", ")+" }")
	f.desugared[ret] = true
}

// readsEarlierResult reports whether an operand of a return reads a
// result variable an operand before it is assigned to.
func readsEarlierResult(info *types.Info, operands []ast.Expr, vars []*types.Var) bool {
	for j, e := range operands {
		found := false
		ast.Inspect(e, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				for _, v := range vars[:j] {
					if v != nil && info.Uses[id] == v {
						found = true
					}
				}
			}
			return !found
		})
		if found {
			return true
		}
	}
	return false
}

// hasNamedResults reports whether a function of f names two results or
// more.
func hasNamedResults(f *folder) bool {
	found := false
	for _, sf := range f.accepted() {
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			if ft, ok := n.(*ast.FuncType); ok && ft.Results != nil {
				named := 0
				for _, field := range ft.Results.List {
					named += len(field.Names)
				}
				found = found || named >= 2
			}
			return !found
		})
	}
	return found
}
