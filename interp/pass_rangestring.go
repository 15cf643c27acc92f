package interp

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
)

// rangeOverString is the pass for a range loop over a string whose index
// the body uses: yaegi converts the string to []rune and counts each
// rune's bytes again, so an invalid byte (utf8.RuneError, one byte in Go)
// moved the index by three, and a loop without a value (for i := range s)
// counted runes, not bytes. On the loop's own line,
//
//	for i, c := range s {
//
// becomes a loop over the bytes of s, evaluated once, decoding each rune
// as Go does (internal/desugar's DecodeRune), with the loop's variables
// declared afresh in every iteration as Go 1.22 does:
//
//	for _dsb7, _dss7, _dsw7 := 0, s, 0; _dsb7 < len(_dss7); _dsb7 += _dsw7 { var _dsc7 rune; _dsc7, _dsw7 = _dsrt.DecodeRune(_dss7, _dsb7); i, c := _dsb7, _dsc7;
//
// (i, c = ... for a range that assigns existing variables). A loop using
// only the runes (for _, c := range s), which yaegi gets right, is left
// alone, as is one whose operand's type the pass cannot tell.
func rangeOverString(f *folder) (bool, []diagnostic) {
	changed := false
	for _, sf := range f.accepted() {
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			rs, ok := n.(*ast.RangeStmt)
			if ok && !f.desugared[rs] && !isBlank(rs.Key) && f.desugarRangeString(sf, rs) {
				changed = true
			}
			return true
		})
	}
	return changed, nil
}

// isBlank reports whether e is absent or the blank identifier.
func isBlank(e ast.Expr) bool {
	id, ok := e.(*ast.Ident)
	return e == nil || ok && id.Name == "_"
}

// desugarRangeString rewrites rs if it ranges over a string.
func (f *folder) desugarRangeString(sf *srcFile, rs *ast.RangeStmt) bool {
	t := f.typeOf(rs.X)
	if t == nil {
		return false
	}
	if _, isParam := types.Unalias(t).(*types.TypeParam); isParam {
		return false
	}
	b, ok := t.Underlying().(*types.Basic)
	if !ok || b.Info()&types.IsString == 0 {
		return false
	}
	id := strconv.Itoa(f.offset(rs.For))
	at, str, width, r := "_dsb"+id, "_dss"+id, "_dsw"+id, "_dsc"+id
	operand, closing := "", ""
	if !types.Identical(t, types.Typ[types.String]) && b.Kind() != types.UntypedString {
		operand, closing = "string(", ")"
	}
	sf.addImport("_dsrt", desugarPath)
	sf.edits = append(sf.edits, edit{off: f.offset(rs.Key.Pos()), end: f.offset(rs.X.Pos()), text: at + ", " + str + ", " + width + " := 0, " + operand})
	sf.edits.insert(f.offset(rs.X.End()), closing+", 0; "+at+" < len("+str+"); "+at+" += "+width)
	bind := " := "
	if rs.Tok == token.ASSIGN {
		bind = " = "
	}
	decode := r + ", " + width + " = _dsrt.DecodeRune(" + str + ", " + at + ");"
	var body string
	if isBlank(rs.Value) {
		body = " _, " + width + " = _dsrt.DecodeRune(" + str + ", " + at + "); " + f.text(sf, rs.Key) + bind + at + ";"
	} else {
		body = " var " + r + " rune; " + decode + " " + f.text(sf, rs.Key) + ", " + f.text(sf, rs.Value) + bind + at + ", " + r + ";"
	}
	sf.edits.insert(f.offset(rs.Body.Lbrace)+1, body)
	f.desugared[rs] = true
	return true
}
