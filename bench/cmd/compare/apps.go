//go:build unix

package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/devserver/devserver/bench/internal/gen"
)

// An app of n routes: n-2 page routes rotating over static (/s<i>),
// dynamic (/r<i>/[id]) and catch-all (/c<i>/[...slug]) folders, plus a
// JSON GET (/api/items/[id]) and a JSON POST (/api/echo). Every route
// imports the shared package; every page route answers with its own token
// (changed by a route edit) and the shared Version (changed by a shared
// edit). It is written three ways: route.go files for devserver (also
// built natively by devserver build), route.ts files for next dev, and one
// net/http main.go for air.
type app struct {
	n      int
	routes []route
}

type route struct {
	name string // s0, r1, c2
	kind string // static, dynamic, catch-all
}

func newApp(n int) app {
	a := app{n: n}
	kinds := []route{{"s", "static"}, {"r", "dynamic"}, {"c", "catch-all"}}
	for i := range max(n-2, 1) {
		k := kinds[i%3]
		a.routes = append(a.routes, route{name: k.name + strconv.Itoa(i), kind: k.kind})
	}
	return a
}

// url is a URL the route answers.
func (r route) url() string {
	switch r.kind {
	case "dynamic":
		return "/" + r.name + "/7"
	case "catch-all":
		return "/" + r.name + "/a/b"
	}
	return "/" + r.name
}

// folder is the route's folder under app/, Next.js style.
func (r route) folder() string {
	switch r.kind {
	case "dynamic":
		return filepath.Join(r.name, "[id]")
	case "catch-all":
		return filepath.Join(r.name, "[...slug]")
	}
	return r.name
}

// expected is the decoded JSON a page route answers with.
func (r route) expected(token, version string) map[string]any {
	var params any
	label := strings.ToUpper(r.name)
	switch r.kind {
	case "dynamic":
		params = map[string]any{"id": "7"}
		label += ":7"
	case "catch-all":
		params = map[string]any{"slug": []any{"a", "b"}}
		label += ":a/b"
	}
	return map[string]any{"route": r.name, "kind": r.kind, "token": token, "version": version, "params": params, "label": label}
}

// The two API routes, their requests and answers.
const (
	itemsURL = "/api/items/42?name=ada"
	echoURL  = "/api/echo"
	echoBody = `{"name":"ada","n":3,"tags":["a","b"],"nested":{"ok":true}}`
)

func itemsExpected(version string) map[string]any {
	return map[string]any{"id": 42.0, "name": "ADA", "admin": false, "tags": []any{"a", "b"}, "version": version}
}

func echoExpected(version string) map[string]any {
	return map[string]any{"echo": map[string]any{"name": "ada", "n": 3.0, "tags": []any{"a", "b"}, "nested": map[string]any{"ok": true}}, "version": version}
}

// state is what the files of one generated app say now.
type state struct {
	tokens  []string // per page route
	version string   // the shared package's
}

func newState(a app) *state {
	s := &state{version: "v0"}
	for range a.routes {
		s.tokens = append(s.tokens, "t0")
	}
	return s
}

// flavour writes an app in one language and edits it.
type flavour interface {
	// write writes the whole app into dir.
	write(dir string, a app, s *state) error
	// writeRoute writes page route i as s says (its token changed).
	writeRoute(dir string, a app, s *state, i int) error
	// writeShared writes the shared package as s says (its version changed).
	writeShared(dir string, s *state) error
}

// --- devserver (and devserver build): route.go files -----------------------

type goRoutes struct{ root string }

func (g goRoutes) write(dir string, a app, s *state) error {
	// go.mod requiring devserver from this checkout, so that the background
	// type check and devserver build can compile the app.
	if err := gen.Buildable(dir, g.root); err != nil {
		return err
	}
	if err := g.writeShared(dir, s); err != nil {
		return err
	}
	for i := range a.routes {
		if err := g.writeRoute(dir, a, s, i); err != nil {
			return err
		}
	}
	if err := gen.WriteFile(filepath.Join(dir, "app", "api", "items", "[id]", "route.go"), goItems); err != nil {
		return err
	}
	return gen.WriteFile(filepath.Join(dir, "app", "api", "echo", "route.go"), goEcho)
}

