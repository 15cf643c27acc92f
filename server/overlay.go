package server

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"go/scanner"
	"slices"
	"strings"
	"sync"

	"github.com/devserver/devserver/approuter"
)

// The error overlay's data. The server keeps one overlayState, what every
// open page's overlay is drawn from; each page's event stream turns it
// into that page's overlayView (the errors of the route serving the page
// first, the others counted), which clientJS draws. Something new to show
// is a field of overlayView, filled in overlayState.view and drawn by a
// section of clientJS.

// An overlayError is one error as the overlay shows it.
type overlayError struct {
	// Title says what kind of error it is, above the message.
	Title string `json:"title,omitempty"`
	// File, Line and Column are where it is, File relative to the project.
	File   string `json:"file,omitempty"`
	Line   int    `json:"line,omitempty"`
	Column int    `json:"column,omitempty"`
	// Message is the error, file:line:col first as in the terminal.
	Message string `json:"message"`
	// Frame is the code around Line, the line itself marked.
	Frame []string `json:"frame,omitempty"`
}

// An overlayView is what the overlay of one page shows: the data of an
// "overlay" event.
type overlayView struct {
	// Errors are the errors of the route serving the page, and of the
	// proxy, which every request goes through: the page is broken.
	Errors []overlayError `json:"errors"`
	// Others are the errors of every other route: the page works, the
	// overlay counts them and lists them on demand.
	Others []overlayError `json:"others"`
	// Notice is what the server says of itself (it restarted after a
	// crash, a goroutine panicked), on every page until the next reload.
	Notice *overlayError `json:"notice,omitempty"`
}

// empty reports whether v shows nothing.
func (v overlayView) empty() bool {
	return len(v.Errors) == 0 && len(v.Others) == 0 && v.Notice == nil
}

// Titles of the kinds of errors.
const (
	titleLoad  = "does not load"
	titleTypes = "does not compile (the Go compiler's type check)"
)

// overlayState is what the server knows that the overlays show: the
// current generation's errors, the type errors found in it, and a notice.
// Errors are described when the state is made, from the files as they are
// then. A state is never changed once published.
type overlayState struct {
	gen     *Generation
	entries []overlayEntry
	notice  *overlayError
	// reload is set on the state of a new generation: pages whose own
	// route works reload to show it.
	reload bool
}

// An overlayEntry is an error and the file it belongs to (absolute), by
// which a page tells its own errors from the others.
type overlayEntry struct {
	file string
	err  overlayError
}

// newOverlayState describes the errors of g and the type errors found in
// it.
func (s *Server) newOverlayState(g *Generation, typeErrors map[string]scanner.ErrorList, notice *overlayError) *overlayState {
	st := &overlayState{gen: g, notice: notice}
	if g == nil {
		return st
	}
	for _, p := range g.Problems() {
		if p.Err != nil && !errors.Is(p.Err, approuter.ErrLoading) {
			st.entries = append(st.entries, overlayEntry{p.File, s.overlayError(titleLoad, p.File, p.Err)})
		}
	}
	files := make([]string, 0, len(typeErrors))
	for f, el := range typeErrors {
		if len(el) > 0 {
			files = append(files, f)
		}
	}
	slices.Sort(files)
	for _, f := range files {
		e := overlayEntry{f, s.overlayError(titleTypes, f, typeErrors[f])}
		if !st.says(e) {
			st.entries = append(st.entries, e)
		}
	}
	return st
}

// says reports whether st already has an entry with e's place and message:
// the interpreter and the type check often find the same error, and a page
// should list it once.
func (st *overlayState) says(e overlayEntry) bool {
	return slices.ContainsFunc(st.entries, func(have overlayEntry) bool {
		return have.file == e.file && have.err.File == e.err.File && have.err.Line == e.err.Line &&
			have.err.Column == e.err.Column && have.err.Message == e.err.Message
	})
}

// overlay holds the pieces of the next overlayState, which come from
// Reload, SetTypeErrors and Notice on different goroutines.
type overlay struct {
	mu         sync.Mutex
	gen        *Generation
	typeErrors map[string]scanner.ErrorList
	notice     *overlayError
}

