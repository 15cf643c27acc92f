package dev_test

import "testing"

// TestTestdataNotServed checks that routes and pages under a testdata
// folder are not served, as the Go tool ignores testdata and a build has no
// package there; a testdata folder saved while running is not served either.
func TestTestdataNotServed(t *testing.T) {
	t.Parallel()
	a := startApp(t, map[string]string{
		"app/ok/route.go":            textRoute("ok"),
		"app/docs/testdata/route.go": textRoute("fixture"),
		"app/testdata/page.html":     "<p>fixture</p>",
	})
	expect(t, "GET /ok", a.get(t, "/ok"), 200, "ok")
	expect(t, "GET /docs/testdata", a.get(t, "/docs/testdata"), 404)
	expect(t, "GET /testdata", a.get(t, "/testdata"), 404)

	a.write(t, "app/later/testdata/route.go", textRoute("fixture"))
	a.write(t, "app/later/route.go", textRoute("later"))
	a.waitBody(t, "/later", "later")
	expect(t, "GET /later/testdata", a.get(t, "/later/testdata"), 404)
}
