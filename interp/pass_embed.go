package interp

import (
	"bytes"
	"go/ast"
	"go/scanner"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/devserver/devserver/internal/desugar"
	"github.com/devserver/devserver/internal/goembed"
)

// embedVars is the pass for //go:embed: yaegi ignores the directive, so
// an embedded string or []byte was empty in dev. A package-level variable
// of type string or []byte under the directive gets the content of the
// file its patterns embed (resolved by the go command's rules, as the
// load read it), as a literal on its own line:
//
//	//go:embed hello.txt
//	var hello string  →  var hello string = "hello, embedded\n"
//
// An embed.FS variable gets the embed.FS the compiler would make of the
// files (desugar.EmbedFS: equal in every field, so ReadFile, ReadDir,
// fs.WalkDir, http.FileServerFS and template.ParseFS run as built):
//
//	//go:embed static
//	var static embed.FS  →  var static embed.FS = _dsrt.EmbedFS("static/a.txt", "file a\n", ...)
//
// A directive the compiler would refuse (misplaced, on a variable with an
// initialiser, patterns embedding nothing, several files for a string) has
// no meaning to give: the file is refused, so that its routes run compiled
// and answer, or fail, as built. So is an embed.FS when desugar.EmbedFS
// cannot make one exactly (the embedFS detector refuses it first with
// Loader.CompileDiffering).
func embedVars(f *folder) (bool, []diagnostic) {
	changed := false
	var diags []diagnostic
	for _, sf := range f.accepted() {
		vars, misplaced := embedDirectives(f, sf)
		if misplaced.IsValid() {
			diags = append(diags, diagnostic{pos: misplaced, msg: "a //go:embed directive on no package-level variable" + DiffersMarker, refuse: true})
			continue
		}
		for _, v := range vars {
			text, msg := f.embedValue(sf, v)
			if msg != "" {
				diags = append(diags, diagnostic{pos: v.pos, msg: msg + DiffersMarker, refuse: true})
				continue
			}
			off := f.offset(v.spec.Type.End())
			sf.edits = append(sf.edits, edit{off: off, end: off, text: " = " + text})
			changed = true
		}
	}
	return changed, diags
}

// embedValue returns the initialiser giving the variable v the content it
// embeds, or why it cannot be given one.
func (f *folder) embedValue(sf *srcFile, v embedVar) (init, refusal string) {
	if v.spec.Type == nil || len(v.spec.Names) != 1 || len(v.spec.Values) > 0 {
		return "", "a //go:embed directive on several variables, or on one without a type or with an initialiser"
	}
	typ := f.text(sf, v.spec.Type)
	fsys := isEmbedFS(sf, v.spec.Type)
	switch {
	case fsys && !desugar.EmbedFSExact:
		return "", embedFSConstruct
	case !fsys && typ != "string" && typ != "[]byte" && typ != "[]uint8":
		return "", "a //go:embed variable of type " + typ
	}
	var files []string
	for _, p := range v.patterns {
		got, err := goembed.Resolve(f.dir, p)
		if err != nil {
			return "", "a //go:embed pattern the go command refuses (" + err.Error() + ")"
		}
		for _, g := range got {
			if !slices.Contains(files, g) {
				files = append(files, g)
			}
		}
	}
	if !fsys && len(files) != 1 {
		return "", "a //go:embed " + typ + " variable embedding several files"
	}
	// Literals made with strconv.Quote, which escapes newlines: the
	// initialiser adds no line.
	lits := make([]string, 0, 2*len(files))
	for _, name := range files {
		content, ok := f.embedded[name]
		if !ok {
			var err error
			if content, err = os.ReadFile(filepath.Join(f.dir, filepath.FromSlash(name))); err != nil {
				return "", "a //go:embed file that cannot be read (" + err.Error() + ")"
			}
		}
		lits = append(lits, strconv.Quote(name), strconv.Quote(string(content)))
	}
	switch {
	case fsys:
		sf.addImport("_dsrt", desugarPath)
		return "_dsrt.EmbedFS(" + strings.Join(lits, ", ") + ")", ""
	case typ == "string":
		return lits[1], ""
	}
	return typ + "(" + lits[1] + ")", ""
}

// isEmbedFS reports whether the type expression t is embed.FS in sf.
func isEmbedFS(sf *srcFile, t ast.Expr) bool {
	sel, ok := t.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "FS" {
		return false
	}
	id, ok := sel.X.(*ast.Ident)
	name, imported := sf.importName("embed")
	return ok && imported && id.Name == name
}

