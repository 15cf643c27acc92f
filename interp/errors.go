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
// Only whole paths are rewritten: the prefix where a path starts (at the
// start of the message or after a character no path holds, such as a
// space, quote or parenthesis). "xsrc/app/" is not the module's path,
// and rewriting inside it could join the text before with the
// replacement into the prefix again.
func (f srcFS) realPaths(msg string) string {
	prefix := f.prefix + "/"
	var b strings.Builder
	for rest := msg; ; {
		i := strings.Index(rest, prefix)
		if i < 0 {
			b.WriteString(rest)
			return b.String()
		}
		b.WriteString(rest[:i])
		if out := b.String(); out == "" || !inPath(out[len(out)-1]) {
			b.WriteString(f.dir + string(filepath.Separator))
		} else {
			b.WriteString(prefix)
		}
		rest = rest[i+len(prefix):]
	}
}

// inPath reports whether c may appear inside a path in a toolchain
// message, so that a path cannot start right after it.
func inPath(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("._-~+@/\\", c) >= 0
}
