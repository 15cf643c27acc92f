package interp

import (
	"fmt"
	"go/ast"
	"go/types"
	"strconv"
	"strings"
)

// spellType spells t as types.TypeString does with qualify, but writes
// each struct type literal of the package with the tags its fields have
// once rewritten: the tag pass adds json:"-" xml:"-" to unexported
// fields, marks embedded ones, and so on, and a struct type's tags are
// part of its identity. A struct literal written without them (the zero
// value *new(struct{ v []int; ok bool }) of a comma-ok reset, say) is
// another type in the interpreter: assigning it to a variable of the
// declared type panicked, reflect.Set: value of type struct { Xv []int;
// Xok bool } is not assignable to type struct { Xv []int "json:\"-\"
// xml:\"-\""; Xok bool ... }. ok is false when t holds a struct literal
// whose rewritten tags are not known here (one of another interpreted
// package with unexported or embedded fields, one inside a type argument,
// a signature or an interface).
func (f *folder) spellType(t types.Type, qualify types.Qualifier) (string, bool) {
	if !hasStructLiteral(t) {
		return types.TypeString(t, qualify), true
	}
	switch u := types.Unalias(t).(type) {
	case *types.Pointer:
		s, ok := f.spellType(u.Elem(), qualify)
		return "*" + s, ok
	case *types.Slice:
		s, ok := f.spellType(u.Elem(), qualify)
		return "[]" + s, ok
	case *types.Array:
		s, ok := f.spellType(u.Elem(), qualify)
		return fmt.Sprintf("[%d]%s", u.Len(), s), ok
	case *types.Map:
		k, ok1 := f.spellType(u.Key(), qualify)
		v, ok2 := f.spellType(u.Elem(), qualify)
		return "map[" + k + "]" + v, ok1 && ok2
	case *types.Chan:
		if _, isChan := types.Unalias(u.Elem()).(*types.Chan); isChan {
			return "", false
		}
		s, ok := f.spellType(u.Elem(), qualify)
		switch u.Dir() {
		case types.SendOnly:
			return "chan<- " + s, ok
		case types.RecvOnly:
			return "<-chan " + s, ok
		}
		return "chan " + s, ok
	case *types.Struct:
		return f.spellStruct(u, qualify)
	case *types.Signature:
		return f.spellSignature(u, qualify)
	}
	return "", false
}

// spellSignature spells a function type whose parameters or results hold
// a struct type literal (func() <-chan struct{}, the type of a method
// value such as ctx.Done), each spelled by spellType.
func (f *folder) spellSignature(sig *types.Signature, qualify types.Qualifier) (string, bool) {
	if sig.TypeParams().Len() > 0 {
		return "", false
	}
	spellTuple := func(tu *types.Tuple, variadic bool) (string, bool) {
		parts := make([]string, tu.Len())
		for i := range tu.Len() {
			t := tu.At(i).Type()
			prefix := ""
			if variadic && i == tu.Len()-1 {
				t, prefix = t.(*types.Slice).Elem(), "..."
			}
			s, ok := f.spellType(t, qualify)
			if !ok {
				return "", false
			}
			parts[i] = prefix + s
		}
		return strings.Join(parts, ", "), true
	}
	params, ok := spellTuple(sig.Params(), sig.Variadic())
	if !ok {
		return "", false
	}
	results, ok := spellTuple(sig.Results(), false)
	if !ok {
		return "", false
	}
	switch sig.Results().Len() {
	case 0:
		return "func(" + params + ")", true
	case 1:
		return "func(" + params + ") " + results, true
	}
	return "func(" + params + ") (" + results + ")", true
}

