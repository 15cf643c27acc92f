package interp

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	modpath "golang.org/x/mod/module"

	"github.com/devserver/devserver/approuter"
	"github.com/devserver/devserver/internal/goembed"
	"github.com/devserver/devserver/internal/gofiles"
	"github.com/devserver/devserver/internal/goline"
)

// A reload re-interprets only what changed. Route files are grouped into
// units: routes that import a common package holding state (package-level
// variables or an init function) share one interpreter, so that state is one
// instance, as in a compiled program; routes that share only stateless
// packages (constants, types, functions) get an interpreter each, holding its
// own copy of those packages, which no program can tell apart. A unit whose
// sources (its packages, transitively), environment and build list are
// unchanged keeps the handlers of its last load.

// fileFacts is what the loader learns from one Go file's content: computed
// once per content, not once per reload.
type fileFacts struct {
	src      []byte // the content, as read once for every use of one load
	sum      [sha256.Size]byte
	pkgName  string
	imports  []string
	state    *stateFacts // its package state (state.go); nil when it does not parse
	excluded bool        // left out of the build by its build constraints
	lower    []string    // unexported functions named like a handler ("get")
}

// sourceCache holds the facts of the Go files seen so far, by path.
type sourceCache struct {
	mu    sync.Mutex
	files map[string]*fileFacts
	// awaited are, by path, the sums of contents that do not parse and
	// that the caller already waited on to change (see Loader.Awaited):
	// read with that content, the file is taken as it is.
	awaited map[string][sha256.Size]byte
}

// await records that the files, by path, held these contents after the
// caller waited for them to be written in full.
func (c *sourceCache) await(files map[string][]byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.awaited == nil {
		c.awaited = make(map[string][sha256.Size]byte)
	}
	for path, src := range files {
		c.awaited[path] = sha256.Sum256(src)
	}
}

// facts reads the file at path and returns its facts, from the cache when
// its content is unchanged, or why it cannot be read.
func (c *sourceCache) facts(path string) (*fileFacts, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(src)
	c.mu.Lock()
	if f, ok := c.files[path]; ok && f.sum == sum {
		c.mu.Unlock()
		return f, nil
	}
	awaited := c.awaited[path] == sum
	c.mu.Unlock()
	// A content waited on already is a real syntax error, reported
	// without a second wait.
	if !awaited {
		if settled := settle(path, src); !bytes.Equal(settled, src) {
			src, sum = settled, sha256.Sum256(settled)
		}
	}
	f := &fileFacts{src: src, sum: sum, excluded: buildExcluded(filepath.Dir(path), filepath.Base(path), src)}
	// A file that does not parse still counts, by content: the interpreter
	// reports its errors.
	if af, _ := parser.ParseFile(token.NewFileSet(), path, src, parser.SkipObjectResolution); af != nil {
		f.pkgName = af.Name.Name
		f.state = stateFactsOf(af)
		for _, is := range af.Imports {
			if s := strings.Trim(is.Path.Value, "`\""); s != "" {
				f.imports = append(f.imports, s)
			}
		}
		for _, d := range af.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv != nil {
					continue
				}
				if up := strings.ToUpper(d.Name.Name); up != d.Name.Name && isMethod(up) {
					f.lower = append(f.lower, d.Name.Name)
				}
			}
		}
	}
	c.mu.Lock()
	if c.files == nil {
		c.files = make(map[string]*fileFacts)
	}
	c.files[path] = f
	c.mu.Unlock()
	return f, nil
}

// settleEvery, settleQuiet and settleMax bound how long settle waits for a
// file that does not parse to stop changing: an editor's save in several
// writes is over within milliseconds, but a writer held up between two
// writes on a loaded machine can pause for tens of them.
const (
	settleEvery = 20 * time.Millisecond
	settleQuiet = 150 * time.Millisecond
	settleMax   = 300 * time.Millisecond
)

