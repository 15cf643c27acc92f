package interp

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/devserver/devserver/internal/nextserver"
)

func TestChanElemRanges(t *testing.T) {
	for _, tc := range []struct {
		name, stmt string
		want       string // the statement after the pass; "" for unchanged
	}{
		{"slice of channels", "for _, in := range ins { use(in) }", "for _dsx#, _dsk# := ins, 0; _dsk# < len(_dsx#); _dsk#++ { _, in := _dsk#, _dsx#[_dsk#]; use(in) }"},
		{"key and value", "for i, in := range ins { use(i, in) }", "for _dsx#, _dsk# := ins, 0; _dsk# < len(_dsx#); _dsk#++ { i, in := _dsk#, _dsx#[_dsk#]; use(i, in) }"},
		{"assigned", "for k, c = range byName { use(k, c) }", "for _dsk# := range byName { k, c = _dsk#, byName[_dsk#]; use(k, c) }"},
		{"map of channels", "for name, c := range byName { use(name, c) }", "for _dsk# := range byName { name, c := _dsk#, byName[_dsk#]; use(name, c) }"},
		{"slice of ints", "for _, n := range nums { use(n) }", ""},
		{"keys only", "for i := range ins { use(i) }", ""},
		{"operand assigned in the body", "for _, in := range ins { ins = nil; use(in) }", "for _dsx#, _dsk# := ins, 0; _dsk# < len(_dsx#); _dsk#++ { _, in := _dsk#, _dsx#[_dsk#]; ins = nil; use(in) }"},
		{"array", "for _, in := range arr { use(in) }", "for _dsx#, _dsk# := arr, 0; _dsk# < len(_dsx#); _dsk#++ { _, in := _dsk#, _dsx#[_dsk#]; use(in) }"},
		{"pointer to array", "for _, in := range &arr { use(in) }", "for _dsx#, _dsk# := &arr, 0; _dsk# < len(_dsx#); _dsk#++ { _, in := _dsk#, _dsx#[_dsk#]; use(in) }"},
		{"package variable", "for _, in := range global { use(in) }", "for _dsx#, _dsk# := global, 0; _dsk# < len(_dsx#); _dsk#++ { _, in := _dsk#, _dsx#[_dsk#]; use(in) }"},
		{"operand not a variable", "for _, in := range chans() { use(in) }", "for _dsx#, _dsk# := chans(), 0; _dsk# < len(_dsx#); _dsk#++ { _, in := _dsk#, _dsx#[_dsk#]; use(in) }"},
		{"field", "for _, in := range b.subs { use(in) }", "for _dsx#, _dsk# := b.subs, 0; _dsk# < len(_dsx#); _dsk#++ { _, in := _dsk#, _dsx#[_dsk#]; use(in) }"},
		{"map operand assigned in the body", "for k, c := range byName { byName = nil; use(k, c) }", "refused"},
		{"map field", "for k, c := range b.byName { use(k, c) }", "refused"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "package p\n\nvar global []chan int\n\ntype bus struct {\n\tsubs   []chan int\n\tbyName map[string]chan int\n}\n\nfunc use(...any)            {}\nfunc chans() []chan int { return nil }\n\nfunc f(ins []<-chan int, byName map[string]chan int, nums []int, arr [2]chan int, b *bus) {\n\tvar k string\n\tvar c chan int\n\t" + tc.stmt + "\n\tuse(k, c)\n}\n"
			r := runPass(t, chanElemRanges, true, "a.go", src)
			line := strings.TrimSpace(strings.Split(r.out("a.go"), "\n")[15])
			if tc.want == "refused" {
				if len(r.diags) != 1 || !strings.Contains(r.diags[0], DiffersMarker) {
					t.Errorf("diagnostics %v, want the loop refused", r.diags)
				}
				return
			}
			if tc.want == "" {
				if r.changed {
					t.Errorf("changed: %s", line)
				}
				return
			}
			want := strings.ReplaceAll(tc.want, "#", "296")
			if !r.changed || line != want {
				t.Errorf("got  %s\nwant %s", line, want)
			}
		})
	}
}

// TestLoadRangeOverChannels fans channels in by ranging over a slice of
// them, the common merge of a pipeline: yaegi took such a loop for a
// range over a channel and panicked.
func TestLoadRangeOverChannels(t *testing.T) {
	get := loadGET(t, "merge", map[string]string{"app/merge/route.go": `package route

import (
	"fmt"
	"sync"

	"github.com/devserver/devserver/next"
)

func gen(nums ...int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for _, n := range nums {
			out <- n
		}
	}()
	return out
}

func merge(ins ...<-chan int) <-chan int {
	out := make(chan int)
	var wg sync.WaitGroup
	for _, in := range ins {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for v := range in {
				out <- v
			}
		}()
	}
	go func() { wg.Wait(); close(out) }()
	return out
}

func GET(req *next.Request) *next.Response {
	total := 0
	for v := range merge(gen(1, 2, 3), gen(10, 20), gen(100)) {
		total += v
	}
	byName := map[string]chan string{"a": make(chan string, 1), "b": make(chan string, 1)}
	for name, c := range byName {
		c <- name + "!"
	}
	return next.NewResponse(fmt.Sprint(total, " ", <-byName["a"], <-byName["b"]))
}
`})
	if body := readBody(t, get(nextserver.NewRequest(httptest.NewRequest("GET", "/merge", nil)))); body != "136 a!b!" {
		t.Errorf("body %q, want %q", body, "136 a!b!")
	}
}
