package approuter

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"strconv"
)

// maxDurationTypes are the types MaxDuration may be declared with: Go's
// integer types. time.Duration is not one: Go reads 30 as 30 nanoseconds
// there, so Next.js refuses it.
var maxDurationTypes = map[string]bool{
	"int": true, "int8": true, "int16": true, "int32": true, "int64": true,
	"uint": true, "uint8": true, "uint16": true, "uint32": true, "uint64": true, "uintptr": true,
	"byte": true, "rune": true,
}

// ReadMaxDuration reads the route time limit a route.go file declares, as
// Next.js reads it: statically, from that file only (a sibling's
// declaration is ignored), `const MaxDuration = 30` or `var MaxDuration
// int = 30`, a positive integer literal in seconds, untyped or of an
// integer type. It returns 0 when file declares none, and an error naming
// the position for any other form (a call, a reference, arithmetic, a
// time.Duration).
func ReadMaxDuration(file string) (seconds int, err error) {
	src, err := os.ReadFile(file)
	if err != nil {
		return 0, err
	}
	return MaxDurationOf(file, src)
}

// MaxDurationOf is ReadMaxDuration of src, the content of file already
// read.
func MaxDurationOf(file string, src []byte) (seconds int, err error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, file, src, parser.SkipObjectResolution)
	if err != nil {
		return 0, nil // the loader reports the syntax error
	}
	return maxDuration(fset, f)
}

// maxDuration finds and checks the MaxDuration declaration of f.
func maxDuration(fset *token.FileSet, f *ast.File) (int, error) {
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || (gd.Tok != token.CONST && gd.Tok != token.VAR) {
			continue
		}
		for _, s := range gd.Specs {
			vs := s.(*ast.ValueSpec)
			for i, name := range vs.Names {
				if name.Name != "MaxDuration" {
					continue
				}
				n, msg := maxDurationValue(vs, i)
				if msg != "" {
					return 0, fmt.Errorf("%s: MaxDuration %s; it must be a positive integer literal of seconds, untyped or of an integer type (const MaxDuration = 30)", fset.Position(name.Pos()), msg)
				}
				return n, nil
			}
		}
	}
	return 0, nil
}

// maxDurationValue checks the i-th name of vs; msg says what is wrong.
func maxDurationValue(vs *ast.ValueSpec, i int) (n int, msg string) {
	if vs.Type != nil {
		id, ok := vs.Type.(*ast.Ident)
		if !ok || !maxDurationTypes[id.Name] {
			return 0, fmt.Sprintf("has type %s", typeString(vs.Type))
		}
	}
	if i >= len(vs.Values) {
		return 0, "has no value of its own"
	}
	lit, ok := vs.Values[i].(*ast.BasicLit)
	if !ok || lit.Kind != token.INT {
		return 0, "is not an integer literal"
	}
	v, err := strconv.ParseInt(lit.Value, 0, 64)
	if err != nil || v <= 0 || v > 1<<31-1 {
		return 0, fmt.Sprintf("is %s", lit.Value)
	}
	return int(v), ""
}

// typeString spells a type expression for an error message.
func typeString(e ast.Expr) string {
	switch t := e.(type) {
	case *ast.Ident:
		return t.Name
	case *ast.SelectorExpr:
		return typeString(t.X) + "." + t.Sel.Name
	}
	return fmt.Sprintf("%T", e)
}
