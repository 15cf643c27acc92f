//go:build unix && !linux

package serve

import "syscall"

// childAttr has nothing to set where the kernel cannot kill the child with
// its parent.
func childAttr() *syscall.SysProcAttr { return nil }
