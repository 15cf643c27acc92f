package server

import "encoding/json"

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
	file, line, col, frame := s.codeFrame(err)
	data, _ := json.Marshal(map[string]any{"title": title, "file": file, "line": line, "column": col, "message": s.describe(err), "frame": frameText(frame)})
	s.events.publish(event{"error", string(data)})
}
