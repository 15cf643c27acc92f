package server

import (
	"errors"
	"fmt"
	"go/scanner"
	"strings"
)

// loadErrors are the load errors of one generation's routes that carry a
// position, by their text as logged (positions and messages): an error of
// a package many routes import reaches each of them, and is logged once
// per generation, with how many routes it breaks, not once per route.
// Guarded by Server.warnMu.
type loadErrors struct {
	byText map[string]*loadError
	order  []*loadError // in the order first logged
}

// loadError is one positioned load error and the routes it broke.
type loadError struct {
	where  string // the first error's file:line:col, relative to the project
	routes int
}

// logLoadError logs err, the load error of the route in file, unless the
// same error (same positions, same messages) was logged for g already,
// and counts it against g either way. Errors without a position are
// each route's own and always logged. The caller holds s.warnMu.
func (s *Server) logLoadError(g *Generation, file string, err error) {
	text := s.describe(err)
	where := s.errorPlace(err)
	if where == "" {
		s.Logger.Error(s.App.rel(file), "err", text)
		return
	}
	if g.loadErrors == nil {
		g.loadErrors = &loadErrors{byText: make(map[string]*loadError)}
	}
	le := g.loadErrors.byText[text]
	if le == nil {
		le = &loadError{where: where}
		g.loadErrors.byText[text] = le
		g.loadErrors.order = append(g.loadErrors.order, le)
		s.Logger.Error(s.App.rel(file), "err", text)
	}
	le.routes++
}

// errorPlace is where err, a load error, is: the file:line:col of its
// first position, or "" when it has none.
func (s *Server) errorPlace(err error) string {
	var el scanner.ErrorList
	if !errors.As(err, &el) || len(el) == 0 || el[0].Pos.Filename == "" {
		return ""
	}
	p := el[0].Pos
	if p.Column == 0 {
		return fmt.Sprintf("%s:%d", s.App.rel(p.Filename), p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", s.App.rel(p.Filename), p.Line, p.Column)
}

// repeatedErrors says how many routes each error logged once for g broke,
// for those that broke more than one ("" when none did): the line summing
// up the load ends with it. The caller holds s.warnMu.
func (g *Generation) repeatedErrors() string {
	if g.loadErrors == nil {
		return ""
	}
	var parts []string
	for _, le := range g.loadErrors.order {
		if le.routes > 1 {
			parts = append(parts, fmt.Sprintf("%s breaks %d routes", le.where, le.routes))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return "; " + strings.Join(parts, "; ")
}
