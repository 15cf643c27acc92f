// Package dotenv owns a project's environment files as Next.js reads them:
// which files for which mode (development, production, test), in which
// order, parsed by github.com/joho/godotenv. The dev server and a built
// binary both load them through it.
package dotenv

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/joho/godotenv"
)

// Modes, as Next.js's NODE_ENV.
const (
	Development = "development"
	Production  = "production"
	Test        = "test"
)

// Mode returns the mode a server runs in: def ("development" for the dev
// server, "production" for a built binary) unless NODE_ENV says "test".
func Mode(def string) string {
	if os.Getenv("NODE_ENV") == Test {
		return Test
	}
	return def
}

// Files returns the environment files of mode, lowest precedence first:
// a later file overrides an earlier one. As in Next.js, tests do not read
// .env.local, so that they run the same on every machine.
func Files(mode string) []string {
	if mode == Test {
		return []string{".env", ".env.test", ".env.test.local"}
	}
	return []string{".env", ".env." + mode, ".env.local", ".env." + mode + ".local"}
}

// Loaded is what Load read.
type Loaded struct {
	Vars   map[string]string // every variable of the files, later files winning
	Files  []string          // the files read
	Failed []string          // files that exist but do not parse
}

// Load reads the environment files of mode in dir. A file that does not
// parse is skipped whole and named in Failed; its contents are never
// reported, since they are secrets.
func Load(dir, mode string) Loaded {
	l := Loaded{Vars: make(map[string]string)}
	for _, name := range Files(mode) {
		vars, err := godotenv.Read(filepath.Join(dir, name))
		if err != nil {
			if !errors.Is(err, fs.ErrNotExist) {
				l.Failed = append(l.Failed, name)
			}
			continue
		}
		l.Files = append(l.Files, name)
		for k, v := range vars {
			l.Vars[k] = v
		}
	}
	return l
}

// Apply sets the variables of l that the process environment does not
// have (the real environment wins, as in Next.js), and returns how many it
// set.
func (l Loaded) Apply() (int, error) {
	n := 0
	for k, v := range l.Vars {
		if _, set := os.LookupEnv(k); set {
			continue
		}
		if err := os.Setenv(k, v); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}