// settle returns src, the content just read of the Go file at path, or
// what the file holds once it stops changing. A Go file that does not parse
// may be half-written: it is read again every settleEvery until it parses,
// or has not changed for settleQuiet (a real syntax error, reported as it
// is), for at most settleMax. A file whose save the caller waited for
// (Loader.Awaited) is not waited on again.
func settle(path string, src []byte) []byte {
	start, changed := time.Now(), time.Now()
	for !parses(path, src) && time.Since(start) < settleMax && time.Since(changed) < settleQuiet {
		time.Sleep(settleEvery)
		again, err := os.ReadFile(path)
		if err != nil {
			break
		}
		if !bytes.Equal(again, src) {
			src, changed = again, time.Now()
		}
	}
	return src
}

// parses reports whether src, the Go file at path, has no syntax error.
func parses(path string, src []byte) bool {
	_, err := parser.ParseFile(token.NewFileSet(), path, src, parser.SkipObjectResolution)
	return err == nil
}

// pkgInfo is one package folder as a load sees it.
type pkgInfo struct {
	dir      string
	hash     string   // of the names and contents of its Go files
	imports  []string // every import of its non-test Go files, deduplicated
	deps     []string // folders of the imported packages that are interpreted
	stateful bool
	state    []*stateFacts         // of the files in the build, that parse
	files    map[string]*fileFacts // file name -> facts
	// unreadable are the Go files that could not be read (file name ->
	// why): the interpreter reports the error of the load's read, not of
	// a later one.
	unreadable map[string]error
	// embeds are the package's //go:embed patterns, and embedded the
	// files they embed (slash path relative to dir -> content), as the
	// load read them: the hash covers them, so that saving one reloads
	// the package.
	embeds   []string
	embedded map[string][]byte
	// others are the files of other languages the go command builds into
	// the package (add_amd64.s, hash.c; see gofiles.Other), which the
	// interpreter cannot run.
	others []string
}

// snapshot is the source tree as one load sees it: each folder read once.
type snapshot struct {
	proj *Project
	mods *modules
	src  *sourceCache

	mu   sync.Mutex
	pkgs map[string]*pkgInfo

	// lang is the language version the load interprets the module's code
	// at, when older than the interpreter's (see Loader.Load): "" for the
	// interpreter's own.
	lang string
}

func newSnapshot(proj *Project, mods *modules, src *sourceCache) *snapshot {
	return &snapshot{proj: proj, mods: mods, src: src, pkgs: make(map[string]*pkgInfo)}
}

// changes are the paths a watcher reported under root since the last Load.
type changes struct {
	root  string
	paths []string
}

// seed copies into s the packages of prev that the changes c leave as they
// were: folders under c.root that no changed path is in, is, or contains.
// Folders outside the watched root are read again: nobody reports their
// changes (a local replace directive's module, say). A changed go.mod or
// go.sum can change how every import resolves: nothing is copied.
func (s *snapshot) seed(prev map[string]*pkgInfo, c *changes) {
	if c == nil || prev == nil {
		return
	}
	for _, p := range c.paths {
		if b := filepath.Base(p); b == "go.mod" || b == "go.sum" || p == c.root {
			return
		}
	}
	sep := string(filepath.Separator)
next:
	for dir, pkg := range prev {
		if !strings.HasPrefix(dir+sep, c.root+sep) {
			continue
		}
		for _, p := range c.paths {
			if dir == p || dir == filepath.Dir(p) || strings.HasPrefix(dir+sep, p+sep) {
				continue next
			}
			// A file the package may embed, deeper in its folder.
			if len(pkg.embeds) > 0 && strings.HasPrefix(p, dir+sep) {
				continue next
			}
		}
		s.pkgs[dir] = pkg
	}
}

