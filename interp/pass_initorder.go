package interp

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strconv"
	"strings"
)

// initOrder is the pass for the order in which package-level variables
// are initialised. Go initialises the earliest declaration that is ready,
// after what it depends on, through the functions it calls too
// (types.Info.InitOrder), every variable being zero before any initialiser
// runs. yaegi goes through the declarations in rounds, in file order,
// postponing a declaration that names a variable not initialised yet (in a
// function literal too) to the next round (genGlobalVarDecl), and a
// declaration without initialiser sets its variables to zero where its
// round reaches it. So `var ns = Must(Parse("…"))` ran before the table
// Parse reads, declared in a later file, and a registry declared below the
// `var _ = register("a")` filling it was emptied again.
//
// The pass makes each declaration yaegi would run too early name the one
// it must follow (its predecessor in Go's order, or the declaration
// without initialiser it reaches), which yaegi's rounds then respect. The
// extra name goes in an extra variable, or for a declaration with a type
// or of a multi-value initialiser in a function literal around the first
// value:
//
//	var ns = Must(Parse("…"))          →  var ns, _dsorder0_0 = Must(Parse("…")), &xvalues
//	var ns UUID = Must(Parse("…"))     →  var ns UUID = func() UUID { _ = &xvalues; return Must(Parse("…")) }()
//	var a, b = f()                     →  var a, b = func() (T, error) { _ = &prev; _dsr0, _dsr1 := f(); return _dsr0, _dsr1 }()
//
// A declaration of several values runs as one in yaegi: it takes the
// place of its last initialiser in Go's order. Composite literals among
// several values are parenthesised (yaegi lost the other values beside
// one). A package the pass cannot order so (a type it cannot write, names
// yaegi takes for dependencies that contradict Go's order, initialisers of
// one declaration with effects that Go runs apart) is left as written:
// the detector refuses it in the user's module (detect_init.go), and it
// is warned about elsewhere.
func initOrder(f *folder) (bool, []diagnostic) {
	p := f.initOrderPlan()
	var diags []diagnostic
	linked := make(map[*ast.ValueSpec]bool)
	changed := false
	switch {
	case p == nil:
	case p.fail.IsValid():
		if !f.own || !f.detect { // else refused by the detector
			diags = append(diags, diagnostic{pos: p.fail, msg: initOrderUnforced})
		}
	default:
		for _, l := range p.links {
			if l.apply() {
				linked[l.vs] = true
				changed = true
			}
		}
	}
	for _, sf := range f.accepted() {
		for _, d := range sf.syntax.Decls {
			if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.VAR {
				for _, s := range gd.Specs {
					vs := s.(*ast.ValueSpec)
					if linked[vs] {
						continue
					}
					l := initLink{sf: sf, vs: vs}
					paren := len(vs.Values) > 1 && f.parenComposites(vs, &l)
					if (f.typeRunes(vs, &l) || paren) && l.apply() {
						changed = true
					}
				}
			}
		}
	}
	return changed, diags
}

// apply records the link's edits in its file, unless the file is refused
// (not interpreted), and reports whether it did.
func (l initLink) apply() bool {
	if l.sf.err != nil {
		return false
	}
	// The front edits open a function literal around a value that other
	// passes may have edited at the same offset: they go first (edits
	// apply in a stable order) so that the literal encloses their text,
	// and the back edits, appended, close it after theirs.
	l.sf.edits = append(append(edits(nil), l.front...), l.sf.edits...)
	l.sf.edits = append(l.sf.edits, l.back...)
	for _, imp := range l.imports {
		l.sf.addImport(imp.name, imp.path)
	}
	return true
}

