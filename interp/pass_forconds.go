package interp

import (
	"go/ast"
	"strings"
)

// forConds is the pass for a three-clause for loop with an init
// statement but neither a condition nor a post statement:
//
//	for queue := []*node{root}; ; { ... }  →  for queue := []*node{root}; true; { ... }
//
// yaegi runs the init statement again before every iteration of such a
// loop (RosettaCode's level-order tree traversal visited the root for
// ever; a counter never got past 0), where Go runs it once. With a
// condition it runs it once. A `true` written out is the condition Go
// leaves out.
func forConds(f *folder) (bool, []diagnostic) {
	changed := false
	for _, sf := range f.accepted() {
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			fs, ok := n.(*ast.ForStmt)
			if !ok || fs.Init == nil || fs.Cond != nil || fs.Post != nil {
				return true
			}
			// The first semicolon after the init statement ends it, the
			// second the (empty) condition, which goes before it.
			from, to := f.offset(fs.Init.End()), f.offset(fs.Body.Lbrace)
			between := string(sf.src[from:to])
			i := strings.IndexByte(between, ';')
			j := strings.IndexByte(between[i+1:], ';')
			if i < 0 || j < 0 {
				return true
			}
			sf.edits.insert(from+i+1+j, "true")
			changed = true
			return true
		})
	}
	return changed, nil
}
