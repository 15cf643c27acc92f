package interp

import (
	"fmt"
	"go/ast"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/sync/singleflight"
)

// jsonfixPath is the package the rewritten source registers marshal methods
// with; it exists only in the interpreter's symbol table.
const jsonfixPath = "github.com/devserver/devserver/internal/jsonfix"

// methodsPath is the package the rewritten source registers Unwrap, Is and
// As methods with, for errors.Is and errors.As; interpreter-only too.
const methodsPath = "github.com/devserver/devserver/internal/methods"

// rewritten is the source of one package as yaegi reads it: the output of
// the rewrite passes (see rewrite_pipeline.go), which change no line numbers.
type rewritten struct {
	files    map[string][]byte // file name -> source
	errs     map[string]error  // file name -> a construct devserver refuses
	warnings []string          // differences that cannot be fixed in another module's code
	values   []string          // exported functions, variables and constants, generic functions excepted
}

// rewriter caches the rewritten packages of one load.
type rewriter struct {
	// resolve finds the folder of an import path (the user's module or
	// another of its build list).
	resolve func(importPath string) (string, bool)

	// cache, when set, keeps rewritten packages across loads; hashOf gives
	// the content hash of a folder's package, which validates them.
	cache  *rewriteCache
	hashOf func(dir string) string
	// sources, when set, gives the Go files of a folder (name → content)
	// as the load's snapshot read them; nil reads them from disk.
	sources func(dir string) map[string][]byte
	// embedded, when set, gives the files the package of a folder embeds
	// (slash path relative to it → content) as the load's snapshot read
	// them; nil reads them from disk.
	embedded func(dir string) map[string][]byte
	// detect refuses the constructs detectors find (see detect.go).
	detect bool
	// lang is the language version of the user's module when older than
	// the interpreter's (modules.lang), for its folders.
	lang string

	mu        sync.Mutex
	foreign   map[string]foreignMarshalers // folder -> its non-struct marshal types
	pkgs      map[string]*rewritten        // folder -> package
	refused   map[string]error             // folder -> why its package cannot be interpreted
	warnings  []string                     // not yet taken by takeWarnings
	consulted []string                     // folders foreignOf read for the package being rewritten
}

// rewriteCache keeps rewritten packages from one load to the next: a
// package is rewritten again only when its files, or those of the packages
// its rewrite looked into, changed.
type rewriteCache struct {
	mu   sync.Mutex
	pkgs map[rewriteKey]*cachedRewrite
	// flight makes the units of one load that all miss a package (a
	// shared package just edited, imported by every route) wait for one
	// rewrite of it rather than each rewrite it side by side.
	flight singleflight.Group
}

type rewriteKey struct {
	dir  string
	own  bool
	lang string // the module's go line counts (detect_goversion.go)
}

type cachedRewrite struct {
	hash string            // of the package's files
	deps map[string]string // folder foreignOf read -> its hash
	pkg  *rewritten
}

func (c *rewriteCache) get(k rewriteKey, hashOf func(string) string) *rewritten {
	c.mu.Lock()
	e := c.pkgs[k]
	c.mu.Unlock()
	if e == nil || e.hash != hashOf(k.dir) {
		return nil
	}
	for d, h := range e.deps {
		if hashOf(d) != h {
			return nil
		}
	}
	return e.pkg
}

func (c *rewriteCache) put(k rewriteKey, e *cachedRewrite) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.pkgs == nil {
		c.pkgs = make(map[rewriteKey]*cachedRewrite)
	}
	c.pkgs[k] = e
}

// takeWarnings returns the warnings of the packages rewritten since the
// last call.
func (rw *rewriter) takeWarnings() []string {
	rw.mu.Lock()
	defer rw.mu.Unlock()
	w := rw.warnings
	rw.warnings = nil
	return w
}

// refuse records that the package in dir cannot be interpreted.
func (rw *rewriter) refuse(dir string, err error) {
	rw.mu.Lock()
	defer rw.mu.Unlock()
	if rw.refused == nil {
		rw.refused = make(map[string]error)
	}
	if rw.refused[dir] == nil {
		rw.refused[dir] = err
	}
}

func (rw *rewriter) refusal(dir string) error {
	rw.mu.Lock()
	defer rw.mu.Unlock()
	return rw.refused[dir]
}

// values returns the exported functions, variables and constants declared
// in the package of dir, generic functions excepted, once yaegi has read
// its files.
func (rw *rewriter) values(dir string) []string {
	rw.mu.Lock()
	defer rw.mu.Unlock()
	if pkg := rw.pkgs[filepath.Clean(dir)]; pkg != nil {
		return pkg.values
	}
	return nil
}

// file returns the rewritten source of the Go file at path, or the error
// that refuses it. own is true for files of the user's module: constructs
// the interpreter cannot run faithfully are refused there, and only warned
// about in other modules, whose code the user cannot change.
func (rw *rewriter) file(path, virtual string, own bool) ([]byte, error) {
	dir, name := filepath.Split(path)
	dir = filepath.Clean(dir)
	pkg := rw.pkg(dir, strings.TrimSuffix(virtual, name), own)
	if err := pkg.errs[name]; err != nil {
		return nil, err
	}
	if src, ok := pkg.files[name]; ok {
		return src, nil
	}
	if rw.sources != nil {
		// A file left out of the rewrite (it does not parse): the
		// interpreter reports the error of the content the load hashed.
		if src, ok := rw.sources(dir)[name]; ok {
			return src, nil
		}
	}
	return os.ReadFile(path)
}

