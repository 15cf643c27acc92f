// Package gofiles tells which files of a package folder the go command
// builds besides its Go files: assembly, C, C++, Objective-C, Fortran,
// SWIG and .syso objects (see go help buildconstraint and go/build's
// Package: SFiles, CFiles, HFiles, SysoFiles, ...).
package gofiles

import "path/filepath"

// otherExts are the extensions go/build sorts into a package's non-Go
// source lists.
var otherExts = map[string]bool{
	".s": true, ".S": true, ".sx": true,
	".c": true, ".h": true,
	".cc": true, ".cpp": true, ".cxx": true, ".hh": true, ".hpp": true, ".hxx": true,
	".m": true,
	".f": true, ".F": true, ".for": true, ".f90": true,
	".swig": true, ".swigcxx": true,
	".syso": true,
}

// Other reports whether the go command builds the file name (a base name)
// into its folder's package though it is not Go: a function declared
// without a body in Go may be written in it (add_amd64.s).
func Other(name string) bool {
	return otherExts[filepath.Ext(name)]
}
