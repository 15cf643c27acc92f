package main

// devserver init, and the seeding of the devserver module that projects it
// makes depend on.

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"

	"github.com/devserver/devserver/build"
	"github.com/devserver/devserver/internal/devmod"
	"github.com/devserver/devserver/internal/scaffold"
	"github.com/devserver/devserver/interp"
	"github.com/devserver/devserver/serve"
)

var initCommand = &command{
	name:     "init",
	synopsis: "[--module path] [dir]",
	short:    "make a new project: go.mod, a route, a route with a param, a proxy",
	long: `Makes a project in dir (default "."; created when missing): a go.mod that
requires devserver, app/route.go, app/api/hello/[name]/route.go, proxy.go,
.gitignore and a README. It refuses to overwrite any file.

devserver is not published as a module: the binary carries the source of the
packages a project imports, and init writes it into the Go module cache as a
version of its own, whose checksums go into go.sum. The go command, editors
and devserver build then find it with no replace directive; every devserver
command puts it back if the cache was cleaned.`,
	setup: func(cmd *command, fs *flag.FlagSet) func(args, all []string) error {
		modPath := fs.String("module", "", "the module `path` of go.mod (default: the folder's name)")
		return func(args, _ []string) error {
			dir, err := cmd.dirArg(args)
			if err != nil {
				return err
			}
			return runInit(dir, *modPath)
		}
	},
}

// runInit writes a new project into dir.
func runInit(dir, modPath string) error {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	if modPath == "" {
		modPath = scaffold.PackageName(filepath.Base(abs))
	}
	if err := module.CheckPath(modPath); err != nil {
		if err := module.CheckImportPath(modPath); err != nil {
			return fmt.Errorf("init: module path %q: %w (choose one with --module)", modPath, err)
		}
	}
	mod, err := devmod.Load()
	if err != nil {
		return fmt.Errorf("init: %w", err)
	}
	files, err := scaffold.Project{Module: modPath, Binary: interp.BinaryName(modPath), GoVersion: goVersion(mod.GoMod), Require: mod.Version, Sum: mod.SumLines()}.Files()
	if err != nil {
		return err
	}
	if err := scaffold.Write(dir, files); err != nil {
		return fmt.Errorf("init: %w", err)
	}
	logger := serve.NewLogger()
	logger.Info("✓ created a project", "dir", dir, "module", modPath)
	if _, err := exec.LookPath("go"); err != nil {
		logger.Warn("the go command is not installed: devserver serves the project, devserver build needs go")
	} else if err := tidyNew(dir, mod); err != nil {
		logger.Warn("go.mod lists only devserver: run devserver tidy once the module proxy is reachable", "err", err)
	}
	printNext(dir, interp.BinaryName(modPath))
	return nil
}

// printNext says what to run in the new project in dir, whose binary
// devserver build names binary. The commands run in the project's folder:
// built from its parent, the binary would take the folder's name.
func printNext(dir, binary string) {
	fmt.Println("\nnext:")
	if filepath.Clean(dir) != "." {
		fmt.Printf("  cd %s\n", dir)
	}
	fmt.Println("  devserver                # serve it on http://localhost:3000, reloading on save")
	fmt.Println("  curl localhost:3000/api/hello/world")
	fmt.Println("  devserver test           # its tests, route folders such as [name] included")
	fmt.Printf("  devserver build && ./%s   # the same app, compiled\n", binary)
}

// tidyNew seeds the devserver module and tidies the new project's go.mod,
// which then lists what a build needs (the module proxy may be asked for
// devserver's own requirements).
func tidyNew(dir string, mod *devmod.Module) error {
	ctx := context.Background()
	if err := mod.Seed(ctx, ""); err != nil {
		return err
	}
	proj, err := interp.FindProject(dir)
	if err != nil {
		return err
	}
	_, err = build.Tidy(ctx, proj, "")
	return err
}

// goVersion is the go directive of a go.mod ("1.26.0"), or "1.26".
func goVersion(gomod []byte) string {
	f, err := modfile.ParseLax("go.mod", gomod, nil)
	if err != nil || f.Go == nil {
		return "1.26"
	}
	return f.Go.Version
}

// seedDevserver puts the copy of the devserver module this binary carries
// into the module cache when the project requires a copy (devserver init's
// v0.0.0-local versions): a cleaned cache, or a machine that never ran
// devserver init, still builds the project. A project requiring another
// devserver's copy is built, served and tested with this one (see
// build.Build), with a warning: the go command and editors still use the
// one go.mod names. Nothing is written to the project.
func seedDevserver(proj *interp.Project) {
	if serve.Supervised() {
		return // the supervisor did, and warned, before starting this process
	}
	data, err := os.ReadFile(filepath.Join(proj.ModuleDir, "go.mod"))
	if err != nil {
		return
	}
	f, err := modfile.ParseLax("go.mod", data, nil)
	if err != nil {
		return
	}
	for _, r := range f.Require {
		if r.Mod.Path != devmod.Path || !devmod.IsLocal(r.Mod.Version) {
			continue
		}
		mod, err := devmod.Load()
		if err != nil {
			return
		}
		if r.Mod.Version != mod.Version {
			serve.NewLogger().Warn("go.mod requires another devserver's copy of the devserver module: devserver serves, builds and tests the app with its own; the go command and editors use go.mod's", "required", r.Mod.Version, "this", mod.Version)
		}
		if _, err := exec.LookPath("go"); err != nil {
			return
		}
		if err := mod.Seed(context.Background(), ""); err != nil {
			serve.NewLogger().Warn(err.Error())
		}
	}
}
