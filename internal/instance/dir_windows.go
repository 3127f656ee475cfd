package instance

import (
	"fmt"
	"os"
	"path/filepath"
)

// On Windows the files live in the user's own %LOCALAPPDATA%, which other
// users cannot read, and the endpoint is TCP with a token (no named pipes
// without extra dependencies).
func defaultOptions() (options, error) {
	base, err := os.UserCacheDir()
	if err != nil {
		return options{}, fmt.Errorf("instance: no per-user folder for the single-instance files: %w", err)
	}
	return options{dir: filepath.Join(base, "PrintDrop", "instance"), transport: transportTCP}, nil
}

func prepareDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("instance: cannot create %s: %w", dir, err)
	}
	return nil
}
