package interp

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"sort"
	"strconv"
	"strings"
)

// constLists is the pass for constant declarations with a spec naming
// several constants:
//
//	const (
//		a, b = iota, iota * 10
//		c, d
//	)
//
// yaegi failed to load the implicit repetition of such a spec (runtime
// error: index out of range [-1]), and gave iota the number of names
// before a spec rather than the spec's index (c, d = iota, iota*10 made
// 2, 20 where Go makes 1, 10). In such a declaration the pass writes out
// each omitted list, which the spec defines as the textual substitution
// of the last list before it with its type, on the spec's own line, and
// writes each iota as the index of its spec:
//
//	a, b = iota, iota * 10  →  a, b = 0   , 0    * 10
//	c, d                    →  c, d = 1, 1 * 10
//
// A declaration where an omitted list would span lines is left as
// written (writing it out would move the lines after it); so is one of
// single names, which yaegi runs as Go does.
func constLists(f *folder) (bool, []diagnostic) {
	changed := false
	for _, sf := range f.accepted() {
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			gd, ok := n.(*ast.GenDecl)
			if !ok || gd.Tok != token.CONST || !gd.Lparen.IsValid() {
				return true
			}
			if hasNameList(gd) && f.writeOutConsts(sf, gd) {
				changed = true
			}
			return false
		})
	}
	return changed, nil
}

// hasNameList reports whether a spec of gd names several constants.
func hasNameList(gd *ast.GenDecl) bool {
	for _, s := range gd.Specs {
		if len(s.(*ast.ValueSpec).Names) > 1 {
			return true
		}
	}
	return false
}

// writeOutConsts records the edits of constLists for gd; it reports
// whether it made any.
func (f *folder) writeOutConsts(sf *srcFile, gd *ast.GenDecl) bool {
	var pending edits
	var last *ast.ValueSpec // the spec whose list the omitted ones repeat
	for k, s := range gd.Specs {
		vs := s.(*ast.ValueSpec)
		if len(vs.Values) > 0 {
			last = vs
			for _, id := range f.iotas(vs) {
				// Padded to iota's width: what follows on the line keeps
				// its column, which errors name.
				off := f.offset(id.Pos())
				pending = append(pending, edit{off: off, end: off + len("iota"), text: fmt.Sprintf("%-4d", k)})
			}
			continue
		}
		if last == nil {
			return false
		}
		text, ok := f.typedLiterals(sf, last, vs)
		if !ok {
			text, ok = f.repeatedList(sf, last, k)
		}
		if !ok {
			return false
		}
		pending.insert(f.offset(vs.Names[len(vs.Names)-1].End()), text)
	}
	sf.edits = append(sf.edits, pending...)
	return len(pending) > 0
}

// typedLiterals returns the text spelling the type of spec and the
// values of the constants vs repeats it for as literals (" Level = 4,
// 40"), when spec writes a type declared in Go source: yaegi keeps the
// value of such a constant written as an expression untyped (see
// typedConstants), one written as a literal typed.
func (f *folder) typedLiterals(sf *srcFile, spec, vs *ast.ValueSpec) (string, bool) {
	info := f.typeInfo()
	if info == nil || spec.Type == nil {
		return "", false
	}
	var lits []string
	for _, name := range vs.Names {
		c, ok := info.Defs[name].(*types.Const)
		if !ok {
			return "", false
		}
		if _, ok := f.constTypeName(sf, spec, c); !ok {
			return "", false
		}
		lit, ok := constLiteral(c)
		if isInteger(c.Type()) {
			lit, ok = c.Val().ExactString(), c.Val().Kind() == constant.Int
		}
		if !ok {
			return "", false
		}
		lits = append(lits, lit)
	}
	return " " + f.text(sf, spec.Type) + " = " + strings.Join(lits, ", "), true
}

// iotas returns the uses of the predeclared iota in the values of spec.
func (f *folder) iotas(spec *ast.ValueSpec) []*ast.Ident {
	info := f.typeInfo()
	var out []*ast.Ident
	for _, v := range spec.Values {
		ast.Inspect(v, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && id.Name == "iota" {
				if info == nil || info.Uses[id] == nil || info.Uses[id] == types.Universe.Lookup("iota") {
					out = append(out, id)
				}
			}
			return true
		})
	}
	return out
}

// repeatedList returns the text spelling the type and values of spec
// after the names of the spec numbered index (" Level = 2 + 1, -(2 + 1)"),
// iota written as index, or false when it spans lines.
func (f *folder) repeatedList(sf *srcFile, spec *ast.ValueSpec, index int) (string, bool) {
	from, to := f.offset(spec.Values[0].Pos()), f.offset(spec.Values[len(spec.Values)-1].End())
	var inside edits
	for _, id := range f.iotas(spec) {
		off := f.offset(id.Pos()) - from
		inside = append(inside, edit{off: off, end: off + len("iota"), text: strconv.Itoa(index)})
	}
	sort.Slice(inside, func(i, j int) bool { return inside[i].off < inside[j].off })
	var b strings.Builder
	if spec.Type != nil {
		b.WriteString(" " + f.text(sf, spec.Type))
	}
	b.WriteString(" = " + string(inside.apply(sf.src[from:to])))
	if strings.ContainsAny(b.String(), "\n\r") {
		return "", false
	}
	return b.String(), true
}
