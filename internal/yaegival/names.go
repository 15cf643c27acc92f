package yaegival

import (
	"reflect"
	"sort"
	"strings"
	"sync"
)

// yaegi builds the struct types of interpreted code with reflect.StructOf,
// without names: messages compiled code words with a type (encoding/json's
// "Go struct field Signup.age", text/template's "in type *route.Address")
// name them "" or spell out their fields. The interp package registers the
// name of each (from an init function of the package declaring it) for
// such messages to be reworded.

// StructNames holds the names of one interpreter's struct types. yaegi
// gives struct types of the same fields one reflect type, in the whole
// process: two interpreters (two route groups, two apps in one test
// process) declaring `Point struct{ X, Y int }` and `Pixel struct{ X, Y
// int }` share it, so each interpreter has its own StructNames and reads
// its own names. Within one interpreter the latest registration wins: the
// type a reload declared anew. The zero value is ready to use; a nil
// *StructNames has no names.
type StructNames struct {
	mu     sync.RWMutex
	byType map[reflect.Type]string // yaegi's struct type -> "route.Signup"
}

// Register records name ("route.Signup", as %T prints it) for t, a struct
// type of interpreted code.
func (n *StructNames) Register(t reflect.Type, name string) {
	if n == nil || t == nil || t.Kind() != reflect.Struct || t.Name() != "" {
		return
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.byType == nil {
		n.byType = map[reflect.Type]string{}
	}
	n.byType[t] = name
}

// Name returns the name registered for t, or "".
func (n *StructNames) Name(t reflect.Type) string {
	if n == nil {
		return ""
	}
	n.mu.RLock()
	defer n.mu.RUnlock()
	return n.byType[t]
}

// Reword returns msg with the text of each registered struct type (as
// reflect spells an unnamed one: struct { City string; Zip string }) put
// back as its name, the longest first (a type spelt out inside another's
// text is named with it).
func (n *StructNames) Reword(msg string) string {
	if n == nil || !strings.Contains(msg, "struct {") {
		return msg
	}
	type spelt struct{ text, name string }
	n.mu.RLock()
	list := make([]spelt, 0, len(n.byType))
	for t, name := range n.byType {
		if s := t.String(); strings.Contains(msg, s) {
			list = append(list, spelt{s, name})
		}
	}
	n.mu.RUnlock()
	sort.Slice(list, func(i, j int) bool { return len(list[i].text) > len(list[j].text) })
	for _, s := range list {
		msg = strings.ReplaceAll(msg, s.text, s.name)
	}
	return msg
}

// Structs returns the registered struct types.
func (n *StructNames) Structs() []reflect.Type {
	if n == nil {
		return nil
	}
	n.mu.RLock()
	defer n.mu.RUnlock()
	out := make([]reflect.Type, 0, len(n.byType))
	for t := range n.byType {
		out = append(out, t)
	}
	return out
}