func (goRoutes) writeRoute(dir string, a app, s *state, i int) error {
	r := a.routes[i]
	var sig, body string
	switch r.kind {
	case "static":
		sig = "req *next.Request"
		body = fmt.Sprintf("return next.JSON(shared.Reply(%q, %q, token, nil))", r.name, r.kind)
	case "dynamic":
		sig = "req *next.Request, ctx next.RouteContext"
		body = fmt.Sprintf("id := ctx.Params.Get(\"id\")\n\treturn next.JSON(shared.Reply(%q, %q, token, map[string]any{\"id\": id}, id))", r.name, r.kind)
	default:
		sig = "req *next.Request, ctx next.RouteContext"
		body = fmt.Sprintf("slug := ctx.Params.Values(\"slug\")\n\treturn next.JSON(shared.Reply(%q, %q, token, map[string]any{\"slug\": slug}, slug...))", r.name, r.kind)
	}
	src := fmt.Sprintf(`package route

import (
	"example.com/app/internal/shared"
	"github.com/devserver/devserver/next"
)

// token changes each time the benchmark edits this file.
const token = %q

// GET %s
func GET(%s) *next.Response {
	%s
}
`, s.tokens[i], r.url(), sig, body)
	return gen.WriteFile(filepath.Join(dir, "app", r.folder(), "route.go"), src)
}

func (goRoutes) writeShared(dir string, s *state) error {
	return gen.WriteFile(filepath.Join(dir, "internal", "shared", "shared.go"), goShared(s.version))
}

// goShared is the shared package of the Go apps (devserver's and
// net/http's alike).
func goShared(version string) string {
	return fmt.Sprintf(`// Package shared is imported by every route.
package shared

import "strings"

// Version changes each time the benchmark edits this file.
const Version = %q

// Item is what GET /api/items/[id] answers with.
type Item struct {
	ID      int      `+"`json:\"id\"`"+`
	Name    string   `+"`json:\"name\"`"+`
	Admin   bool     `+"`json:\"admin\"`"+`
	Tags    []string `+"`json:\"tags\"`"+`
	Version string   `+"`json:\"version\"`"+`
}

// Label names a route and its params for display.
func Label(route string, parts ...string) string {
	if len(parts) == 0 {
		return strings.ToUpper(route)
	}
	return strings.ToUpper(route) + ":" + strings.Join(parts, "/")
}

// Reply is what a page route answers with.
func Reply(route, kind, token string, params map[string]any, parts ...string) map[string]any {
	return map[string]any{"route": route, "kind": kind, "token": token, "version": Version, "params": params, "label": Label(route, parts...)}
}
`, version)
}

const goItems = `package route

import (
	"strconv"
	"strings"

	"example.com/app/internal/shared"
	"github.com/devserver/devserver/next"
)

// GET /api/items/[id]?name=... answers one item.
func GET(req *next.Request, ctx next.RouteContext) *next.Response {
	id, err := strconv.Atoi(ctx.Params.Get("id"))
	if err != nil {
		return next.JSON(map[string]string{"error": "id must be a number"}, next.Init{Status: 400})
	}
	name := req.NextURL.SearchParams.Get("name")
	if name == "" {
		name = "anonymous"
	}
	return next.JSON(shared.Item{ID: id, Name: strings.ToUpper(name), Admin: id == 1, Tags: []string{"a", "b"}, Version: shared.Version})
}
`

const goEcho = `package route

import (
	"example.com/app/internal/shared"
	"github.com/devserver/devserver/next"
)

// POST /api/echo answers the JSON object it was sent.
func POST(req *next.Request) *next.Response {
	var body map[string]any
	if err := req.JSON(&body); err != nil {
		return next.JSON(map[string]string{"error": "invalid JSON"}, next.Init{Status: 400})
	}
	return next.JSON(map[string]any{"echo": body, "version": shared.Version})
}
`

// --- next dev: route.ts files ---------------------------------------------------

// tsRoutes writes the Next.js app. modules is the folder holding
// node_modules, package.json and package-lock.json of the installed next.
type tsRoutes struct{ modules string }

func (t tsRoutes) write(dir string, a app, s *state) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	// A hard-linked copy: Turbopack refuses a node_modules symlink that
	// leads out of the project.
	if err := run(dir, nil, "cp", "-al", filepath.Join(t.modules, "node_modules"), filepath.Join(dir, "node_modules")); err != nil {
		return err
	}
	for _, f := range []string{"package.json", "package-lock.json"} {
		b, err := os.ReadFile(filepath.Join(t.modules, f))
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
			return err
		}
	}
	// The tsconfig.json next dev writes on its first start, written now so
	// that the first round's start does no more than the others'.
	if err := os.WriteFile(filepath.Join(dir, "tsconfig.json"), []byte(tsconfig), 0o644); err != nil {
		return err
	}
	if err := t.writeShared(dir, s); err != nil {
		return err
	}
	for i := range a.routes {
		if err := t.writeRoute(dir, a, s, i); err != nil {
			return err
		}
	}
	if err := gen.WriteFile(filepath.Join(dir, "app", "api", "items", "[id]", "route.ts"), tsItems); err != nil {
		return err
	}
	return gen.WriteFile(filepath.Join(dir, "app", "api", "echo", "route.ts"), tsEcho)
}

