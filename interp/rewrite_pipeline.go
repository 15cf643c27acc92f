package interp

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// The rewrite of a package's source is a pipeline of passes over one parsed
// folder, in the manner of the Go compiler's own desugaring passes: each
// file is read and parsed once, every pass reads the syntax trees and
// records text edits in the files it changes, and the edited sources are
// assembled after the last pass. Edits never add or remove a line (code a
// pass adds goes at the end of a line, or after the package clause on its
// line, or after the last line), so every position yaegi reports is the
// user's own line.

// A pass is one named step of the rewrite.
type pass struct {
	name string
	// run reads the folder, records its edits in its files, and reports
	// whether it changed anything and what it found.
	run func(*folder) (changed bool, diags []diagnostic)
}

// passes are the rewrite, in order, after the instances of generic code
// are written out as concrete code (monomorphise, which parses the
// folder again, and whose copies every pass rewrites as the user's own
// code): a pass may rely on what earlier ones
// recorded in the folder (the marshal and error-method passes mark the
// types whose first field the tag pass tags; the range passes mark the
// loops they desugared, which loopVars leaves alone, and the defers of
// range-over-function bodies, which deferArgs moves), and a pass that
// moves code must come after the passes that edit inside it.
var passes = []pass{
	{"differing", detectDiffering}, // first: the passes after it skip a file it refuses
	{"parenNils", parenNils},
	{"elidedPointers", elidedPointers},
	{"forConds", forConds},
	{"unnamedParams", unnamedParams},
	{"paramLocals", paramLocals},
	{"embedVars", embedVars},
	{"atomicPointers", atomicPointers},
	{"genericExports", genericExports},
	{"localAliases", localAliases},
	{"blankVars", blankVars},
	{"literalAssigns", literalAssigns},
	{"paramRedecls", paramRedecls},
	{"constLists", constLists},
	{"typedConstants", typedConstants},
	{"embeddedIfaceMethods", embeddedIfaceMethods},
	{"marshalMethods", registerMarshalers},
	{"errorMethods", registerErrorMethods},
	{"errorValues", errorValues},
	{"asNamedCalls", asNamedCalls},
	{"fieldTags", tagFields},
	{"typeArgs", typeArgs},
	{"genericValues", genericValues}, // wraps the values whose type arguments typeArgs writes
	{"zeroResults", zeroResults},
	{"typeSwitches", typeSwitches},
	{"emptySwitches", emptySwitches},
	{"caseLists", caseLists},
	{"caseLabels", caseLabels},         // before defaultClauses, which inserts a clause where it closes a block
	{"defaultClauses", defaultClauses}, // after typeSwitches, whose switches it edits too
	{"floatCases", floatCases},
	{"switchTags", switchTags},
	{"ifaceTags", ifaceTags},
	{"floatConstants", floatConstants},
	{"negativeZeros", negativeZeros},
	{"intDivisions", intDivisions},
	{"boolConstants", boolConstants},
	{"bigConstants", bigConstants},
	{"constShifts", constShifts},
	{"shiftCounts", shiftCounts},
	{"selectBranches", selectBranches}, // before the range passes, which rewrite branches
	{"rangeOverInt", rangeOverInt},
	{"rangeOverString", rangeOverString},
	{"rangeOverArrayPointer", rangeOverArrayPointer},
	{"rangeOverFunc", rangeOverFunc},
	{"chanElemRanges", chanElemRanges}, // before loopVars, which leaves the loops it desugared alone
	{"rangeAssigns", rangeAssigns},     // after the range passes, whose loops it leaves alone
	{"chanOperands", chanOperands},     // after rangeAssigns, whose loops still range over the operand
	{"recvOperands", recvOperands},
	{"newBuiltins", newBuiltins},
	{"onceValues", onceValues},
	{"stdGenerics", stdGenerics},
	{"boundsChecks", boundsChecks},
	{"errorConversions", errorConversions},
	{"ifaceConversions", ifaceConversions},
	{"ifaceOperands", ifaceOperands},
	{"ifaceCallArgs", ifaceCallArgs},
	{"variadicIfaces", variadicIfaces},
	{"variadicSlices", variadicSlices},
	{"funcAppends", funcAppends},
	{"funcIfaces", funcIfaces},
	{"methodValues", methodValues},
	{"recovered", recovered},
	{"contextKeys", contextKeys},
	{"logValuers", logValuers},
	{"loopVars", loopVars},
	{"closureArgs", closureArgs},
	{"goStatements", goStatements},
	{"jsonDecodeErrors", jsonDecodeErrors}, // before fmtArgs, which wraps the error it returns when printed
	{"templateErrors", templateErrors},     // likewise
	{"fmtArgs", fmtArgs},
	{"jsonArgs", jsonArgs},
	{"xmlNames", xmlNames},
	{"copyCalls", copyCalls},
	{"sortNilSlices", sortNilSlices},
	{"handedClosures", handedClosures},
	{"deferredClosures", deferredClosures},
	{"resultSwaps", resultSwaps}, // before panicLines, which leaves the returns it rewrote alone
	{"panicLines", panicLines},
	{"encoderErrors", encoderErrors},             // after panicLines, which inserts at the same place, before pointerReceivers, which edits the receiver
	{"ifaceCopies", ifaceCopies},                 // after the passes editing inside the operands it wraps
	{"nilIfaces", nilIfaces},                     // after ifaceCopies, which wraps other operands at the same places
	{"pointerReceivers", pointerReceivers},       // after the passes inserting at the same places
	{"typeAssertions", typeAssertions},           // after the passes inserting before a statement or around an expression, which may start with an assertion
	{"nilAssertions", nilAssertions},             // after the passes inserting before a statement it replaces
	{"nilPanics", nilPanics},                     // likewise
	{"nilDerefStores", nilDerefStores},           // after panicLines, which inserts at the same place
	{"mapKeyStores", mapKeyStores},               // likewise
	{"nilDeferReceivers", nilDeferReceivers},     // likewise
	{"nilDeferFuncs", nilDeferFuncs},             // likewise
	{"commaOkZeroes", commaOkZeroes},             // after nilAssertions, which replaces the statements it guards
	{"blankReceives", blankReceives},             // after the passes replacing a statement of a map entry among its variables
	{"errorComparisons", errorComparisons},       // after the passes editing inside the operands it wraps
	{"tupleAssigns", tupleAssigns},               // after the passes editing inside the operands it moves, and inserting before a statement
	{"pointerTupleAssigns", pointerTupleAssigns}, // likewise
	{"evalOrder", evalOrder},                     // after the passes editing inside the calls it moves, and inserting before a statement
	{"selects", selects},                         // moves channel operands other passes rewrote
	{"initOrder", initOrder},                     // after the passes editing initialisers, which it may enclose
	{"multiValues", multiValues},                 // after the passes editing the values it encloses
	{"genericVars", genericVars},                 // moves initialisers other passes rewrote
	{"parenNames", parenNames},                   // after the passes editing around operands, which it leaves alone
	{"nestedCalls", nestedCalls},                 // after the passes editing around and inside the calls it replaces
	{"deferArgs", deferArgs},                     // last: it moves code other passes rewrote
	{"unfixable", warnUnfixable},
	{"settleTypes", settleTypes}, // last: its variable comes before the others, which no pass sees
}

