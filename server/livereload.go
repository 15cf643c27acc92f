package server

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"sync"
)

// The browser loop of `next dev`: with Server.LiveReload set, every HTML
// page the server sends loads /_devserver/client.js, which listens to
// /_devserver/events?page=<its path> (Server-Sent Events): "reload" after
// a reload makes the page reload itself, unless its own route is broken;
// "overlay" shows the errors of the page's route (and of the proxy) over
// it, with a count of the others, until a reload fixes them (see
// overlay.go).

// liveScript is what an HTML response gets before </body>.
const liveScript = `<script src="/_devserver/client.js" async></script>`

// broker fans overlay states out to the connected pages.
type broker struct {
	mu     sync.Mutex
	subs   map[chan *overlayState]bool
	last   *overlayState // sent to a page as it connects
	closed bool
}

// An event is one Server-Sent Event.
type event struct{ name, data string }

func (b *broker) subscribe() (chan *overlayState, *overlayState, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return nil, nil, false
	}
	if b.subs == nil {
		b.subs = make(map[chan *overlayState]bool)
	}
	ch := make(chan *overlayState, 4)
	b.subs[ch] = true
	return ch, b.last, true
}

func (b *broker) unsubscribe(ch chan *overlayState) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.subs[ch] {
		delete(b.subs, ch)
		close(ch)
	}
}

func (b *broker) publish(st *overlayState) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.last = st
	for ch := range b.subs {
		select {
		case ch <- st:
		default: // a page that does not keep up misses a state, not the server
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

// serveEvents streams to a page the events of its overlay: its state at
// once, then each change. The page names its path in the query (page).
func (s *Server) serveEvents(w http.ResponseWriter, r *http.Request) {
	ch, st, ok := s.events.subscribe()
	if !ok {
		http.Error(w, "503 shutting down", http.StatusServiceUnavailable)
		return
	}
	defer s.events.unsubscribe(ch)
	page := r.URL.Query().Get("page")
	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	rc := http.NewResponseController(w)
	send := func(e event) bool {
		_, err := fmt.Fprintf(w, "event: %s\ndata: %s\n\n", e.name, e.data)
		return err == nil && rc.Flush() == nil
	}
	// A page opened while the app is broken shows the overlay at once; a
	// page of a generation since replaced was sent before this stream
	// opened, and is not reloaded from here (it cannot say which it is).
	var v overlayView
	if st != nil {
		v = st.view(page)
	} else {
		v = overlayView{Errors: []overlayError{}, Others: []overlayError{}}
	}
	last := v.json()
	first := event{"hello", ""}
	if !v.empty() {
		first = event{"overlay", last}
	}
	if !send(first) {
		return
	}
	for {
		select {
		case <-r.Context().Done():
			return
		case st, ok := <-ch:
			if !ok {
				return
			}
			e, changed := st.event(page, last)
			if !changed {
				continue
			}
			if e.name == "overlay" {
				last = e.data
			} else {
				last = ""
			}
			if !send(e) {
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

// clientJS reloads the page after a reload and draws the overlay of the
// page's "overlay" events (overlayView): a panel over the page with the
// errors of its own route and the server's notice, which the user may
// close (×, Escape) until they change, and otherwise a badge counting the
// errors, which opens the panel with every error. The panel is drawn by
// the functions of sections, one per part of the view.
const clientJS = `(() => {
  const page = location.pathname;
  const es = new EventSource("/_devserver/events?page=" + encodeURIComponent(page));
  let broken = false;  // the page's own route has an error
  let view = null;     // the last overlayView
  let closed = "";     // the data of the view the user closed
  let open = false;    // the user opened the panel from the badge
  es.addEventListener("reload", () => location.reload());
  es.addEventListener("hello", () => { if (broken) location.reload(); });
  es.addEventListener("overlay", (e) => {
    let v;
    try { v = JSON.parse(e.data); } catch { return; }
    v.errors = v.errors || []; v.others = v.others || [];
    if (broken && v.errors.length === 0) { location.reload(); return; }
    broken = v.errors.length > 0;
    if (e.data !== closed) { closed = ""; }
    view = v; view.data = e.data;
    draw();
  });
  addEventListener("keydown", (e) => { if (e.key === "Escape") close(); });

  const el = (tag, css, text) => {
    const n = document.createElement(tag);
    if (css) n.style.cssText = css;
    if (text !== undefined) n.textContent = text;
    return n;
  };
  const error = (d) => {
    const box = el("div", "margin-bottom:20px");
    box.className = "__devserver_error";
    box.append(el("div", "color:#ff6b6b;font-weight:bold;margin-bottom:6px", d.title || "error"));
    if (d.file) box.append(el("div", "color:#8ab4f8;margin-bottom:6px", d.file + (d.line ? ":" + d.line + ":" + d.column : "")));
    box.append(el("pre", "white-space:pre-wrap;background:#2a1215;border-left:4px solid #ff6b6b;padding:12px;margin:0", d.message));
    if (d.frame && d.frame.length) box.append(el("pre", "background:#1b1b1b;padding:12px;margin:0", d.frame.join("\n")));
    return box;
  };
  const count = (n, one) => n + " " + one + (n === 1 ? "" : "s");
  // Each section draws one part of the view, or nothing.
  const sections = [
    (v) => v.notice ? error(v.notice) : null,
    (v) => {
      if (!v.errors.length) return null;
      const s = el("div");
      s.append(el("div", "color:#aaa;margin-bottom:8px", "This page (" + page + "):"));
      v.errors.forEach((d) => s.append(error(d)));
      return s;
    },
    (v) => {
      if (!v.others.length) return null;
      const s = el("details");
      s.id = "__devserver_others";
      if (!v.errors.length && !v.notice) s.open = true;
      s.append(el("summary", "cursor:pointer;color:#f0c674;margin-bottom:8px", count(v.others.length, "error") + " in other routes"));
      v.others.forEach((d) => s.append(error(d)));
      return s;
    },
  ];
  function remove(id) { const n = document.getElementById(id); if (n) n.remove(); }
  function close() { if (view) { closed = view.data; open = false; draw(); } }
  function draw() {
    remove("__devserver_overlay"); remove("__devserver_badge");
    const v = view;
    if (!v) return;
    const total = v.errors.length + v.others.length + (v.notice ? 1 : 0);
    if (total === 0) return;
    const prominent = (v.errors.length > 0 || v.notice) && closed !== v.data;
    if (!prominent && !open) {
      const b = el("button", "position:fixed;left:16px;bottom:16px;z-index:2147483647;background:#b3261e;color:#fff;border:0;border-radius:16px;padding:6px 14px;font:13px ui-monospace,monospace;cursor:pointer", count(total, "error"));
      b.id = "__devserver_badge";
      b.title = "devserver: show the errors";
      b.onclick = () => { open = true; closed = ""; draw(); };
      document.body.appendChild(b);
      return;
    }
    const o = el("div", "position:fixed;inset:0;z-index:2147483647;background:rgba(17,17,17,.96);color:#eee;font:14px/1.5 ui-monospace,monospace;padding:32px;overflow:auto");
    o.id = "__devserver_overlay";
    const x = el("button", "position:absolute;top:12px;right:16px;background:none;border:0;color:#eee;font-size:24px;cursor:pointer", "×");
    x.id = "__devserver_close";
    x.title = "close (Esc)";
    x.onclick = close;
    o.append(x);
    sections.forEach((f) => { const n = f(v); if (n) o.append(n); });
    document.body.appendChild(o);
  }
})();
`