// pkg returns the package in dir.
func (s *snapshot) pkg(dir string) *pkgInfo {
	s.mu.Lock()
	p, ok := s.pkgs[dir]
	s.mu.Unlock()
	if ok {
		return p
	}
	p = &pkgInfo{dir: dir, files: make(map[string]*fileFacts)}
	h := sha256.New()
	seen := make(map[string]bool)
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		n := e.Name()
		if !e.IsDir() && gofiles.Other(n) {
			// Its content too: saving it changes what the build runs.
			p.others = append(p.others, n)
			content, _ := os.ReadFile(filepath.Join(dir, n))
			sum := sha256.Sum256(content)
			h.Write([]byte(n + "\x00"))
			h.Write(sum[:])
			continue
		}
		if e.IsDir() || !strings.HasSuffix(n, ".go") || strings.HasSuffix(n, "_test.go") {
			continue
		}
		f, err := s.src.facts(filepath.Join(dir, n))
		if err != nil {
			if !errors.Is(err, fs.ErrNotExist) { // a file removed meanwhile is no file
				if p.unreadable == nil {
					p.unreadable = make(map[string]error)
				}
				p.unreadable[n] = err
				h.Write([]byte(n + "\x00" + err.Error()))
			}
			continue
		}
		p.files[n] = f
		h.Write([]byte(n))
		h.Write(f.sum[:])
		if f.excluded {
			// Not part of the package (//go:build icu, x_windows.go):
			// its imports (cgo in golang.org/x/text/cases) are none of
			// the package's.
			continue
		}
		p.stateful = p.stateful || f.state != nil && f.state.stateful()
		if f.state != nil {
			p.state = append(p.state, f.state)
		}
		for _, imp := range f.imports {
			if !seen[imp] {
				seen[imp] = true
				p.imports = append(p.imports, imp)
			}
		}
	}
	sort.Strings(p.imports)
	p.readEmbedded(h)
	p.hash = hex.EncodeToString(h.Sum(nil))
	for _, imp := range p.imports {
		if d, ok := s.resolve(imp); ok {
			p.deps = append(p.deps, d)
		}
	}
	s.mu.Lock()
	if q, ok := s.pkgs[dir]; ok {
		p = q
	} else {
		s.pkgs[dir] = p
	}
	s.mu.Unlock()
	return p
}

// readEmbedded reads the files the package's //go:embed patterns embed,
// writing their names and contents, or why a pattern embeds nothing, into
// h.
func (p *pkgInfo) readEmbedded(h io.Writer) {
	srcs := make(map[string][]byte)
	for n, f := range p.files {
		if goembed.ImportsEmbed(f.src) {
			srcs[n] = f.src
		}
	}
	if len(srcs) == 0 {
		return
	}
	p.embeds = goembed.Patterns(srcs)
	for _, pattern := range p.embeds {
		files, err := goembed.Resolve(p.dir, pattern)
		if err != nil {
			fmt.Fprintf(h, "\x00embed %q", err.Error())
			continue
		}
		for _, rel := range files {
			if _, ok := p.embedded[rel]; ok {
				continue
			}
			data, err := os.ReadFile(filepath.Join(p.dir, filepath.FromSlash(rel)))
			if err != nil {
				fmt.Fprintf(h, "\x00embed %s %q", rel, err.Error())
				continue
			}
			if p.embedded == nil {
				p.embedded = make(map[string][]byte)
			}
			p.embedded[rel] = data
			fmt.Fprintf(h, "\x00embed %s %x", rel, sha256.Sum256(data))
		}
	}
}

// resolve returns the folder of an imported package the interpreter reads
// from source: one of the module's own, or of another module of its build
// list. The standard library and the compiled packages (next) have none.
func (s *snapshot) resolve(imp string) (string, bool) {
	if _, compiled := Symbols[imp+"/"+pathBase(imp)]; compiled {
		return "", false
	}
	if imp == s.proj.Module || strings.HasPrefix(imp, s.proj.Module+"/") {
		rel := strings.TrimPrefix(strings.TrimPrefix(imp, s.proj.Module), "/")
		return filepath.Join(s.proj.ModuleDir, filepath.FromSlash(rel)), true
	}
	if isStdlib(imp) {
		return "", false
	}
	if d, ok, err := s.mods.pkgDir(imp); ok && err == nil {
		return d, true
	}
	return "", false
}

func pathBase(p string) string {
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		return p[i+1:]
	}
	return p
}

