package panicpos

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// refineSrc holds statements over several lines; the cases name the
// lines a built binary's stack names for them (as parity's
// panicmultiline fixture checks against a real build).
const refineSrc = `package p

import "fmt"

type user struct{ Name string }

func get(id string) *user { return nil }

func f(u *user, xs []int, i int, m map[string]int, a any) {
	v := map[string]any{
		"a":    1,
		"name": u.Name,
	}
	fmt.Println(v,
		xs[i])
	m[fmt.Sprint(
		"k")] = 1
	fmt.Println(u.Name,
		get("x").Name)
	if x := fmt.Sprint(1,
		a.(int)); x != "" {
		fmt.Println(x)
	}
	fmt.Println(func() int {
		return xs[i]
	}(), 2)
	fmt.Println(1,
		get("y"))
	fmt.Println(xs[0]); fmt.Println(
		xs[i])
}
`

func TestRefine(t *testing.T) {
	file := filepath.Join(t.TempDir(), "p.go")
	if err := os.WriteFile(file, []byte(refineSrc), 0o644); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(t.TempDir(), "gone.go")
	runtimeErr := func(msg string) error { return errors.New("runtime error: " + msg) }
	for _, tc := range []struct {
		name   string
		frames []Frame
		value  any
		want   []int
	}{
		{"a field through nil, in a literal", []Frame{{file, 10}}, runtimeErr("invalid memory address or nil pointer dereference"), []int{12}},
		{"an index in a call's arguments", []Frame{{file, 14}}, runtimeErr("index out of range [5] with length 2"), []int{15}},
		{"a nil map's entry", []Frame{{file, 16}}, errors.New("assignment to entry in nil map"), []int{16}},
		{"two fields through pointers on two lines: the statement's line", []Frame{{file, 18}}, runtimeErr("invalid memory address or nil pointer dereference"), []int{18}},
		{"an assertion in an if's header", []Frame{{file, 20}}, errors.New("interface conversion: interface {} is string, not int"), []int{21}},
		{"the caller's line is its call's", []Frame{{file, 7}, {file, 27}}, "boom", []int{7, 28}},
		{"the caller of a function literal: the literal's call", []Frame{{file, 25}, {file, 24}}, runtimeErr("index out of range [5] with length 2"), []int{25, 26}},
		{"a function literal's body is its own", []Frame{{file, 24}}, runtimeErr("index out of range [5] with length 2"), []int{24}},
		{"one line: as recorded", []Frame{{file, 7}}, runtimeErr("invalid memory address or nil pointer dereference"), []int{7}},
		{"a file that is gone: as recorded", []Frame{{other, 3}}, "boom", []int{3}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Refine(tc.frames, tc.value)
			for i, f := range got {
				if f.Line != tc.want[i] || f.File != tc.frames[i].File {
					t.Errorf("frame %d: %s:%d, want line %d", i, f.File, f.Line, tc.want[i])
				}
			}
		})
	}
}