// typeRunes converts to rune the rune constants that initialise the
// variables of vs, which has no type: yaegi gave `var r = 'a'` at package
// level the type int (in a function it gives rune, as Go does).
func (f *folder) typeRunes(vs *ast.ValueSpec, l *initLink) bool {
	info := f.typeInfo()
	if vs.Type != nil || info == nil {
		return false
	}
	found := false
	for _, v := range vs.Values {
		tv, ok := info.Types[v]
		if !ok || tv.Value == nil || !types.Identical(tv.Type, types.Typ[types.Int32]) {
			continue
		}
		l.front.insert(f.offset(v.Pos()), "rune(")
		l.back.insert(f.offset(v.End()), ")")
		found = true
	}
	return found
}

// parenComposites parenthesises the composite literals among the values
// of vs: in a declaration of several values, yaegi lost the others beside
// an unparenthesised one (`var name, tags = "x", []string{"a"}` left name
// empty).
func (f *folder) parenComposites(vs *ast.ValueSpec, l *initLink) bool {
	found := false
	for _, v := range vs.Values {
		if _, ok := v.(*ast.CompositeLit); ok {
			l.front.insert(f.offset(v.Pos()), "(")
			l.back.insert(f.offset(v.End()), ")")
			found = true
		}
	}
	return found
}

// initOrderUnforced is the warning for a package whose variables yaegi
// initialises in another order than the compiler, which the pass cannot
// change.
const initOrderUnforced = "package variables initialised in another order than the compiler's, which the rewrite cannot change"

// initPlan is how the pass orders a folder's package-level variables.
type initPlan struct {
	specs []*initSpec
	// goSeq are the declarations with initialisers, in the compiler's
	// order.
	goSeq []int
	// fail is the declaration the pass cannot make yaegi run in the
	// compiler's order; links are empty then.
	fail token.Pos
	// links are the edits that make yaegi run the declarations in the
	// compiler's order.
	links []initLink
}

// initSpec is one package-level variable declaration.
type initSpec struct {
	sf      *srcFile
	vs      *ast.ValueSpec
	index   int  // in the plan, for the names the rewrite declares
	grouped bool // in a parenthesised declaration
	// valued says its initialiser runs where Go's order says; a
	// declaration without initialiser (or whose initialiser genericVars
	// moves to an init function) sets its variables to zero where yaegi
	// places it.
	valued bool
	goPos  int // in goSeq, when valued
	// lastInit is its initialiser the compiler runs last (a declaration
	// of several values has one per variable).
	lastInit ast.Expr
	deps     []int // the declarations it names: yaegi waits for them
	added    []int // the declarations the rewrite makes it name too
	// reach are the declarations not valued that its initialiser reaches
	// through the functions it names, once reached is set.
	reach   []int
	reached bool
}

// initLink is the rewrite of one declaration.
type initLink struct {
	sf          *srcFile
	vs          *ast.ValueSpec
	front, back edits
	imports     []importSpec
}

// importSpec is an import a link adds to its file.
type importSpec struct{ name, path string }

// initOrderPlan returns the plan of the folder's package-level variable
// initialisation, computing it on the first call: nil when yaegi's order
// and the compiler's cannot differ in effect (no initialiser calls
// anything) or cannot be told (the package does not type-check).
func (f *folder) initOrderPlan() *initPlan {
	if f.initPlanned {
		return f.initPlan
	}
	f.initPlanned = true
	f.initPlan = f.planInitOrder()
	return f.initPlan
}

func (f *folder) planInitOrder() *initPlan {
	p, calls := f.initSpecs()
	tuples := false
	for _, s := range p.specs {
		tuples = tuples || isTuple(s.vs)
	}
	if !calls && !tuples {
		return nil
	}
	info := f.typeInfo()
	if info == nil {
		return nil
	}
	if calls && !f.orderSpecs(p, info) {
		return p
	}
	f.linkSpecs(p, info)
	return p
}