// A diagnostic is what a pass found at a position of the folder.
type diagnostic struct {
	pos token.Pos
	msg string
	// refuse makes it an error of the file in the user's own module (the
	// file is not interpreted); elsewhere, and when false, it is a warning.
	refuse bool
}

// folder is the Go package of one directory, parsed once, as the passes
// read and edit it.
type folder struct {
	dir        string // on disk
	virtualDir string // as yaegi names it: "src/<import path>/"
	importPath string
	// own is true for the user's module: constructs the interpreter cannot
	// run faithfully are refused there, and only warned about in other
	// modules, whose code the user cannot change.
	own bool
	// detect refuses, in the user's module, constructs the interpreter
	// runs otherwise than the compiler (see detect.go).
	detect bool
	// lang is the language version of the user's module, in its folders,
	// when older than the interpreter's (see detect_goversion.go); the
	// type check is at that version, and newer reports what it refuses.
	lang  string
	newer []token.Pos
	fset  *token.FileSet
	files []*srcFile // sorted by name

	// values are the exported package-level functions, variables and
	// constants, generic functions excepted.
	values []string
	// types are the package-level type declarations, by name.
	types map[string]*ast.TypeSpec
	// typeFile names the file declaring each of types.
	typeFile map[string]*srcFile
	// marked are the struct types whose first field gets a type tag, for
	// the registrations of their methods to find them.
	marked map[string]bool
	// desugared are the statements a pass rewrote, which later passes
	// leave alone.
	desugared map[ast.Node]bool
	// hoisted are the statements whose bounds checks boundsChecks put
	// before them (see pass_boundshoist.go): panicLines sets the line
	// before the checks.
	hoisted map[ast.Stmt]bool
	// resultTemps are the assignments of a call's results to elements
	// or fields that evalOrder leaves for mapEntryResults to assign from
	// temporaries after the call.
	resultTemps map[*ast.AssignStmt]bool
	// boxed are the variables ifaceCopies puts in an interface through
	// a call, which reads them where the call is (see evalOrder).
	boxed map[ast.Expr]bool
	// errorMethod caches declaresErrorMethod.
	errorMethod *bool
	// declared are the names of the methods the folder and the
	// packages of source it imports declare (see declaresMethod).
	declared map[string]bool
	// copies are the function bodies written out from generic code in
	// this package (see monomorph.go), for the lines their panics name.
	copies []copySpan
	// monomorphised is set when every instance of generic code in the
	// package is written out as concrete code (see monomorph.go).
	monomorphised bool
	// loopDefers are the defer statements in the bodies of desugared range
	// over function loops, with the outermost such loop around each.
	loopDefers map[*ast.DeferStmt]*ast.RangeStmt
	// nonStructMarshalers are the package's own non-struct types with a
	// MarshalJSON or MarshalText method of a value receiver, whose struct
	// fields the tag pass marks.
	nonStructMarshalers map[string]bool
	// foreign returns the non-struct marshal types of an imported package.
	foreign func(importPath string) foreignMarshalers

	warnings []string

	// embedded are the files the package embeds with //go:embed (slash
	// path relative to dir → content) as the load read them, when it
	// did; other files are read from disk.
	embedded map[string][]byte

	// importer gives the type checker the packages the folder imports;
	// checked and info are its result (see typeInfo).
	importer *sourceImporter
	checked  bool
	info     *types.Info
	pkg      *types.Package
	// visible, visibleNamed and sourceTypeCache cache visibleMethods,
	// visibleTypes and sourceTypes; fmtShapes caches fmtShapedMethods.
	visible         map[string]bool
	visibleNamed    []*types.Named
	sourceTypeCache []*types.Named
	// importedLocal caches importedLocalTypes.
	importedLocal []*types.Named
	// hiddenAnon caches writesHiddenAnonStructs: 0 not known yet, 1
	// true, -1 false.
	hiddenAnon int8
	// inPlace caches inPlaceStructs (non-nil once known).
	inPlace   []*types.Struct
	fmtShapes map[string]bool
	// decodeBoxes caches boxesDecodeHazards: 0 not known yet, 1 true,
	// -1 false.
	decodeBoxes int8
	// writesIfaces caches writesInterfaces, as decodeBoxes does.
	writesIfaces int8
	// ifaceAsserts are the functions ifaceAssertion declared in each
	// file, by the interface type's text.
	ifaceAsserts map[*srcFile]map[string]string
	// ifaceCalls are the assertions made calls of those functions.
	ifaceCalls map[*ast.TypeAssertExpr]bool
	// errorAsserters caches assertsToError, by import path.
	errorAsserters map[string]bool
	// ifaceDecoders caches decodesInterfaces, by import path.
	ifaceDecoders map[string]bool
	// keeping caches keepsInterfaces, by import path.
	keeping map[string]bool
	// callable caches templateCallable, by import path.
	callable map[string]callableNames
	// typeVerbs caches typeVerbsOf, by function.
	typeVerbs map[*types.Func]verbUse
	// xmlWriters caches writesXML, by function.
	xmlWriters map[*types.Func]bool
	// slogLoggers caches logsWithSlog, by function.
	slogLoggers map[*types.Func]bool
	// printers caches printsValues, by function.
	printers map[*types.Func]bool
	// storers caches storesInterfaces, by function.
	storers map[*types.Func]bool
	// comparers caches comparesInterfaces, by import path.
	comparers map[string]bool
	// basicAsserters caches assertsToBasic, by import path.
	basicAsserters map[string]bool
	// boxedOwn caches boxedOwnTypes.
	boxedOwn map[*types.Named]bool
	// allocating caches allocates.
	allocating map[*types.Func]bool
	// panicFree caches panicFreeFuncs.
	panicFree map[*types.Func]bool
	// printWrappers caches printShapeOf for functions not of fmt: nil
	// for one that is no print wrapper.
	printWrappers map[*types.Func]*printShape

	// initPlan is how the package-level variables are made to initialise
	// in the compiler's order, once initPlanned (see initOrderPlan).
	initPlan    *initPlan
	initPlanned bool

	// instanceNames are the instances of generic types written out as
	// concrete types (see monomorph.go): the concrete type's qualified
	// name → the instance's, as fmt's %T prints it.
	instanceNames map[string]string
}

