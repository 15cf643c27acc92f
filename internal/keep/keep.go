// Package keep holds the values route code keeps for the life of the
// process (next.Keep): compiled code, one instance per process, so that
// in dev they outlive every reload, which starts route code afresh in a
// new interpreter. A value kept by interpreted code belongs to the route
// files loaded with that code (Owned); after each load, once the requests
// still running on the code it replaced have finished (they may use the
// values), the dev server's loader calls Release, which drops the values
// none of whose owners is served any more. The servers call CloseAll when they shut down.
package keep

import (
	"cmp"
	"fmt"
	"slices"
	"sync"
)

// entry is one key's value; mu serialises its creation.
type entry struct {
	mu    sync.Mutex
	value any
	made  bool
	close func(any)
	seq   uint64 // creation order, for CloseAll
	// owners are the route files whose code asked for the value; none
	// for compiled code. Guarded by mu (the package's).
	owners map[string]bool
}

var (
	mu      sync.Mutex
	entries = make(map[string]*entry)
	seq     uint64
)

// Value returns the value kept under key, calling create to make it when
// there is none. Concurrent callers of one key wait for one create; a
// create that fails (or panics) keeps nothing, and the next call tries
// again. close, if not nil, is called with the value when it is dropped.
func Value(key string, create func() (any, error), close func(any)) (any, error) {
	return Owned(nil, key, create, close)
}

// Owned is Value asked for by code loaded on behalf of owners, route
// files: the value belongs to every owner that ever asked for it, and
// Release drops it once none of them is served.
func Owned(owners []string, key string, create func() (any, error), close func(any)) (any, error) {
	v, err := value(key, create, close)
	if err == nil && len(owners) > 0 {
		mu.Lock()
		if e := entries[key]; e != nil {
			if e.owners == nil {
				e.owners = make(map[string]bool)
			}
			for _, o := range owners {
				e.owners[o] = true
			}
		}
		mu.Unlock()
	}
	return v, err
}

func value(key string, create func() (any, error), close func(any)) (any, error) {
	if create == nil {
		return nil, fmt.Errorf("keep %q: no function to create the value", key)
	}
	mu.Lock()
	e := entries[key]
	if e == nil {
		e = &entry{}
		entries[key] = e
	}
	mu.Unlock()
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.made {
		return e.value, nil
	}
	v, err := create()
	if err != nil {
		return nil, err
	}
	mu.Lock()
	seq++
	e.value, e.made, e.close, e.seq = v, true, close, seq
	mu.Unlock()
	return v, nil
}

// Drop forgets the value kept under key, calling its close hook, and
// reports whether there was one. The next Value of key creates it afresh.
func Drop(key string) bool {
	mu.Lock()
	e := entries[key]
	delete(entries, key)
	mu.Unlock()
	if e == nil {
		return false
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if !e.made {
		return false
	}
	e.made = false
	closeValue(key, e)
	return true
}

// CloseAll drops every kept value, calling the close hooks in the reverse
// order of creation (as deferred calls run: a value made from another is
// closed first). A hook that panics is reported in the error returned, and
// the others still run.
func CloseAll() error {
	_, err := drop(func(*entry) bool { return true })
	return err
}

// Release drops the values that have owners (see Owned) none of which
// live reports as served, calling their close hooks as CloseAll does, and
// returns their keys, sorted. Values kept by compiled code, which has no
// owner, stay.
func Release(live func(file string) bool) ([]string, error) {
	return drop(func(e *entry) bool {
		if len(e.owners) == 0 {
			return false
		}
		for o := range e.owners {
			if live(o) {
				return false
			}
		}
		return true
	})
}

// drop drops the entries gone reports (called with mu held), closing the
// values in the reverse order of their creation.
func drop(gone func(*entry) bool) ([]string, error) {
	mu.Lock()
	var all []*entry
	keys := make(map[*entry]string)
	for k, e := range entries {
		if gone(e) {
			all = append(all, e)
			keys[e] = k
			delete(entries, k)
		}
	}
	slices.SortFunc(all, func(a, b *entry) int { return cmp.Compare(b.seq, a.seq) }) // seq is written under mu
	mu.Unlock()
	var errs []error
	var dropped []string
	for _, e := range all {
		e.mu.Lock()
		if e.made {
			e.made = false
			dropped = append(dropped, keys[e])
			if err := closeValue(keys[e], e); err != nil {
				errs = append(errs, err)
			}
		}
		e.mu.Unlock()
	}
	slices.Sort(dropped)
	if len(errs) > 0 {
		return dropped, fmt.Errorf("closing kept values: %v", errs)
	}
	return dropped, nil
}

// closeValue runs e's close hook, turning a panic into an error.
func closeValue(key string, e *entry) (err error) {
	if e.close == nil {
		return nil
	}
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("close hook of kept value %q panicked: %v", key, p)
		}
	}()
	e.close(e.value)
	return nil
}
