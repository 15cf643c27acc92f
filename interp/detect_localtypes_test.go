package interp

import (
	"fmt"
	"testing"
)

// TestAssertImportedLocal checks that a type assertion to a shared
// package's struct type is sent compiled when a package the route imports
// declares, in a function, a struct type of the same fields whose values
// it may hand the route (yaegi gives both one reflect type: the assertion
// succeeded), and stays fast when no such type exists.
func TestAssertImportedLocal(t *testing.T) {
	const head = "package route\n\nimport (\n\t\"example.com/app/internal/%s\"\n\t\"github.com/devserver/devserver/next\"\n)\n\nfunc GET(req *next.Request) *next.Response {\n\t_, ok := %s.Origin().(%s.Point)\n\treturn next.JSON(ok)\n}\n"
	p := newProject(t, map[string]string{
		"internal/geo/geo.go":     "package geo\n\ntype Point struct{ X, Y int }\n\nfunc Origin() any {\n\ttype pt struct{ X, Y int }\n\treturn pt{}\n}\n",
		"internal/plain/plain.go": "package plain\n\ntype Point struct{ X, Y int }\n\nfunc Origin() any { return Point{} }\n",
		"app/geo/route.go":        fmt.Sprintf(head, "geo", "geo", "geo"),
		"app/plain/route.go":      fmt.Sprintf(head, "plain", "plain", "plain"),
	})
	names := []string{"geo", "plain"}
	checkRefusedElseLoads(t, p, "a type assertion or type switch case", names, []bool{true, false})
}

// TestImportedAnonStructs checks that a route printing with %+v, %#v or
// %T what a shared package's func returns as an any, a value of a struct
// type written in place with an unexported field, is sent compiled (dev
// printed Xnote), and that the same over a struct of exported fields
// stays fast.
func TestImportedAnonStructs(t *testing.T) {
	const head = "package route\n\nimport (\n\t\"fmt\"\n\n\t\"example.com/app/internal/%s\"\n\t\"github.com/devserver/devserver/next\"\n)\n\nfunc GET(req *next.Request) *next.Response { return next.JSON(fmt.Sprintf(%q, %s.Row())) }\n"
	p := newProject(t, map[string]string{
		"internal/hidden/hidden.go": "package hidden\n\nfunc Row() any {\n\treturn struct {\n\t\tID   int\n\t\tnote string\n\t}{7, \"n\"}\n}\n",
		"internal/plain/plain.go":   "package plain\n\nfunc Row() any { return struct{ ID int }{7} }\n",
		"app/plusv/route.go":        fmt.Sprintf(head, "hidden", "%+v", "hidden"),
		"app/gosyntax/route.go":     fmt.Sprintf(head, "hidden", "%#v", "hidden"),
		"app/typ/route.go":          fmt.Sprintf(head, "hidden", "%T", "hidden"),
		"app/plain/route.go":        fmt.Sprintf(head, "plain", "%+v %T", "plain"),
	})
	names := []string{"plusv", "gosyntax", "typ", "plain"}
	checkRefused(t, p, "", names, []bool{true, true, true, false})
}

// TestInPlaceShadows checks that a route declaring and naming no types,
// comparing or asserting to a shared package's Point what the package
// returns as an any, is sent compiled when the package writes in place a
// struct type of Point's fields (struct{ X, Y int }{0, 0}: one reflect
// type for both in the interpreter), and stays fast when it writes none.
func TestInPlaceShadows(t *testing.T) {
	const head = "package route\n\nimport (\n\t\"example.com/app/internal/%s\"\n\t\"github.com/devserver/devserver/next\"\n)\n\n"
	p := newProject(t, map[string]string{
		"internal/geo/geo.go":     "package geo\n\ntype Point struct{ X, Y int }\n\nfunc Origin() any { return struct{ X, Y int }{0, 0} }\n\nfunc Zero() any { return Point{} }\n",
		"internal/plain/plain.go": "package plain\n\ntype Point struct{ X, Y int }\n\nfunc Origin() any { return struct{ X, Y, Z int }{} }\n\nfunc Zero() any { return Point{} }\n",
		"app/cmp/route.go":        fmt.Sprintf(head, "geo") + "func GET(req *next.Request) *next.Response { return next.JSON(geo.Origin() == geo.Zero()) }\n",
		"app/assert/route.go":     fmt.Sprintf(head, "geo") + "func GET(req *next.Request) *next.Response { _, ok := geo.Origin().(geo.Point); return next.JSON(ok) }\n",
		"app/plain/route.go":      fmt.Sprintf(head, "plain") + "func GET(req *next.Request) *next.Response { _, ok := plain.Origin().(plain.Point); return next.JSON(ok) }\n",
	})
	names := []string{"cmp", "assert", "plain"}
	checkRefused(t, p, "", names, []bool{true, true, false})
}
