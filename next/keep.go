package next

import "github.com/devserver/devserver/internal/keep"

// Keep returns the value kept under key for the life of the process,
// calling create to make it the first time key is asked for: what Next.js
// apps keep on globalThis so that a database pool or a cache is not made
// again on every reload. In dev it survives every reload of every route
// (the value is made once, by whichever route asks first; changing create
// does not make it again: Forget does); in a build it is made once.
//
//	v, err := next.Keep("db", func() (any, error) { return sql.Open("postgres", dsn) })
//	db := v.(*sql.DB)
//
// Concurrent callers wait for one create; a create that fails keeps
// nothing, and the next Keep tries again. Keys are shared by the whole
// app: prefix them with your package's name.
//
// In dev, keep values of types the interpreter does not declare anew on a
// reload: those of the standard library (*sql.DB, *sync.Map, map[string]any,
// channels, ...). A type declared in your code, or in a module, is a new
// type after a reload in dev, and a type assertion to it fails there.
func Keep(key string, create func() (any, error)) (any, error) {
	return keep.Value(key, create, nil)
}

// KeepWithClose is Keep with a close hook, called with the value when
// Forget drops it and when the server shuts down gracefully (hooks run in
// the reverse order of the values' creation).
//
// In dev, a kept value also belongs to the routes whose code asked for it:
// every route file loaded with that code, as routes sharing a package
// with state are. Editing them keeps the value; the reload after which
// none of them is served (their folders deleted or renamed) drops it and
// calls its hook, once the requests still running on the routes' old code
// have finished (for the handler timeout at most). Code that merely stops asking for key does not drop
// it: call Forget. A build never removes a route, so there the hook runs
// on Forget and at shutdown only.
func KeepWithClose(key string, create func() (any, error), close func(any)) (any, error) {
	return keep.Value(key, create, close)
}

// Forget drops the value kept under key, calling its close hook, and
// reports whether there was one; the next Keep of key makes it again.
func Forget(key string) bool { return keep.Drop(key) }
