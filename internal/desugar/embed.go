package desugar

import (
	"crypto/sha256"
	"embed"
	"path"
	"reflect"
	"sort"
	"strings"
	"unsafe"
)

// EmbedFSExact reports whether EmbedFS makes the embed.FS the compiler
// makes: whether embed.FS has the layout the compiler writes, which
// EmbedFS copies (checked once, against the standard library devserver is
// built with). When false, a route with an embed.FS runs compiled.
var EmbedFSExact = embedLayoutMatches()

// embedFile is embed's file: the compiler knows its layout, and so does
// EmbedFS.
type embedFile struct {
	name string
	data string
	hash [16]byte // the compiler's content hash of data, truncated
}

// embedFS is embed.FS's layout.
type embedFS struct {
	files *[]embedFile
}

// EmbedFS returns the embed.FS the compiler makes for a //go:embed
// variable embedding files, given as name, content, name, content...
// (names slash-separated, relative to the package, as the go command
// resolves the patterns): the same list of files and of the folders
// holding them, in the compiler's order, so that every method of embed.FS
// (Open, ReadDir, ReadFile, and the file systems built on them) runs as
// in a build. It panics unless EmbedFSExact.
func EmbedFS(files ...string) embed.FS {
	if !EmbedFSExact {
		panic("desugar: embed.FS has a layout EmbedFS does not know")
	}
	have := make(map[string]bool)
	var list []embedFile
	for i := 0; i+1 < len(files); i += 2 {
		name, data := files[i], files[i+1]
		if have[name] {
			continue
		}
		have[name] = true
		f := embedFile{name: name, data: data}
		// The compiler's content hash (cmd/internal/hash's Sum32): SHA-256
		// with its first byte inverted. embed reads it nowhere; it is
		// copied so that the two values are equal in every field.
		sum := sha256.Sum256([]byte(data))
		sum[0] ^= 0xff
		copy(f.hash[:], sum[:])
		list = append(list, f)
		// Each folder on the way, once, named with a trailing slash and
		// without content (cmd/compile's embedFileList).
		for dir := path.Dir(name); dir != "." && !have[dir]; dir = path.Dir(dir) {
			have[dir] = true
			list = append(list, embedFile{name: dir + "/"})
		}
	}
	// embed looks names up by binary search in this order (cmd/compile's
	// embedFileLess).
	sort.Slice(list, func(i, j int) bool {
		di, ei := splitEmbedName(list[i].name)
		dj, ej := splitEmbedName(list[j].name)
		return di < dj || di == dj && ei < ej
	})
	fsys := embedFS{files: &list}
	return *(*embed.FS)(unsafe.Pointer(&fsys))
}

// splitEmbedName splits a name of an embed.FS's list into its folder and
// its last element, as embed and the compiler do.
func splitEmbedName(name string) (dir, elem string) {
	name = strings.TrimSuffix(name, "/")
	i := strings.LastIndexByte(name, '/')
	if i < 0 {
		return ".", name
	}
	return name[:i], name[i+1:]
}

// embedLayoutMatches reports whether embed.FS is laid out as embedFS.
func embedLayoutMatches() bool {
	if !sameLayout(reflect.TypeFor[embed.FS](), reflect.TypeFor[embedFS]()) {
		return false
	}
	files := reflect.TypeFor[embed.FS]().Field(0).Type
	if files.Kind() != reflect.Pointer || files.Elem().Kind() != reflect.Slice {
		return false
	}
	return sameLayout(files.Elem().Elem(), reflect.TypeFor[embedFile]())
}

// sameLayout reports whether the struct types a and b have fields of the
// same names, kinds, sizes and offsets.
func sameLayout(a, b reflect.Type) bool {
	if a.Kind() != reflect.Struct || a.Size() != b.Size() || a.NumField() != b.NumField() {
		return false
	}
	for i := range a.NumField() {
		fa, fb := a.Field(i), b.Field(i)
		if fa.Name != fb.Name || fa.Offset != fb.Offset || fa.Type.Kind() != fb.Type.Kind() || fa.Type.Size() != fb.Type.Size() {
			return false
		}
		if fa.Type.Kind() == reflect.Array && fa.Type.Elem().Kind() != fb.Type.Elem().Kind() {
			return false
		}
	}
	return true
}