func (tsRoutes) writeRoute(dir string, a app, s *state, i int) error {
	r := a.routes[i]
	var src string
	switch r.kind {
	case "static":
		src = fmt.Sprintf(`import { reply } from "../../lib/shared";

// token changes each time the benchmark edits this file.
const token = %q;

// GET %s
export async function GET() {
  return Response.json(reply(%q, %q, token, null));
}
`, s.tokens[i], r.url(), r.name, r.kind)
	case "dynamic":
		src = fmt.Sprintf(`import { reply } from "../../../lib/shared";

// token changes each time the benchmark edits this file.
const token = %q;

// GET %s
export async function GET(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const { id } = await ctx.params;
  return Response.json(reply(%q, %q, token, { id }, id));
}
`, s.tokens[i], r.url(), r.name, r.kind)
	default:
		src = fmt.Sprintf(`import { reply } from "../../../lib/shared";

// token changes each time the benchmark edits this file.
const token = %q;

// GET %s
export async function GET(req: Request, ctx: { params: Promise<{ slug: string[] }> }) {
  const { slug } = await ctx.params;
  return Response.json(reply(%q, %q, token, { slug }, ...slug));
}
`, s.tokens[i], r.url(), r.name, r.kind)
	}
	return gen.WriteFile(filepath.Join(dir, "app", r.folder(), "route.ts"), src)
}

func (tsRoutes) writeShared(dir string, s *state) error {
	return gen.WriteFile(filepath.Join(dir, "lib", "shared.ts"), fmt.Sprintf(`// Imported by every route.

// VERSION changes each time the benchmark edits this file.
export const VERSION = %q;

// label names a route and its params for display.
export function label(route: string, ...parts: string[]): string {
  if (parts.length === 0) {
    return route.toUpperCase();
  }
  return route.toUpperCase() + ":" + parts.join("/");
}

// reply is what a page route answers with.
export function reply(route: string, kind: string, token: string, params: Record<string, unknown> | null, ...parts: string[]) {
  return { route, kind, token, version: VERSION, params, label: label(route, ...parts) };
}
`, s.version))
}

const tsItems = `import type { NextRequest } from "next/server";
import { VERSION } from "../../../../lib/shared";

// GET /api/items/[id]?name=... answers one item.
export async function GET(req: NextRequest, ctx: { params: Promise<{ id: string }> }) {
  const { id } = await ctx.params;
  if (!/^[+-]?[0-9]+$/.test(id)) {
    return Response.json({ error: "id must be a number" }, { status: 400 });
  }
  const n = Number(id);
  const name = req.nextUrl.searchParams.get("name") || "anonymous";
  return Response.json({ id: n, name: name.toUpperCase(), admin: n === 1, tags: ["a", "b"], version: VERSION });
}
`

const tsEcho = `import { VERSION } from "../../../lib/shared";

// POST /api/echo answers the JSON object it was sent.
export async function POST(req: Request) {
  let body: unknown;
  try {
    body = await req.json();
  } catch {
    return Response.json({ error: "invalid JSON" }, { status: 400 });
  }
  return Response.json({ echo: body, version: VERSION });
}
`

const tsconfig = `{
  "compilerOptions": {
    "target": "ES2017",
    "lib": ["dom", "dom.iterable", "esnext"],
    "allowJs": true,
    "skipLibCheck": true,
    "strict": false,
    "noEmit": true,
    "incremental": true,
    "module": "esnext",
    "esModuleInterop": true,
    "moduleResolution": "bundler",
    "resolveJsonModule": true,
    "isolatedModules": true,
    "jsx": "react-jsx",
    "plugins": [{ "name": "next" }]
  },
  "include": ["next-env.d.ts", ".next/types/**/*.ts", ".next/dev/types/**/*.ts", "**/*.mts", "**/*.ts", "**/*.tsx"],
  "exclude": ["node_modules"]
}
`

// --- air: one net/http main.go, rebuilt and restarted on every save -----

type netHTTP struct{}

