package interp

import (
	"encoding/json"
	"go/ast"
	"go/types"
	"strconv"
)

// jsonArgs is the pass for the values handed to a JSON encoder whose
// static types hold a non-struct type with a MarshalJSON or MarshalText
// method (github.com/google/uuid's UUID, a [16]byte) somewhere the
// encoder cannot find it: on its own, behind a pointer, in a slice, an
// array or a map (key or value). yaegi represents such a type by its
// underlying type, so compiled encoding/json encoded a byte array where a
// build encodes the method's text. Each such argument of json.Marshal,
// json.MarshalIndent, an Encoder's Encode and next.JSON is handed over
// with a description of its static type, by which internal/jsonfix calls
// the method the package of the type registered (see registerMarshalers):
//
//	json.Marshal(ids)  →  json.Marshal(__devserver_jsonfix.Typed(ids, `{"k":"slice","e":{"k":"named","id":"github.com/google/uuid.UUID"}}`))
//
// An Encoder's Encode bypasses the fixes json.Marshal's replacement
// applies (unexported fields, embedded structs, marshal methods): every
// value it encodes is handed over so, described or not, and its error
// unwrapped:
//
//	enc.Encode(v)  →  __devserver_jsonfix.EncodeError(enc.Encode(__devserver_jsonfix.Typed(v, "")))
//
// Struct fields of such types are marked by the tag pass instead, and a
// value held in an interface is recognised by jsonfix itself.
func jsonArgs(f *folder) (bool, []diagnostic) {
	if !importsPath(f, "encoding/json") && !importsPath(f, nextPath) || !callsMethod(f, "Marshal", "MarshalIndent", "Encode", "JSON") {
		return false, nil // spare the type check
	}
	return f.forEachCall(f.wrapJSONArg), nil
}

// jsonSinks are the encoding calls whose first argument the pass
// describes, by the function's package (or receiver) and name.
var jsonSinks = map[string]bool{
	"encoding/json.Marshal":         true,
	"encoding/json.MarshalIndent":   true,
	"*encoding/json.Encoder.Encode": true,
	nextPath + ".JSON":              true,
}

// wrapJSONArg rewrites the first argument of call, if call is one of
// jsonSinks and the argument's static type needs describing.
func (f *folder) wrapJSONArg(sf *srcFile, info *types.Info, call *ast.CallExpr) bool {
	key := calleeKey(info, call)
	if !jsonSinks[key] || len(call.Args) == 0 || call.Ellipsis.IsValid() {
		return false
	}
	arg := call.Args[0]
	desc := ""
	if t := info.TypeOf(arg); t != nil && !types.IsInterface(t) {
		if d := f.jsonDesc(t, 0); d != nil {
			b, _ := json.Marshal(d)
			desc = string(b)
		}
	}
	encoder := key == "*encoding/json.Encoder.Encode"
	if desc == "" && !encoder {
		return false
	}
	text := sf.take(f, arg)
	sf.edits = append(sf.edits, edit{off: f.offset(arg.Pos()), end: f.offset(arg.End()), text: "__devserver_jsonfix.Typed(" + text + ", " + strconv.Quote(desc) + ")"})
	sf.addImport("__devserver_jsonfix", jsonfixPath)
	return true
}

// encoderErrors is the second half of jsonArgs for an Encoder's Encode,
// whose value jsonArgs handed over through Typed: the error of the call
// goes through jsonfix.EncodeError, which takes off the MarshalerError
// the Encoder wraps Typed's errors in. It runs after panicLines, which
// puts the line's number before the statement the call may start (an
// insertion at the same place goes after the earlier ones), and before
// the passes rewriting the receiver ((&enc).Encode).
func encoderErrors(f *folder) (bool, []diagnostic) {
	if !importsPath(f, "encoding/json") || !callsMethod(f, "Encode") {
		return false, nil
	}
	return f.forEachCall(func(sf *srcFile, info *types.Info, call *ast.CallExpr) bool {
		if calleeKey(info, call) != "*encoding/json.Encoder.Encode" || len(call.Args) != 1 || call.Ellipsis.IsValid() {
			return false
		}
		sf.edits.insert(f.offset(call.Pos()), "__devserver_jsonfix.EncodeError(")
		// Before what earlier passes put after the call: the end of a
		// return statement panicLines rewrote
		// (return enc.Encode(v) → { …; _dsr0 = enc.Encode(v); …; return _dsr0 }).
		sf.edits.insertFirst(f.offset(call.End()), ")")
		sf.addImport("__devserver_jsonfix", jsonfixPath)
		return true
	}), nil
}