// orderSpecs adds to the declarations the dependencies that make yaegi
// run them in the compiler's order, or sets p.fail and reports false.
// Without the compiler's order (the package does not type-check) it adds
// none.
func (f *folder) orderSpecs(p *initPlan, info *types.Info) bool {
	specOf := make(map[*types.Var]int)
	for i, s := range p.specs {
		for _, n := range s.vs.Names {
			if v, ok := info.Defs[n].(*types.Var); ok {
				specOf[v] = i
			}
		}
	}
	f.movedGenerics(p)
	if !p.orderAsCompiled(info, specOf) {
		return true
	}
	if p.fail.IsValid() {
		return false
	}
	p.yaegiDeps()
	order, ok := p.yaegiOrder()
	if !ok {
		return true // a loop yaegi reports itself
	}
	reach := f.reacher(p, info, specOf)
	for budget := 4*len(p.specs) + 64; ; budget-- {
		x, target, found := p.violation(order, reach)
		if !found {
			return true
		}
		if budget == 0 {
			p.fail = p.specs[x].vs.Pos()
			return false
		}
		p.specs[x].added = append(p.specs[x].added, target)
		if order, ok = p.yaegiOrder(); !ok {
			// yaegi names, for dependencies, what go/types does not
			// (a local or a field key of the variable's name).
			p.fail = p.specs[x].vs.Pos()
			return false
		}
	}
}

// initSpecs returns the package-level variable declarations of every file
// of f, in the order yaegi reads them (declarations of _ alone without
// initialiser, which do nothing, left out), and whether an initialiser
// calls something.
func (f *folder) initSpecs() (*initPlan, bool) {
	p := &initPlan{}
	calls := false
	for _, sf := range f.files {
		for _, d := range sf.syntax.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.VAR {
				continue
			}
			for _, s := range gd.Specs {
				vs := s.(*ast.ValueSpec)
				if len(vs.Values) == 0 && allBlank(vs.Names) {
					continue
				}
				for _, v := range vs.Values {
					calls = calls || hasCall(v)
				}
				p.specs = append(p.specs, &initSpec{sf: sf, vs: vs, index: len(p.specs), grouped: gd.Lparen.IsValid(), valued: len(vs.Values) > 0, goPos: -1})
			}
		}
	}
	return p, calls
}

// movedGenerics marks the declarations whose initialiser genericVars
// moves to an init function as not valued: yaegi declares their variables
// in order and sets them after all the others.
func (f *folder) movedGenerics(p *initPlan) {
	info := f.typeInfo()
	if len(info.Instances) == 0 {
		return
	}
	readAtInit := f.namesReadAtInit()
	for _, s := range p.specs {
		if !s.valued || len(s.vs.Values) != len(s.vs.Names) || !f.instantiates(s.vs) {
			continue
		}
		moved := true
		for _, n := range s.vs.Names {
			moved = moved && n.Name != "_" && !readAtInit[n.Name]
		}
		s.valued = !moved
	}
}

// orderAsCompiled fills goSeq from the type checker's order. A
// declaration of several variables and values (var a, b = f(x), g()),
// which yaegi runs as one, takes the place of its last initialiser. ok is
// false when the order misses a valued declaration (the package does not
// type-check); fail is set to a declaration whose initialisers the
// compiler runs apart, others between them, when running the earlier ones
// that late could be seen (they call something or read a package
// variable).
func (p *initPlan) orderAsCompiled(info *types.Info, specOf map[*types.Var]int) (ok bool) {
	first, last, count := make(map[int]int), make(map[int]int), make(map[int]int)
	early := make(map[int][]ast.Expr) // the initialisers before the last
	var order []int
	for k, in := range info.InitOrder {
		if len(in.Lhs) == 0 {
			continue
		}
		i, found := specOf[in.Lhs[0]]
		if !found || !p.specs[i].valued {
			continue
		}
		if _, seen := first[i]; !seen {
			first[i] = k
			order = append(order, i)
		} else {
			early[i] = append(early[i], p.specs[i].lastInit)
		}
		last[i], count[i] = k, count[i]+1
		p.specs[i].lastInit = in.Rhs
	}
	slices.SortStableFunc(order, func(a, b int) int { return last[a] - last[b] })
	for _, i := range order {
		if last[i]-first[i]+1 != count[i] && !p.fail.IsValid() {
			for _, e := range early[i] {
				if !pureInit(info, e) {
					p.fail = p.specs[i].vs.Pos()
				}
			}
		}
		p.specs[i].goPos = len(p.goSeq)
		p.goSeq = append(p.goSeq, i)
	}
	for _, s := range p.specs {
		if s.valued && s.goPos < 0 {
			return false
		}
	}
	return true
}

