package interp

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/devserver/devserver/approuter"
	"github.com/devserver/devserver/internal/nextserver"
	"github.com/devserver/devserver/next"
)

// TestSnapshotIsWhatRuns changes the files of a route's packages after
// the load's snapshot read them — an edit, a file removed, a file added
// that would clash, a file made unreadable — and checks that the
// interpreter runs what the snapshot read, not what the folders hold.
func TestSnapshotIsWhatRuns(t *testing.T) {
	p := newProject(t, map[string]string{
		"internal/shared/shared.go": "package shared\n\nconst V = \"v1\"\n",
		"internal/shared/more.go":   "package shared\n\nfunc More() string { return \"m1\" }\n",
		"app/x/helper.go":           "package route\n\nfunc helper() string { return \"h1\" }\n",
		"app/x/route.go": `package route

import (
	"example.com/app/internal/shared"
	"github.com/devserver/devserver/next"
)

func GET(req *next.Request) *next.Response {
	return next.NewResponse(shared.V + " " + shared.More() + " " + helper())
}
`,
	})
	routeDir := filepath.Join(p.AppDir, "x")
	sharedDir := filepath.Join(p.ModuleDir, "internal", "shared")
	l := &Loader{Project: p}
	proj := p.refresh()
	mods := loadModules(context.Background(), proj)
	snap := newSnapshot(proj, mods, &l.src)
	if got := len(snap.closure(routeDir)); got != 2 {
		t.Fatalf("closure of the route: %d folders, want 2", got)
	}

	// After the snapshot: every kind of change.
	writeTree(t, p.ModuleDir, map[string]string{
		"internal/shared/shared.go": "package shared\n\nconst V = \"v2\"\n",
		"internal/shared/new.go":    "package shared\n\nconst V = \"clash\"\n",
		"app/x/route.go":            "package route\n\nthis does not parse\n",
		"app/x/other.go":            "package route\n\nfunc helper() string { return \"clash\" }\n",
	})
	if err := os.Remove(filepath.Join(routeDir, "helper.go")); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(filepath.Join(sharedDir, "more.go"), 0); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(filepath.Join(sharedDir, "more.go"), 0o644) })

	routes := []approuter.Loaded{{File: filepath.Join(routeDir, "route.go")}}
	l.loadUnit(context.Background(), proj, mods, snap, routes, os.Environ())
	if routes[0].Err != nil {
		t.Fatalf("load of the snapshot: %v", routes[0].Err)
	}
	get := routes[0].Handlers["GET"].(func(*next.Request) *next.Response)
	if body := readBody(t, get(nextserver.NewRequest(httptest.NewRequest("GET", "/x", nil)))); body != "v1 m1 h1" {
		t.Errorf("GET /x = %q, want what the snapshot read (v1 m1 h1)", body)
	}
}
