package approuter

import (
	"os"
	"path/filepath"
)

// ProxyFiles are the names a proxy file may have in the project directory,
// the preferred first: proxy.go, or middleware.go, its name before
// Next.js 16.
var ProxyFiles = []string{"proxy.go", "middleware.go"}

// ProxyNames are the identifiers of a proxy package: its function (Proxy,
// or Middleware, its name before Next.js 16) and its matcher (Matcher, or
// Config, a next/go/proxy.Config in Next.js's proxy.go).
var ProxyNames = []string{"Proxy", "Middleware", "Matcher", "Config"}

// FindProxy returns the proxy file of the project in dir, or "" when it has
// none: the first of ProxyFiles that is a regular file.
func FindProxy(dir string) string {
	for _, name := range ProxyFiles {
		p := filepath.Join(dir, name)
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() {
			return p
		}
	}
	return ""
}