// announce tells the open pages about generation g, which replaces every
// error and notice they show.
func (s *Server) announce(g *Generation) {
	if !s.LiveReload {
		return
	}
	s.overlay.mu.Lock()
	defer s.overlay.mu.Unlock()
	s.overlay.gen, s.overlay.typeErrors, s.overlay.notice = g, nil, nil
	st := s.newOverlayState(g, nil, nil)
	st.reload = true
	s.events.publish(st)
}

// showLoaded tells the open pages about the errors of g's routes loaded
// on demand since it was announced, if g is still the one they show.
func (s *Server) showLoaded(g *Generation) {
	if !s.LiveReload {
		return
	}
	s.overlay.mu.Lock()
	defer s.overlay.mu.Unlock()
	if s.overlay.gen != g {
		return
	}
	s.events.publish(s.newOverlayState(g, s.overlay.typeErrors, s.overlay.notice))
}

// showTypeErrors tells the open pages what the type check of g found.
func (s *Server) showTypeErrors(g *Generation, byFile map[string]scanner.ErrorList) {
	if !s.LiveReload {
		return
	}
	s.overlay.mu.Lock()
	defer s.overlay.mu.Unlock()
	if s.overlay.gen == nil || g == nil || s.overlay.gen.Table != g.Table {
		return // a generation with other routes came meanwhile
	}
	s.overlay.typeErrors = byFile
	s.events.publish(s.newOverlayState(s.overlay.gen, byFile, s.overlay.notice))
}

// Notice shows title and err on the error overlay of the open pages, and
// of pages opened later, until the next reload replaces it: the dev server
// says this way that it restarted after a crash, and why. err names its
// place as a scanner.ErrorList does, when it has one; the overlay then
// shows the code there (inside the project only). Without LiveReload it
// does nothing.
func (s *Server) Notice(title string, err error) {
	if !s.LiveReload {
		return
	}
	e := s.overlayError(title, "", err)
	s.overlay.mu.Lock()
	defer s.overlay.mu.Unlock()
	s.overlay.notice = &e
	s.events.publish(s.newOverlayState(s.overlay.gen, s.overlay.typeErrors, &e))
}

// overlayError describes err for the overlay; file, absolute, is where
// the error belongs when err does not say.
func (s *Server) overlayError(title, file string, err error) overlayError {
	rep := s.report(err)
	e := overlayError{Title: title, File: rep.File, Line: rep.Line, Column: rep.Col, Message: rep.Message, Frame: frameText(rep.Frame)}
	if e.File == "" && file != "" {
		e.File = s.App.rel(file)
	}
	return e
}

// view is what the overlay of the page at path shows; with path "" (a
// client that does not say which page it shows) every error is the page's.
func (st *overlayState) view(path string) overlayView {
	v := overlayView{Errors: []overlayError{}, Others: []overlayError{}, Notice: st.notice}
	if st.gen == nil {
		return v
	}
	own := st.pageFiles(path)
	for _, e := range st.entries {
		if path == "" || own[e.file] {
			v.Errors = append(v.Errors, e.err)
		} else {
			v.Others = append(v.Others, e.err)
		}
	}
	slices.SortStableFunc(v.Others, func(a, b overlayError) int { return cmp.Compare(a.File, b.File) })
	return v
}

// pageFiles are the files whose errors break the page at path: the file of
// the route serving it, and the proxy.
func (st *overlayState) pageFiles(path string) map[string]bool {
	files := make(map[string]bool)
	if p := st.gen.proxy; p != nil {
		files[p.file] = true
	}
	if route, _, err := st.gen.Table.Match(path); err == nil && route != nil {
		files[st.gen.abs(route)] = true
	}
	return files
}

// event is what the page at path is sent for st, given what it was sent
// last: "reload" for a new generation that its own route serves without
// error, else "overlay" with its view when the view changed; ok is false
// when there is nothing new to send.
func (st *overlayState) event(path, last string) (e event, ok bool) {
	v := st.view(path)
	if st.reload && len(v.Errors) == 0 {
		return event{"reload", fmt.Sprint(st.gen.ID)}, true
	}
	data := v.json()
	if data == last {
		return event{}, false
	}
	return event{"overlay", data}, true
}

// json is v as the data of an "overlay" event: one line of JSON, with
// <, > and & as they are (it is no HTML).
func (v overlayView) json() string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
	return strings.TrimSuffix(b.String(), "\n")
}
