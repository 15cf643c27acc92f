package build_test

import (
	"context"
	"debug/elf"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/devserver/devserver/build"
	"github.com/devserver/devserver/internal/apptest"
)

// panicRoute panics on GET: its answer under --error-details names the
// route's file and line, which a binary linked without the symbol table
// and debug information still knows (the runtime's own tables).
const panicRoute = "package route\n\nimport \"github.com/devserver/devserver/next\"\n\nfunc GET(req *next.Request) *next.Response {\n\tif req.NextURL.SearchParams.Get(\"boom\") != \"\" {\n\t\tpanic(\"boom\")\n\t}\n\treturn next.NewResponse(\"fine\")\n}\n"

// TestBuildLDFlags checks that Options.LDFlags reaches the linker: "-s -w"
// leaves the symbol table and DWARF out, and the binary serves as built
// without them.
func TestBuildLDFlags(t *testing.T) {
	dir := writeApp(t, map[string]string{"app/route.go": panicRoute})
	bin := filepath.Join(t.TempDir(), "server")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if err := build.Build(ctx, build.Options{Dir: dir, Output: bin, LDFlags: "-s -w"}); err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS == "linux" {
		f, err := elf.Open(bin)
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{".symtab", ".debug_info", ".zdebug_info"} {
			if f.Section(name) != nil {
				t.Errorf("built with -ldflags '-s -w', the binary has a %s section", name)
			}
		}
		f.Close()
	}
	u := apptest.StartBinary(t, bin, nil, "--error-details").URL
	if code, _, body := get(t, u+"/"); code != 200 || body != "fine" {
		t.Errorf("GET / = %d %q, want 200 \"fine\"", code, body)
	}
	if code, _, body := get(t, u+"/?boom=1"); code != 500 || !strings.Contains(body, "app/route.go:7") {
		t.Errorf("GET /?boom=1 = %d %q, want 500 naming app/route.go:7", code, body)
	}
}

// TestBuildLDFlagsRefused checks that flags the linker refuses fail the
// build with what go build said.
func TestBuildLDFlagsRefused(t *testing.T) {
	dir := writeApp(t, map[string]string{"app/route.go": panicRoute})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	err := build.Build(ctx, build.Options{Dir: dir, Output: filepath.Join(t.TempDir(), "server"), LDFlags: "-no-such-flag"})
	if err == nil || !strings.Contains(err.Error(), "go build failed") || !strings.Contains(err.Error(), "no-such-flag") {
		t.Fatalf("build with -ldflags -no-such-flag: err = %v, want go build's refusal naming the flag", err)
	}
}