func (n netHTTP) write(dir string, a app, s *state) error {
	if err := gen.WriteFile(filepath.Join(dir, "go.mod"), "module example.com/app\n\ngo 1.22\n"); err != nil {
		return err
	}
	// delay = 1: air's delay = 0 silently means 1000 ms.
	if err := gen.WriteFile(filepath.Join(dir, ".air.toml"), airConfig); err != nil {
		return err
	}
	if err := n.writeShared(dir, s); err != nil {
		return err
	}
	return n.writeRoute(dir, a, s, 0)
}

func (netHTTP) writeShared(dir string, s *state) error {
	return gen.WriteFile(filepath.Join(dir, "internal", "shared", "shared.go"), goShared(s.version))
}

// writeRoute writes main.go, which holds every route (and token).
func (netHTTP) writeRoute(dir string, a app, s *state, _ int) error {
	var consts, handlers strings.Builder
	for i, r := range a.routes {
		fmt.Fprintf(&consts, "\ttoken%d = %q\n", i, s.tokens[i])
		switch r.kind {
		case "static":
			fmt.Fprintf(&handlers, `	mux.HandleFunc("GET /%s", func(w http.ResponseWriter, r *http.Request) {
		reply(w, http.StatusOK, shared.Reply(%q, %q, token%d, nil))
	})
`, r.name, r.name, r.kind, i)
		case "dynamic":
			fmt.Fprintf(&handlers, `	mux.HandleFunc("GET /%s/{id}", func(w http.ResponseWriter, r *http.Request) {
		id := r.PathValue("id")
		reply(w, http.StatusOK, shared.Reply(%q, %q, token%d, map[string]any{"id": id}, id))
	})
`, r.name, r.name, r.kind, i)
		default:
			fmt.Fprintf(&handlers, `	mux.HandleFunc("GET /%s/{slug...}", func(w http.ResponseWriter, r *http.Request) {
		slug := strings.Split(r.PathValue("slug"), "/")
		reply(w, http.StatusOK, shared.Reply(%q, %q, token%d, map[string]any{"slug": slug}, slug...))
	})
`, r.name, r.name, r.kind, i)
		}
	}
	src := fmt.Sprintf(`// Command app serves the benchmark's routes with net/http, on $PORT.
package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"

	"example.com/app/internal/shared"
)

// The tokens change each time the benchmark edits a route.
const (
%s)

func main() {
	mux := http.NewServeMux()
%s	mux.HandleFunc("GET /api/items/{id}", func(w http.ResponseWriter, r *http.Request) {
		id, err := strconv.Atoi(r.PathValue("id"))
		if err != nil {
			reply(w, http.StatusBadRequest, map[string]string{"error": "id must be a number"})
			return
		}
		name := r.URL.Query().Get("name")
		if name == "" {
			name = "anonymous"
		}
		reply(w, http.StatusOK, shared.Item{ID: id, Name: strings.ToUpper(name), Admin: id == 1, Tags: []string{"a", "b"}, Version: shared.Version})
	})
	mux.HandleFunc("POST /api/echo", func(w http.ResponseWriter, r *http.Request) {
		var body map[string]any
		if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 10<<20)).Decode(&body); err != nil {
			reply(w, http.StatusBadRequest, map[string]string{"error": "invalid JSON"})
			return
		}
		reply(w, http.StatusOK, map[string]any{"echo": body, "version": shared.Version})
	})
	// air starts this binary as soon as it has killed the previous one, which
	// may not have let go of the port yet: retry for a while.
	var ln net.Listener
	var err error
	for i := range 500 {
		if ln, err = net.Listen("tcp", "127.0.0.1:"+os.Getenv("PORT")); !errors.Is(err, syscall.EADDRINUSE) {
			break
		}
		if i == 0 {
			fmt.Fprintln(os.Stderr, "port in use; retrying")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err == nil {
		err = http.Serve(ln, mux)
	}
	fmt.Fprintln(os.Stderr, err)
	os.Exit(1)
}

func reply(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(b)
}
`, consts.String(), handlers.String())
	return gen.WriteFile(filepath.Join(dir, "main.go"), src)
}

const airConfig = `root = "."
tmp_dir = "tmp"

[build]
cmd = "go build -o ./tmp/main ."
entrypoint = ["./tmp/main"]
include_ext = ["go"]
exclude_dir = ["tmp"]
# air turns delay = 0 into 1000 ms; 1 is the smallest real debounce.
delay = 1
send_interrupt = false
stop_on_error = true

[log]
time = false

[screen]
clear_on_rebuild = false

[misc]
clean_on_exit = true

[proxy]
enabled = false
`
