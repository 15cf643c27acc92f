package dev

import (
	"net/url"
	"strings"
)

// RouteOf returns the route file, relative to the project, that serves
// request ("GET /users/1", its path escaped), as the current generation
// matches it; "" when none does. A supervised dev server names this way
// the route a crash came from when the crash's own report names no file
// (the interpreter's frames do not).
func (d *Dev) RouteOf(request string) string {
	_, path, ok := strings.Cut(request, " ")
	g := d.Server.Current()
	if !ok || g == nil || g.Table == nil {
		return ""
	}
	if u, err := url.Parse(path); err == nil {
		path = u.EscapedPath()
	}
	r, _, err := g.Table.Match(path)
	if err != nil || r == nil {
		return ""
	}
	return d.Project.Rel(d.Project.AppDir) + "/" + r.File
}
