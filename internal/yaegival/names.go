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

var (
	namesMu     sync.RWMutex
	structNames = map[reflect.Type]string{} // yaegi's struct type -> "route.Signup"
)

// RegisterStruct records name ("route.Signup", as %T prints it) for t, a
// struct type of interpreted code. yaegi gives struct types of the same
// fields one reflect type; the latest registration wins: the type a
// reload declared anew.
func RegisterStruct(t reflect.Type, name string) {
	if t == nil || t.Kind() != reflect.Struct || t.Name() != "" {
		return
	}
	namesMu.Lock()
	defer namesMu.Unlock()
	structNames[t] = name
}

// StructName returns the name registered for t, or "".
func StructName(t reflect.Type) string {
	namesMu.RLock()
	defer namesMu.RUnlock()
	return structNames[t]
}

// Reword returns msg with the text of each registered struct type (as
// reflect spells an unnamed one: struct { City string; Zip string }) put
// back as its name, the longest first (a type spelt out inside another's
// text is named with it).
func Reword(msg string) string {
	if !strings.Contains(msg, "struct {") {
		return msg
	}
	type spelt struct{ text, name string }
	namesMu.RLock()
	list := make([]spelt, 0, len(structNames))
	for t, n := range structNames {
		if s := t.String(); strings.Contains(msg, s) {
			list = append(list, spelt{s, n})
		}
	}
	namesMu.RUnlock()
	sort.Slice(list, func(i, j int) bool { return len(list[i].text) > len(list[j].text) })
	for _, s := range list {
		msg = strings.ReplaceAll(msg, s.text, s.name)
	}
	return msg
}

// Structs returns the registered struct types.
func Structs() []reflect.Type {
	namesMu.RLock()
	defer namesMu.RUnlock()
	out := make([]reflect.Type, 0, len(structNames))
	for t := range structNames {
		out = append(out, t)
	}
	return out
}