// pureInit reports whether running the initialiser e later than the
// compiler does cannot be seen: it calls nothing (conversions and
// builtins included) and reads no package-level variable.
func pureInit(info *types.Info, e ast.Expr) bool {
	pure := true
	ast.Inspect(e, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			pure = false
		case *ast.Ident:
			if v, ok := info.Uses[n].(*types.Var); ok && v.Pkg() != nil && v.Parent() == v.Pkg().Scope() {
				pure = false
			}
		}
		return pure
	})
	return pure
}

// yaegiDeps fills the declarations' deps as yaegi finds them
// (getVarDependencies): every identifier of the declaration but a
// selector's name that is the name of a package-level variable of another
// declaration, wherever it is (a local or a field key of that name too).
// (A multi-value declaration, which yaegi cannot wait for, is rewritten
// into two it can, run one after the other: it waits for the first.)
func (p *initPlan) yaegiDeps() {
	byName := make(map[string]int)
	for i, s := range p.specs {
		for _, n := range s.vs.Names {
			if n.Name != "_" {
				byName[n.Name] = i
			}
		}
	}
	for i, s := range p.specs {
		seen := make(map[int]bool)
		var walk func(n ast.Node) bool
		walk = func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.SelectorExpr:
				ast.Inspect(n.X, walk)
				return false
			case *ast.Ident:
				if d, ok := byName[n.Name]; ok && d != i && !seen[d] {
					seen[d] = true
					s.deps = append(s.deps, d)
				}
			}
			return true
		}
		if s.vs.Type != nil {
			ast.Inspect(s.vs.Type, walk)
		}
		for _, v := range s.vs.Values {
			ast.Inspect(v, walk)
		}
	}
}

// yaegiOrder returns the order in which yaegi runs the declarations, with
// the dependencies the plan added, and whether it runs them all (it
// refuses a loop).
func (p *initPlan) yaegiOrder() ([]int, bool) {
	inited := make([]bool, len(p.specs))
	ready := func(i int) bool {
		for _, d := range p.specs[i].deps {
			if !inited[d] {
				return false
			}
		}
		for _, d := range p.specs[i].added {
			if !inited[d] {
				return false
			}
		}
		return true
	}
	pending := make([]int, len(p.specs))
	for i := range pending {
		pending[i] = i
	}
	order := make([]int, 0, len(p.specs))
	for len(pending) > 0 {
		var again []int
		for _, i := range pending {
			if !ready(i) {
				again = append(again, i)
				continue
			}
			inited[i] = true
			order = append(order, i)
		}
		if len(again) == len(pending) {
			return order, false
		}
		pending = again
	}
	return order, true
}

// violation finds the first declaration x that yaegi runs too early in
// order: before the declaration the compiler runs next, or before a
// declaration without initialiser that it reaches (which would then set
// to zero what x's initialiser set). target is the declaration x must
// follow.
func (p *initPlan) violation(order []int, reach func(*initSpec) []int) (x, target int, found bool) {
	placed := make([]bool, len(p.specs))
	next := 0 // in goSeq
	for _, x := range order {
		s := p.specs[x]
		if s.valued {
			if p.goSeq[next] != x {
				return x, p.goSeq[next], true
			}
			next++
			for _, v := range reach(s) {
				if !placed[v] {
					return x, v, true
				}
			}
		}
		placed[x] = true
	}
	return 0, 0, false
}

