package interp

import (
	"go/types"
	"sort"
	"strconv"
	"strings"
)

// embeddedIfaceMethods is the pass for methods promoted from an embedded
// interface field, the decorator of ordinary Go code:
//
//	type countingStore struct {
//		Store // Get and Set come from here
//		sets int
//	}
//
// yaegi cannot call them: cs.Get(k) failed with "invalid interface value",
// and a countingStore stored in a Store did not implement it. The pass
// declares each such method as the compiler does, a wrapper calling the
// field's method (after the file's last line, where it moves no line):
//
//	func (_r countingStore) Get(_a0 string) (string, bool) { return _r.Store.Get(_a0) }
//
// Methods declared by the type itself, or promoted from an embedded
// struct, are left alone, and so are generic types.
func embeddedIfaceMethods(f *folder) (bool, []diagnostic) {
	info := f.typeInfo()
	if info == nil {
		return false, nil
	}
	names := make([]string, 0, len(f.types))
	for n := range f.types {
		names = append(names, n)
	}
	sort.Strings(names)
	changed := false
	for _, n := range names {
		spec, sf := f.types[n], f.typeFile[n]
		if sf == nil || sf.err != nil || spec.TypeParams != nil {
			continue
		}
		tn, ok := info.Defs[spec.Name].(*types.TypeName)
		if !ok {
			continue
		}
		named, ok := tn.Type().(*types.Named)
		if !ok {
			continue
		}
		if f.declareForwarders(sf, named) {
			changed = true
		}
	}
	return changed, nil
}

// declareForwarders declares in sf the methods of named promoted from an
// embedded interface field, and reports whether there were any.
func (f *folder) declareForwarders(sf *srcFile, named *types.Named) bool {
	st, ok := named.Underlying().(*types.Struct)
	if !ok {
		return false
	}
	mset := types.NewMethodSet(named)
	declared := false
	for i := range mset.Len() {
		sel := mset.At(i)
		if len(sel.Index()) != 2 {
			continue
		}
		field := st.Field(sel.Index()[0])
		if !field.Embedded() || !types.IsInterface(field.Type()) {
			continue
		}
		if _, isParam := field.Type().(*types.TypeParam); isParam {
			continue
		}
		m := sel.Obj()
		if !m.Exported() && m.Pkg() != nil && m.Pkg().Path() != f.importPath {
			continue
		}
		sig, ok := sel.Type().(*types.Signature)
		if !ok {
			continue
		}
		sf.decls.WriteString(f.forwarder(sf, named.Obj().Name(), field.Name(), m.Name(), sig) + "\n")
		declared = true
	}
	return declared
}

// forwarder is the source of the method name of the type recv calling the
// method of its embedded field.
func (f *folder) forwarder(sf *srcFile, recv, field, name string, sig *types.Signature) string {
	q := f.importingQualifier(sf)
	var params, args []string
	for i := range sig.Params().Len() {
		p := "_a" + strconv.Itoa(i)
		t := sig.Params().At(i).Type()
		if sig.Variadic() && i == sig.Params().Len()-1 {
			params = append(params, p+" ..."+types.TypeString(t.(*types.Slice).Elem(), q))
			args = append(args, p+"...")
			continue
		}
		params = append(params, p+" "+types.TypeString(t, q))
		args = append(args, p)
	}
	var results []string
	for i := range sig.Results().Len() {
		results = append(results, types.TypeString(sig.Results().At(i).Type(), q))
	}
	res, ret := "", ""
	switch len(results) {
	case 0:
	case 1:
		res, ret = " "+results[0], "return "
	default:
		res, ret = " ("+strings.Join(results, ", ")+")", "return "
	}
	return "func (_r " + recv + ") " + name + "(" + strings.Join(params, ", ") + ")" + res + " { " + ret + "_r." + field + "." + name + "(" + strings.Join(args, ", ") + ") }"
}

// importingQualifier spells the packages of types in sf: by the name sf
// imports them under, or under a name of their own it makes sf import.
func (f *folder) importingQualifier(sf *srcFile) types.Qualifier {
	return func(p *types.Package) string {
		if p.Path() == f.importPath {
			return ""
		}
		for _, imp := range sf.syntax.Imports {
			if path, _ := strconv.Unquote(imp.Path.Value); path == p.Path() {
				if imp.Name == nil {
					return p.Name()
				}
				if imp.Name.Name != "_" && imp.Name.Name != "." {
					return imp.Name.Name
				}
			}
		}
		alias := "_emb_" + strings.Map(func(r rune) rune {
			if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
				return r
			}
			return '_'
		}, p.Path())
		sf.addImport(alias, p.Path())
		return alias
	}
}
