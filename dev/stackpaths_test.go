package dev

import (
	"strings"
	"testing"

	"github.com/devserver/devserver/internal/panicpos"
)

// TestStackPaths: a compiled worker's stack trace names the project's
// files relative to the project and its functions by their own packages,
// however its output is split into writes; other lines pass unchanged.
func TestStackPaths(t *testing.T) {
	trace := "panic: boom\n\n" +
		"goroutine 7 [running]:\n" +
		"example.com/app/app/devserver_build/p1.GET.func1()\n" +
		"\texample.com/app/app/devserver_build/p1/route.go:16 +0x28\n" +
		"example.com/app/internal/shared.Check(...)\n" +
		"\texample.com/app/internal/shared/shared.go:8\n" +
		"created by example.com/app/app/devserver_build/p10.GET in goroutine 5\n" +
		"\texample.com/app/app/devserver_build/p10/route.go:14 +0x68\n" +
		"net/http.(*conn).serve(0x1)\n" +
		"\tnet/http/server.go:2067 +0x690\n" +
		"\tgithub.com/devserver/devserver@v0.0.0/server/call.go:42 +0x2c\n" +
		"a line printed by route code with no newline"
	want := "panic: boom\n\n" +
		"goroutine 7 [running]:\n" +
		"example.com/app/app/users/[id].GET.func1()\n" +
		"\tapp/users/[id]/route.go:16 +0x28\n" +
		"example.com/app/internal/shared.Check(...)\n" +
		"\tinternal/shared/shared.go:8\n" +
		"created by example.com/app/app/posts.GET in goroutine 5\n" +
		"\tapp/posts/route.go:14 +0x68\n" +
		"net/http.(*conn).serve(0x1)\n" +
		"\tnet/http/server.go:2067 +0x690\n" +
		"\tgithub.com/devserver/devserver@v0.0.0/server/call.go:42 +0x2c\n" +
		"a line printed by route code with no newline"
	sources := panicpos.Sources{
		"example.com/app":                         "/src/app",
		"example.com/app/app/devserver_build/p1":  "/src/app/app/users/[id]",
		"example.com/app/app/devserver_build/p10": "/src/app/app/posts",
	}
	for _, size := range []int{1, 7, len(trace)} {
		var out strings.Builder
		s := &stackPaths{out: &out, sources: sources, dir: "/src/app", module: "example.com/app", modDir: "/src/app"}
		for rest := trace; rest != ""; {
			n := min(size, len(rest))
			if _, err := s.Write([]byte(rest[:n])); err != nil {
				t.Fatal(err)
			}
			rest = rest[n:]
		}
		s.Flush()
		if out.String() != want {
			t.Errorf("writes of %d bytes:\n%s\nwant:\n%s", size, out.String(), want)
		}
	}
}
