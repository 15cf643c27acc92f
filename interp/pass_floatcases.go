package interp

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
)

// floatCases is the pass for a case of a switch on an integer written
// as a float constant (switch x { case 1e16: } with x an int64 or a
// uint64): yaegi compared the tag with the case as floats, so a value
// beyond float64's exact integers matched its neighbour (1e16+1 took case
// 1e16; from $GOROOT/test/fixedbugs/issue43480.go). The case becomes its
// integer value of the tag's type, which the compiler has converted it
// to:
//
//	case 1e16:  →  case int64(10000000000000000):
func floatCases(f *folder) (bool, []diagnostic) {
	changed := false
	for _, sf := range f.accepted() {
		var switches []*ast.SwitchStmt
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			if s, ok := n.(*ast.SwitchStmt); ok && s.Tag != nil && mentionsFloatLiteral(s.Body) {
				switches = append(switches, s)
			}
			return true
		})
		if len(switches) == 0 {
			continue
		}
		info := f.typeInfo()
		if info == nil {
			return changed, nil
		}
		for _, s := range switches {
			tag := info.TypeOf(s.Tag)
			if b, ok := underlying(tag).(*types.Basic); !ok || b.Info()&types.IsInteger == 0 {
				continue
			}
			name, ok := f.typeNameAt(sf, tag, s.Tag.Pos())
			if !ok {
				continue
			}
			for _, c := range s.Body.List {
				for _, e := range c.(*ast.CaseClause).List {
					tv, ok := info.Types[e]
					if !ok || tv.Value == nil || !mentionsFloatLiteral(e) {
						continue
					}
					v := constant.ToInt(tv.Value)
					if v.Kind() != constant.Int || sf.replaced(f, e) {
						continue
					}
					sf.edits = append(sf.edits, edit{off: f.offset(e.Pos()), end: f.offset(e.End()), text: name + "(" + v.ExactString() + ")"})
					changed = true
				}
			}
		}
	}
	return changed, nil
}

// mentionsFloatLiteral reports whether n holds a float literal.
func mentionsFloatLiteral(n ast.Node) bool {
	found := false
	ast.Inspect(n, func(c ast.Node) bool {
		if l, ok := c.(*ast.BasicLit); ok && l.Kind == token.FLOAT {
			found = true
		}
		return !found
	})
	return found
}
