package testenv

import "testing"

// TestRequireToolsSkipsOnWindows: under Wine CI=true is set, yet a test
// needing a Linux tool must skip there (saying why), not fail.
func TestRequireToolsSkipsOnWindows(t *testing.T) {
	t.Setenv("CI", "true")
	var skipped bool
	var msg string
	ran := t.Run("needs-sh", func(t *testing.T) {
		defer func() { skipped = t.Skipped() }()
		RequireTools(t, "sh")
		msg = "RequireTools returned"
	})
	if !ran || !skipped || msg != "" {
		t.Fatalf("RequireTools on windows under CI: ran=%v skipped=%v %s", ran, skipped, msg)
	}
}
