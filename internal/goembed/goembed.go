// Package goembed resolves //go:embed directives as the go command does:
// which patterns a package's Go files declare, and which files of the
// package's folder those patterns embed. The build mirror copies those
// files, the compiled tier hashes them, and the interpreter reads them, so
// that all three embed exactly what go build would.
package goembed

import (
	"bytes"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"io/fs"
	"maps"
	"os"
	pathpkg "path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/mod/module"
)

// Patterns returns the //go:embed patterns of the Go files srcs (file
// name → content) of one package, in file order, as go/build reads them:
// those of files importing "embed", wherever in the file (the compiler
// refuses misplaced ones). Unlike go/build, a file importing a path the Go
// tool rejects ([id] folders, before the build mirror renames them) still
// counts.
func Patterns(srcs map[string][]byte) []string {
	names := slices.Sorted(maps.Keys(srcs))
	var out []string
	for _, name := range names {
		src := srcs[name]
		if !ImportsEmbed(src) {
			continue
		}
		fset := token.NewFileSet()
		f, _ := parser.ParseFile(fset, name, src, parser.ImportsOnly)
		if f == nil || !imports(f, "embed") {
			continue
		}
		var sc scanner.Scanner
		sc.Init(fset.AddFile(name, -1, len(src)), src, nil, scanner.ScanComments)
		for {
			pos, tok, lit := sc.Scan()
			if tok == token.EOF {
				break
			}
			if tok != token.COMMENT || !strings.HasPrefix(lit, "//go:embed") {
				continue
			}
			// A malformed line is the compiler's to report, as go/build
			// leaves it out.
			args, err := Directive(pos, lit)
			if err != nil {
				continue
			}
			for _, a := range args {
				if !slices.Contains(out, a) {
					out = append(out, a)
				}
			}
		}
	}
	return out
}

// imports reports whether f imports path.
func imports(f *ast.File, path string) bool {
	for _, spec := range f.Imports {
		if p, err := strconv.Unquote(spec.Path.Value); err == nil && p == path {
			return true
		}
	}
	return false
}

// ImportsEmbed reports whether src, a Go file, may hold //go:embed
// directives that count: a cheap test before parsing it.
func ImportsEmbed(src []byte) bool {
	return bytes.Contains(src, []byte("//go:embed")) && bytes.Contains(src, []byte("embed\""))
}

// Resolve returns the files (slash-separated, relative to dir) that the
// pattern embeds from the package in dir, by the go command's rules: the
// pattern (after an optional "all:" prefix) is a path.Match glob of
// slash-separated names inside dir; a matched folder embeds every file
// under it except those whose name starts with "." or "_" (unless "all:")
// and those in a folder holding a go.mod (another module); a match must be
// a regular file or a folder, no folder on its way a link or another
// module's. The error is the go command's for the pattern.
func Resolve(dir, pattern string) ([]string, error) {
	files, err := resolve(dir, pattern)
	if err != nil {
		return nil, fmt.Errorf("pattern %s: %w", pattern, err)
	}
	return files, nil
}

func resolve(dir, pattern string) ([]string, error) {
	glob, all := strings.CutPrefix(pattern, "all:")
	if _, err := pathpkg.Match(glob, ""); err != nil || glob == "." || !fs.ValidPath(glob) {
		return nil, errors.New("invalid pattern syntax")
	}
	// fs.Glob on the folder: its own name may hold glob syntax ([id]).
	matches, err := fs.Glob(os.DirFS(dir), glob)
	if err != nil {
		return nil, err
	}
	var list []string
	have := make(map[string]bool)
	add := func(rel string) {
		if !have[rel] {
			have[rel] = true
			list = append(list, rel)
		}
	}
	for _, rel := range matches {
		file := filepath.Join(dir, filepath.FromSlash(rel))
		info, err := os.Lstat(file)
		if err != nil {
			return nil, err
		}
		if err := checkPath(dir, rel, info.IsDir()); err != nil {
			return nil, err
		}
		switch {
		case info.Mode().IsRegular():
			add(rel)
		case info.IsDir():
			n, err := walkDir(dir, rel, all, add)
			if err != nil {
				return nil, err
			}
			if n == 0 {
				return nil, fmt.Errorf("cannot embed directory %s: contains no embeddable files", rel)
			}
		default:
			return nil, fmt.Errorf("cannot embed irregular file %s", rel)
		}
	}
	if len(list) == 0 {
		return nil, errors.New("no matching files found")
	}
	slices.Sort(list)
	return list, nil
}

