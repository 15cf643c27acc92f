package interp

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// ifaceConversions is the pass for a conversion to an interface type used
// as an operand on the spot: the receiver of a method called (I(x).M())
// and an operand of == or !=. yaegi gives
// such a conversion the operand's own value, not an interface holding it,
// and the use then panics partway through the handler:
// io.Writer(&buf).Write(p) calls the method with too many arguments,
// Shape(mk()).Area() panics with "invalid interface value",
// fmt.Stringer(d).String() with a reflect.Set error, any(3) != nil with
// "call of reflect.Value.IsNil on int Value". Returned as the
// interface, the value is converted right, so the conversion becomes a
// function literal returning it, called on the spot (the same value, at
// the same moment of the evaluation), in parentheses (in the header of a
// switch or an if, a function literal's braces would read otherwise):
//
//	Shape(mk()).Area()  →  (func() Shape { return Shape(mk()) }()).Area()
//
// Type assertions of a conversion (any(d).(time.Duration)) the
// interpreter runs right; a method value (I(x).M) it binds right.
//
// Conversions to error are errorConversions'; those of nil, of a value of
// a type parameter, and those whose type is written over several lines
// (a function literal's result type would add a line) are left alone.
func ifaceConversions(f *folder) (bool, []diagnostic) {
	changed := false
	for _, sf := range f.accepted() {
		info := f.typeInfo()
		if info == nil {
			return false, nil
		}
		stmtStarts := map[token.Pos]bool{}
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			if st, ok := n.(ast.Stmt); ok {
				stmtStarts[st.Pos()] = true
			}
			return true
		})
		wrap := func(e ast.Expr) {
			call, ok := ast.Unparen(e).(*ast.CallExpr)
			if !ok || len(call.Args) != 1 || call.Ellipsis.IsValid() {
				return
			}
			tv, ok := info.Types[call.Fun]
			if !ok || !tv.IsType() || !types.IsInterface(tv.Type) || isUniverseError(info, call.Fun) {
				return
			}
			if isNilExpr(info, call.Args[0]) || hasTypeParamDeep(tv.Type, 0) || hasTypeParamDeep(info.TypeOf(call.Args[0]), 0) {
				return
			}
			name := f.text(sf, call.Fun)
			if strings.Contains(name, "\n") {
				return
			}
			open, closing := "(func() "+name+" { return ", " }())"
			if stmtStarts[call.Pos()] {
				// At a statement's start, panicLines would insert its line
				// marker inside a wrapper: the opening replaces the
				// conversion's type, which makes panicLines leave the
				// statement alone.
				off, end := f.offset(call.Pos()), f.offset(call.Lparen)
				sf.edits = append(sf.edits, edit{off: off, end: end, text: open + name})
				sf.edits.insert(f.offset(call.End()), closing)
			} else {
				sf.edits.wrapAround(f.offset(call.Pos()), f.offset(call.End()), open, closing)
			}
			changed = true
		}
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				// A method value (I(x).M not called) the interpreter
				// binds right, and methodValues rewrites.
				if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok {
					if s := info.Selections[sel]; s != nil && s.Kind() == types.MethodVal {
						wrap(sel.X)
					}
				}
			case *ast.BinaryExpr:
				if n.Op == token.EQL || n.Op == token.NEQ {
					wrap(n.X)
					wrap(n.Y)
				}
			case *ast.SendStmt:
				changed = f.unconvertSent(sf, info, n) || changed
			}
			return true
		})
	}
	return changed, nil
}

// isUniverseError reports whether e names the predeclared error.
func isUniverseError(info *types.Info, e ast.Expr) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	return ok && info.Uses[id] == types.Universe.Lookup("error")
}

// unconvertSent drops the conversion to an interface type of the value
// sent by send: ch <- fmt.Stringer(code(5)) panicked in
// reflect.Value.Send (value of type int is not assignable to type
// fmt.Stringer), and so did the same conversion returned by a function
// literal; sent as it is, the value is converted to the channel's
// element type, an interface, right, and holds the same dynamic value:
//
//	ch <- fmt.Stringer(code(5))  →  ch <- (code(5))
func (f *folder) unconvertSent(sf *srcFile, info *types.Info, send *ast.SendStmt) bool {
	call, ok := ast.Unparen(send.Value).(*ast.CallExpr)
	if !ok || len(call.Args) != 1 || call.Ellipsis.IsValid() {
		return false
	}
	tv, ok := info.Types[call.Fun]
	if !ok || !tv.IsType() || !types.IsInterface(tv.Type) || isNilExpr(info, call.Args[0]) {
		return false
	}
	if sf.replaced(f, call) {
		return false
	}
	sf.edits = append(sf.edits, edit{off: f.offset(call.Pos()), end: f.offset(call.Lparen), text: ""})
	return true
}
