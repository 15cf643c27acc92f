package dev_test

import (
	"regexp"
	"testing"

	"github.com/charmbracelet/log"

	"github.com/devserver/devserver/dev"
	"github.com/devserver/devserver/internal/apptest"
)

// TestRequestLog checks that each request is logged once, as next dev
// does: method, path with query, status and time taken.
func TestRequestLog(t *testing.T) {
	var logs apptest.LockedBuffer
	a := startApp(t, map[string]string{
		"app/items/[id]/route.go": goRoute(`func GET(req *next.Request) *next.Response {
	return next.NewResponse("ok")
}`),
	}, func(o *dev.Options) { o.Logger = log.New(&logs) })

	expect(t, "GET /items/7?x=1", a.get(t, "/items/7?x=1"), 200, "ok")
	expect(t, "GET /nowhere", a.get(t, "/nowhere"), 404, "")
	for _, want := range []string{
		`(?m)^INFO GET /items/7\?x=1 200 in [0-9.]+[µm]?s$`,
		`(?m)^INFO GET /nowhere 404 in [0-9.]+[µm]?s$`,
	} {
		if n := len(regexp.MustCompile(want).FindAllString(logs.String(), -1)); n != 1 {
			t.Errorf("%d lines match %s in the log:\n%s", n, want, logs.String())
		}
	}
}
