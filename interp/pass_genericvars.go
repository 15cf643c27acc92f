package interp

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// genericVars is the pass for package-level variables initialised with an
// instantiation of a generic function or type (var users =
// cache.New[string, int](), var allowed = NewSet("GET")), which yaegi
// refuses at package level ("not a generic type", "constant definition
// loop") while it runs them in a function body. The initialisation moves
// to an init function declared on the variable's line:
//
//	var users = cache.New[string, int]()  →  var users *cache.Cache[string, int]; func init() { users = /*line :9:13*/cache.New[string, int]() }/*line :9:37*/
//
// Variables run this way are set after every other package-level variable
// and before the init functions that follow, which is when Go sets them
// unless another initialiser or an init function reads them: such
// variables, those named _, those whose type the file cannot name, and
// those of an instance of another package's generic type (which yaegi
// cannot declare at package level either) are left as written. In a parenthesised declaration the init function
// follows the closing parenthesis, and only one-line initialisers move.
func genericVars(f *folder) (bool, []diagnostic) {
	info := f.typeInfo()
	if info == nil || len(info.Instances) == 0 {
		return false, nil
	}
	readAtInit := f.namesReadAtInit()
	changed := false
	for _, sf := range f.accepted() {
		for _, d := range sf.syntax.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.VAR {
				continue
			}
			var inits []string
			for _, s := range gd.Specs {
				if init, ok := f.moveGenericInit(sf, gd, s.(*ast.ValueSpec), readAtInit); ok {
					inits = append(inits, init)
				}
			}
			if len(inits) == 0 {
				continue
			}
			// The second directive gives what follows (the next lines, when
			// the declaration is parenthesised) back its own positions.
			sf.edits.insert(f.offset(gd.End()), "; func init() { "+strings.Join(inits, "; ")+" }"+f.lineDirective(gd.End()))
			changed = true
		}
	}
	return changed, nil
}

// moveGenericInit removes the initialiser of vs when it instantiates a
// generic function or type, giving the variables their types, and returns
// the assignment that replaces it.
func (f *folder) moveGenericInit(sf *srcFile, gd *ast.GenDecl, vs *ast.ValueSpec, readAtInit map[string]bool) (string, bool) {
	if len(vs.Values) == 0 || len(vs.Values) != len(vs.Names) || !f.instantiates(vs) {
		return "", false
	}
	start, end := f.position(vs.Values[0].Pos()), f.position(vs.End())
	if gd.Lparen.IsValid() && start.Line != end.Line {
		return "", false
	}
	var names []string
	for _, n := range vs.Names {
		if n.Name == "_" || readAtInit[n.Name] {
			return "", false
		}
		names = append(names, n.Name)
	}
	typ := ""
	if vs.Type == nil {
		t := f.typeOf(vs.Names[0])
		for _, n := range vs.Names[1:] {
			if f.typeOf(n) != t {
				return "", false // one declared type for all
			}
		}
		if t == nil || f.foreignInstance(t, 0) {
			return "", false
		}
		name, ok := f.typeName(sf, t)
		if !ok {
			return "", false
		}
		typ = " " + name
	}
	var values []string
	for _, v := range vs.Values {
		// The initialiser moves along its line: the directive keeps the
		// columns of yaegi's errors about it (sync.OnceValue, which it
		// lacks) where the user wrote it.
		values = append(values, f.lineDirective(v.Pos())+sf.take(f, v))
	}
	from := f.offset(vs.Names[len(vs.Names)-1].End())
	if vs.Type != nil {
		from = f.offset(vs.Type.End())
	}
	sf.edits = append(sf.edits, edit{off: from, end: f.offset(vs.Values[len(vs.Values)-1].End()), text: typ})
	return strings.Join(names, ", ") + " = " + strings.Join(values, ", "), true
}

// foreignInstance reports whether t is, or is made of, an instance of a
// generic type of another package: yaegi fails to load a package-level
// variable of such a type (var users *cache.Cache[string, int]).
func (f *folder) foreignInstance(t types.Type, depth int) bool {
	if depth > 8 {
		return false
	}
	switch u := types.Unalias(t).(type) {
	case *types.Named:
		return u.TypeArgs().Len() > 0 && u.Obj().Pkg() != nil && u.Obj().Pkg().Path() != f.importPath
	case *types.Pointer:
		return f.foreignInstance(u.Elem(), depth+1)
	case *types.Slice:
		return f.foreignInstance(u.Elem(), depth+1)
	case *types.Array:
		return f.foreignInstance(u.Elem(), depth+1)
	case *types.Chan:
		return f.foreignInstance(u.Elem(), depth+1)
	case *types.Map:
		return f.foreignInstance(u.Key(), depth+1) || f.foreignInstance(u.Elem(), depth+1)
	}
	return false
}

// instantiates reports whether an initialiser of vs instantiates a generic
// function or type.
func (f *folder) instantiates(vs *ast.ValueSpec) bool {
	info := f.typeInfo()
	found := false
	for _, v := range vs.Values {
		ast.Inspect(v, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				if _, ok := info.Instances[id]; ok {
					found = true
				}
			}
			return !found
		})
	}
	return found
}

// namesReadAtInit returns the identifiers that package-level initialisers
// and init functions of the folder mention.
func (f *folder) namesReadAtInit() map[string]bool {
	names := make(map[string]bool)
	note := func(n ast.Node) {
		ast.Inspect(n, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				names[id.Name] = true
			}
			return true
		})
	}
	for _, sf := range f.files {
		for _, d := range sf.syntax.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil && d.Name.Name == "init" && d.Body != nil {
					note(d.Body)
				}
			case *ast.GenDecl:
				if d.Tok != token.VAR {
					continue
				}
				for _, s := range d.Specs {
					for _, v := range s.(*ast.ValueSpec).Values {
						note(v)
					}
				}
			}
		}
	}
	return names
}
