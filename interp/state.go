package interp

import (
	"go/ast"
	"go/token"
	"strconv"
	"strings"
)

// Routes may change the state of a package they import (a store, a
// counter, a cache) after it is initialised, and read back what others
// changed: a program has one instance of the package. The dev server has
// two, one in the interpreter and one in the compiled worker, so the routes
// sharing such a package must all run in one tier (see the dev server's
// tiers). Most packages a route shares hold no such state, only values
// fixed once initialised (sentinel errors, compiled regular expressions,
// parsed templates, lookup tables); counting them would send every route
// of an app to the compiled tier with the first one that must go there.
//
// stateFacts is what one file says about it, read from its syntax alone
// (types would cost a type check of the package on every reload): its
// package-level variables, each with whether its initial value is one
// nothing can change in place, and every use of a package-level name that
// may change what it holds, in any function of the file.

// stateFacts are the facts of one file about package state.
type stateFacts struct {
	// init reports an init function: it may set up state (a seeded
	// random key) two instances would not share.
	init bool
	// declares reports a package-level var declaration, even of none
	// but _ (see stateful).
	declares bool
	// vars are the package-level variables the file declares, by name,
	// with the kind of their initial value.
	vars map[string]valueKind
	// The names the file's functions use, by how. Locals are counted
	// too: a local shadowing a package-level variable only makes the
	// answer more cautious.
	//
	// written: assigned (as a whole, an element, a field), increased,
	// addressed, deleted from or cleared, or the receiver of a method
	// changing a value otherwise fixed (tmpl.Funcs). called: the
	// receiver of another method. handed: an argument of a function
	// other than a reader (sort.Strings(names), fill(cache)). used:
	// any of those, or read.
	written, called, handed, used map[string]bool
	// selectors are the names assigned through a selector (other.Limit =
	// 3): another package's variable, when it is one.
	selectors map[string]bool
}

// valueKind is what the initial value of a package-level variable may
// hold.
type valueKind int

const (
	// stateValue may hold state: a call's result (a store, a client, a
	// random key), a make, a pointer, a function, or a zero value of a
	// type other than a basic one (a mutex).
	stateValue valueKind = iota
	// tableValue is a map, slice or array literal of fixed values: a
	// lookup table, state only if written, handed on or called a method
	// of.
	tableValue
	// plainValue is a constant expression, a conversion or a struct
	// literal of fixed values: state only if written or called a method
	// of (a pointer method changes it).
	plainValue
	// objectValue is the result of one of immutableCalls: a sentinel
	// error, a compiled expression, a parsed template; state only if
	// written (assigned, or a mutatorMethods called).
	objectValue
)

// immutableCalls are the functions whose results nothing changes in
// place, by import path and name: a package-level variable initialised
// with one holds no state.
var immutableCalls = map[string]bool{
	"errors.New":              true,
	"fmt.Errorf":              true,
	"regexp.MustCompile":      true,
	"regexp.MustCompilePOSIX": true,
	"text/template.Must":      true,
	"html/template.Must":      true,
	"strings.NewReplacer":     true,
	"time.Date":               true,
	"time.FixedZone":          true,
	"github.com/shopspring/decimal.RequireFromString": true,
	"github.com/shopspring/decimal.NewFromInt":        true,
	"github.com/shopspring/decimal.NewFromFloat":      true,
	"github.com/shopspring/decimal.New":               true,
	"github.com/google/uuid.MustParse":                true,
}

// mutatorMethods are the methods that change a value otherwise fixed
// (a template, a regular expression): their receiver holds state.
var mutatorMethods = map[string]bool{
	"Funcs": true, "Parse": true, "ParseFiles": true, "ParseGlob": true, "ParseFS": true,
	"AddParseTree": true, "Option": true, "Delims": true, "New": true, "Longest": true,
}

// readers are the functions that only read what they are handed, by
// import path and name ("" for builtins).
var readers = map[string]bool{
	".len": true, ".cap": true, ".print": true, ".println": true,
	"slices.Contains": true, "slices.Index": true, "slices.Equal": true, "slices.BinarySearch": true,
	"slices.Max": true, "slices.Min": true, "slices.Clone": true, "maps.Clone": true,
	"strings.Join": true, "strings.Contains": true, "strings.HasPrefix": true, "strings.HasSuffix": true,
	"strings.EqualFold": true, "strings.Index": true, "strings.TrimPrefix": true, "strings.TrimSuffix": true,
	"sort.SearchStrings": true, "sort.SearchInts": true,
	"errors.Is": true, "errors.As": true, "errors.Join": true, "fmt.Errorf": true,
	"fmt.Sprint": true, "fmt.Sprintf": true, "fmt.Sprintln": true,
	"fmt.Print": true, "fmt.Printf": true, "fmt.Println": true,
	"fmt.Fprint": true, "fmt.Fprintf": true, "fmt.Fprintln": true,
}