// hasStructLiteral reports whether t is built of a struct type literal,
// not counting the underlying types of named types.
func hasStructLiteral(t types.Type) bool {
	switch u := types.Unalias(t).(type) {
	case *types.Struct:
		return true
	case *types.Named:
		for i := range u.TypeArgs().Len() {
			if hasStructLiteral(u.TypeArgs().At(i)) {
				return true
			}
		}
	case *types.Pointer:
		return hasStructLiteral(u.Elem())
	case *types.Slice:
		return hasStructLiteral(u.Elem())
	case *types.Array:
		return hasStructLiteral(u.Elem())
	case *types.Map:
		return hasStructLiteral(u.Key()) || hasStructLiteral(u.Elem())
	case *types.Chan:
		return hasStructLiteral(u.Elem())
	case *types.Signature:
		return hasStructLiteral(u.Params()) || hasStructLiteral(u.Results())
	case *types.Tuple:
		for i := range u.Len() {
			if hasStructLiteral(u.At(i).Type()) {
				return true
			}
		}
	case *types.Interface:
		for i := range u.NumMethods() {
			if hasStructLiteral(u.Method(i).Type()) {
				return true
			}
		}
	}
	return false
}

// spellStruct spells a struct type literal with its fields' tags as
// rewritten (see spellType).
func (f *folder) spellStruct(st *types.Struct, qualify types.Qualifier) (string, bool) {
	var fields []string
	for i := range st.NumFields() {
		v := st.Field(i)
		typ, ok := f.spellType(v.Type(), qualify)
		if !ok {
			return "", false
		}
		tag, ok := f.rewrittenTag(v, st.Tag(i))
		if !ok {
			return "", false
		}
		field := v.Name() + " " + typ
		if v.Embedded() {
			field = typ
		}
		if tag != "" {
			field += " " + tag
		}
		fields = append(fields, field)
	}
	return "struct{" + strings.Join(fields, "; ") + "}", true
}

// rewrittenTag returns the tag, as a literal, that the field v (whose
// tag in the source is tag) has after this folder's passes; "" for none.
func (f *folder) rewrittenTag(v *types.Var, tag string) (string, bool) {
	if v.Pkg() != f.pkg || f.pkg == nil {
		// Another package's: its rewrite is not known here. The tag pass
		// leaves the exported fields of a compiled package's struct as
		// they are.
		if !v.Exported() || v.Embedded() {
			return "", false
		}
		if tag == "" {
			return "", true
		}
		return quoteTag(tag), true
	}
	sf, field := f.fieldAt(v)
	if field == nil {
		return "", false
	}
	if field.Tag != nil {
		off, end := f.offset(field.Tag.Pos()), f.offset(field.Tag.End())
		for _, e := range sf.edits {
			if e.off == off && e.end == end {
				return e.text, true
			}
		}
		return field.Tag.Value, true
	}
	end := f.offset(field.Type.End())
	for _, e := range sf.edits {
		if e.off == end && e.end == end && strings.HasPrefix(e.text, " ") {
			if lit := e.text[1:]; strings.HasPrefix(lit, "`") || strings.HasPrefix(lit, `"`) {
				if _, err := strconv.Unquote(lit); err == nil {
					return lit, true
				}
			}
		}
	}
	return "", true
}

// fieldAt finds the declaration of the struct field v in the folder's
// accepted files.
func (f *folder) fieldAt(v *types.Var) (*srcFile, *ast.Field) {
	for _, sf := range f.accepted() {
		if sf.syntax.Pos() > v.Pos() || sf.syntax.FileEnd < v.Pos() {
			continue
		}
		var found *ast.Field
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			if found != nil {
				return false
			}
			field, ok := n.(*ast.Field)
			if !ok || v.Pos() < field.Pos() || v.Pos() >= field.End() {
				return true
			}
			for _, name := range field.Names {
				if name.Pos() == v.Pos() {
					found = field
					return false
				}
			}
			if len(field.Names) == 0 && v.Pos() < field.Type.End() {
				found = field
				return false
			}
			return true // a field of a struct in this field's type
		})
		return sf, found
	}
	return nil, nil
}
