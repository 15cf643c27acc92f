package interp

import (
	"bytes"
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
)

// switchTags is the pass for a switch with an init statement whose tag
// calls a function (switch y := 5; double(y) {): yaegi matched no case.
// The switch goes in a block of its own, its init statement and its tag
// first, which yaegi runs as the compiler does:
//
//	switch y := 5; double(y) {  →  { y := 5; _dstag9 := double(y); switch _dstag9 {
//	...                            ...
//	}                              } }
//
// A labelled switch keeps its label, moved onto the switch inside the
// block (loop: switch ... → { ...; loop: switch _dstag9 {), where break
// loop still leaves the switch. A switch whose label a goto names is left
// alone: a goto may not jump into the block.
func switchTags(f *folder) (bool, []diagnostic) {
	changed := false
	for _, sf := range f.accepted() {
		labels := make(map[*ast.SwitchStmt]*ast.LabeledStmt)
		gotoTargets := make(map[string]bool)
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.LabeledStmt:
				if sw, ok := n.Stmt.(*ast.SwitchStmt); ok {
					labels[sw] = n
				}
			case *ast.BranchStmt:
				if n.Tok == token.GOTO && n.Label != nil {
					gotoTargets[n.Label.Name] = true
				}
			}
			return true
		})
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			sw, ok := n.(*ast.SwitchStmt)
			if !ok || sw.Init == nil || sw.Tag == nil || !hasCall(sw.Tag) {
				return true
			}
			label := labels[sw]
			if label != nil && gotoTargets[label.Label.Name] {
				return true
			}
			tag := "_dstag" + strconv.Itoa(f.offset(sw.Pos()))
			open, relabel := edit{off: f.offset(sw.Pos()), end: f.offset(sw.Init.Pos()), text: "{ "}, ""
			if label != nil {
				// The label's text becomes the block's brace (keeping the
				// lines between label and switch), and labels the switch.
				sf.edits = append(sf.edits, edit{off: f.offset(label.Pos()), end: f.offset(label.Colon) + 1, text: "{"})
				open.text = ""
				relabel = label.Label.Name + ": "
			}
			sf.edits = append(sf.edits,
				open,
				edit{off: f.offset(sw.Init.End()), end: f.offset(sw.Tag.Pos()), text: "; " + tag + " := "},
				edit{off: f.offset(sw.Tag.End()), end: f.offset(sw.Body.Lbrace), text: "; " + relabel + "switch " + tag + " "},
			)
			sf.edits.insert(f.offset(sw.Body.Rbrace)+1, " }")
			changed = true
			return true
		})
	}
	return changed, nil
}

// ifaceTagConstruct is the switch ifaceTags cannot rewrite.
const ifaceTagConstruct = "a switch with an init statement on an interface value with cases of other types, or with a case nil"

// ifaceTags is the pass for a switch on a value of an interface type with
// a case of another type (switch v { case "hello": } with v an any):
// yaegi converted the value to the case's type, and the handler panicked
// (reflect.Value.Convert: value of type interface {} cannot be converted
// to type string; from $GOROOT/test/fixedbugs/bug375.go). The value goes
// in a variable of the switch's init statement, and each case becomes a
// comparison with it, which yaegi makes as the compiler does:
//
//	switch v {            →  switch _dstag9 := v; {
//	case "a", "b":        →  case _dstag9 == "a" || _dstag9 == "b":
//
// A switch on a value of another type with a case nil (switch p { case
// nil: } with p a pointer) is rewritten so too: yaegi never matched the
// nil case. A default clause that is not the last gets the clause
// defaultClauses adds to a switch without a tag. A switch with an init
// statement of its own is refused.
func ifaceTags(f *folder) (bool, []diagnostic) {
	changed := false
	var diags []diagnostic
	for _, sf := range f.accepted() {
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			sw, ok := n.(*ast.SwitchStmt)
			if !ok || sw.Tag == nil || !f.ifaceTagWithOtherCases(sw) {
				return true
			}
			if sw.Init != nil {
				diags = append(diags, diagnostic{pos: sw.Pos(), msg: ifaceTagConstruct + DiffersMarker, refuse: true})
				return true
			}
			tag := "_dstag" + strconv.Itoa(f.offset(sw.Pos()))
			sf.edits.insert(f.offset(sw.Tag.Pos()), tag+" := ")
			sf.edits.insert(f.offset(sw.Tag.End()), ";")
			for _, s := range sw.Body.List {
				cc := s.(*ast.CaseClause)
				for i, e := range cc.List {
					if _, binary := e.(*ast.BinaryExpr); binary {
						sf.edits.wrapAround(f.offset(e.Pos()), f.offset(e.End()), tag+" == (", ")")
					} else {
						// Not in parentheses: yaegi compares (nil) as no nil.
						sf.edits.insert(f.offset(e.Pos()), tag+" == ")
					}
					if i > 0 {
						from, to := f.offset(cc.List[i-1].End()), f.offset(e.Pos())
						comma := from + bytes.IndexByte(sf.src[from:to], ',')
						sf.edits = append(sf.edits, edit{off: comma, end: comma + 1, text: " ||"})
					}
				}
			}
			if i := defaultIndex(sw.Body); i >= 0 && i < len(sw.Body.List)-1 {
				sf.edits.insert(f.offset(sw.Body.Rbrace), "case false: ")
			}
			changed = true
			return true
		})
	}
	return changed, diags
}

// ifaceTagWithOtherCases reports whether sw switches on a value of an
// interface type and has a case of a type that is not one, or on a value
// of another type (a pointer, a slice, a map…) and has a case nil, which
// yaegi never matched (switch p { case nil: } took the default clause
// for a nil p; from $GOROOT/test/fixedbugs/issue53635.go).
func (f *folder) ifaceTagWithOtherCases(sw *ast.SwitchStmt) bool {
	if !hasCases(sw) {
		return false
	}
	info := f.typeInfo()
	if info == nil {
		return false
	}
	tag := info.TypeOf(sw.Tag)
	if tag == nil {
		return false
	}
	iface := types.IsInterface(tag)
	for _, s := range sw.Body.List {
		for _, e := range s.(*ast.CaseClause).List {
			if isNilIdent(e) {
				if !iface {
					return true
				}
				continue
			}
			if t := info.TypeOf(e); iface && t != nil && !types.IsInterface(t) {
				return true
			}
		}
	}
	return false
}

// hasCases reports whether sw has a case at all: a switch
// with only a default clause compares nothing (and spares the type
// check).
func hasCases(sw *ast.SwitchStmt) bool {
	for _, s := range sw.Body.List {
		if len(s.(*ast.CaseClause).List) > 0 {
			return true
		}
	}
	return false
}
