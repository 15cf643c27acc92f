package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sync"

	"github.com/devserver/devserver/approuter"
)

// The browser loop of `next dev`: with Server.LiveReload set, every HTML
// page the server sends loads /_devserver/client.js, which listens to
// /_devserver/events (Server-Sent Events): "reload" after a successful
// reload makes the page reload itself; "error" shows an overlay with the
// first error (file:line:col, message, code frame) until a reload fixes it.

// liveScript is what an HTML response gets before </body>.
const liveScript = `<script src="/_devserver/client.js" async></script>`

// broker fans reload events out to the connected browsers.
type broker struct {
	mu     sync.Mutex
	subs   map[chan event]bool
	last   event // sent to a browser as it connects
	closed bool
}

type event struct{ name, data string }

func (b *broker) subscribe() (chan event, event, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return nil, event{}, false
	}
	if b.subs == nil {
		b.subs = make(map[chan event]bool)
	}
	ch := make(chan event, 4)
	b.subs[ch] = true
	return ch, b.last, true
}

func (b *broker) unsubscribe(ch chan event) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.subs[ch] {
		delete(b.subs, ch)
		close(ch)
	}
}

func (b *broker) publish(e event) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.last = e
	for ch := range b.subs {
		select {
		case ch <- e:
		default: // a browser that does not keep up misses an event, not the server
		}
	}
}

// close ends every stream: a shutting-down server must not wait for them.
func (b *broker) close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.closed = true
	for ch := range b.subs {
		delete(b.subs, ch)
		close(ch)
	}
}

// Shutdown ends the live-reload streams and the streamed bodies being sent
// (Server-Sent Events of routes, say): http.Server.Shutdown waits for open
// connections, and these would not end by themselves. Requests still
// computing their response are left to finish.
func (s *Server) Shutdown() {
	s.events.close()
	s.streams.closeAll()
}

// announce tells the browsers about generation g.
func (s *Server) announce(g *Generation) {
	if !s.LiveReload {
		return
	}
	for _, p := range g.Problems() {
		if p.Err == nil || errors.Is(p.Err, approuter.ErrLoading) {
			// Still loading is no error to show: the generation that has
			// the route is announced when it comes.
			continue
		}
		rep := s.report(p.Err)
		data, _ := json.Marshal(map[string]any{"file": rep.File, "line": rep.Line, "column": rep.Col, "message": rep.Message, "frame": frameText(rep.Frame)})
		s.events.publish(event{"error", string(data)})
		return
	}
	s.events.publish(event{"reload", fmt.Sprint(g.ID)})
}

// serveInternal answers the /_devserver/ paths; it reports whether it did.
func (s *Server) serveInternal(w http.ResponseWriter, r *http.Request, path string) bool {
	// The script and its events are for pages of this server only.
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "405 method not allowed", http.StatusMethodNotAllowed)
		return true
	}
	if o := r.Header.Get("Origin"); o != "" {
		if u, err := url.Parse(o); err != nil || u.Host != r.Host {
			http.Error(w, "403 forbidden: /_devserver/ answers pages of this server only", http.StatusForbidden)
			return true
		}
	}
	switch path {
	case "/_devserver/client.js":
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		_, _ = w.Write([]byte(clientJS))
	case "/_devserver/events":
		s.serveEvents(w, r)
	default:
		http.NotFound(w, r)
	}
	return true
}

func (s *Server) serveEvents(w http.ResponseWriter, r *http.Request) {
	ch, last, ok := s.events.subscribe()
	if !ok {
		http.Error(w, "503 shutting down", http.StatusServiceUnavailable)
		return
	}
	defer s.events.unsubscribe(ch)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	rc := http.NewResponseController(w)
	send := func(e event) bool {
		_, err := fmt.Fprintf(w, "event: %s\ndata: %s\n\n", e.name, e.data)
		return err == nil && rc.Flush() == nil
	}
	// A page opened while the app is broken shows the overlay at once.
	if last.name == "error" {
		send(last)
	} else if !send(event{"hello", ""}) {
		return
	}
	for {
		select {
		case <-r.Context().Done():
			return
		case e, ok := <-ch:
			if !ok || !send(e) {
				return
			}
		}
	}
}

// injectLive adds the live-reload script to an HTML document: before the
// last </body>, or at the end.
func injectLive(doc []byte) []byte {
	i := bytes.LastIndex(bytes.ToLower(doc), []byte("</body>"))
	if i < 0 {
		return append(doc, liveScript...)
	}
	out := make([]byte, 0, len(doc)+len(liveScript))
	out = append(out, doc[:i]...)
	out = append(out, liveScript...)
	return append(out, doc[i:]...)
}

// clientJS reloads the page after a reload and shows the error overlay
// while the app is broken.
const clientJS = `(() => {
  const es = new EventSource("/_devserver/events");
  let broken = false;
  es.addEventListener("reload", () => location.reload());
  es.addEventListener("error", (e) => {
    let d;
    try { d = JSON.parse(e.data); } catch { return; }
    broken = true;
    let o = document.getElementById("__devserver_overlay");
    if (!o) {
      o = document.createElement("div");
      o.id = "__devserver_overlay";
      o.style.cssText = "position:fixed;inset:0;z-index:2147483647;background:rgba(17,17,17,.96);color:#eee;font:14px/1.5 ui-monospace,monospace;padding:32px;overflow:auto";
      document.body.appendChild(o);
    }
    o.innerHTML = "";
    const h = document.createElement("div");
    h.style.cssText = "color:#ff6b6b;font-weight:bold;margin-bottom:12px";
    h.textContent = d.title || "devserver: the app does not load";
    const loc = document.createElement("div");
    loc.style.cssText = "color:#8ab4f8;margin-bottom:8px";
    loc.textContent = d.file ? d.file + ":" + d.line + ":" + d.column : "";
    const msg = document.createElement("pre");
    msg.style.cssText = "white-space:pre-wrap;background:#2a1215;border-left:4px solid #ff6b6b;padding:12px";
    msg.textContent = d.message;
    const fr = document.createElement("pre");
    fr.style.cssText = "background:#1b1b1b;padding:12px";
    fr.textContent = (d.frame || []).join("\n");
    o.append(h, loc, msg, fr);
  });
  es.addEventListener("hello", () => { if (broken) location.reload(); });
})();
`
