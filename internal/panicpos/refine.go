package panicpos

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path"
	"slices"
	"strconv"
	"strings"
)

// The interpreted code records the first line of the statement a function
// was at (see Leave). For a statement written over several lines, Go's
// own stack trace names another: the line of the operation that failed
// (the index, the field through a nil pointer, the call, the division,
// the type assertion). Refine finds that operation in the statement's
// source, by the kind of the panic, so that dev names the line a built
// binary does.

// Refine returns frames with the line of each moved, within its statement,
// to the line Go names for the failing operation: for the innermost frame
// an operation of the kind value (the recovered panic) says failed; for
// the others the call of the function the frame before it is in. A frame
// whose statement is on one line, or whose source cannot be read, is left
// as it is. It reads the files again, and is meant for a panic's way only.
func Refine(frames []Frame, value any) []Frame {
	out := make([]Frame, len(frames))
	copy(out, frames)
	files := make(map[string]*parsedFile)
	parse := func(name string) *parsedFile {
		if pf, ok := files[name]; ok {
			return pf
		}
		pf := parseFile(name)
		files[name] = pf
		return pf
	}
	for i, f := range frames {
		pf := parse(f.File)
		if pf == nil {
			continue
		}
		want := operationOf(value)
		callee := ""
		if i > 0 {
			want = opCall
			if inner := parse(frames[i-1].File); inner != nil {
				callee = inner.funcAt(frames[i-1].Line)
			}
		}
		out[i].Line = pf.refine(f.Line, want, callee)
	}
	return out
}

// operation is a kind of operation a panic comes from.
type operation int

const (
	opCall      operation = iota // a call: of panic, or of a function that panicked
	opIndex                      // an index out of range
	opSlice                      // slice bounds out of range
	opMapAssign                  // an assignment to an entry of a nil map
	opDeref                      // a nil pointer dereference
	opDivide                     // an integer division by zero
	opAssert                     // a failed type assertion
)

// operationOf tells the operation that failed from the panic value: a
// run-time error's text says, anything else was panicked by a call.
func operationOf(value any) operation {
	var msg string
	switch v := value.(type) {
	case error:
		msg = v.Error()
	default:
		return opCall
	}
	switch {
	case strings.Contains(msg, "index out of range"):
		return opIndex
	case strings.Contains(msg, "slice bounds out of range"):
		return opSlice
	case strings.Contains(msg, "assignment to entry in nil map"):
		return opMapAssign
	case strings.Contains(msg, "nil pointer dereference"):
		return opDeref
	case strings.Contains(msg, "integer divide by zero"):
		return opDivide
	case strings.HasPrefix(msg, "interface conversion"):
		return opAssert
	}
	return opCall
}

// parsedFile is a Go file parsed to refine the lines of its frames.
type parsedFile struct {
	fset     *token.FileSet
	file     *ast.File
	packages map[string]bool // the names its imports are known by
}

func parseFile(name string) *parsedFile {
	src, err := os.ReadFile(name)
	if err != nil {
		return nil
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, src, parser.SkipObjectResolution)
	if err != nil {
		return nil
	}
	pf := &parsedFile{fset: fset, file: f, packages: make(map[string]bool)}
	for _, imp := range f.Imports {
		p, _ := strconv.Unquote(imp.Path.Value)
		name := path.Base(p)
		if imp.Name != nil {
			name = imp.Name.Name
		}
		pf.packages[name] = true
	}
	return pf
}

func (pf *parsedFile) line(p token.Pos) int { return pf.fset.Position(p).Line }

// literal is funcAt's name of a function literal.
const literal = "func literal"

// funcAt returns the name of the function declared around line, literal
// for a function literal, "" for none.
func (pf *parsedFile) funcAt(line int) string {
	name := ""
	ast.Inspect(pf.file, func(n ast.Node) bool {
		if n == nil || pf.line(n.Pos()) > line || pf.line(n.End()) < line {
			return false
		}
		switch x := n.(type) {
		case *ast.FuncDecl:
			name = x.Name.Name
		case *ast.FuncLit:
			name = literal
		}
		return true
	})
	return name
}

// refine returns the line of the operation of kind want (a call of
// callee, when named) in the statement starting at line; line itself when
// the statement is on one line, has no such operation, or has several on
// different lines that nothing tells apart: then the statement's line is
// the better guess.
func (pf *parsedFile) refine(line int, want operation, callee string) int {
	stmt := pf.statementAt(line)
	if stmt == nil {
		return line
	}
	var found []int  // lines of the operations of the kind, in evaluation order
	var named []int  // the calls of callee among them
	var panics []int // the calls of the builtin panic among them
	var stack []ast.Node
	for _, part := range evaluated(stmt) {
		ast.Inspect(part, func(n ast.Node) bool {
			if n == nil {
				n, stack = stack[len(stack)-1], stack[:len(stack)-1]
				// After its operands: the order Go evaluates them in.
				if l, ok := pf.operationLine(n, want, stmt); ok {
					found = append(found, l)
					if callee != "" && calls(n, callee) {
						named = append(named, l)
					}
					if calls(n, "panic") {
						panics = append(panics, l)
					}
				}
				return true
			}
			switch n.(type) {
			case *ast.FuncLit, *ast.BlockStmt, *ast.CaseClause, *ast.CommClause:
				return false // run on their own, with lines of their own
			}
			stack = append(stack, n)
			return true
		})
	}
	for _, lines := range [][]int{named, panics, found} {
		if len(lines) > 0 {
			if slices.Min(lines) == slices.Max(lines) {
				return lines[0]
			}
			return line
		}
	}
	return line
}

