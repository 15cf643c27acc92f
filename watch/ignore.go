package watch

import (
	"strconv"
	"strings"
)

// ignoredName applies the built-in rules to one path element. They exist so
// that a save in any common editor yields exactly one change naming the
// real file, and so that tool directories, which can be huge and churn
// constantly, neither trigger reloads nor use up inotify watches.
func ignoredName(name string, isDir bool) bool {
	if isDir {
		// Covers .git, .devserver, .idea, .vscode, .cache and friends.
		return strings.HasPrefix(name, ".") || name == "node_modules"
	}
	switch {
	case name == ".DS_Store":
		return true
	case strings.HasSuffix(name, "~"): // vim and emacs backups
		return true
	case strings.HasPrefix(name, ".#"): // emacs lock files
		return true
	case len(name) > 2 && name[0] == '#' && name[len(name)-1] == '#': // emacs autosave
		return true
	case strings.HasSuffix(name, "___jb_tmp___"), strings.HasSuffix(name, "___jb_old___"): // JetBrains safe write
		return true
	case isVimProbe(name):
		return true
	}
	for _, ext := range ignoredExts {
		if strings.HasSuffix(name, ext) {
			return true
		}
	}
	return false
}

// ignoredExts are suffixes of editor swap and atomic-save temporary files.
var ignoredExts = []string{".swp", ".swo", ".swn", ".swx", ".tmp"}

// isVimProbe reports whether name is the file vim creates and deletes to
// test whether it may write to a directory. It is called "4913"; if that
// exists, vim adds 123 until it finds a free name.
func isVimProbe(name string) bool {
	if len(name) < 4 || name[0] < '1' || name[0] > '9' {
		return false
	}
	n, err := strconv.Atoi(name)
	if err != nil {
		return false
	}
	return n >= 4913 && n < 4913+123*100 && (n-4913)%123 == 0
}
