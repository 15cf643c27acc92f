package interp

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"go/version"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"golang.org/x/mod/modfile"

	"github.com/devserver/devserver/internal/goline"
	"github.com/devserver/devserver/internal/gowork"
	"github.com/devserver/devserver/nextsdk"
)

// yaegi knows nothing of Go modules (yaegi #259): it finds an import
// "github.com/google/uuid" at src/github.com/google/uuid in its source file
// system. modules supplies that folder from the module the user's go.mod
// requires: the module cache, or the folder of a local replace directive.

// module is one module of the user's build list.
type module struct {
	Path    string
	Version string
	Dir     string // "" until downloaded
	Main    bool
	Replace *module
}

// modules is the build list of the user's module, longest paths first so
// that the first prefix match is the right module.
type modules struct {
	mu      sync.Mutex
	list    []*module
	goCmd   string
	dir     string // the user's module folder, where go runs
	dlErrs  map[string]error
	listErr error // why the build list could not be read; import errors say it
	// lang is the language version of go.mod's go line ("go1.21") when
	// it is older than the Go the interpreter's rewrites give (see
	// detect_goversion.go), else "".
	lang string
}

var (
	modCacheMu sync.Mutex
	modCache   = map[string]*modules{} // module folder + hash of go.mod and go.sum -> build list
)

// loadModules returns the build list of the module in p, read with
// `go list -m -json all` and kept until go.mod or go.sum change. Without a
// go.mod, or without the go command, it is empty, and only the standard
// library and the module's own packages can be imported.
func loadModules(ctx context.Context, p *Project) *modules {
	gomod, err := os.ReadFile(filepath.Join(p.ModuleDir, "go.mod"))
	if err != nil {
		return &modules{}
	}
	gosum, _ := os.ReadFile(filepath.Join(p.ModuleDir, "go.sum"))
	ws, wsErr := gowork.Find(p.ModuleDir)
	h := sha256.New()
	h.Write(gomod)
	h.Write([]byte{0})
	h.Write(gosum)
	if ws != nil {
		h.Write([]byte{0})
		h.Write(ws.Content)
		h.Write(ws.Sums)
	}
	key := p.ModuleDir + "\x00" + string(h.Sum(nil))
	modCacheMu.Lock()
	defer modCacheMu.Unlock()
	if m, ok := modCache[key]; ok {
		return m
	}
	m := &modules{dir: p.ModuleDir, dlErrs: map[string]error{}, lang: olderLang(p.ModuleDir)}
	m.goCmd, err = exec.LookPath("go")
	if err != nil {
		m.listErr = errors.New("the go command is not installed, so modules required in go.mod cannot be found")
		return m
	}
	var out []byte
	switch {
	case wsErr != nil:
		err = fmt.Errorf("read the workspace (go.work): %w", wsErr)
	case ws != nil:
		// The go command runs with GOWORK=off: the workspace's other
		// modules are handed over as replacements (see gowork).
		var alt string
		if alt, err = workspaceModFile(p.ModuleDir, gomod, gosum, ws); err == nil {
			defer os.RemoveAll(filepath.Dir(alt))
			out, err = m.run(ctx, "list", "-modfile="+alt, "-m", "-json", "all")
		}
	default:
		out, err = m.run(ctx, "list", "-m", "-json", "all")
	}
	if err != nil && ws == nil && wsErr == nil {
		if alt, ok := withoutMissingSDK(p.ModuleDir, gomod, gosum); ok {
			defer os.RemoveAll(filepath.Dir(alt))
			out, err = m.run(ctx, "list", "-modfile="+alt, "-m", "-json", "all")
		}
	}
	if err != nil {
		m.listErr = err
	}
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var mod module
		if err := dec.Decode(&mod); err != nil {
			if !errors.Is(err, io.EOF) && m.listErr == nil {
				m.listErr = fmt.Errorf("read go list output: %w", err)
			}
			break
		}
		if mod.Main {
			continue
		}
		if mod.Replace != nil {
			if mod.Replace.Dir == "" && mod.Replace.Version == "" {
				mod.Replace.Dir = filepath.Join(p.ModuleDir, mod.Replace.Path)
			}
			mod.Dir = mod.Replace.Dir
		}
		m.list = append(m.list, &mod)
	}
	m.list = withSDK(m.list)
	sort.Slice(m.list, func(i, j int) bool { return len(m.list[i].Path) > len(m.list[j].Path) })
	for k := range modCache {
		if strings.HasPrefix(k, p.ModuleDir+"\x00") {
			delete(modCache, k) // one build list per module folder
		}
	}
	modCache[key] = m
	return m
}

// olderLang returns the language version of the module in modDir
// (goline.Lang) when it is older than the Go this program was built with,
// whose semantics the interpreter's rewrites give (Go 1.22's loop
// variables, range over functions); "" otherwise.
func olderLang(modDir string) string {
	lang, current := goline.Lang(modDir), version.Lang(runtime.Version())
	if lang == "" || current == "" || version.Compare(lang, current) >= 0 {
		return ""
	}
	return lang
}

// noGoCommand reports whether the go command is missing, so that no module
// other than the user's can be read.
func (m *modules) noGoCommand() bool {
	return m != nil && m.goCmd == "" && m.listErr != nil
}

func (m *modules) run(ctx context.Context, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, m.goCmd, args...)
	cmd.Dir = m.dir
	// Read-only: devserver never edits the user's go.mod or go.sum.
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=readonly", "GOWORK=off")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return out, fmt.Errorf("go %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return out, nil
}

