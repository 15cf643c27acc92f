package route

import _ "embed"

// Source is the text of route.go, written into the interpreted apps.
//
//go:embed route.go
var Source string