// importsDevserver reports whether the code of files, or a package of
// the module or another module that they import, imports a package of
// devserver (the next SDK): go build of the app then needs devserver
// required, which raises its go line to devserver's.
func (s *snapshot) importsDevserver(files []string) bool {
	seen := make(map[string]bool)
	for _, f := range files {
		for _, d := range s.closure(filepath.Dir(f)) {
			if seen[d] {
				continue
			}
			seen[d] = true
			for _, imp := range s.pkg(d).imports {
				if goline.OfDevserver(imp) {
					return true
				}
			}
		}
	}
	return false
}

// closure returns dir and the folders of every package it imports,
// transitively, sorted.
func (s *snapshot) closure(dir string) []string {
	return closureOf(dir, func(d string) []string { return s.pkg(d).deps })
}

// closureOf returns dir and the folders deps gives for it, transitively,
// sorted.
func closureOf(dir string, deps func(dir string) []string) []string {
	seen := map[string]bool{dir: true}
	queue := []string{dir}
	for len(queue) > 0 {
		d := queue[0]
		queue = queue[1:]
		for _, dep := range deps(d) {
			if !seen[dep] {
				seen[dep] = true
				queue = append(queue, dep)
			}
		}
	}
	out := make([]string, 0, len(seen))
	for d := range seen {
		out = append(out, d)
	}
	sort.Strings(out)
	return out
}

// unit is a set of route files loaded into one interpreter.
type unit struct {
	files []int    // indexes into the files of the load
	dirs  []string // the packages they need, transitively
	key   string   // what its load depends on
}

// partition groups files into units: two files are in one unit when their
// package closures share a stateful package. extra goes into every key
// (the environment, the build list).
func (s *snapshot) partition(files []string, extra string) []*unit {
	parent := make([]int, len(files))
	for i := range parent {
		parent[i] = i
	}
	find := func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	closures := make([][]string, len(files))
	owner := make(map[string]int) // stateful folder -> first file needing it
	for i, f := range files {
		closures[i] = s.closure(filepath.Dir(f))
		for _, d := range closures[i] {
			if !s.pkg(d).stateful {
				continue
			}
			if j, ok := owner[d]; ok {
				parent[find(i)] = find(j)
			} else {
				owner[d] = i
			}
		}
	}
	byRoot := make(map[int]*unit)
	var units []*unit
	for i := range files {
		r := find(i)
		u := byRoot[r]
		if u == nil {
			u = &unit{}
			byRoot[r] = u
			units = append(units, u)
		}
		u.files = append(u.files, i)
	}
	for _, u := range units {
		set := make(map[string]bool)
		h := sha256.New()
		h.Write([]byte(extra))
		for _, i := range u.files {
			h.Write([]byte("\x00file " + files[i]))
			for _, d := range closures[i] {
				set[d] = true
			}
		}
		for d := range set {
			u.dirs = append(u.dirs, d)
		}
		sort.Strings(u.dirs)
		for _, d := range u.dirs {
			h.Write([]byte("\x00dir " + d + " " + s.pkg(d).hash))
		}
		u.key = hex.EncodeToString(h.Sum(nil))
	}
	return units
}

// sources returns the Go files of the package in dir (file name → content)
// as the snapshot read them: hashing, rewriting and interpreting one load
// see the same bytes, however the files change meanwhile.
func (s *snapshot) sources(dir string) map[string][]byte {
	p := s.pkg(dir)
	out := make(map[string][]byte, len(p.files))
	for n, f := range p.files {
		out[n] = f.src
	}
	return out
}

// embedPatterns returns the //go:embed patterns of every package read so
// far that has any, by folder.
func (s *snapshot) embedPatterns() map[string][]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string][]string)
	for dir, p := range s.pkgs {
		if len(p.embeds) > 0 {
			out[dir] = p.embeds
		}
	}
	return out
}

// embedded returns the files the package in dir embeds (slash path
// relative to dir -> content) as the snapshot read them.
func (s *snapshot) embedded(dir string) map[string][]byte { return s.pkg(dir).embedded }

// hashOf returns the content hash of the package in dir.
func (s *snapshot) hashOf(dir string) string { return s.pkg(dir).hash }

