// Package lib is a private folder: the leading underscore keeps it out of the
// URL space, while routes can still import it.
package lib

import "strings"

// Banner frames a title for a plain-text page.
func Banner(title string) string {
	line := strings.Repeat("=", len(title))
	return line + "\n" + title + "\n" + line + "\n"
}