// isTuple reports whether vs declares several variables of one
// multi-value initialiser (var a, b = f()): yaegi does not mark them
// global (compDefineX), so functions read garbage for them and no other
// declaration waits for them.
func isTuple(vs *ast.ValueSpec) bool { return len(vs.Values) == 1 && len(vs.Names) > 1 }

// reacher returns the function giving the declarations not valued that a
// declaration's initialiser reaches: the variables it uses, directly or in
// the functions and methods it names, transitively (what the compiler's
// order goes by).
func (f *folder) reacher(p *initPlan, info *types.Info, specOf map[*types.Var]int) func(*initSpec) []int {
	unvalued := false
	for _, s := range p.specs {
		unvalued = unvalued || !s.valued
	}
	if !unvalued {
		return func(*initSpec) []int { return nil }
	}
	bodies := make(map[*types.Func]*ast.BlockStmt)
	for _, sf := range f.files {
		for _, d := range sf.syntax.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
				if fn, ok := info.Defs[fd.Name].(*types.Func); ok {
					bodies[fn] = fd.Body
				}
			}
		}
	}
	type uses struct {
		vars  []int
		funcs []*types.Func
	}
	memo := make(map[*types.Func]*uses)
	usesOf := func(n ast.Node) *uses {
		u := &uses{}
		ast.Inspect(n, func(n ast.Node) bool {
			id, ok := n.(*ast.Ident)
			if !ok {
				return true
			}
			switch obj := info.Uses[id].(type) {
			case *types.Var:
				if i, ok := specOf[obj]; ok && !p.specs[i].valued {
					u.vars = append(u.vars, i)
				}
			case *types.Func:
				if fn := obj.Origin(); bodies[fn] != nil {
					u.funcs = append(u.funcs, fn)
				}
			}
			return true
		})
		return u
	}
	return func(s *initSpec) []int {
		if s.reached {
			return s.reach
		}
		s.reached = true
		seenVar := make(map[int]bool)
		seenFunc := make(map[*types.Func]bool)
		var visit func(u *uses)
		visit = func(u *uses) {
			for _, v := range u.vars {
				if !seenVar[v] {
					seenVar[v] = true
					s.reach = append(s.reach, v)
				}
			}
			for _, fn := range u.funcs {
				if seenFunc[fn] {
					continue
				}
				seenFunc[fn] = true
				if memo[fn] == nil {
					memo[fn] = usesOf(bodies[fn])
				}
				visit(memo[fn])
			}
		}
		for _, v := range s.vs.Values {
			visit(usesOf(v))
		}
		return s.reach
	}
}

// linkSpecs writes the edits making each declaration name the ones the
// plan added to its dependencies, and those of the multi-value
// declarations, or sets p.fail at the first it cannot rewrite.
func (f *folder) linkSpecs(p *initPlan, info *types.Info) {
	aliases := make(map[*srcFile]map[string]string)
	for _, s := range p.specs {
		if len(s.added) == 0 && !isTuple(s.vs) {
			continue
		}
		var refs []string
		for _, t := range s.added {
			name, ok := f.specName(p.specs[t])
			if !ok {
				p.fail, p.links = s.vs.Pos(), nil
				return
			}
			refs = append(refs, "&"+name)
		}
		l, ok := f.link(s, refs, info, aliases)
		if !ok {
			p.fail, p.links = s.vs.Pos(), nil
			return
		}
		p.links = append(p.links, l)
	}
}

// specName returns a name the declaration s declares, as the rewritten
// source spells it, for another to name.
func (f *folder) specName(s *initSpec) (string, bool) {
	if isTuple(s.vs) {
		return tupleName(s), true
	}
	for _, n := range s.vs.Names {
		if n.Name != "_" {
			return n.Name, true
		}
	}
	if len(s.vs.Values) == 0 {
		return "", false
	}
	return f.blankName(s.sf, s.vs.Names[0]), true
}