// dir returns the folder of the package importPath when a module of the
// build list provides it, downloading the module if it is not in the cache
// yet. ok is false when no module provides the path.
func (m *modules) pkgDir(importPath string) (dir string, ok bool, err error) {
	if m == nil {
		return "", false, nil
	}
	for _, mod := range m.list {
		if importPath != mod.Path && !strings.HasPrefix(importPath, mod.Path+"/") {
			continue
		}
		m.mu.Lock()
		defer m.mu.Unlock()
		if mod.Dir == "" {
			if err, failed := m.dlErrs[mod.Path]; failed {
				return "", true, err
			}
			out, err := m.run(context.Background(), "mod", "download", "-json", mod.Path+"@"+mod.Version)
			var dl struct{ Dir, Error string }
			_ = json.Unmarshal(out, &dl)
			if err == nil && dl.Dir == "" {
				err = errors.New(dl.Error)
			}
			if err != nil {
				m.dlErrs[mod.Path] = fmt.Errorf("download %s@%s: %w", mod.Path, mod.Version, err)
				return "", true, m.dlErrs[mod.Path]
			}
			mod.Dir = dl.Dir
		}
		rest := strings.TrimPrefix(strings.TrimPrefix(importPath, mod.Path), "/")
		return filepath.Join(mod.Dir, filepath.FromSlash(rest)), true, nil
	}
	return "", false, nil
}

// moduleOf returns the module of the build list whose folder holds dir, and
// dir relative to it (slash-separated), or nil.
func (m *modules) moduleOf(dir string) (*module, string) {
	if m == nil {
		return nil, ""
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	var best *module
	for _, mod := range m.list {
		if mod.Dir != "" && (dir == mod.Dir || strings.HasPrefix(dir, mod.Dir+string(filepath.Separator))) && (best == nil || len(mod.Dir) > len(best.Dir)) {
			best = mod
		}
	}
	if best == nil {
		return nil, ""
	}
	rel, _ := filepath.Rel(best.Dir, dir)
	return best, filepath.ToSlash(rel)
}

// withSDK makes sure list provides next/go, the Go SDK of Next.js
// (next/go/proxy for proxy.go): the app's own copy when its go.mod replaces
// next/go with a folder that exists (next dev adds
// `replace next/go => ./node_modules/next/go`), devserver's copy
// (nextsdk) otherwise. Nothing is written into the app.
func withSDK(list []*module) []*module {
	for i, mod := range list {
		if mod.Path != nextsdk.ModulePath {
			continue
		}
		if fi, err := os.Stat(filepath.Join(mod.Dir, "go.mod")); err == nil && !fi.IsDir() {
			return list
		}
		list = append(list[:i:i], list[i+1:]...)
		break
	}
	dir, err := nextsdk.Dir()
	if err != nil {
		return list
	}
	return append(list, &module{Path: nextsdk.ModulePath, Version: "v0.0.0", Dir: dir})
}

// withoutMissingSDK handles a go.mod that replaces next/go with a folder
// that is not there (next dev wrote ./node_modules/next/go; npm install has
// not run): the go command refuses the whole build list then. It writes a
// copy of go.mod without next/go, and go.sum beside it, into a temporary
// folder, for go list -modfile, and returns the copy's path; withSDK then
// adds devserver's SDK. ok is false when go.mod is not in that case.
// workspaceModFile writes, in a new temporary folder, the module's go.mod
// with the replacements that stand for the workspace ws, and its go.sum
// with the workspace's checksums, and returns the go.mod's path for the
// go command's -modfile flag.
func workspaceModFile(modDir string, gomod, gosum []byte, ws *gowork.Workspace) (string, error) {
	f, err := modfile.Parse(filepath.Join(modDir, "go.mod"), gomod, nil)
	if err != nil {
		return "", err
	}
	if err := ws.Apply(f); err != nil {
		return "", err
	}
	data, err := f.Format()
	if err != nil {
		return "", err
	}
	tmp, err := os.MkdirTemp("", "devserver-gowork-")
	if err != nil {
		return "", err
	}
	path := filepath.Join(tmp, "go.mod")
	sums := append(append(append([]byte{}, gosum...), '\n'), ws.Sums...)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		os.RemoveAll(tmp)
		return "", err
	}
	if err := os.WriteFile(filepath.Join(tmp, "go.sum"), sums, 0o644); err != nil {
		os.RemoveAll(tmp)
		return "", err
	}
	return path, nil
}

func withoutMissingSDK(modDir string, gomod, gosum []byte) (path string, ok bool) {
	f, err := modfile.Parse(filepath.Join(modDir, "go.mod"), gomod, nil)
	if err != nil {
		return "", false
	}
	missing := false
	for _, r := range f.Replace {
		if r.Old.Path != nextsdk.ModulePath || r.New.Version != "" {
			continue
		}
		dir := r.New.Path
		if !filepath.IsAbs(dir) {
			dir = filepath.Join(modDir, filepath.FromSlash(dir))
		}
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err != nil {
			missing = true
		}
	}
	if !missing {
		return "", false
	}
	if f.DropRequire(nextsdk.ModulePath) != nil || f.DropReplace(nextsdk.ModulePath, "") != nil {
		return "", false
	}
	f.Cleanup()
	data, err := f.Format()
	if err != nil {
		return "", false
	}
	tmp, err := os.MkdirTemp("", "devserver-gomod-")
	if err != nil {
		return "", false
	}
	path = filepath.Join(tmp, "go.mod")
	if os.WriteFile(path, data, 0o644) != nil || os.WriteFile(filepath.Join(tmp, "go.sum"), gosum, 0o644) != nil {
		os.RemoveAll(tmp)
		return "", false
	}
	return path, true
}
