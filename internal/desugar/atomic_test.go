package desugar

import "testing"

// TestAtomicPointer checks AtomicPointer against what atomic.Pointer does
// with the same calls.
func TestAtomicPointer(t *testing.T) {
	type config struct{ n int }
	var p AtomicPointer
	a, b := &config{1}, &config{2}
	if p.Load() != nil {
		t.Fatal("zero value holds a pointer")
	}
	if !p.CompareAndSwap((*config)(nil), a) {
		t.Fatal("CompareAndSwap from a typed nil on the zero value failed")
	}
	if p.CompareAndSwap(nil, b) || p.CompareAndSwap(&config{1}, b) {
		t.Fatal("CompareAndSwap swapped from another pointer than the one stored")
	}
	if !p.CompareAndSwap(a, b) || p.Load().(*config) != b {
		t.Fatal("CompareAndSwap from the stored pointer failed")
	}
	if old := p.Swap((*config)(nil)); old.(*config) != b {
		t.Fatalf("Swap returned %v, want the stored pointer", old)
	}
	if !p.CompareAndSwap(nil, a) {
		t.Fatal("CompareAndSwap from nil after storing a typed nil failed")
	}
	p.Store(b)
	if p.Load().(*config) != b {
		t.Fatal("Store then Load")
	}
}