// tupleName is the variable holding the values of the multi-value
// declaration s.
func tupleName(s *initSpec) string { return "_dsvars" + strconv.Itoa(s.index) }

// link returns the rewrite of declaration s that makes it name refs (the
// addresses of variables), and turns a multi-value declaration into
// two yaegi declares right.
func (f *folder) link(s *initSpec, refs []string, info *types.Info, aliases map[*srcFile]map[string]string) (initLink, bool) {
	vs, sf := s.vs, s.sf
	l := initLink{sf: sf, vs: vs}
	if f.instantiates(vs) {
		return l, false // genericVars may move it
	}
	typ := ""
	if vs.Type != nil {
		if typ = f.text(sf, vs.Type); strings.ContainsAny(typ, "\n\r") {
			return l, false // the rewrite keeps lines
		}
	}
	first, last := vs.Values[0], vs.Values[len(vs.Values)-1]
	uses := ""
	for _, r := range refs {
		uses += "_ = " + r + "; "
	}
	switch {
	case isTuple(vs):
		return l, f.splitTuple(s, typ, uses, info, aliases, &l)
	case vs.Type == nil && len(vs.Values) == len(vs.Names):
		// One variable a reference: yaegi lost the initialiser's value
		// beside a []any{&a, &b}.
		var names []string
		for j := range refs {
			names = append(names, "_dsorder"+strconv.Itoa(s.index)+"_"+strconv.Itoa(j))
		}
		f.parenComposites(vs, &l)
		l.back.insert(f.offset(vs.Names[len(vs.Names)-1].End()), ", "+strings.Join(names, ", "))
		l.back.insert(f.offset(last.End()), ", "+strings.Join(refs, ", "))
	case len(vs.Values) == len(vs.Names):
		l.front.insert(f.offset(first.Pos()), "func() "+typ+" { "+uses+"return ")
		f.parenComposites(vs, &l)
		l.back.insert(f.offset(first.End()), " }()")
	default:
		return l, false
	}
	return l, true
}

// splitTuple rewrites the multi-value declaration s (of type typ, if it
// has one) into a variable holding its values in a struct, set by a
// function literal that first names what uses names, and a declaration of
// its variables from the struct's fields, on the initialiser's last line:
//
//	var a, b = f()  →  var _dsvars3 = func() (s struct{ _0 A; _1 B }) { s._0, s._1 = f(); return }(); var a, b = _dsvars3._0, _dsvars3._1
func (f *folder) splitTuple(s *initSpec, typ, uses string, info *types.Info, aliases map[*srcFile]map[string]string, l *initLink) bool {
	vs, sf := s.vs, s.sf
	holder := tupleName(s)
	var fields, lhs, names, values []string
	for i, n := range vs.Names {
		t := typ
		if t == "" {
			v, ok := info.Defs[n].(*types.Var)
			if !ok {
				return false
			}
			if t, ok = f.writtenType(sf, v.Type(), aliases, &l.imports); !ok {
				return false
			}
		}
		field := "_" + strconv.Itoa(i)
		fields = append(fields, field+" "+t)
		lhs = append(lhs, "s."+field)
		if n.Name != "_" {
			names = append(names, n.Name)
			values = append(values, holder+"."+field)
		}
	}
	end := vs.Names[len(vs.Names)-1].End()
	if vs.Type != nil {
		end = vs.Type.End()
	}
	value := vs.Values[0]
	l.front = append(l.front, edit{off: f.offset(vs.Names[0].Pos()), end: f.offset(end), text: holder})
	l.front.insert(f.offset(value.Pos()), "func() (s struct{ "+strings.Join(fields, "; ")+" }) { "+uses+strings.Join(lhs, ", ")+" = ")
	tail := "; return }()"
	if len(names) > 0 {
		decl := "; var "
		if s.grouped {
			decl = "; "
		}
		if typ != "" {
			typ = " " + typ
		}
		tail += decl + strings.Join(names, ", ") + typ + " = " + strings.Join(values, ", ")
	}
	l.back.insert(f.offset(value.End()), tail)
	return true
}

