package interp

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"regexp"
	"text/template/parse"
)

// findTemplates finds the template imports of a package whose types have
// methods, when a template of the package may call one: yaegi hands the
// data to the compiled template without the methods of its types, so
// {{.FullName}} of a method fails and {{.}} of a Stringer prints its
// fields. A template can reach a method only by naming it in its text, or
// by printing a value with fmt's methods (String, Error, Format,
// GoString), or through encoding/json in html/template's JavaScript
// contexts (which would miss a MarshalJSON or MarshalText method and not
// flatten embedded structs). So the package stays interpreted when none
// of its types (or those it can hold, see visibleTypes) has fmt's methods
// and the texts of all its templates are constants that name no method of
// those types and have no JavaScript context where encoding/json would
// differ; otherwise the route runs compiled.
func findTemplates(f *folder, sf *srcFile) []token.Pos {
	imports := sf.importPos("text/template", "html/template")
	if len(imports) == 0 || len(f.visibleMethods()) == 0 {
		return nil
	}
	if f.hasMethod(fmtMethodNames...) {
		return imports
	}
	texts, unknown := f.templateTexts()
	if unknown.IsValid() {
		return []token.Pos{unknown}
	}
	methods := f.heldMethodNames()
	jsonDiffers := f.hasMethod("MarshalJSON", "MarshalText") || f.hasEmbedded()
	for _, t := range texts {
		names, ok := templateNames(t.text)
		if !ok || t.html && jsonDiffers && jsContext.MatchString(t.text) {
			return []token.Pos{t.pos}
		}
		for name := range names {
			if methods[name] {
				return []token.Pos{t.pos}
			}
		}
	}
	return nil
}

// fmtMethodNames are the methods fmt calls on a value it prints.
var fmtMethodNames = []string{"String", "Error", "Format", "GoString"}

// jsContext matches the start of a JavaScript context of an HTML
// template, where html/template encodes values with encoding/json: a
// script element, an event handler attribute, a javascript: URL.
var jsContext = regexp.MustCompile(`(?i)<script|\son[a-z]+\s*=|javascript:`)

// templateText is the text of a template the package parses.
type templateText struct {
	pos  token.Pos // the Parse call
	text string
	html bool // of html/template
}

// templateTexts returns the texts the folder's templates parse, or the
// position of a template whose text is not known before it runs (read
// from a file, not a constant, with other delimiters, or executed where
// the folder parses none: parsed by another package).
func (f *folder) templateTexts() ([]templateText, token.Pos) {
	return templateTextsIn(f.files, f.typeInfo())
}

// templateTextsIn is folder.templateTexts of the files of a package and
// their type information.
func templateTextsIn(files []*srcFile, info *types.Info) ([]templateText, token.Pos) {
	var texts []templateText
	unknown, executed := token.NoPos, token.NoPos
	for _, sf := range files {
		text, isText := sf.importName("text/template")
		html, isHTML := sf.importName("html/template")
		if !isText && !isHTML {
			continue
		}
		if info == nil {
			return nil, sf.syntax.Pos()
		}
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || unknown.IsValid() {
				return !unknown.IsValid()
			}
			sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
			if !ok {
				return true
			}
			if id, ok := sel.X.(*ast.Ident); ok && (isText && id.Name == text || isHTML && id.Name == html) {
				switch sel.Sel.Name {
				case "ParseFiles", "ParseGlob", "ParseFS":
					unknown = call.Pos()
				}
				return true
			}
			recv := templateRecv(info, sel)
			if recv == "" {
				return true
			}
			switch sel.Sel.Name {
			case "Parse":
				var tv types.TypeAndValue
				if len(call.Args) == 1 {
					tv = info.Types[call.Args[0]]
				}
				if tv.Value == nil || tv.Value.Kind() != constant.String {
					unknown = call.Pos()
					return false
				}
				texts = append(texts, templateText{pos: call.Pos(), text: constant.StringVal(tv.Value), html: recv == "html/template"})
			case "ParseFiles", "ParseGlob", "ParseFS", "Delims", "AddParseTree":
				unknown = call.Pos()
			case "Execute", "ExecuteTemplate":
				if !executed.IsValid() {
					executed = call.Pos()
				}
			}
			return true
		})
		if unknown.IsValid() {
			return nil, unknown
		}
	}
	if len(texts) == 0 && executed.IsValid() {
		return nil, executed
	}
	return texts, token.NoPos
}

