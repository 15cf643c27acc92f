package approuter

import (
	"fmt"
	"go/parser"
	"go/scanner"
	"go/token"
	"maps"
	"path/filepath"
	"slices"
)

// PackageClauses checks the package clauses of the Go files a build selects
// in the folder of entry, a route.go, proxy.go, middleware.go or
// instrumentation.go (absolute, or as the caller names files in its
// messages): srcs maps each selected file's name (no _test.go file, none a
// build constraint or a file name suffix leaves out) to its content.
//
// As in Next.js, the folder is imported as a package by the program the
// server generates, so entry must not be in package main; and, as go
// build requires, every selected file is in entry's package (a generator
// run with go run, in package main, needs //go:build ignore). Both tiers
// check this before anything else, so that the dev server refuses what
// devserver build refuses, with the same message. The error, nil when the
// clauses are right, is a scanner.ErrorList positioned at the package name
// of each file at fault; a file whose clause does not parse is left to
// the parser's error.
func PackageClauses(entry string, srcs map[string][]byte) error {
	dir, base := filepath.Dir(entry), filepath.Base(entry)
	fset := token.NewFileSet()
	clause := func(name string) (string, token.Position, bool) {
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), srcs[name], parser.PackageClauseOnly)
		if err != nil || f.Name == nil {
			return "", token.Position{}, false
		}
		return f.Name.Name, fset.Position(f.Name.Pos()), true
	}
	want, pos, ok := clause(base)
	if !ok {
		return nil
	}
	example := "route"
	if base != "route.go" {
		example = "proxy"
	}
	if want == "main" {
		return scanner.ErrorList{{Pos: pos, Msg: fmt.Sprintf("%s must not use package main: devserver, as Next.js, generates the program's entry point and imports this folder as a package; rename the package in every .go file of this folder, for example to package %s", base, example)}}
	}
	var errs scanner.ErrorList
	for _, name := range slices.Sorted(maps.Keys(srcs)) {
		if name == base {
			continue
		}
		if got, pos, ok := clause(name); ok && got != want {
			errs.Add(pos, fmt.Sprintf("package %s; expected package %s, as %s: the Go files a build selects in a folder form one package (a program run with go run needs //go:build ignore)", got, want, base))
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return errs
}
