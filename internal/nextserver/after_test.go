package nextserver

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/devserver/devserver/internal/nextserver/hook"
)

type afterFunc func(fn func())

func (f afterFunc) After(fn func()) { f(fn) }

type parentKey struct{}

// newRequestContext is a RequestContext under a cancellable parent
// carrying a value, as net/http's request context is.
func newRequestContext(t *testing.T) (*RequestContext, context.CancelFunc) {
	t.Helper()
	parent, cancel := context.WithCancel(context.WithValue(context.Background(), parentKey{}, "parent"))
	t.Cleanup(cancel)
	c := new(RequestContext)
	c.Init(parent, afterFunc(func(func()) {}), nil, nil)
	return c, cancel
}

func closed(ch <-chan struct{}) bool {
	select {
	case <-ch:
		return true
	case <-time.After(time.Second):
		return false
	}
}

func TestRequestContextCancel(t *testing.T) {
	for _, tc := range []struct {
		name string
		run  func(c *RequestContext, cancelParent context.CancelFunc)
		want error
	}{
		{"not cancelled", func(*RequestContext, context.CancelFunc) {}, nil},
		{"Cancel before Done", func(c *RequestContext, _ context.CancelFunc) { c.Cancel() }, context.Canceled},
		{"Cancel after Done", func(c *RequestContext, _ context.CancelFunc) { c.Done(); c.Cancel() }, context.Canceled},
		{"Cancel twice", func(c *RequestContext, _ context.CancelFunc) { c.Cancel(); c.Cancel() }, context.Canceled},
		{"parent done before Done", func(_ *RequestContext, p context.CancelFunc) { p() }, context.Canceled},
		{"parent done after Done", func(c *RequestContext, p context.CancelFunc) { c.Done(); p() }, context.Canceled},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, cancelParent := newRequestContext(t)
			tc.run(c, cancelParent)
			if err := c.Err(); !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
				t.Fatalf("Err() = %v, want %v", err, tc.want)
			}
			if tc.want == nil {
				select {
				case <-c.Done():
					t.Fatal("Done is closed, the context was not cancelled")
				default:
				}
				return
			}
			if !closed(c.Done()) {
				t.Fatal("Done is not closed after the cancel")
			}
			if err := c.Err(); err != tc.want {
				t.Fatalf("Err() after Done = %v, want %v", err, tc.want)
			}
			if cause := context.Cause(c); cause != tc.want {
				t.Fatalf("context.Cause = %v, want %v", cause, tc.want)
			}
		})
	}
}

// A parent that ends with its own error before Cancel keeps it: Err says
// why the context ended first, as context.WithCancel's does.
func TestRequestContextParentErrorFirst(t *testing.T) {
	parent, cancel := context.WithTimeout(context.Background(), time.Nanosecond)
	defer cancel()
	<-parent.Done()
	c := new(RequestContext)
	c.Init(parent, nil, nil, nil)
	c.Cancel()
	if err := c.Err(); err != context.DeadlineExceeded {
		t.Fatalf("Err() = %v, want %v", err, context.DeadlineExceeded)
	}
	if !closed(c.Done()) {
		t.Fatal("Done is not closed")
	}
	if err := c.Err(); err != context.DeadlineExceeded {
		t.Fatalf("Err() after Done = %v, want %v", err, context.DeadlineExceeded)
	}
	if d, ok := c.Deadline(); !ok || d.IsZero() {
		t.Fatalf("Deadline() = %v, %v; want the parent's", d, ok)
	}
}

// Contexts made from a RequestContext end with it, registered with it as
// with a context of package context: no goroutine each.
func TestRequestContextChildren(t *testing.T) {
	c, _ := newRequestContext(t)
	before := runtime.NumGoroutine()
	const n = 200
	children := make([]context.Context, 0, 2*n)
	for range n {
		child, cancel := context.WithCancel(c)
		defer cancel()
		children = append(children, child)
		valued, cancel := context.WithTimeout(context.WithValue(c, parentKey{}, "child"), time.Hour)
		defer cancel()
		children = append(children, valued)
	}
	if grown := runtime.NumGoroutine() - before; grown >= n/2 {
		t.Errorf("%d goroutines more after %d children: they watch the context instead of registering with it", grown, 2*n)
	}
	var ran sync.WaitGroup
	ran.Add(1)
	stop := context.AfterFunc(c, ran.Done)
	defer stop()
	c.Cancel()
	for i, child := range children {
		if !closed(child.Done()) {
			t.Fatalf("child %d not cancelled with its parent", i)
		}
	}
	ran.Wait()
}

func TestRequestContextValue(t *testing.T) {
	c, _ := newRequestContext(t)
	if _, ok := c.Value(hook.AfterKey{}).(Afterer); !ok {
		t.Errorf("Value(AfterKey) = %v, want the Afterer", c.Value(hook.AfterKey{}))
	}
	check := func(when string) {
		if v := c.Value(parentKey{}); v != "parent" {
			t.Errorf("%s: Value(parentKey) = %v, want the parent's", when, v)
		}
	}
	check("before Done")
	c.Done()
	check("after Done")
	c.Cancel()
	check("after Cancel")
}

// Done, Err, Value and Cancel may be called from any goroutine (go test
// -race).
func TestRequestContextConcurrent(t *testing.T) {
	c, _ := newRequestContext(t)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			switch i % 4 {
			case 0:
				<-c.Done()
			case 1:
				c.Cancel()
			case 2:
				for c.Err() == nil {
					runtime.Gosched()
				}
			case 3:
				c.Value(parentKey{})
				<-c.Done()
			}
		})
	}
	wg.Wait()
	if c.Err() != context.Canceled {
		t.Fatalf("Err() = %v", c.Err())
	}
}
