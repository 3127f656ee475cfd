package emulator

import (
	"regexp"
	"testing"
)

// TestDemoPrinterFloorMatchesName guards the demo data: a printer named
// "… Floor 2 …" must not be located on floor 1.
func TestDemoPrinterFloorMatchesName(t *testing.T) {
	floorInName := regexp.MustCompile(`Floor (\d+)`)
	for n := 1; n <= 40; n++ {
		p := demoPrinter(n)
		m := floorInName.FindStringSubmatch(p.Share.DisplayName)
		if m == nil {
			continue
		}
		if got := p.Location["floor"]; got != m[1] {
			t.Errorf("printer %d %q is located on floor %v", n, p.Share.DisplayName, got)
		}
	}
}