// srcFile is one Go file of a folder.
type srcFile struct {
	name   string
	src    []byte
	syntax *ast.File
	edits  edits
	err    error // why the file is refused, if it is

	imports []string        // `name "path"` specs added after the package clause
	decls   strings.Builder // declarations added after the last line
	// first is a declaration added after the file's imports, on their
	// line, to come before the file's own (see settleTypes).
	first string
}

// parseFolder reads and parses the non-test Go files of dir. A file that
// does not parse is left out: yaegi reports its syntax error itself.
func parseFolder(dir string) *folder {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return &folder{dir: dir, fset: token.NewFileSet()}
	}
	srcs := make(map[string][]byte)
	for _, e := range entries {
		n := e.Name()
		// A link is read through: a linked file is the project's as its
		// target is (the Go tool and the interpreter read it so too).
		if t := e.Type(); !t.IsRegular() && t&fs.ModeSymlink == 0 || !strings.HasSuffix(n, ".go") || strings.HasSuffix(n, "_test.go") {
			continue
		}
		if src, err := os.ReadFile(filepath.Join(dir, n)); err == nil {
			srcs[n] = src
		}
	}
	return newFolder(dir, srcs)
}

// newFolder parses srcs (file name → source), the Go files of dir.
func newFolder(dir string, srcs map[string][]byte) *folder {
	f := &folder{
		dir:      dir,
		fset:     token.NewFileSet(),
		types:    make(map[string]*ast.TypeSpec),
		typeFile: make(map[string]*srcFile),
		marked:   make(map[string]bool),

		nonStructMarshalers: make(map[string]bool),

		desugared:   make(map[ast.Node]bool),
		hoisted:     make(map[ast.Stmt]bool),
		boxed:       make(map[ast.Expr]bool),
		resultTemps: make(map[*ast.AssignStmt]bool),
		loopDefers:  make(map[*ast.DeferStmt]*ast.RangeStmt),
	}
	names := make([]string, 0, len(srcs))
	for n, src := range srcs {
		if !buildExcluded(dir, n, src) {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	for _, n := range names {
		syntax, err := parser.ParseFile(f.fset, n, srcs[n], parser.SkipObjectResolution)
		if err != nil {
			continue
		}
		sf := &srcFile{name: n, src: srcs[n], syntax: syntax}
		f.files = append(f.files, sf)
		for _, d := range syntax.Decls {
			f.declare(sf, d)
		}
	}
	return f
}

// buildExcluded reports whether the Go tool leaves the file name of dir,
// of content src, out of its package (build constraints, GOOS and GOARCH
// suffixes), as the interpreter's view of the folder does (srcFS): the
// type check and the order of package variables are the package's as
// built.
func buildExcluded(dir, name string, src []byte) bool {
	ctxt := build.Default
	ctxt.OpenFile = func(string) (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(src)), nil }
	ok, err := ctxt.MatchFile(dir, name)
	return err == nil && !ok
}

// declare records the package-level declaration d of sf.
func (f *folder) declare(sf *srcFile, d ast.Decl) {
	switch d := d.(type) {
	case *ast.FuncDecl:
		if d.Recv == nil && d.Type.TypeParams == nil && d.Name.IsExported() {
			f.values = append(f.values, d.Name.Name)
		}
	case *ast.GenDecl:
		for _, s := range d.Specs {
			switch s := s.(type) {
			case *ast.TypeSpec:
				f.types[s.Name.Name] = s
				f.typeFile[s.Name.Name] = sf
			case *ast.ValueSpec:
				for _, n := range s.Names {
					if n.IsExported() {
						f.values = append(f.values, n.Name)
					}
				}
			}
		}
	}
}

// rewrite runs passes over the folder, in order, recording their
// diagnostics: a refusal in the user's module refuses its file, and the
// passes after it leave that file alone.
func (f *folder) rewrite(passes []pass) {
	for _, p := range passes {
		_, diags := p.run(f)
		for _, d := range diags {
			f.report(d)
		}
		f.refuseWhole()
	}
}

// refuseWhole refuses every file of the folder with the error of the
// first one refused, when one is: a package is interpreted whole or not
// at all. yaegi reads a package's files in order, and one refused after
// others it compiled left the interpreter's state of a package they share
// broken (a route of a package whose shared.go was refused, imported
// first, made another route importing the same generic package fail to
// load: reflect.Set: value of type bool is not assignable to type int).
func (f *folder) refuseWhole() {
	var first error
	for _, sf := range f.files {
		if sf.err != nil {
			first = sf.err
			break
		}
	}
	if first == nil {
		return
	}
	for _, sf := range f.files {
		if sf.err == nil {
			sf.err = first
		}
	}
}

// report records one diagnostic.
func (f *folder) report(d diagnostic) {
	p := f.fset.Position(d.pos)
	if d.refuse && f.own {
		if sf := f.file(p.Filename); sf != nil && sf.err == nil {
			sf.err = fmt.Errorf("%s%s:%d:%d: %s", f.virtualDir, p.Filename, p.Line, p.Column, d.msg)
		}
		return
	}
	f.warnings = append(f.warnings, fmt.Sprintf("%s:%d:%d: %s", filepath.Join(f.dir, p.Filename), p.Line, p.Column, d.msg))
}

// file returns the file named name.
func (f *folder) file(name string) *srcFile {
	for _, sf := range f.files {
		if sf.name == name {
			return sf
		}
	}
	return nil
}

// accepted returns the files not refused.
func (f *folder) accepted() []*srcFile {
	out := make([]*srcFile, 0, len(f.files))
	for _, sf := range f.files {
		if sf.err == nil {
			out = append(out, sf)
		}
	}
	return out
}

// forEachCall calls edit on every call expression of the accepted files,
// with its file and the folder's type information, and reports whether
// any call of edit did (edit reports whether it changed its file). Without
// type information (the folder does not type-check) it does nothing.
func (f *folder) forEachCall(edit func(sf *srcFile, info *types.Info, call *ast.CallExpr) bool) bool {
	info := f.typeInfo()
	if info == nil {
		return false
	}
	changed := false
	for _, sf := range f.accepted() {
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok && edit(sf, info, call) {
				changed = true
			}
			return true
		})
	}
	return changed
}

