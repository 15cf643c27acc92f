package interp

import (
	"fmt"
	"go/scanner"
	"go/token"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// posRE finds "path.go:line:col: " in yaegi's messages. yaegi wraps the error
// of an imported package in the importer's ("1:21: import "x" error: ..."), so
// the last match is the innermost, real position.
var posRE = regexp.MustCompile(`([^\s:"]+\.go):(\d+):(\d+): `)

// sourceError turns an error from yaegi into one that names the real file:
// a scanner.ErrorList whose single entry has the position in the user's file,
// when the message carries one. fallback names the file being loaded when it
// does not.
func (f srcFS) sourceError(err error, fallback string) error {
	msg := err.Error()
	locs := posRE.FindAllStringSubmatchIndex(msg, -1)
	if len(locs) == 0 {
		return fmt.Errorf("%s: %s", fallback, f.realPaths(msg))
	}
	m := locs[len(locs)-1]
	file := msg[m[2]:m[3]]
	line, _ := strconv.Atoi(msg[m[4]:m[5]])
	col, _ := strconv.Atoi(msg[m[6]:m[7]])
	if p, ok := f.real(filepath.ToSlash(file)); ok {
		file = p
	}
	return scanner.ErrorList{{
		Pos: token.Position{Filename: file, Line: line, Column: col},
		Msg: f.realPaths(strings.TrimSpace(msg[m[1]:])),
	}}
}

// realPaths rewrites virtual source paths in a message to real ones.
func (f srcFS) realPaths(msg string) string {
	return strings.ReplaceAll(msg, f.prefix+"/", f.dir+string(filepath.Separator))
}
