//go:build !go1.26

package stdlib

import yaegistd "github.com/traefik/yaegi/stdlib"

// A toolchain older than the generated files: yaegi's own symbols.
func init() {
	for k, v := range yaegistd.Symbols {
		Symbols[k] = v
	}
}
