package dev

import (
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/devserver/devserver/internal/dotenv"
)

// envMode is the mode whose environment files the dev server reads:
// development, or test when NODE_ENV=test.
func envMode() string { return dotenv.Mode(dotenv.Development) }

// isEnvFile reports whether path names one of the environment files in
// dir.
func isEnvFile(dir, path string) bool {
	if filepath.Dir(path) != dir {
		return false
	}
	base := filepath.Base(path)
	for _, f := range dotenv.Files(envMode()) {
		if base == f {
			return true
		}
	}
	return false
}

// env is what route code sees through os.Getenv: the process environment
// over the variables of the environment files in dir.
type env struct {
	vars   []string // KEY=value, for the interpreter
	loaded []string // the files read, for the log
	failed []string // files that could not be parsed
	keys   int      // variables that came from files
}

// loadEnv reads the environment files in dir. A file that does not parse
// is skipped whole and named in failed; its contents are never reported,
// since they are secrets.
func loadEnv(dir string) env {
	var e env
	l := dotenv.Load(dir, envMode())
	e.loaded, e.failed = l.Files, l.Failed
	fromFiles := l.Vars
	process := os.Environ()
	set := make(map[string]bool, len(process))
	for _, kv := range process {
		k, _, _ := strings.Cut(kv, "=")
		set[k] = true
	}
	e.vars = process
	keys := make([]string, 0, len(fromFiles))
	for k := range fromFiles {
		if !set[k] {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		e.vars = append(e.vars, k+"="+fromFiles[k])
	}
	e.keys = len(keys)
	return e
}