// embedVar is a variable under //go:embed directives.
type embedVar struct {
	spec     *ast.ValueSpec
	patterns []string  // of every directive above it
	pos      token.Pos // of the first directive
}

// embedDirectives returns the variables of sf under //go:embed
// directives, with their patterns, or the position of a directive the
// compiler applies to no package-level variable (inside a function, before
// a type or a grouped declaration, in a file not importing "embed").
// Like the compiler, it takes a directive to apply to the declaration that
// follows it with nothing but blank lines and comments between.
func embedDirectives(f *folder, sf *srcFile) ([]embedVar, token.Pos) {
	if !bytes.Contains(sf.src, []byte("//go:embed")) {
		return nil, token.NoPos
	}
	var comments [][2]int // offsets of every comment: start, end
	var directives []int  // indexes into comments
	var sc scanner.Scanner
	sc.Init(token.NewFileSet().AddFile(sf.name, -1, len(sf.src)), sf.src, nil, scanner.ScanComments)
	for {
		pos, tok, lit := sc.Scan()
		if tok == token.EOF {
			break
		}
		if tok == token.COMMENT {
			off := int(pos) - 1 // the file's base is 1
			if strings.HasPrefix(lit, "//go:embed") && (len(lit) == 10 || lit[10] == ' ' || lit[10] == '\t') {
				directives = append(directives, len(comments))
			}
			comments = append(comments, [2]int{off, off + len(lit)})
		}
	}
	if len(directives) == 0 {
		return nil, token.NoPos
	}
	base := int(sf.syntax.FileStart)
	at := func(off int) token.Pos { return token.Pos(base + off) }
	if _, ok := sf.importName("embed"); !ok {
		return nil, at(comments[directives[0]][0])
	}
	// Where a directive may apply: each package-level declaration, and
	// each variable of a grouped var declaration.
	type target struct {
		start, end int
		spec       *ast.ValueSpec // nil: no variable the directive can apply to
	}
	var targets []target
	for _, d := range sf.syntax.Decls {
		gd, ok := d.(*ast.GenDecl)
		switch {
		case ok && gd.Tok == token.VAR && gd.Lparen.IsValid():
			targets = append(targets, target{start: f.offset(gd.Pos()), end: f.offset(gd.Lparen) + 1})
			for _, s := range gd.Specs {
				targets = append(targets, target{start: f.offset(s.Pos()), end: f.offset(s.End()), spec: s.(*ast.ValueSpec)})
			}
		case ok && gd.Tok == token.VAR:
			targets = append(targets, target{start: f.offset(gd.Pos()), end: f.offset(gd.End()), spec: gd.Specs[0].(*ast.ValueSpec)})
		default:
			targets = append(targets, target{start: f.offset(d.Pos()), end: f.offset(d.End())})
		}
	}
	var vars []embedVar
	for _, i := range directives {
		c := comments[i]
		var next *target
		for j := range targets {
			if targets[j].start > c[0] {
				next = &targets[j]
				break
			}
			if targets[j].end > c[0] {
				return nil, at(c[0]) // inside a declaration: a function's body, a type
			}
		}
		if next == nil || next.spec == nil || !onlyComments(sf.src, comments, c[1], next.start) {
			return nil, at(c[0])
		}
		patterns, err := goembed.Directive(at(c[0]), string(sf.src[c[0]:c[1]]))
		if err != nil {
			return nil, at(c[0])
		}
		if n := len(vars); n > 0 && vars[n-1].spec == next.spec {
			vars[n-1].patterns = append(vars[n-1].patterns, patterns...)
			continue
		}
		vars = append(vars, embedVar{spec: next.spec, patterns: patterns, pos: at(c[0])})
	}
	return vars, token.NoPos
}

// onlyComments reports whether src[from:to] holds nothing but white space
// and the comments (offsets) among comments.
func onlyComments(src []byte, comments [][2]int, from, to int) bool {
	for off := from; off < to; {
		if b := src[off]; b == ' ' || b == '\t' || b == '\n' || b == '\r' {
			off++
			continue
		}
		skipped := false
		for _, c := range comments {
			if c[0] == off {
				off, skipped = c[1], true
				break
			}
		}
		if !skipped {
			return false
		}
	}
	return true
}
