package server

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"go/scanner"
	"html/template"
	"net/http"
	"os"
	"path/filepath"
	"strings"
)

// describe renders err for people: positions as file:line:col relative to
// the project directory.
func (s *Server) describe(err error) string {
	var el scanner.ErrorList
	if errors.As(err, &el) && len(el) > 0 {
		lines := make([]string, len(el))
		for i, e := range el {
			if e.Pos.Column == 0 { // a line, as a panic's position is
				lines[i] = fmt.Sprintf("%s:%d: %s", s.App.rel(e.Pos.Filename), e.Pos.Line, e.Msg)
				continue
			}
			lines[i] = fmt.Sprintf("%s:%d:%d: %s", s.App.rel(e.Pos.Filename), e.Pos.Line, e.Pos.Column, e.Msg)
		}
		return strings.Join(lines, "\n")
	}
	return s.relText(err.Error())
}

// relText is msg with the paths of the project's files made relative to
// it, as the terminal and the overlay name them.
func (s *Server) relText(msg string) string {
	if s.App.Dir != "" {
		msg = strings.ReplaceAll(msg, s.App.Dir+string(filepath.Separator), "")
	}
	return msg
}

// frameLine is one line of a code frame.
type frameLine struct {
	N    int
	Text string
	Here bool
}

// codeFrame returns the lines around the error's position, when the error has
// one inside the project. Files outside the project are never shown.
func (s *Server) codeFrame(err error) (file string, line, col int, lines []frameLine) {
	var el scanner.ErrorList
	if !errors.As(err, &el) || len(el) == 0 || el[0].Pos.Line == 0 {
		return "", 0, 0, nil
	}
	pos := el[0].Pos
	rel, rerr := filepath.Rel(s.App.Dir, pos.Filename)
	if s.App.Dir == "" || rerr != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", 0, 0, nil
	}
	f, oerr := os.Open(pos.Filename)
	if oerr != nil {
		return "", 0, 0, nil
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan() && n <= pos.Line+3; n++ {
		if n >= pos.Line-3 {
			lines = append(lines, frameLine{N: n, Text: strings.ReplaceAll(sc.Text(), "\t", "    "), Here: n == pos.Line})
		}
	}
	return filepath.ToSlash(rel), pos.Line, pos.Column, lines
}

var errorTemplate = template.Must(template.New("error").Parse(`<!doctype html>
<html><head><meta charset="utf-8"><title>{{.Status}} · devserver</title>
<style>
body{font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,monospace;background:#111;color:#eee;margin:0;padding:2rem}
h1{font-size:1rem;color:#ff6b6b;margin:0 0 1rem}
.msg{white-space:pre-wrap;background:#2a1215;border-left:4px solid #ff6b6b;padding:1rem}
.frame{margin-top:1rem;background:#1b1b1b;padding:1rem 0;overflow-x:auto}
.frame div{white-space:pre;padding:0 1rem}
.frame .here{background:#3a1d1d}
.n{color:#777;display:inline-block;width:3.5em}
.file{color:#8ab4f8}
</style></head><body>
<h1>{{.Status}} {{.StatusText}}</h1>
{{if .File}}<div class="file">{{.File}}:{{.Line}}{{if .Col}}:{{.Col}}{{end}}</div>{{end}}
<div class="msg">{{.Message}}</div>
{{if .Frame}}<div class="frame">{{range .Frame}}<div{{if .Here}} class="here"{{end}}><span class="n">{{.N}}</span>{{.Text}}</div>{{end}}</div>{{end}}
<p style="color:#777">devserver keeps serving the last good version of every other route; save a fix and reload.</p>
</body></html>
`))

// frameText renders a code frame as text lines, "> " marking the line at
// fault.
func frameText(frame []frameLine) []string {
	lines := make([]string, len(frame))
	for i, l := range frame {
		mark := "  "
		if l.Here {
			mark = "> "
		}
		lines[i] = fmt.Sprintf("%s%4d | %s", mark, l.N, l.Text)
	}
	return lines
}

// fail answers x with err: a *statusError with its own status, and as a
// plain line when it says so; any other error with 500. Either way the
// error page (see errorPage) names the file at fault.
//
// In production (Server.Production) the client gets only the status text
// and a request ID, and the details are logged with that ID.
func (s *Server) fail(x *exchange, err error) {
	x.withContext() // the instrumentation's onRequestError gets it
	status, logged, load := http.StatusInternalServerError, false, x.e != nil && x.e.err != nil
	if se, ok := err.(*statusError); ok {
		if se.plain {
			http.Error(x.w, se.err.Error(), se.status)
			return
		}
		status, err, logged, load = se.status, se.err, se.logged, load || se.load
	}
	if status >= 500 && !load {
		// A request's error, not a route that failed to load.
		s.reportError(x, err)
	}
	if s.Production {
		if !logged {
			s.logError(x, s.describe(err))
		}
		genericError(x.w, status, x.requestID())
		return
	}
	s.errorPage(x.w, x.client, status, err)
}

// RequestIDHeader names the response header that carries the request ID
// of a production error answer.
const RequestIDHeader = "X-Request-Id"

// genericError answers status with its text and the request ID that
// names the details in the log: nothing of the error itself.
func genericError(w http.ResponseWriter, status int, id string) {
	h := w.Header()
	h.Del("Content-Length")
	h.Set(RequestIDHeader, id)
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(status)
	_, _ = fmt.Fprintf(w, "%s\nrequest id: %s\n", http.StatusText(status), id)
}

// errorReport is what the error page and the browser's overlay show of an
// error: the message, positions relative to the project, and the code
// around the first position when it is in the project.
type errorReport struct {
	File      string
	Line, Col int
	Message   string
	Frame     []frameLine
}

// report makes the errorReport of err.
func (s *Server) report(err error) errorReport {
	rep := errorReport{Message: s.describe(err)}
	rep.File, rep.Line, rep.Col, rep.Frame = s.codeFrame(err)
	return rep
}

// errorPage answers status with err: an HTML page with a code frame for a
// browser, plain text (file:line:col: message, then the frame) otherwise.
func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, status int, err error) {
	rep := s.report(err)
	h := w.Header()
	h.Del("Content-Length")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	if strings.Contains(r.Header.Get("Accept"), "text/html") {
		h.Set("Content-Type", "text/html; charset=utf-8")
		var buf bytes.Buffer
		_ = errorTemplate.Execute(&buf, struct {
			Status     int
			StatusText string
			errorReport
		}{status, http.StatusText(status), rep})
		doc := buf.Bytes()
		if s.LiveReload {
			doc = injectLive(doc) // reloads itself once the error is fixed
		}
		w.WriteHeader(status)
		_, _ = w.Write(doc)
		return
	}
	h.Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(status)
	if lp, ok := err.(*locatedPanic); ok {
		_, _ = fmt.Fprintln(w, lp.Error())
		return
	}
	var b strings.Builder
	b.WriteString(rep.Message)
	b.WriteString("\n")
	if len(rep.Frame) > 0 {
		b.WriteString("\n")
		for _, l := range frameText(rep.Frame) {
			b.WriteString(l)
			b.WriteString("\n")
		}
	}
	_, _ = w.Write([]byte(b.String()))
}
