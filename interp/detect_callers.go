package interp

import (
	"go/ast"
	"go/token"
)

func init() {
	register("the caller's file, line or function asked of the runtime (runtime.Caller, Callers, FuncForPC, Stack, debug.Stack, log's Lshortfile or Llongfile, slog's AddSource) (the interpreter's frames are its own: value.go:586, reflect.Value.call)", findCallerLookups)
}

// callerLookups are, by import path, the names of a package whose use
// reports where code runs: the interpreter answers with the frames of its
// own Go code (reflect's value.go, where it calls a function), not the
// route's file and line, so a log line made with log.Lshortfile or a
// handler naming itself with runtime.FuncForPC reads otherwise than
// built.
var callerLookups = map[string][]string{
	"runtime":       {"Caller", "Callers", "CallersFrames", "FuncForPC", "Stack"},
	"runtime/debug": {"Stack", "PrintStack"},
	"log":           {"Lshortfile", "Llongfile"},
	"log/slog":      {"Source"},
}

// findCallerLookups finds the uses of callerLookups (called or not: a
// flag, a function value) and, in a file importing log/slog, a field or
// key named AddSource (slog.HandlerOptions{AddSource: true}, or set on a
// variable), which makes slog's handlers ask the runtime for the caller.
func findCallerLookups(f *folder, sf *srcFile) []token.Pos {
	names := make(map[string]map[string]bool)
	for path, idents := range callerLookups {
		if name, ok := sf.importName(path); ok && name != "_" && name != "." {
			if names[name] == nil {
				names[name] = make(map[string]bool)
			}
			for _, id := range idents {
				names[name][id] = true
			}
		}
	}
	_, slog := sf.importName("log/slog")
	if len(names) == 0 && !slog {
		return nil
	}
	var out []token.Pos
	ast.Inspect(sf.syntax, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.SelectorExpr:
			if id, ok := x.X.(*ast.Ident); ok && names[id.Name][x.Sel.Name] {
				out = append(out, x.Pos())
			} else if slog && x.Sel.Name == "AddSource" {
				out = append(out, x.Pos())
			}
		case *ast.KeyValueExpr:
			if id, ok := x.Key.(*ast.Ident); ok && slog && id.Name == "AddSource" {
				out = append(out, x.Pos())
			}
		}
		return true
	})
	return out
}
