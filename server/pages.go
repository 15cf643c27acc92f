package server

import (
	"bytes"
	"fmt"
	"go/scanner"
	"go/token"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/devserver/devserver/next"
)

// page is a page.html route: its template and the layout.html files that
// wrap it, outermost first, parsed once per generation.
type page struct {
	layouts     []*template.Template
	layoutFiles []string // the file of each layout, relative to app/
	tmpl        *template.Template
	file        string // page.html, relative to app/
}

// PageData is what a page.html template is executed with; a layout.html
// gets it too, with Children, the HTML of what it wraps.
type PageData struct {
	// Params are the route's params: {{.Params.Get "id"}}.
	Params next.Params
	// Pathname is the path of the request.
	Pathname string
	// Query holds the query parameters: {{.Query.Get "q"}}.
	Query url.Values
	// Children is, in a layout, the page or inner layout it wraps.
	Children template.HTML
}

// appFS is where page templates are read: AppFS for a build, app/ on disk
// otherwise.
func (a App) appFS() fs.FS {
	if a.AppFS != nil {
		return a.AppFS
	}
	return os.DirFS(a.AppDir)
}

// loadPage parses the page.html at file (slash-separated, relative to
// app/) and every layout.html in the folders above it.
func loadPage(app App, file string) (*page, error) {
	fsys := app.appFS()
	p := &page{file: file}
	dirs := []string{"."}
	if d := path.Dir(file); d != "." {
		parts := strings.Split(d, "/")
		for i := range parts {
			dirs = append(dirs, strings.Join(parts[:i+1], "/"))
		}
	}
	for _, d := range dirs {
		name := path.Join(d, "layout.html")
		src, err := fs.ReadFile(fsys, name)
		if err != nil {
			continue
		}
		t, err := parseTemplate(app, name, src)
		if err != nil {
			return nil, err
		}
		p.layouts = append(p.layouts, t)
		p.layoutFiles = append(p.layoutFiles, name)
	}
	src, err := fs.ReadFile(fsys, file)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", file, err)
	}
	if p.tmpl, err = parseTemplate(app, file, src); err != nil {
		return nil, err
	}
	return p, nil
}

// templateErrRE finds the position in text/template's and html/template's
// errors: "template: page.html:3:4: executing ..." and
// "html/template:page.html:3:10: ..." (the column is optional).
var templateErrRE = regexp.MustCompile(`(?:html/)?template: ?[^:]+:(\d+)(?::(\d+))?: (.*)`)

// pageDataType is how html/template names PageData in its errors, and
// pageDataTerms what a page's author knows it as.
const (
	pageDataType  = "type server.PageData"
	pageDataTerms = "the page data (.Params, .Pathname, .Query, .Children)"
)

func parseTemplate(app App, name string, src []byte) (*template.Template, error) {
	t, err := template.New(path.Base(name)).Parse(string(src))
	if err == nil {
		return t, nil
	}
	return nil, templateError(app, name, err)
}

// templateError places an error of parsing or executing the template name
// (slash-separated, relative to app/) at its line and column in the file,
// and names the page data in the terms of a page.
func templateError(app App, name string, err error) error {
	abs := filepath.Join(app.AppDir, filepath.FromSlash(name))
	msg := strings.ReplaceAll(err.Error(), pageDataType, pageDataTerms)
	if m := templateErrRE.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		col, _ := strconv.Atoi(m[2])
		return scanner.ErrorList{{Pos: token.Position{Filename: abs, Line: line, Column: max(col, 1)}, Msg: m[3]}}
	}
	return fmt.Errorf("%s: %s", app.rel(abs), msg)
}

// failPage answers an error of executing the template of a page or layout
// at its position; the dev server logs it too, as it logs load errors
// (a production server logs every error it answers).
func (s *Server) failPage(x *exchange, name string, err error) {
	err = templateError(s.App, name, err)
	if !s.Production {
		s.logError(x, s.describe(err))
	}
	s.fail(x, err)
}

// servePage renders p for x: the page, then each layout around it, the
// innermost first.
func (s *Server) servePage(x *exchange, p *page) {
	w, r := x.w, x.r
	switch r.Method {
	case http.MethodGet, http.MethodHead:
	case http.MethodOptions:
		w.Header().Set("Allow", "GET, HEAD, OPTIONS")
		w.WriteHeader(http.StatusNoContent)
		return
	default:
		w.Header().Set("Allow", "GET, HEAD, OPTIONS")
		http.Error(w, "405 method not allowed: a page answers GET, HEAD, OPTIONS", http.StatusMethodNotAllowed)
		return
	}
	data := PageData{Params: x.params, Pathname: r.URL.Path, Query: r.URL.Query()}
	var buf bytes.Buffer
	if err := p.tmpl.Execute(&buf, data); err != nil {
		s.failPage(x, p.file, err)
		return
	}
	for i := len(p.layouts) - 1; i >= 0; i-- {
		data.Children = template.HTML(buf.String())
		buf.Reset()
		if err := p.layouts[i].Execute(&buf, data); err != nil {
			s.failPage(x, p.layoutFiles[i], err)
			return
		}
	}
	doc := buf.Bytes()
	if s.LiveReload {
		doc = injectLive(doc)
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(len(doc)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(doc)
	}
}