// position returns the position of pos.
func (f *folder) position(pos token.Pos) token.Position { return f.fset.Position(pos) }

// origin returns the file on disk and the line of the code at pos, of sf:
// for a function body written out from generic code, the generic
// declaration's file and line (a copy keeps the lines of its original).
func (f *folder) origin(sf *srcFile, pos token.Pos) (file string, line int) {
	p := f.position(pos)
	for _, c := range f.copies {
		if c.file == sf.name && p.Offset >= c.from && p.Offset < c.to {
			tf := f.fset.File(pos)
			return c.origin, c.line + p.Line - tf.Line(tf.Pos(c.from))
		}
	}
	return filepath.Join(f.dir, sf.name), p.Line
}

// offset returns the byte offset of pos in its file.
func (f *folder) offset(pos token.Pos) int { return f.fset.Position(pos).Offset }

// text returns the source of node, which must be in sf.
func (f *folder) text(sf *srcFile, node ast.Node) string {
	return string(sf.src[f.offset(node.Pos()):f.offset(node.End())])
}

// addImport makes the file import path under name (once).
func (sf *srcFile) addImport(name, path string) {
	spec := name + " " + strconv.Quote(path)
	for _, s := range sf.imports {
		if s == spec {
			return
		}
	}
	sf.imports = append(sf.imports, spec)
}

