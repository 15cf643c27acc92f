// Package keep holds the values route code keeps for the life of the
// process (next.Keep): compiled code, one instance per process, so that
// in dev they outlive every reload, which starts route code afresh in a
// new interpreter. The servers call CloseAll when they shut down.
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
	mu.Lock()
	all := make([]*entry, 0, len(entries))
	keys := make(map[*entry]string, len(entries))
	for k, e := range entries {
		all = append(all, e)
		keys[e] = k
	}
	entries = make(map[string]*entry)
	slices.SortFunc(all, func(a, b *entry) int { return cmp.Compare(b.seq, a.seq) }) // seq is written under mu
	mu.Unlock()
	var errs []error
	for _, e := range all {
		e.mu.Lock()
		if e.made {
			e.made = false
			if err := closeValue(keys[e], e); err != nil {
				errs = append(errs, err)
			}
		}
		e.mu.Unlock()
	}
	if len(errs) > 0 {
		return fmt.Errorf("closing kept values: %v", errs)
	}
	return nil
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
