//go:build !(linux || freebsd || netbsd || openbsd || dragonfly)

package auth

// openFallback has nothing to add where the system opener (open on macOS,
// ShellExecute on Windows) is the browser's own way in.
func openFallback(_ string, first error) error { return first }
