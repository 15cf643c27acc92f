package dev

import (
	"bytes"
	"io"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"sync"

	"github.com/devserver/devserver/internal/panicpos"
)

// stackPaths writes to out what a compiled worker writes to its standard
// error, with the file names of its stack traces made the project's: the
// worker is built with -trimpath in a mirror of the module, so the Go
// runtime names a route's file by a sanitised import path
// ("example.com/app/app/devserver_build/p3/route.go:12"), where the dev
// server's own messages say "app/users/[id]/route.go:12". Lines are
// written whole, once their newline arrives.
type stackPaths struct {
	out     io.Writer
	sources panicpos.Sources
	dir     string // the project's folder: names are relative to it
	module  string // the project's module path
	modDir  string // and folder
	funcs   *strings.Replacer

	mu      sync.Mutex
	pending []byte // the start of a line not yet written
}

// stackFile is a file position of a Go stack trace: a tab, the file, a
// colon and the line.
var stackFile = regexp.MustCompile(`(?m)^(\t)([^\s:]+\.go)(:\d+)`)

func (s *stackPaths) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pending = append(s.pending, p...)
	end := bytes.LastIndexByte(s.pending, '\n')
	if end < 0 {
		return len(p), nil
	}
	lines := s.pending[:end+1]
	_, err := s.out.Write(s.rewrite(lines))
	s.pending = append(s.pending[:0], s.pending[end+1:]...)
	return len(p), err
}

// Flush writes the last line, unfinished, if any.
func (s *stackPaths) Flush() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.pending) > 0 {
		_, _ = s.out.Write(s.rewrite(s.pending))
		s.pending = s.pending[:0]
	}
}

// rewrite names the project's files in lines relative to its folder, and
// its functions by their packages' own import paths.
func (s *stackPaths) rewrite(lines []byte) []byte {
	if s.funcs == nil {
		s.funcs = s.funcNames()
	}
	lines = []byte(s.funcs.Replace(string(lines)))
	return stackFile.ReplaceAllFunc(lines, func(m []byte) []byte {
		sub := stackFile.FindSubmatch(m)
		file, ok := s.sources.File(string(sub[2]))
		if !ok {
			return m
		}
		if rel, err := filepath.Rel(s.dir, file); err == nil && filepath.IsLocal(rel) {
			file = filepath.ToSlash(rel)
		}
		return []byte("\t" + file + string(sub[3]))
	})
}

// funcNames replaces the sanitised import path of each package in a
// function's name ("example.com/app/app/devserver_build/p3.GET") with the
// package's own ("example.com/app/app/users/[id].GET").
func (s *stackPaths) funcNames() *strings.Replacer {
	var pairs []string
	for virtual, dir := range s.sources {
		rel, err := filepath.Rel(s.modDir, dir)
		if virtual == s.module || err != nil || !filepath.IsLocal(rel) {
			continue
		}
		pairs = append(pairs, virtual+".", path.Join(s.module, filepath.ToSlash(rel))+".")
	}
	return strings.NewReplacer(pairs...)
}
