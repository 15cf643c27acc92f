package interp

import (
	"go/ast"
	"go/types"
	"sort"
	"strconv"
	"strings"
)

// deferArgs is the pass for the arguments of deferred calls, which Go
// evaluates at the defer statement: yaegi keeps references to the
// variables instead, so a deferred call saw their values at return (3 3 3
// for defer println(i) in a loop). Each argument that is not a constant is
// pushed, at the defer statement, on a stack of its own declared at the
// start of the function, and the call is deferred in a function literal
// that pops it, so every deferred call keeps its place in the order:
//
//	defer fmt.Println("i =", i)
//
// becomes, on its line,
//
//	_dsa9_1 = append(_dsa9_1, i); defer func() { _dsv9_1 := _dsa9_1[len(_dsa9_1)-1]; _dsa9_1 = _dsa9_1[:len(_dsa9_1)-1]; fmt.Println("i =", _dsv9_1) }()
//
// (a stack, not a closure per call: yaegi deadlocks when a deferred
// function calls a closure made in the deferring function). Left alone: a
// deferred call of a function literal or of a function of the package that
// calls recover (recover works only in the function a defer statement
// calls), of a function value held in a variable, and one whose argument
// types cannot be spelled in its file.
func deferArgs(f *folder) (bool, []diagnostic) {
	changed := false
	for _, sf := range f.accepted() {
		recovers := recoveringFuncs(sf.syntax)
		forEachFunction(sf.syntax, func(body *ast.BlockStmt) {
			var decls []string
			ast.Inspect(body, func(c ast.Node) bool {
				switch x := c.(type) {
				case *ast.FuncLit:
					return false // a function of its own
				case *ast.DeferStmt:
					decls = append(decls, f.desugarDefer(sf, x, recovers)...)
				}
				return true
			})
			if len(decls) > 0 {
				sf.edits.insert(f.offset(body.Lbrace)+1, " "+strings.Join(decls, " "))
				changed = true
			}
		})
	}
	return changed, nil
}

// forEachFunction calls fn with the body of every function of file:
// declared functions and function literals.
func forEachFunction(file *ast.File, fn func(body *ast.BlockStmt)) {
	ast.Inspect(file, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.FuncDecl:
			if x.Body != nil {
				fn(x.Body)
			}
		case *ast.FuncLit:
			fn(x.Body)
		}
		return true
	})
}

// recoveringFuncs returns the names of the functions and methods of file
// that call recover.
func recoveringFuncs(file *ast.File) map[string]bool {
	out := make(map[string]bool)
	for _, d := range file.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil && callsRecover(fd.Body) {
			out[fd.Name.Name] = true
		}
	}
	return out
}

// callsRecover reports whether n calls recover.
func callsRecover(n ast.Node) bool {
	found := false
	ast.Inspect(n, func(c ast.Node) bool {
		if call, ok := c.(*ast.CallExpr); ok {
			if id, ok := call.Fun.(*ast.Ident); ok && id.Name == "recover" {
				found = true
			}
		}
		return !found
	})
	return found
}

// desugarDefer rewrites one defer statement if an argument needs copying,
// and returns the declarations of its stacks.
func (f *folder) desugarDefer(sf *srcFile, d *ast.DeferStmt, recovers map[string]bool) []string {
	call := d.Call
	info := f.typeInfo()
	if len(call.Args) == 0 || info == nil || !f.deferrable(call.Fun, recovers) {
		return nil
	}
	id := strconv.Itoa(f.offset(d.Pos()))
	var decls, pushes, pops, args []string
	for i, a := range call.Args {
		tv := info.Types[a]
		if tv.Value != nil || tv.IsNil() || tv.IsType() {
			args = append(args, "") // a constant: nothing to copy
			continue
		}
		if tv.Type == nil || tv.Type == types.Typ[types.Invalid] {
			return nil
		}
		t, ok := f.typeName(sf, types.Default(tv.Type))
		if !ok {
			return nil
		}
		n := id + "_" + strconv.Itoa(i)
		stack, v := "_dsa"+n, "_dsv"+n
		decls = append(decls, "var "+stack+" []"+t+";")
		pushes = append(pushes, stack+" = append("+stack+", %s); ")
		pops = append(pops, v+" := "+stack+"["+"len("+stack+")-1]; "+stack+" = "+stack+"[:len("+stack+")-1]; ")
		args = append(args, v)
	}
	if len(decls) == 0 {
		return nil
	}
	var text strings.Builder
	p := 0
	for i, a := range call.Args {
		moved := sf.take(f, a)
		if args[i] == "" {
			args[i] = moved
			continue
		}
		text.WriteString(strings.Replace(pushes[p], "%s", moved, 1))
		p++
	}
	ellipsis := ""
	if call.Ellipsis.IsValid() {
		ellipsis = "..."
	}
	fn := sf.take(f, call.Fun)
	text.WriteString("defer func() { " + strings.Join(pops, "") + fn + "(" + strings.Join(args, ", ") + ellipsis + ") }()")
	lines := strings.Count(string(sf.src[f.offset(d.Pos()):f.offset(d.End())]), "\n")
	text.WriteString(strings.Repeat("\n", lines))
	sf.edits = append(sf.edits, edit{off: f.offset(d.Pos()), end: f.offset(d.End()), text: text.String()})
	return decls
}

// deferrable reports whether a deferred call of fn may be moved into a
// function literal.
func (f *folder) deferrable(fn ast.Expr, recovers map[string]bool) bool {
	info := f.typeInfo()
	switch fn := ast.Unparen(fn).(type) {
	case *ast.FuncLit:
		return !callsRecover(fn.Body)
	case *ast.Ident:
		if _, isVar := info.Uses[fn].(*types.Var); isVar {
			return false // a closure: yaegi deadlocks calling it from a deferred function
		}
		return !recovers[fn.Name]
	case *ast.SelectorExpr:
		if s := info.Selections[fn]; s != nil && s.Kind() == types.FieldVal {
			return false
		}
		if _, isVar := info.Uses[fn.Sel].(*types.Var); isVar {
			return false
		}
		return !recovers[fn.Sel.Name]
	}
	return false
}

// take returns the source of node as the edits recorded so far make it,
// and drops those edits: the caller moves the text elsewhere.
func (sf *srcFile) take(f *folder, node ast.Node) string {
	start, end := f.offset(node.Pos()), f.offset(node.End())
	var inside, kept edits
	for _, e := range sf.edits {
		if e.off >= start && e.end <= end && (e.off < end || e.off == start) {
			inside = append(inside, e)
		} else {
			kept = append(kept, e)
		}
	}
	sf.edits = kept
	sort.SliceStable(inside, func(i, j int) bool { return inside[i].off < inside[j].off })
	for i := range inside {
		inside[i].off -= start
		inside[i].end -= start
	}
	return string(inside.apply(sf.src[start:end]))
}
