//go:build !windows

package policy

// Read reads the machine's policy: DefaultFile.
func Read() (Policy, error) { return ReadFile(DefaultFile) }