// templateRecv returns the package of the template type sel's method
// belongs to ("text/template", "html/template"), or "".
func templateRecv(info *types.Info, sel *ast.SelectorExpr) string {
	fn, ok := info.Uses[sel.Sel].(*types.Func)
	if !ok {
		return ""
	}
	recv := fn.Signature().Recv()
	if recv == nil {
		return ""
	}
	switch types.TypeString(recv.Type(), nil) {
	case "*text/template.Template":
		return "text/template"
	case "*html/template.Template":
		return "html/template"
	}
	return ""
}

// templateNames returns the names a template text selects on values
// (.Name, $x.Name, (pipeline).Name), which are fields, map keys or
// methods; false when the text does not parse.
func templateNames(text string) (map[string]bool, bool) {
	t := parse.New("")
	t.Mode = parse.SkipFuncCheck
	trees := map[string]*parse.Tree{}
	if _, err := t.Parse(text, "", "", trees); err != nil {
		return nil, false
	}
	names := make(map[string]bool)
	for _, tree := range trees {
		addTemplateNames(tree.Root, names)
	}
	return names, true
}

// addTemplateNames adds the names node and its children select.
func addTemplateNames(node parse.Node, names map[string]bool) {
	add := func(ids []string) {
		for _, id := range ids {
			names[id] = true
		}
	}
	switch n := node.(type) {
	case *parse.ListNode:
		if n == nil {
			return
		}
		for _, c := range n.Nodes {
			addTemplateNames(c, names)
		}
	case *parse.ActionNode:
		addTemplateNames(n.Pipe, names)
	case *parse.PipeNode:
		if n == nil {
			return
		}
		for _, c := range n.Cmds {
			addTemplateNames(c, names)
		}
	case *parse.CommandNode:
		for _, a := range n.Args {
			addTemplateNames(a, names)
		}
	case *parse.FieldNode:
		add(n.Ident)
	case *parse.ChainNode:
		add(n.Field)
		addTemplateNames(n.Node, names)
	case *parse.VariableNode:
		add(n.Ident[1:])
	case *parse.IfNode:
		addTemplateNames(&n.BranchNode, names)
	case *parse.RangeNode:
		addTemplateNames(&n.BranchNode, names)
	case *parse.WithNode:
		addTemplateNames(&n.BranchNode, names)
	case *parse.BranchNode:
		addTemplateNames(n.Pipe, names)
		addTemplateNames(n.List, names)
		addTemplateNames(n.ElseList, names)
	case *parse.TemplateNode:
		addTemplateNames(n.Pipe, names)
	}
}

// heldMethodNames returns the names of the methods of the types the
// folder's code can hold (see heldTypes) and of their pointers, promoted
// ones included, and of the interfaces it can see.
func (f *folder) heldMethodNames() map[string]bool {
	out := make(map[string]bool)
	add := func(t types.Type) {
		ms := types.NewMethodSet(t)
		for i := range ms.Len() {
			out[ms.At(i).Obj().Name()] = true
		}
	}
	for _, n := range f.visibleTypes() {
		if types.IsInterface(n) {
			add(n)
		}
	}
	for _, n := range f.heldTypes() {
		add(n)
		add(types.NewPointer(n))
	}
	return out
}

