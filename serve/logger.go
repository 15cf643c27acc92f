package serve

import (
	"io"
	"os"
	"sync"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/log"
	"github.com/muesli/termenv"
)

// NewLogger returns the logger devserver writes its lines with, on stderr.
// Off a terminal (a file, a pipe, docker logs) the lines carry no colour
// anyway, so the logger skips styling them: styling is most of the cost of
// a line, and a server logs one per request.
func NewLogger() *log.Logger {
	return newLogger(os.Stderr, stderrStyled())
}

// NewServerLogger is NewLogger for a long-running server: its lines are
// written in batches, at most FlushDelay after they were logged, instead
// of one write system call per request. flush writes what is pending; call
// it before the process exits.
func NewServerLogger() (logger *log.Logger, flush func()) {
	w := &batchWriter{w: os.Stderr}
	return newLogger(w, stderrStyled()), w.Flush
}

func newLogger(w io.Writer, styled bool) *log.Logger {
	l := log.NewWithOptions(w, log.Options{ReportTimestamp: true, TimeFormat: "15:04:05.000"})
	switch {
	case !styled:
		l.SetStyles(plainStyles())
	case styledStderr:
		// Lip Gloss finds no colours on a pipe: take the terminal's from
		// the environment, as it would have on the terminal itself.
		l.SetColorProfile(termenv.NewOutput(os.Stderr, termenv.WithTTY(true)).EnvColorProfile())
	}
	return l
}

// styledStderr is set in a supervised child whose supervisor writes to a
// terminal: its stderr is a pipe to the supervisor, its lines end up on
// the terminal.
var styledStderr bool

func stderrStyled() bool { return styledStderr || isTerminal(os.Stderr) }

// plainStyles are charmbracelet/log's default styles without decoration:
// the same text (INFO, WARN, ...) as an uncoloured default line.
func plainStyles() *log.Styles {
	st := &log.Styles{
		Levels: make(map[log.Level]lipgloss.Style),
		Keys:   make(map[string]lipgloss.Style),
		Values: make(map[string]lipgloss.Style),
	}
	for lv, s := range log.DefaultStyles().Levels {
		st.Levels[lv] = lipgloss.NewStyle().SetString(s.Value())
	}
	return st
}

func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// FlushDelay bounds how long a server's log line waits in its batch.
const FlushDelay = 5 * time.Millisecond

// batchWriter collects writes and passes them on together, FlushDelay after
// the first of a batch, or at once when the batch is large.
type batchWriter struct {
	mu    sync.Mutex
	w     io.Writer
	buf   []byte
	timer *time.Timer
}

const batchMax = 64 << 10

func (b *batchWriter) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf = append(b.buf, p...)
	if len(b.buf) >= batchMax {
		return len(p), b.flushLocked()
	}
	if b.timer == nil {
		b.timer = time.AfterFunc(FlushDelay, b.Flush)
	}
	return len(p), nil
}

// Flush writes what is pending.
func (b *batchWriter) Flush() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.flushLocked()
}

func (b *batchWriter) flushLocked() error {
	if b.timer != nil {
		b.timer.Stop()
		b.timer = nil
	}
	if len(b.buf) == 0 {
		return nil
	}
	_, err := b.w.Write(b.buf)
	b.buf = b.buf[:0]
	return err
}