// stateFactsOf reads the state facts of a parsed file.
func stateFactsOf(file *ast.File) *stateFacts {
	sf := &stateFacts{vars: map[string]valueKind{}, written: map[string]bool{}, called: map[string]bool{}, handed: map[string]bool{}, used: map[string]bool{}, selectors: map[string]bool{}}
	imports := fileImports(file)
	for _, d := range file.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil && d.Name.Name == "init" {
				sf.init = true
			}
			if d.Body != nil {
				sf.uses(d.Body, imports)
			}
		case *ast.GenDecl:
			if d.Tok != token.VAR {
				continue
			}
			sf.declares = true
			for _, spec := range d.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, name := range vs.Names {
					var value ast.Expr
					if i < len(vs.Values) {
						value = vs.Values[i]
					}
					if name.Name != "_" {
						sf.vars[name.Name] = kindOf(vs.Type, value, len(vs.Values) == len(vs.Names), imports)
					}
				}
				for _, v := range vs.Values {
					sf.uses(v, imports) // function literals in initialisers
				}
			}
		}
	}
	return sf
}

// stateful reports package-level variables or an init function: what
// makes routes importing the package share one interpreter (see units.go),
// however little of it mutable counts as state for the tiers.
func (sf *stateFacts) stateful() bool { return sf.init || sf.declares }

// fileImports maps the names a file refers to its imports by to their
// paths (the last element of the path when the import is not renamed).
func fileImports(file *ast.File) map[string]string {
	out := make(map[string]string, len(file.Imports))
	for _, is := range file.Imports {
		path, err := strconv.Unquote(is.Path.Value)
		if err != nil {
			continue
		}
		name := pathBase(path)
		if strings.HasPrefix(name, "v") && len(name) > 1 && strings.Trim(name[1:], "0123456789") == "" {
			name = pathBase(strings.TrimSuffix(path, "/"+name)) // github.com/x/y/v5
		}
		if is.Name != nil {
			name = is.Name.Name
		}
		out[name] = path
	}
	return out
}

// kindOf is the kind of the initial value of a package-level variable of
// type typ (nil when not written) initialised with value (nil: its zero
// value). single is false for `a, b = f()`, whose value is a call's.
func kindOf(typ, value ast.Expr, single bool, imports map[string]string) valueKind {
	switch {
	case !single:
		return stateValue
	case value == nil && typ != nil && basicType(typ):
		return plainValue
	case value == nil:
		return stateValue
	}
	if call, ok := ast.Unparen(value).(*ast.CallExpr); ok && immutableCalls[calleeName(call.Fun, imports)] {
		return objectValue
	}
	if lit, ok := ast.Unparen(value).(*ast.CompositeLit); ok {
		switch lit.Type.(type) {
		case *ast.MapType, *ast.ArrayType:
			if fixedElements(lit, imports) {
				return tableValue
			}
			return stateValue
		}
	}
	if fixedExpr(value, imports) {
		return plainValue
	}
	return stateValue
}

// basicType reports whether typ names a predeclared type other than a
// reference (int, string, bool, error, ...) or time.Duration.
func basicType(typ ast.Expr) bool {
	switch t := typ.(type) {
	case *ast.Ident:
		switch t.Name {
		case "bool", "string", "error", "byte", "rune", "int", "int8", "int16", "int32", "int64",
			"uint", "uint8", "uint16", "uint32", "uint64", "uintptr", "float32", "float64", "complex64", "complex128":
			return true
		}
	case *ast.SelectorExpr:
		if x, ok := t.X.(*ast.Ident); ok && x.Name == "time" && t.Sel.Name == "Duration" {
			return true
		}
	}
	return false
}

// fixedExpr reports whether the value of e is one nothing can change in
// place: made of literals, constants and other names, of immutableCalls,
// and of conversions and struct literals of those.
func fixedExpr(e ast.Expr, imports map[string]string) bool {
	switch x := e.(type) {
	case *ast.BasicLit, *ast.Ident:
		return true
	case *ast.SelectorExpr:
		_, ok := x.X.(*ast.Ident) // another package's constant or variable
		return ok
	case *ast.ParenExpr:
		return fixedExpr(x.X, imports)
	case *ast.UnaryExpr:
		return x.Op != token.AND && x.Op != token.ARROW && fixedExpr(x.X, imports)
	case *ast.BinaryExpr:
		return fixedExpr(x.X, imports) && fixedExpr(x.Y, imports)
	case *ast.CallExpr:
		if basicType(x.Fun) && len(x.Args) == 1 { // a conversion: string(b), time.Duration(n)
			return fixedExpr(x.Args[0], imports)
		}
		return immutableCalls[calleeName(x.Fun, imports)]
	case *ast.CompositeLit:
		switch x.Type.(type) {
		case *ast.Ident, *ast.SelectorExpr:
			// A struct; or a named map or slice type (type Set
			// map[string]bool) written with keys, which looks the same:
			// its elements are changed through its name, which written
			// finds, or by a method, which called finds.
			return fixedElements(x, imports)
		}
		return false // a map, a slice, an array
	}
	return false
}

