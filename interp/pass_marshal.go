package interp

import (
	"fmt"
	"go/ast"
)

// registerMarshalers is the pass for MarshalJSON and MarshalText methods.
// yaegi's reflect types carry no methods, so compiled encoding/json cannot
// find them: the pass registers each method with internal/jsonfix (an init
// function after the file's last line) and marks its struct type so that
// values can be told apart. Methods it cannot make encoding/json honour are
// refused in the user's code (and warned about in other modules).
func registerMarshalers(f *folder) (bool, []diagnostic) {
	changed := false
	var diags []diagnostic
	for _, sf := range f.files {
		for _, d := range sf.syntax.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || !isMarshalMethod(fd) {
				continue
			}
			reg, diag := f.marshaler(sf, fd)
			if diag != nil {
				diags = append(diags, *diag)
			}
			if reg != "" {
				sf.addImport("__devserver_jsonfix", jsonfixPath)
				sf.decls.WriteString(reg)
				changed = true
			}
		}
	}
	return changed, diags
}

// isMarshalMethod reports whether fd is a MarshalJSON or MarshalText method
// of the standard shape.
func isMarshalMethod(fd *ast.FuncDecl) bool {
	return fd.Recv != nil && len(fd.Recv.List) == 1 &&
		(fd.Name.Name == "MarshalJSON" || fd.Name.Name == "MarshalText") &&
		fd.Type.Params.NumFields() == 0 && fd.Type.Results.NumFields() == 2
}

// marshaler returns the registration of the marshal method fd of file sf,
// or what stands in its way.
func (f *folder) marshaler(sf *srcFile, fd *ast.FuncDecl) (string, *diagnostic) {
	method := fd.Name.Name
	refuse := func(msg string) *diagnostic { return &diagnostic{pos: fd.Name.Pos(), msg: msg, refuse: true} }
	rt, ptr := fd.Recv.List[0].Type, false
	if st, ok := rt.(*ast.StarExpr); ok {
		rt, ptr = st.X, true
	}
	if f.monomorphised && f.isRoute() && isGenericDecl(fd) {
		// A method of a generic type of a route's package, whose
		// instances are all written out as concrete types (see
		// monomorph.go) with their own methods, which this pass
		// registers: the generic one never runs. No other package
		// instantiates a route's types.
		return "", nil
	}
	id, ok := rt.(*ast.Ident)
	ts := f.types[id.String()]
	if !ok || ts == nil {
		return "", refuse(fmt.Sprintf("method %s on a generic type: devserver's interpreter cannot make encoding/json call it as a compiled program would; encode a non-generic type", method))
	}
	recv := id.Name
	if ptr {
		recv = "*" + recv
	}
	pkgType := sf.syntax.Name.Name + "." + id.Name
	st, isStruct := ts.Type.(*ast.StructType)
	switch {
	case ts.TypeParams != nil:
		return "", refuse(fmt.Sprintf("method %s on generic type %s: devserver's interpreter cannot make encoding/json call it as a compiled program would; encode a non-generic type", method, id.Name))
	case !isStruct:
		under := f.text(f.typeFile[id.Name], ts.Type)
		if f.own && ptr {
			return "", refuse(fmt.Sprintf("method %s on %s, which is not a struct type: devserver's interpreter represents %s by its underlying type, so encoding/json could not call this method in dev although a build would; make %s a struct (e.g. struct{ V %s }) or convert values before encoding", method, id.Name, id.Name, id.Name, under))
		}
		if f.own {
			// Struct fields of this type in the package are marked (see
			// markLocal) and encoded through the method.
			f.nonStructMarshalers[id.Name] = true
		}
		warn := refuse(fmt.Sprintf("%s.%s has method %s but is not a struct type (%s): in dev, encoding/json calls it only for struct fields of type %s, *%s or []%s declared in your code; elsewhere (a value on its own, in a map, in a slice of any) it encodes a plain %s, unlike a build", sf.syntax.Name.Name, id.Name, method, under, id.Name, id.Name, id.Name, under))
		warn.refuse = false // a warning: the method is honoured where it can be
		if ptr {
			return "", warn
		}
		// Struct fields of this type in the user's code are marked and
		// encoded through it; other places cannot be told.
		kind := "json"
		if method == "MarshalText" {
			kind = "text"
		}
		return fmt.Sprintf("\nfunc init() { __devserver_jsonfix.RegisterNamed(%q, %q, %q, func(v %s) ([]byte, error) { return v.%s() }) }\n", f.importPath+"."+id.Name, pkgType, kind, recv, method), warn
	case st.Fields.NumFields() == 0:
		return "", refuse(fmt.Sprintf("method %s on %s, a struct without fields: devserver's interpreter cannot tell %s from other empty structs; give it a field", method, id.Name, id.Name))
	}
	f.marked[id.Name] = true
	register := "RegisterJSON"
	if method == "MarshalText" {
		register = "RegisterText"
	}
	return fmt.Sprintf("\nfunc init() { __devserver_jsonfix.%s(%q, func(v %s) ([]byte, error) { return v.%s() }) }\n", register, pkgType, recv, method), nil
}