// output returns the rewritten source of the file, or nil when no pass
// changed it.
func (sf *srcFile) output() []byte {
	ed := sf.edits
	if len(sf.imports) > 0 || sf.decls.Len() > 0 || sf.first != "" {
		var imports strings.Builder
		for _, s := range sf.imports {
			imports.WriteString("; import " + s)
		}
		if sf.first != "" {
			if end := lastImportEnd(sf.syntax); end.IsValid() {
				off := int(end - sf.syntax.FileStart)
				ed = append(ed[:len(ed):len(ed)], edit{off: off, end: off, text: "; " + sf.first})
			} else {
				imports.WriteString("; " + sf.first)
			}
		}
		afterName := int(sf.syntax.Name.End() - sf.syntax.FileStart)
		ed = append(ed[:len(ed):len(ed)],
			edit{off: afterName, end: afterName, text: imports.String()},
			edit{off: len(sf.src), end: len(sf.src), text: "\n" + sf.decls.String()})
	}
	if len(ed) == 0 {
		return nil
	}
	return ed.apply(sf.src)
}

// lastImportEnd is where the last import declaration of file ends, or
// token.NoPos when it has none.
func lastImportEnd(file *ast.File) token.Pos {
	end := token.NoPos
	for _, d := range file.Decls {
		if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.IMPORT {
			end = gd.End()
		}
	}
	return end
}

// result returns the rewritten package.
func (f *folder) result() *rewritten {
	out := &rewritten{files: make(map[string][]byte), errs: make(map[string]error), warnings: f.warnings, values: f.values}
	for _, sf := range f.files {
		if sf.err != nil {
			out.errs[sf.name] = sf.err
			continue
		}
		if src := sf.output(); src != nil {
			out.files[sf.name] = src
		}
	}
	return out
}