// writtenType spells t for code of sf, qualifying the types of other
// packages with the names sf imports them as, or with an alias it adds
// to imports. It reports false for a type code outside its package
// cannot name (unexported, or with unexported fields or methods).
func (f *folder) writtenType(sf *srcFile, t types.Type, aliases map[*srcFile]map[string]string, imports *[]importSpec) (string, bool) {
	if !f.nameable(t, 0) {
		return "", false
	}
	return f.spellType(t, func(pkg *types.Package) string {
		if pkg.Path() == f.importPath {
			return ""
		}
		for _, imp := range sf.syntax.Imports {
			if path, _ := strconv.Unquote(imp.Path.Value); path == pkg.Path() {
				if imp.Name == nil {
					return pkg.Name()
				}
				if imp.Name.Name != "_" && imp.Name.Name != "." {
					return imp.Name.Name
				}
			}
		}
		if aliases[sf] == nil {
			aliases[sf] = make(map[string]string)
		}
		name, ok := aliases[sf][pkg.Path()]
		if !ok {
			name = "_dsorderpkg" + strconv.Itoa(len(aliases[sf]))
			aliases[sf][pkg.Path()] = name
			*imports = append(*imports, importSpec{name: name, path: pkg.Path()})
		}
		return name
	})
}

// nameable reports whether code of the folder's package can write t.
func (f *folder) nameable(t types.Type, depth int) bool {
	if depth > 16 {
		return false
	}
	visible := func(obj types.Object) bool {
		return obj.Pkg() == nil || obj.Exported() || obj.Pkg().Path() == f.importPath
	}
	switch t := t.(type) {
	case *types.Basic:
		return t.Kind() != types.Invalid && t.Info()&types.IsUntyped == 0
	case *types.Alias:
		return visible(t.Obj()) && t.TypeArgs().Len() == 0
	case *types.Named:
		if !visible(t.Obj()) {
			return false
		}
		for i := range t.TypeArgs().Len() {
			if !f.nameable(t.TypeArgs().At(i), depth+1) {
				return false
			}
		}
		return true
	case *types.Pointer:
		return f.nameable(t.Elem(), depth+1)
	case *types.Slice:
		return f.nameable(t.Elem(), depth+1)
	case *types.Array:
		return f.nameable(t.Elem(), depth+1)
	case *types.Chan:
		return f.nameable(t.Elem(), depth+1)
	case *types.Map:
		return f.nameable(t.Key(), depth+1) && f.nameable(t.Elem(), depth+1)
	case *types.Signature:
		return t.TypeParams().Len() == 0 && f.nameable(t.Params(), depth+1) && f.nameable(t.Results(), depth+1)
	case *types.Tuple:
		for i := range t.Len() {
			if !f.nameable(t.At(i).Type(), depth+1) {
				return false
			}
		}
		return true
	case *types.Struct:
		for i := range t.NumFields() {
			if fl := t.Field(i); !visible(fl) || !f.nameable(fl.Type(), depth+1) {
				return false
			}
		}
		return true
	case *types.Interface:
		for i := range t.NumEmbeddeds() {
			if !f.nameable(t.EmbeddedType(i), depth+1) {
				return false
			}
		}
		for i := range t.NumExplicitMethods() {
			if m := t.ExplicitMethod(i); !visible(m) || !f.nameable(m.Type(), depth+1) {
				return false
			}
		}
		return true
	}
	return false
}

// allBlank reports whether every name is _.
func allBlank(names []*ast.Ident) bool {
	for _, n := range names {
		if n.Name != "_" {
			return false
		}
	}
	return true
}
