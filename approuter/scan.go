package approuter

import (
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"

	"github.com/devserver/devserver/internal/linkwalk"
)

// routeFiles maps the file names that define routes to their kind.
var routeFiles = map[string]Kind{
	"route.go":  KindRoute,
	"page.html": KindPage,
	"page.go":   KindPage,
}

// IsRouteFile reports whether a file of this base name defines a URL
// (route.go, page.go or page.html) wherever it is not private.
func IsRouteFile(name string) bool {
	_, ok := routeFiles[name]
	return ok
}

// ScanApp lists the files under dir, slash-separated and relative to it,
// that can define a URL. Hidden folders, node_modules and testdata are not
// walked: the Go tool ignores testdata folders, so a build has no package
// there, and dev must not serve what a build would not.
func ScanApp(dir string) ([]string, error) {
	var files []string
	// Linked folders are entered: their routes are the app's, as in a build.
	err := linkwalk.Walk(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == dir {
				return err
			}
			return nil // vanished while walking: the next reload sees it
		}
		name := d.Name()
		if d.IsDir() {
			if p != dir && (strings.HasPrefix(name, ".") || name == "node_modules" || name == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		if IsRouteFile(name) {
			rel, _ := filepath.Rel(dir, p)
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		return files, fmt.Errorf("scan app directory: %w", err)
	}
	return files, nil
}
