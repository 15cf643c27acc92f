package interp

import (
	"fmt"
	"go/ast"
	"go/types"
	"strings"

	"github.com/devserver/devserver/interp/stdlib"
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
			sf.addImport(methodsAlias, methodsPath)
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

// errorValues is the pass declaring, on each type of the package whose
// values are errors (an Error method in the method set of its values,
// declared or promoted), the method stdlib.ErrorValueMethod returning the
// value in a []any: yaegi hands such a value to compiled code as an error
// in a wrapper holding the last of its fields only, which errors.Is took
// for the value (Missing{7} was Gone{7}, NotFound{"page", 7} was
// NotFound{"user", 7}). With the method, yaegi picks a wrapper of
// stdlib.ErrorWrappers carrying it, through which errors.Is and
// errors.As see the value whole and the name of its type (see
// errors_std.go). A type with the method promoted from an embedded field
// declares its own, which names it rather than the field's type. A
// struct type with fields is marked (see tagFields): errors.As into a
// variable of the type compares reflect types (see wholeErrorStruct).
// Generic types are left alone (their instances are written out as
// other types), as are types declared inside functions, which cannot
// have methods.
func errorValues(f *folder) (bool, []diagnostic) {
	if f.typeInfo() == nil || f.pkg == nil {
		return false, nil
	}
	changed := false
	scope := f.pkg.Scope()
	for _, name := range scope.Names() {
		tn, ok := scope.Lookup(name).(*types.TypeName)
		if !ok || tn.IsAlias() {
			continue
		}
		n, ok := tn.Type().(*types.Named)
		if !ok || n.TypeParams() != nil || types.IsInterface(n) || !hasErrorMethod(n) {
			continue
		}
		sf := f.typeFile[name]
		if sf == nil || sf.err != nil {
			continue
		}
		fmt.Fprintf(&sf.decls, "\nfunc (v %s) %s() []any { return []any{v} }\n", name, stdlib.ErrorValueMethod)
		if st, ok := n.Underlying().(*types.Struct); ok && st.NumFields() > 0 {
			// Its own reflect type (see tagFields), which errors.As
			// tells from another's of the same fields.
			f.marked[name] = true
		}
		changed = true
	}
	return changed, nil
}

// hasErrorMethod reports whether the method set of the values of n has
// error's method.
func hasErrorMethod(n *types.Named) bool {
	sel := types.NewMethodSet(n).Lookup(nil, "Error")
	if sel == nil {
		return false
	}
	sig, ok := sel.Type().(*types.Signature)
	return ok && sig.Params().Len() == 0 && sig.Results().Len() == 1 && types.Identical(sig.Results().At(0).Type(), types.Typ[types.String])
}

// wholeErrorStruct reports whether t is a struct type with fields declared
// at the package level of f whose values are errors (see errorValues):
// yaegi's wrapper carries its values whole, and its reflect type is its
// own, so errors.As into a variable of the type finds them.
func (f *folder) wholeErrorStruct(t *types.Named) bool {
	obj := t.Obj()
	if obj.Pkg() == nil || obj.Pkg().Path() != f.importPath {
		return false
	}
	return wholeError(t)
}

// wholeError reports whether t, a type of interpreted code, is a struct
// type with fields declared at the package level whose values are
// errors: the rewrite of its package (see errorValues) makes yaegi's
// wrapper carry its values whole, with a reflect type of its own.
func wholeError(t *types.Named) bool {
	obj := t.Obj()
	if obj.Parent() != obj.Pkg().Scope() || t.TypeParams() != nil {
		return false
	}
	st, ok := t.Underlying().(*types.Struct)
	return ok && st.NumFields() > 0 && hasErrorMethod(t)
}
