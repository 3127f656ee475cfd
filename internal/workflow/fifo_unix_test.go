//go:build unix

package workflow

import "syscall"

// mkfifo makes a named pipe, a file kind PrintDrop must refuse to print.
func mkfifo(path string) error { return syscall.Mkfifo(path, 0o600) }
