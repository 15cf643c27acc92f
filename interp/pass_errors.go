package interp

import (
	"fmt"
	"go/ast"
	"strings"
)

// registerErrorMethods is the pass for Unwrap, Is and As methods of struct
// types, which errors.Is and errors.As must see: yaegi hands compiled code
// values without their methods, so the pass registers each one with
// internal/methods (an init function after the file's last line) and marks
// its type.
func registerErrorMethods(f *folder) (bool, []diagnostic) {
	changed := false
	var diags []diagnostic
	for _, sf := range f.files {
		for _, d := range sf.syntax.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv == nil || len(fd.Recv.List) != 1 || fd.Type.TypeParams != nil {
				continue
			}
			sig, call, ok := errorMethodShape(f, sf, fd)
			if !ok {
				continue
			}
			name, recv := fd.Name.Name, receiverName(fd)
			ts := f.types[recv]
			if ts == nil || ts.TypeParams != nil {
				continue
			}
			if st, isStruct := ts.Type.(*ast.StructType); !isStruct || st.Fields.NumFields() == 0 {
				diags = append(diags, diagnostic{pos: fd.Name.Pos(), msg: fmt.Sprintf("errors.Is and errors.As cannot see method %s of %s in dev, as %s is not a struct with fields (devserver's interpreter cannot tell its values apart); they will in a build", name, recv, recv)})
				continue
			}
			f.marked[recv] = true
			if _, ptr := fd.Recv.List[0].Type.(*ast.StarExpr); ptr {
				recv = "*" + recv
			}
			sf.addImport("__devserver_methods", methodsPath)
			fmt.Fprintf(&sf.decls, "\nfunc init() { __devserver_methods.Register(%q, func(v %s%s { return %s }) }\n", name, recv, strings.Replace(sig, "(", ", ", 1), call)
			changed = true
		}
	}
	return changed, diags
}

// errorMethodShape returns, for an Unwrap, Is or As method of the standard
// shape, the signature of its registered function after the receiver
// ("(target error) bool") and the call it makes ("v.Is(target)").
func errorMethodShape(f *folder, sf *srcFile, fd *ast.FuncDecl) (sig, call string, ok bool) {
	name := fd.Name.Name
	params, results := fd.Type.Params.NumFields(), fd.Type.Results.NumFields()
	switch {
	case name == "Unwrap" && params == 0 && results == 1:
		return "() " + f.text(sf, fd.Type.Results.List[0].Type), "v.Unwrap()", true
	case (name == "Is" || name == "As") && params == 1 && results == 1 && len(fd.Type.Params.List[0].Names) <= 1:
		return "(target " + f.text(sf, fd.Type.Params.List[0].Type) + ") bool", "v." + name + "(target)", true
	}
	return "", "", false
}