// pkg returns the rewritten package of dir, rewriting it the first time.
// A pass that panics leaves rw unlocked, and the panic to the
// interpreter's caller, which reports it.
func (rw *rewriter) pkg(dir, virtualDir string, own bool) *rewritten {
	rw.mu.Lock()
	defer rw.mu.Unlock()
	pkg, ok := rw.pkgs[dir]
	if !ok && rw.cache != nil {
		pkg = rw.cache.get(rewriteKey{dir, own, rw.lang}, rw.hashOf)
		ok = pkg != nil
		if ok {
			if rw.pkgs == nil {
				rw.pkgs = make(map[string]*rewritten)
			}
			rw.pkgs[dir] = pkg
			rw.warnings = append(rw.warnings, pkg.warnings...)
		}
	}
	if !ok {
		if rw.cache == nil {
			rw.consulted = rw.consulted[:0]
			pkg = rw.rewritePackage(dir, virtualDir, own)
		} else {
			pkg = rw.rewriteShared(dir, virtualDir, own)
		}
		if rw.pkgs == nil {
			rw.pkgs = make(map[string]*rewritten)
		}
		rw.pkgs[dir] = pkg
		rw.warnings = append(rw.warnings, pkg.warnings...)
	}
	return pkg
}

// rewriteShared rewrites the package in dir once for every rewriter of the
// cache asking for the same content at the same time, and caches it.
// rw.mu is held.
func (rw *rewriter) rewriteShared(dir, virtualDir string, own bool) *rewritten {
	key := rewriteKey{dir, own, rw.lang}
	hash := rw.hashOf(dir)
	v, _, _ := rw.cache.flight.Do(fmt.Sprintf("%s\x00%t\x00%s\x00%s\x00%s", dir, own, virtualDir, hash, rw.lang), func() (any, error) {
		// A flight that ended just before this one began has cached it.
		if pkg := rw.cache.get(key, rw.hashOf); pkg != nil {
			return pkg, nil
		}
		rw.consulted = rw.consulted[:0]
		pkg := rw.rewritePackage(dir, virtualDir, own)
		e := &cachedRewrite{hash: hash, deps: make(map[string]string), pkg: pkg}
		for _, d := range rw.consulted {
			e.deps[d] = rw.hashOf(d)
		}
		rw.cache.put(key, e)
		return pkg, nil
	})
	return v.(*rewritten)
}

// parse reads and parses the non-test Go files of dir: from the load's
// snapshot when there is one.
func (rw *rewriter) parse(dir string) *folder {
	if rw.sources == nil {
		return parseFolder(dir)
	}
	return newFolder(dir, rw.sources(dir))
}

// rewritePackage rewrites the Go files in dir. virtualDir is the folder as
// yaegi names it, for error positions it will map back.
func (rw *rewriter) rewritePackage(dir, virtualDir string, own bool) *rewritten {
	f := rw.parse(dir)
	f.virtualDir = virtualDir
	f.importPath = strings.TrimSuffix(strings.TrimPrefix(virtualDir, "src/"), "/")
	f.own = own
	f.detect = rw.detect
	if own {
		f.lang = rw.lang
	}
	f.foreign = rw.foreignOf
	f.importer = &sourceImporter{parse: rw.parse, resolve: func(importPath string) (string, bool) {
		if rw.resolve == nil {
			return "", false
		}
		dir, ok := rw.resolve(importPath)
		if ok {
			// rw.mu is held by file, which called rewritePackage.
			rw.consulted = append(rw.consulted, dir)
		}
		return dir, ok
	}}
	f = renameCollidingLabels(f)
	f = renameShadowedPredeclared(f)
	// Generic code newer than the module's go line (a generic type
	// alias) is refused as written: its instances, written out, would
	// hide it.
	if rw.generic(f) && !(f.detect && hasNewer(f)) {
		var refusal *diagnostic
		if f, refusal = monomorphise(f); refusal != nil && f.detect {
			f.report(*refusal)
		}
	}
	if rw.embedded != nil {
		f.embedded = rw.embedded(dir)
	}
	f.rewrite(passes)
	return f.result()
}

// generic reports whether the package of f declares generic functions or
// types, or imports a package of source (not the standard library) that
// does: only then is it worth monomorphising (see monomorph.go). It reads
// the imported folders without making the package's rewrite depend on
// them: when it copies their code, its type check does.
func (rw *rewriter) generic(f *folder) bool {
	if declaresGenerics(f) {
		return true
	}
	seen := make(map[string]bool)
	for _, sf := range f.files {
		for _, imp := range sf.syntax.Imports {
			path, err := strconv.Unquote(imp.Path.Value)
			if err != nil || seen[path] || isStdlib(path) || genericStdlib(path) != nil || rw.resolve == nil {
				continue
			}
			if syms, _ := binarySymbols(path); syms != nil {
				continue // compiled (next): no source to read
			}
			seen[path] = true
			if dir, ok := rw.resolve(path); ok && declaresGenerics(rw.parse(dir)) {
				return true
			}
		}
	}
	return false
}

// declaresGenerics reports whether f declares a generic function or type.
func declaresGenerics(f *folder) bool {
	for _, sf := range f.files {
		for _, d := range sf.syntax.Decls {
			if isGenericDecl(d) {
				return true
			}
			if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.TYPE {
				for _, s := range gd.Specs {
					if s.(*ast.TypeSpec).TypeParams != nil {
						return true
					}
				}
			}
		}
	}
	return false
}

func receiverName(fd *ast.FuncDecl) string {
	rt := fd.Recv.List[0].Type
	if st, ok := rt.(*ast.StarExpr); ok {
		rt = st.X
	}
	if id, ok := rt.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}