// statementAt returns the statement starting at line that spans more
// than that line (the outermost, when several start there), or nil.
func (pf *parsedFile) statementAt(line int) ast.Stmt {
	var found ast.Stmt
	ast.Inspect(pf.file, func(n ast.Node) bool {
		if found != nil || n == nil {
			return false
		}
		if pf.line(n.Pos()) > line || pf.line(n.End()) < line {
			return false
		}
		if s, ok := n.(ast.Stmt); ok && pf.line(s.Pos()) == line {
			if _, block := s.(*ast.BlockStmt); !block {
				found = s
				return false
			}
		}
		return true
	})
	if found == nil || pf.line(headerEnd(found)) == line {
		return nil
	}
	return found
}

// evaluated returns the parts of s a panic attributed to s's line comes
// from: the whole statement, or a compound statement's header (its body
// has lines of its own).
func evaluated(s ast.Stmt) []ast.Node {
	var parts []ast.Node
	switch x := s.(type) {
	case *ast.IfStmt:
		if x.Init != nil {
			parts = append(parts, x.Init)
		}
		parts = append(parts, x.Cond)
	case *ast.ForStmt:
		if x.Init != nil {
			parts = append(parts, x.Init)
		}
		if x.Cond != nil {
			parts = append(parts, x.Cond)
		}
	case *ast.RangeStmt:
		parts = append(parts, x.X)
	case *ast.SwitchStmt:
		if x.Init != nil {
			parts = append(parts, x.Init)
		}
		if x.Tag != nil {
			parts = append(parts, x.Tag)
		}
	case *ast.TypeSwitchStmt:
		if x.Init != nil {
			parts = append(parts, x.Init)
		}
		parts = append(parts, x.Assign)
	case *ast.SelectStmt:
	case *ast.LabeledStmt:
		return evaluated(x.Stmt)
	default:
		parts = append(parts, s)
	}
	return parts
}

// headerEnd is where the part of s evaluated at its line ends.
func headerEnd(s ast.Stmt) token.Pos {
	switch x := s.(type) {
	case *ast.IfStmt:
		return x.Body.Lbrace
	case *ast.ForStmt:
		return x.Body.Lbrace
	case *ast.RangeStmt:
		return x.Body.Lbrace
	case *ast.SwitchStmt:
		return x.Body.Lbrace
	case *ast.TypeSwitchStmt:
		return x.Body.Lbrace
	case *ast.SelectStmt:
		return x.Body.Lbrace
	case *ast.LabeledStmt:
		return headerEnd(x.Stmt)
	}
	return s.End()
}

// operationLine returns the line Go names for n when n is an operation of
// kind want: the line of a call's or an index's opening bracket, of a
// selector's dot, of a division's operator.
func (pf *parsedFile) operationLine(n ast.Node, want operation, stmt ast.Stmt) (int, bool) {
	switch x := n.(type) {
	case *ast.CallExpr:
		if want == opCall || (want == opDeref && pf.isMethodCall(x)) {
			return pf.line(x.Lparen), true
		}
	case *ast.IndexExpr:
		if want == opIndex {
			return pf.line(x.Lbrack), true
		}
		if want == opMapAssign && assignedTo(stmt, x) {
			return pf.line(x.Lbrack), true
		}
	case *ast.SliceExpr:
		if want == opSlice {
			return pf.line(x.Lbrack), true
		}
	case *ast.SelectorExpr:
		if want == opDeref && !pf.isPackage(x.X) {
			return pf.line(x.X.End()), true
		}
	case *ast.StarExpr:
		if want == opDeref {
			return pf.line(x.Star), true
		}
	case *ast.BinaryExpr:
		if want == opDivide && (x.Op == token.QUO || x.Op == token.REM) {
			return pf.line(x.OpPos), true
		}
	case *ast.AssignStmt:
		if want == opDivide && (x.Tok == token.QUO_ASSIGN || x.Tok == token.REM_ASSIGN) {
			return pf.line(x.TokPos), true
		}
	case *ast.TypeAssertExpr:
		if want == opAssert && x.Type != nil {
			return pf.line(x.Lparen), true
		}
	}
	return 0, false
}

// isPackage reports whether e names an imported package (fmt in
// fmt.Sprint): a selector of it is no dereference.
func (pf *parsedFile) isPackage(e ast.Expr) bool {
	id, ok := e.(*ast.Ident)
	return ok && pf.packages[id.Name]
}

// isMethodCall reports whether call calls a method or a field (not a
// package's function): through a nil pointer, it panics there.
func (pf *parsedFile) isMethodCall(call *ast.CallExpr) bool {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	return ok && !pf.isPackage(sel.X)
}

// assignedTo reports whether stmt assigns to x (m[k] = v, m[k]++).
func assignedTo(stmt ast.Stmt, x ast.Expr) bool {
	switch s := stmt.(type) {
	case *ast.AssignStmt:
		for _, l := range s.Lhs {
			if l == x {
				return true
			}
		}
	case *ast.IncDecStmt:
		return s.X == x
	}
	return false
}

// calls reports whether n is a call of a function or method named name,
// or, for literal, of a function literal.
func calls(n ast.Node, name string) bool {
	call, ok := n.(*ast.CallExpr)
	if !ok {
		return false
	}
	switch f := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		return f.Name == name
	case *ast.SelectorExpr:
		return f.Sel.Name == name
	case *ast.FuncLit:
		return name == literal
	}
	return false
}
