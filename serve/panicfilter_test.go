package serve

import (
	"bytes"
	"testing"
)

func TestPanicLineFilter(t *testing.T) {
	const (
		yaegi = "/tmp/app/boom/route.go:6:2: panic: app/boom.GET(...)\n"
		log   = "06:45:41 ERROR app/boom/route.go:7: GET handler panicked: assignment to entry in nil map\n"
		crash = "panic: boom in a goroutine\n"
		dump  = "goroutine 7 [running]:\n"
	)
	for _, tt := range []struct {
		name   string
		writes []string
		want   string
	}{
		{"recovered panic: the interpreter's line is dropped", []string{yaegi, log}, log},
		{"crash: kept before the crash's report", []string{yaegi, crash, dump}, yaegi + crash + dump},
		{"fatal error: kept", []string{yaegi, "fatal error: stack overflow\n"}, yaegi + "fatal error: stack overflow\n"},
		{"lines split across writes", []string{yaegi[:10], yaegi[10:] + log[:5], log[5:]}, log},
		{"several writes per line and lines per write", []string{"a\nb", "\nc\n"}, "a\nb\nc\n"},
		{"output ends after the panic lines: kept", []string{yaegi}, yaegi},
		{"a last line without an end", []string{"a\npartial"}, "a\npartial"},
		{"the server's own line naming a panic's place: passed", []string{"app/g/route.go:9:2: panic in the goroutine started here: boom\n"}, "app/g/route.go:9:2: panic in the goroutine started here: boom\n"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			f := &panicLineFilter{w: &out}
			for _, w := range tt.writes {
				if n, err := f.Write([]byte(w)); n != len(w) || err != nil {
					t.Fatalf("Write(%q) = %d, %v", w, n, err)
				}
			}
			if err := f.Close(); err != nil {
				t.Fatal(err)
			}
			if out.String() != tt.want {
				t.Errorf("passed %q, want %q", out.String(), tt.want)
			}
		})
	}
}