// findTemplateDataHandedOn finds the arguments, of a call of a function
// of another package the interpreter runs from source that executes
// templates (itself or through such packages it imports), handing
// through an interface a value whose type has, or holds, an exported
// method those templates may call (see templateCallable): the shared
// package (a view's Render(w, name string, data any)) cannot see the
// caller's types, so its own findTemplates does not send it compiled, and
// there {{.FullName}} fails as it does in the caller's own templates. A
// value the caller already holds in an interface (a variable of type any,
// a []any, a map[string]any filled by assignments, the result of a
// function returning any) may hold any of the caller's types implementing
// it. A struct embedding another counts where a template there may encode
// its data as JSON (a JavaScript context of html/template): the
// interpreter's struct is not flattened. Values of types with fields
// only, or with methods no template there can call, stay interpreted.
func findTemplateDataHandedOn(f *folder, sf *srcFile) []token.Pos {
	if len(f.visibleMethods()) == 0 && !f.hasEmbedded() && !f.seesEmbedding() {
		return nil
	}
	info := f.typeInfo()
	if info == nil {
		return nil
	}
	return f.handedOn(info, sf.syntax, func(path string) func(types.Type) bool {
		callable, executes := f.templateCallable(path)
		if !executes {
			return nil
		}
		return func(t types.Type) bool { return f.mayHoldTemplateMethod(t, &callable) }
	})
}

// callableNames are the names of the methods templates may call on their
// data.
type callableNames struct {
	all   bool            // any exported method
	names map[string]bool // else those
	// json is set when a template may encode its data with encoding/json
	// (a JavaScript context of html/template, or a text not known), where
	// embedded structs are flattened, which the interpreter's are not.
	json bool
}

// calls reports whether a template may call the method name.
func (c *callableNames) calls(name string) bool { return c == nil || c.all || c.names[name] }

// templateCallable returns the names of the methods the templates of the
// package path, which the interpreter runs from source, and of the
// packages it imports that the interpreter runs from source may call on
// their data, and whether any of them imports text/template or
// html/template. A template calls a method by naming it in its text
// ({{.FullName}}), and fmt's methods (String, Error, Format, GoString) by
// printing a value. Every exported method counts when a text is not known
// before it runs (see templateTexts), does not parse, or has a JavaScript
// context of html/template (where encoding/json calls MarshalJSON and
// MarshalText), and when the package imports reflect. A package giving
// its templates functions (Funcs) adds the names its own code selects:
// such a function may call a method of the data it is handed.
func (f *folder) templateCallable(path string) (callableNames, bool) {
	if c, ok := f.callable[path]; ok {
		return c, c.names != nil
	}
	if f.callable == nil {
		f.callable = make(map[string]callableNames)
	}
	c, executes := callableNames{}, false
	if f.importer != nil {
		c.names = make(map[string]bool)
		seen := make(map[string]bool)
		var walk func(path string)
		walk = func(path string) {
			if seen[path] {
				return
			}
			seen[path] = true
			cs := f.importer.source(path)
			if cs == nil || cs.pkg == nil {
				return
			}
			if importsTemplates(cs.pkg) {
				executes = true
				addCallable(&c, cs)
			}
			for _, imp := range cs.pkg.Imports() {
				if f.fromSource(imp.Path()) {
					walk(imp.Path())
				}
			}
		}
		walk(path)
	}
	if !executes {
		c.names = nil
	}
	f.callable[path] = c
	return c, executes
}

// importsTemplates reports whether pkg imports text/template or
// html/template.
func importsTemplates(pkg *types.Package) bool {
	for _, imp := range pkg.Imports() {
		switch imp.Path() {
		case "text/template", "html/template":
			return true
		}
	}
	return false
}

// addCallable adds to c the names of the methods the templates of the
// checked package cs may call (see templateCallable).
func addCallable(c *callableNames, cs *checkedSource) {
	for _, m := range fmtMethodNames {
		c.names[m] = true
	}
	for _, imp := range cs.pkg.Imports() {
		if imp.Path() == "reflect" {
			c.all, c.json = true, true
			return
		}
	}
	texts, unknown := templateTextsIn(cs.folder.files, cs.info)
	if unknown.IsValid() {
		c.all, c.json = true, true
		return
	}
	for _, t := range texts {
		names, ok := templateNames(t.text)
		if !ok || t.html && jsContext.MatchString(t.text) {
			c.all, c.json = true, true
			return
		}
		for name := range names {
			c.names[name] = true
		}
	}
	if givesFuncs(cs.folder.files, cs.info) {
		for _, sf := range cs.folder.files {
			ast.Inspect(sf.syntax, func(n ast.Node) bool {
				if sel, ok := n.(*ast.SelectorExpr); ok {
					c.names[sel.Sel.Name] = true
				}
				return true
			})
		}
	}
}