// fixedElements reports whether every element of lit is a fixed value
// (fixedExpr).
func fixedElements(lit *ast.CompositeLit, imports map[string]string) bool {
	for _, el := range lit.Elts {
		if kv, ok := el.(*ast.KeyValueExpr); ok {
			el = kv.Value
		}
		if !fixedExpr(el, imports) {
			return false
		}
	}
	return true
}

// calleeName is the import path and name of the function fun calls
// ("regexp.MustCompile"), ".name" for a builtin or a function of the
// file's package, "" when it is neither (a method, a function value).
func calleeName(fun ast.Expr, imports map[string]string) string {
	switch f := fun.(type) {
	case *ast.Ident:
		return "." + f.Name
	case *ast.SelectorExpr:
		if x, ok := f.X.(*ast.Ident); ok {
			if path, ok := imports[x.Name]; ok {
				return path + "." + f.Sel.Name
			}
		}
	case *ast.IndexExpr: // a generic function instantiated: f[T]
		return calleeName(f.X, imports)
	}
	return ""
}

// uses records, in n, the names whose value may be changed in place
// (see stateFacts.written) and the names assigned through a selector.
func (sf *stateFacts) uses(n ast.Node, imports map[string]string) {
	ast.Inspect(n, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.Ident:
			sf.used[x.Name] = true
		case *ast.AssignStmt:
			if x.Tok != token.DEFINE {
				for _, lhs := range x.Lhs {
					sf.write(lhs)
				}
			}
		case *ast.IncDecStmt:
			sf.write(x.X)
		case *ast.RangeStmt:
			if x.Tok == token.ASSIGN {
				sf.write(x.Key)
				sf.write(x.Value)
			}
		case *ast.UnaryExpr:
			if x.Op == token.AND {
				sf.write(x.X)
			}
		case *ast.CallExpr:
			sf.call(x, imports)
		}
		return true
	})
}

// write records that the value of e, an operand that is changed, is:
// the name it is rooted at, and the field selected last when it selects
// one of another package (pkg.Var).
func (sf *stateFacts) write(e ast.Expr) {
	if e == nil {
		return
	}
	if s, ok := ast.Unparen(e).(*ast.SelectorExpr); ok {
		sf.selectors[s.Sel.Name] = true
	}
	if name := rootName(e); name != "" {
		sf.written[name] = true
	}
}

// call records the operands call may change in place: the receiver of a
// method (written for one of mutatorMethods, called for another), and
// the arguments handed to a function other than a reader.
func (sf *stateFacts) call(call *ast.CallExpr, imports map[string]string) {
	callee := calleeName(call.Fun, imports)
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && callee == "" {
		if name := rootName(sel.X); name != "" {
			if mutatorMethods[sel.Sel.Name] {
				sf.written[name] = true
			} else {
				sf.called[name] = true
			}
		}
	}
	if readers[callee] {
		return
	}
	for _, a := range call.Args {
		if name := rootName(a); name != "" {
			sf.handed[name] = true
		}
	}
}

// rootName is the name an operand is rooted at: x for x, x.f, x[i],
// x.f[i].g, *x, x[1:]; "" for anything else (a call's result). Unlike
// rootIdent (the variable an operand is part of), it goes through
// dereferences and slices: what they change is reached through the name.
func rootName(e ast.Expr) string {
	for {
		switch x := e.(type) {
		case *ast.Ident:
			return x.Name
		case *ast.SelectorExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.IndexListExpr:
			e = x.X
		case *ast.StarExpr:
			e = x.X
		case *ast.ParenExpr:
			e = x.X
		case *ast.SliceExpr:
			e = x.X
		default:
			return ""
		}
	}
}

// mutable reports whether a package whose files have these facts holds
// state its users may change after it is initialised, or that two
// instances of it would not share: an init function; a variable written;
// one whose value may hold state (stateValue) and is used at all, or is
// exported (another package may change it in place); a table handed on
// or called a method of; a plain value called a method of; an exported
// variable another package assigns (assigned: the names assigned through
// a selector anywhere in the app).
func mutable(files []*stateFacts, assigned map[string]bool) bool {
	var written, called, handed, used = map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, f := range files {
		if f.init {
			return true
		}
		for _, m := range []struct{ from, to map[string]bool }{{f.written, written}, {f.called, called}, {f.handed, handed}, {f.used, used}} {
			for n := range m.from {
				m.to[n] = true
			}
		}
	}
	for _, f := range files {
		for name, kind := range f.vars {
			exported := token.IsExported(name)
			switch {
			case written[name], exported && assigned[name]:
				return true
			case kind == stateValue && (used[name] || exported):
				return true
			case kind == tableValue && (called[name] || handed[name] || exported):
				return true
			case kind == plainValue && called[name]:
				return true
			}
		}
	}
	return false
}

// assignsExported reports whether an exported variable of a package whose
// files have these facts is among assigned, the names the app assigns
// through a selector (decimal.DivisionPrecision = 8).
func assignsExported(files []*stateFacts, assigned map[string]bool) bool {
	for _, f := range files {
		for name := range f.vars {
			if token.IsExported(name) && assigned[name] {
				return true
			}
		}
	}
	return false
}