// Snapshot is the Go source one Load read: for each package folder it
// read (absolute), its non-test Go files, file name → content. Files that
// could not be read are not in it.
type Snapshot map[string]map[string][]byte

// Snapshot returns the source the last Load read: what its generation
// runs, however the files changed since, for a type check of that
// generation (see build.CheckSnapshot).
func (l *Loader) Snapshot() Snapshot {
	l.mu.Lock()
	pkgs := l.pkgs
	l.mu.Unlock()
	out := make(Snapshot, len(pkgs))
	for dir, p := range pkgs {
		files := make(map[string][]byte, len(p.files))
		for n, f := range p.files {
			files[n] = f.src
		}
		out[dir] = files
	}
	return out
}

// SharedState returns, for each route file of the last Load, the import
// paths of the packages of the user's module it imports, directly or
// not, that hold state routes may change, or that two instances would
// not share (see state.go): the state a route shares with every other
// route importing one of them. A program has one instance of each, so
// such routes must run where the route runs (see the dev server's
// tiers). The route's own package is not among them. A package of another
// module is among them only when the app assigns one of its exported
// variables (decimal.DivisionPrecision = 8): the state routes change of
// other modules, through their functions, is rarely shared on purpose.
func (l *Loader) SharedState(files []string) map[string][]string {
	l.mu.Lock()
	pkgs := l.pkgs
	l.mu.Unlock()
	own := func(dir string) bool {
		return strings.HasPrefix(dir, l.Project.ModuleDir+string(filepath.Separator))
	}
	assigned := make(map[string]bool) // names assigned through a selector
	for dir, p := range pkgs {
		if own(dir) {
			for _, f := range p.state {
				for n := range f.selectors {
					assigned[n] = true
				}
			}
		}
	}
	held := make(map[string]bool) // folder -> whether it holds state
	holds := func(dir string) bool {
		h, ok := held[dir]
		if !ok {
			p := pkgs[dir]
			switch {
			case p == nil || !p.stateful:
			case own(dir):
				h = mutable(p.state, assigned)
			default:
				h = assignsExported(p.state, assigned)
			}
			held[dir] = h
		}
		return h
	}
	out := make(map[string][]string, len(files))
	deps := func(dir string) []string {
		if p := pkgs[dir]; p != nil {
			return p.deps
		}
		return nil
	}
	for _, file := range files {
		dir := filepath.Dir(file)
		var state []string
		for _, d := range closureOf(dir, deps) {
			if d != dir && holds(d) {
				state = append(state, l.importPath(d))
			}
		}
		sort.Strings(state)
		out[file] = state
	}
	return out
}

// importPath is the import path of the package in dir: a folder of the
// user's module, or of another module in the module cache
// (…/pkg/mod/github.com/!some/mod@v1.2.0/sub is github.com/Some/mod/sub).
func (l *Loader) importPath(dir string) string {
	if rel, err := filepath.Rel(l.Project.ModuleDir, dir); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		if rel == "." {
			return l.Project.Module
		}
		return l.Project.Module + "/" + filepath.ToSlash(rel)
	}
	slash := filepath.ToSlash(dir)
	_, cached, ok := strings.Cut(slash, "/pkg/mod/")
	if !ok {
		return slash
	}
	mod, sub, _ := strings.Cut(cached, "@")
	if _, after, ok := strings.Cut(sub, "/"); ok {
		sub = "/" + after
	} else {
		sub = ""
	}
	if unescaped, err := modpath.UnescapePath(mod); err == nil {
		mod = unescaped
	}
	return mod + sub
}

// packageClauses is approuter.PackageClauses of the folder of file (a
// route, proxy or instrumentation file), with the Go files of it a build
// selects, as the snapshot read them.
func packageClauses(snap *snapshot, file string) error {
	p := snap.pkg(filepath.Dir(file))
	srcs := make(map[string][]byte, len(p.files))
	for name, f := range p.files {
		if !f.excluded {
			srcs[name] = f.src
		}
	}
	if _, ok := srcs[filepath.Base(file)]; !ok {
		return nil // unreadable: the interpreter reports why
	}
	return approuter.PackageClauses(file, srcs)
}