// checkPath checks that rel, a match in dir, and the folders on its way
// are no other module's, are folders, and have names a module may hold.
func checkPath(dir, rel string, isDir bool) error {
	what := "file"
	if isDir {
		what = "directory"
	}
	for sub := rel; sub != "."; sub = pathpkg.Dir(sub) {
		p := filepath.Join(dir, filepath.FromSlash(sub))
		if _, err := os.Stat(filepath.Join(p, "go.mod")); err == nil {
			return fmt.Errorf("cannot embed %s %s: in different module", what, rel)
		}
		if sub != rel {
			if info, err := os.Lstat(p); err == nil && !info.IsDir() {
				return fmt.Errorf("cannot embed %s %s: in non-directory %s", what, rel, sub)
			}
		}
		if elem := pathpkg.Base(sub); badName(elem) {
			if sub == rel {
				return fmt.Errorf("cannot embed %s %s: invalid name %s", what, rel, elem)
			}
			return fmt.Errorf("cannot embed %s %s: in invalid directory %s", what, rel, elem)
		}
	}
	return nil
}

// walkDir adds the embeddable files under the folder rel of dir and
// returns how many it found.
func walkDir(dir, rel string, all bool, add func(string)) (int, error) {
	root := filepath.Join(dir, filepath.FromSlash(rel))
	count := 0
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		r, _ := filepath.Rel(dir, p)
		r = filepath.ToSlash(r)
		name := d.Name()
		if p != root && (badName(name) || (name[0] == '.' || name[0] == '_') && !all) {
			switch {
			case d.IsDir():
				return fs.SkipDir
			case name[0] == '.' || name[0] == '_':
				return nil // hidden files are left out (golang.org/issue/42328)
			default:
				return fmt.Errorf("cannot embed file %s: invalid name %s", r, name)
			}
		}
		if d.IsDir() {
			if _, err := os.Stat(filepath.Join(p, "go.mod")); err == nil {
				return fs.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		count++
		add(r)
		return nil
	})
	return count, err
}

// badName reports whether a file or folder name cannot be embedded: one a
// module cannot hold, or a version control folder.
func badName(name string) bool {
	if err := module.CheckFilePath(name); err != nil {
		return true
	}
	switch name {
	case "", ".bzr", ".hg", ".git", ".svn":
		return true
	}
	return false
}

// Covers reports whether the file rel (slash-separated, relative to the
// package folder) may be embedded by one of patterns: it, or a folder
// holding it, matches one. It errs on the side of yes (hidden names are
// not left out), for a watcher deciding what a change may affect.
func Covers(patterns []string, rel string) bool {
	for _, p := range patterns {
		glob := strings.TrimPrefix(p, "all:")
		for sub := rel; sub != "." && sub != "/" && sub != ""; sub = pathpkg.Dir(sub) {
			if ok, _ := pathpkg.Match(glob, sub); ok {
				return true
			}
		}
	}
	return false
}

// Directive returns the patterns of one //go:embed comment (its text,
// "//go:embed" included) at pos, parsed as the compiler does:
// space-separated words, each bare or a Go string literal.
func Directive(pos token.Pos, text string) ([]string, error) {
	d, ok := ast.ParseDirective(pos, text)
	if !ok || d.Tool != "go" || d.Name != "embed" {
		return nil, fmt.Errorf("not a //go:embed directive: %s", text)
	}
	args, err := d.ParseArgs()
	if err != nil {
		return nil, err
	}
	out := make([]string, len(args))
	for i, a := range args {
		out[i] = a.Arg
	}
	return out, nil
}
