package interp

import (
	"go/ast"
	"go/token"
	"go/types"
)

func init() {
	register("a deferred function literal using a loop's variable (the interpreter gives it the last iteration's)", findDeferredLoopClosures)
	register("a value recovered from a panic asserted to error, in a package with Error methods (a recovered value of its types is not an error in the interpreter)", findRecoveredErrors)
	register("reflect in a package declaring types (reflect sees them without their names and with renamed fields in the interpreter)", findReflect)
	register("a type switch with a case of a type the package declares on a basic type (the interpreter matches its underlying type)", findBasicTypeCases)
	register("a type switch with a case of an interface type with methods (the interpreter matches no value to it: case error: misses every error)", findInterfaceCases)
}

// findInterfaceCases finds the type switches with a case of an interface
// type with methods (error, fmt.Stringer, io.Reader, the package's own):
// yaegi matches no value to such a case. (Rewritten as a switch of type
// assertions, the interpreter failed otherwise: the assertions' closures
// panicked on a later call.)
func findInterfaceCases(f *folder, sf *srcFile) []token.Pos {
	var out []token.Pos
	ast.Inspect(sf.syntax, func(n ast.Node) bool {
		if ts, ok := n.(*ast.TypeSwitchStmt); ok && f.hasInterfaceCase(ts) {
			out = append(out, ts.Pos())
		}
		return true
	})
	return out
}

// findDeferredLoopClosures finds, in the body of a for loop with a
// declaring init statement (for i := 0; ...) or of a range loop declaring
// its variables, a deferred function literal
// naming one of the loop's variables: the loopVars pass leaves deferred
// literals as written, and the interpreter shares one frame slot between
// the iterations' closures.
func findDeferredLoopClosures(_ *folder, sf *srcFile) []token.Pos {
	var out []token.Pos
	ast.Inspect(sf.syntax, func(n ast.Node) bool {
		var lhs []ast.Expr
		var body *ast.BlockStmt
		switch loop := n.(type) {
		case *ast.ForStmt:
			if init, ok := loop.Init.(*ast.AssignStmt); ok && init.Tok == token.DEFINE {
				lhs, body = init.Lhs, loop.Body
			}
		case *ast.RangeStmt:
			// A range loop too: over an integer it becomes a three-clause
			// loop, and over a slice it shares the slot as well.
			if loop.Tok == token.DEFINE {
				lhs, body = []ast.Expr{loop.Key, loop.Value}, loop.Body
			}
		}
		if body == nil {
			return true
		}
		vars := make(map[string]bool)
		for _, l := range lhs {
			if id, ok := l.(*ast.Ident); ok && id.Name != "_" {
				vars[id.Name] = true
			}
		}
		ast.Inspect(body, func(n ast.Node) bool {
			d, ok := n.(*ast.DeferStmt)
			if !ok {
				return true
			}
			if lit, ok := d.Call.Fun.(*ast.FuncLit); ok && namesAny(lit.Body, vars) {
				out = append(out, d.Pos())
			}
			return true
		})
		return true
	})
	return out
}

// namesAny reports whether an identifier of n has one of names.
func namesAny(n ast.Node, names map[string]bool) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && names[id.Name] {
			found = true
		}
		return !found
	})
	return found
}

// findRecoveredErrors finds, in a function calling recover of a package
// with an Error method, an assertion to error (x.(error) or a type switch
// case error): a value of the package's types that was panicked is not an
// error to it in the interpreter.
func findRecoveredErrors(f *folder, sf *srcFile) []token.Pos {
	if !f.hasMethod("Error") {
		return nil
	}
	var out []token.Pos
	ast.Inspect(sf.syntax, func(n ast.Node) bool {
		body := funcBody(n)
		if body == nil || !callsBuiltin(body, "recover") {
			return true
		}
		ast.Inspect(body, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.TypeAssertExpr:
				if isIdent(x.Type, "error") {
					out = append(out, x.Pos())
				}
			case *ast.CaseClause:
				for _, e := range x.List {
					if isIdent(e, "error") {
						out = append(out, e.Pos())
					}
				}
			}
			return true
		})
		return false
	})
	return out
}

// isIdent reports whether e is the identifier name.
func isIdent(e ast.Expr, name string) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == name
}

// findReflect finds the import of reflect in a package that declares
// types: their values reach reflect with yaegi's own struct types.
func findReflect(f *folder, sf *srcFile) []token.Pos {
	if len(f.types) == 0 {
		return nil
	}
	return sf.importPos("reflect")
}

// findBasicTypeCases finds a type switch case naming a type the package
// declares on a predeclared basic type (type Temp float64): the
// interpreter matches a float64 against case Temp.
func findBasicTypeCases(f *folder, sf *srcFile) []token.Pos {
	var out []token.Pos
	ast.Inspect(sf.syntax, func(n ast.Node) bool {
		ts, ok := n.(*ast.TypeSwitchStmt)
		if !ok {
			return true
		}
		for _, c := range ts.Body.List {
			for _, e := range c.(*ast.CaseClause).List {
				id, ok := e.(*ast.Ident)
				if !ok {
					continue
				}
				if spec := f.types[id.Name]; spec != nil && basicTypeNames[identName(spec.Type)] {
					out = append(out, e.Pos())
				}
			}
		}
		return true
	})
	return out
}

// identName is the name of e when it is an identifier, else "".
func identName(e ast.Expr) string {
	if id, ok := e.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}

// basicTypeNames are Go's predeclared basic types.
var basicTypeNames = map[string]bool{
	"bool": true, "string": true, "int": true, "int8": true, "int16": true, "int32": true, "int64": true,
	"uint": true, "uint8": true, "uint16": true, "uint32": true, "uint64": true, "uintptr": true,
	"float32": true, "float64": true, "complex64": true, "complex128": true, "byte": true, "rune": true,
}

// hasInterfaceCase reports whether a case of ts names an interface type
// with methods.
func (f *folder) hasInterfaceCase(ts *ast.TypeSwitchStmt) bool {
	info := f.typeInfo()
	if info == nil {
		return false
	}
	for _, c := range ts.Body.List {
		for _, e := range c.(*ast.CaseClause).List {
			tv := info.Types[e]
			if !tv.IsType() {
				continue
			}
			if it, ok := tv.Type.Underlying().(*types.Interface); ok && it.NumMethods() > 0 {
				return true
			}
		}
	}
	return false
}
