package dev_test

// An endless init does not block the other routes. (Compile errors and
// panics are scripts: testdata/script/compile_errors.txtar, panics.txtar.)
// It stays in Go: the init timeout is an option of dev.Start, not a flag.

import (
	"testing"
	"time"

	"github.com/devserver/devserver/dev"
)

func TestEndlessInit(t *testing.T) {
	t.Parallel()
	a := startApp(t, map[string]string{
		"app/ok/route.go": textRoute("ok"),
		"app/stuck/route.go": goRoute(`func init() {
	for {
	}
}

func GET(req *next.Request) *next.Response { return next.NewResponse("never") }`),
		"app/stuck-var/route.go": goRoute(`var n = forever()

func forever() int {
	i := 0
	for {
		i++
	}
	return i
}

func GET(req *next.Request) *next.Response { return next.JSON(n) }`),
		"app/z/route.go": textRoute("z"),
	}, func(o *dev.Options) { o.InitTimeout = 300 * time.Millisecond })
	expect(t, "GET /ok", a.get(t, "/ok"), 200, "ok")
	expect(t, "GET /z", a.get(t, "/z"), 200, "z")
	expect(t, "GET /stuck", a.get(t, "/stuck"), 500, "app/stuck/route.go", "did not finish")
	expect(t, "GET /stuck-var", a.get(t, "/stuck-var"), 500, "app/stuck-var/route.go", "did not finish")
}
