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
	layouts []*template.Template
	tmpl    *template.Template
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
	p := &page{}
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

// templateErrRE finds "template: name:line:" (and an optional column) in
// html/template's errors.
var templateErrRE = regexp.MustCompile(`template: [^:]+:(\d+)(?::(\d+))?: (.*)`)

func parseTemplate(app App, name string, src []byte) (*template.Template, error) {
	t, err := template.New(path.Base(name)).Parse(string(src))
	if err == nil {
		return t, nil
	}
	abs := filepath.Join(app.AppDir, filepath.FromSlash(name))
	if m := templateErrRE.FindStringSubmatch(err.Error()); m != nil {
		line, _ := strconv.Atoi(m[1])
		col, _ := strconv.Atoi(m[2])
		return nil, scanner.ErrorList{{Pos: token.Position{Filename: abs, Line: line, Column: max(col, 1)}, Msg: m[3]}}
	}
	return nil, fmt.Errorf("%s: %w", app.rel(abs), err)
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
		s.fail(x, fmt.Errorf("%s: %w", s.App.rel(x.e.file), err))
		return
	}
	for i := len(p.layouts) - 1; i >= 0; i-- {
		data.Children = template.HTML(buf.String())
		buf.Reset()
		if err := p.layouts[i].Execute(&buf, data); err != nil {
			s.fail(x, fmt.Errorf("layout of %s: %w", s.App.rel(x.e.file), err))
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