// givesFuncs reports whether the files call the Funcs method of a
// template.
func givesFuncs(files []*srcFile, info *types.Info) bool {
	found := false
	for _, sf := range files {
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok && sel.Sel.Name == "Funcs" && templateRecv(info, sel) != "" {
				found = true
			}
			return !found
		})
	}
	return found
}

// holdsTemplateMethod reports whether t, not an interface, is or holds
// (through pointers, elements, map keys and values, exported fields) a
// named type of interpreted code with an exported method on it or its
// pointer that a template may call (see callableNames; any, for a nil
// c), or, when c says a template may encode it as JSON, a struct with an
// embedded field.
func (f *folder) holdsTemplateMethod(t types.Type, c *callableNames) bool {
	return f.templateMethodIn(t, false, c)
}

// mayHoldTemplateMethod is holdsTemplateMethod of a value that may also
// hold interfaces (a variable of type any, a []any, a field of type
// any): an interface may hold any type the folder's code can hold (see
// heldTypes), or a pointer to one, that implements it.
func (f *folder) mayHoldTemplateMethod(t types.Type, c *callableNames) bool {
	return f.templateMethodIn(t, true, c)
}

// templateMethodIn is holdsTemplateMethod, looking inside interfaces when
// throughInterfaces is set.
func (f *folder) templateMethodIn(t types.Type, throughInterfaces bool, c *callableNames) bool {
	if t == nil || !throughInterfaces && types.IsInterface(t) {
		return false
	}
	seen := make(map[types.Type]bool)
	var holds func(t types.Type, depth int) bool
	holds = func(t types.Type, depth int) bool {
		t = types.Unalias(t)
		if t == nil || depth > 6 || seen[t] {
			return false
		}
		seen[t] = true
		if it, ok := t.Underlying().(*types.Interface); ok {
			return throughInterfaces && f.heldImplementing(it, func(n *types.Named) bool { return holds(n, depth+1) })
		}
		if n, ok := t.(*types.Named); ok && n.Obj().Pkg() != nil && f.fromSource(n.Obj().Pkg().Path()) {
			for _, mt := range []types.Type{n, types.NewPointer(n)} {
				ms := types.NewMethodSet(mt)
				for i := range ms.Len() {
					if m := ms.At(i).Obj(); m.Exported() && c.calls(m.Name()) {
						return true
					}
				}
			}
			if st, ok := n.Underlying().(*types.Struct); ok && c != nil && c.json && embedsField(st) {
				return true
			}
		}
		switch u := t.Underlying().(type) {
		case *types.Pointer:
			return holds(u.Elem(), depth+1)
		case *types.Slice:
			return holds(u.Elem(), depth+1)
		case *types.Array:
			return holds(u.Elem(), depth+1)
		case *types.Map:
			return holds(u.Key(), depth+1) || holds(u.Elem(), depth+1)
		case *types.Struct:
			for i := range u.NumFields() {
				if u.Field(i).Exported() && holds(u.Field(i).Type(), depth+1) {
					return true
				}
			}
		}
		return false
	}
	return holds(t, 0)
}

// seesEmbedding reports whether a visible type (see visibleTypes) is a
// struct with an embedded field.
func (f *folder) seesEmbedding() bool {
	for _, n := range f.visibleTypes() {
		if st, ok := n.Underlying().(*types.Struct); ok && embedsField(st) {
			return true
		}
	}
	return false
}

// embedsField reports whether st has an embedded field.
func embedsField(st *types.Struct) bool {
	for i := range st.NumFields() {
		if st.Field(i).Embedded() {
			return true
		}
	}
	return false
}

// heldImplementing reports whether match reports true for a type the
// folder's code can hold (see heldTypes) whose values or pointers
// implement it.
func (f *folder) heldImplementing(it *types.Interface, match func(*types.Named) bool) bool {
	for _, n := range f.heldTypes() {
		if (it.Empty() || types.Implements(n, it) || types.Implements(types.NewPointer(n), it)) && match(n) {
			return true
		}
	}
	return false
}
