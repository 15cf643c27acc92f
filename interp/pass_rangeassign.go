package interp

import (
	"go/ast"
	"go/token"
	"strconv"
	"strings"
)

// rangeAssigns is the pass for a range loop that assigns existing
// variables (for i, v = range xs) over a slice, an array, a map, a
// channel or a string: yaegi declares variables of its own for the loop,
// so the body saw the values but the variables kept theirs (last stayed 0
// after for _, last = range xs, yaegi #1622). The loop declares
// temporaries instead, and its body starts by assigning them to the
// variables, as Go assigns them when each iteration starts:
//
//	for i, v = range xs {  →  for _dsri9, _dsrv9 := range xs { i, v = _dsri9, _dsrv9;
//
// Loops the range passes before it desugared (over an integer, a function,
// a string whose index is used) are theirs. The variables must be
// identifiers (or blank); a loop assigning other operands (m[k], p.f) is
// refused: the route runs compiled.
func rangeAssigns(f *folder) (bool, []diagnostic) {
	changed := false
	var diags []diagnostic
	for _, sf := range f.accepted() {
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			rs, ok := n.(*ast.RangeStmt)
			if !ok || rs.Tok != token.ASSIGN || f.desugared[rs] || rs.Key == nil {
				return true
			}
			if isBlank(rs.Key) && isBlank(rs.Value) {
				return true
			}
			if !plainRangeVar(rs.Key) || !plainRangeVar(rs.Value) {
				diags = append(diags, diagnostic{pos: rs.For, msg: "a range loop assigning an operand other than a variable (for m[k] = range xs)" + DiffersMarker, refuse: true})
				return true
			}
			if !f.insertFree(sf, rs.Key.Pos()) || !f.insertFree(sf, rs.Body.Lbrace+1) {
				return true
			}
			at := strconv.Itoa(f.offset(rs.For))
			key, value := "_", ""
			var lhs, rhs []string
			if !isBlank(rs.Key) {
				key = "_dsri" + at
				lhs, rhs = append(lhs, f.text(sf, rs.Key)), append(rhs, key)
			}
			if !isBlank(rs.Value) {
				value = ", _dsrv" + at
				lhs, rhs = append(lhs, f.text(sf, rs.Value)), append(rhs, "_dsrv"+at)
			}
			sf.edits = append(sf.edits, edit{off: f.offset(rs.Key.Pos()), end: f.offset(rs.TokPos) + len(rs.Tok.String()), text: key + value + " :="})
			sf.edits.insert(f.offset(rs.Body.Lbrace)+1, " "+strings.Join(lhs, ", ")+" = "+strings.Join(rhs, ", ")+";")
			f.desugared[rs] = true
			changed = true
			return true
		})
	}
	return changed, diags
}

// plainRangeVar reports whether e, a range loop's variable, is absent,
// blank or an identifier.
func plainRangeVar(e ast.Expr) bool {
	if e == nil {
		return true
	}
	_, ok := e.(*ast.Ident)
	return ok
}