// calleeKey names the function call calls as jsonSinks does: path.Func,
// or the receiver's type and the method's name; "" for other calls.
func calleeKey(info *types.Info, call *ast.CallExpr) string {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return ""
	}
	fn, ok := info.Uses[sel.Sel].(*types.Func)
	if !ok || fn.Pkg() == nil {
		return ""
	}
	if recv := fn.Type().(*types.Signature).Recv(); recv != nil {
		return types.TypeString(recv.Type(), nil) + "." + fn.Name()
	}
	return fn.Pkg().Path() + "." + fn.Name()
}

// jsonTypeDesc is internal/jsonfix's description of a static type (its
// typeDesc).
type jsonTypeDesc struct {
	Kind string        `json:"k"`
	ID   string        `json:"id,omitempty"`
	Elem *jsonTypeDesc `json:"e,omitempty"`
	Key  *jsonTypeDesc `json:"key,omitempty"`
}

// jsonDesc describes t down to the interpreted non-struct types with a
// marshal method of a value receiver it holds outside struct fields, or
// returns nil when it holds none (compiled encoding/json, or jsonfix's
// struct conversion, encodes it right).
func (f *folder) jsonDesc(t types.Type, depth int) *jsonTypeDesc {
	if depth > 8 {
		return nil
	}
	if n, ok := types.Unalias(t).(*types.Named); ok {
		if _, isStruct := n.Underlying().(*types.Struct); isStruct {
			return nil
		}
		if _, interpreted := f.interpretedNamed(n); !interpreted {
			return nil // compiled: it keeps its methods
		}
		if hasValueMarshaler(n) {
			return &jsonTypeDesc{Kind: "named", ID: n.Obj().Pkg().Path() + "." + n.Obj().Name()}
		}
		if hasMarshaler(n) {
			return nil // a pointer receiver: jsonfix cannot call it either way
		}
		// uuid.UUIDs, a []uuid.UUID without methods of its own.
		return f.jsonDesc(n.Underlying(), depth+1)
	}
	switch u := types.Unalias(t).(type) {
	case *types.Pointer:
		if e := f.jsonDesc(u.Elem(), depth+1); e != nil {
			return &jsonTypeDesc{Kind: "ptr", Elem: e}
		}
	case *types.Slice:
		if e := f.jsonDesc(u.Elem(), depth+1); e != nil {
			return &jsonTypeDesc{Kind: "slice", Elem: e}
		}
	case *types.Array:
		if e := f.jsonDesc(u.Elem(), depth+1); e != nil {
			return &jsonTypeDesc{Kind: "array", Elem: e}
		}
	case *types.Map:
		k, e := f.jsonDesc(u.Key(), depth+1), f.jsonDesc(u.Elem(), depth+1)
		if k == nil && e == nil {
			return nil
		}
		if k == nil {
			k = &jsonTypeDesc{Kind: "other"}
		}
		if e == nil {
			e = &jsonTypeDesc{Kind: "other"}
		}
		return &jsonTypeDesc{Kind: "map", Key: k, Elem: e}
	}
	return nil
}

// hasValueMarshaler reports whether n has a MarshalJSON or MarshalText
// method with a value receiver.
func hasValueMarshaler(n *types.Named) bool {
	ms := types.NewMethodSet(n)
	return ms.Lookup(n.Obj().Pkg(), "MarshalJSON") != nil || ms.Lookup(n.Obj().Pkg(), "MarshalText") != nil
}

// hasMarshaler reports whether *n has a MarshalJSON or MarshalText method.
func hasMarshaler(n *types.Named) bool {
	ms := types.NewMethodSet(types.NewPointer(n))
	return ms.Lookup(n.Obj().Pkg(), "MarshalJSON") != nil || ms.Lookup(n.Obj().Pkg(), "MarshalText") != nil
}
