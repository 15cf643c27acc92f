package dev

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/joho/godotenv"
)

// envFiles are the environment files `next dev` loads, lowest precedence
// first: a later file overrides an earlier one, and the process's own
// environment overrides them all.
var envFiles = []string{".env", ".env.development", ".env.local", ".env.development.local"}

// isEnvFile reports whether path names one of envFiles in dir.
func isEnvFile(dir, path string) bool {
	if filepath.Dir(path) != dir {
		return false
	}
	base := filepath.Base(path)
	for _, f := range envFiles {
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
	fromFiles := make(map[string]string)
	for _, name := range envFiles {
		vars, err := godotenv.Read(filepath.Join(dir, name))
		if err != nil {
			if !errors.Is(err, fs.ErrNotExist) {
				e.failed = append(e.failed, name)
			}
			continue
		}
		e.loaded = append(e.loaded, name)
		for k, v := range vars {
			fromFiles[k] = v
		}
	}
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
