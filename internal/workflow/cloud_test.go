package workflow

import (
	"testing"

	"printdrop/internal/cloud"
)

// TestEveryCloudIsInTheTable: each cloud a setting can name has its hosts
// in the one table; a missing one would quietly sign in to the worldwide
// cloud instead.
func TestEveryCloudIsInTheTable(t *testing.T) {
	for _, c := range []Cloud{CloudGlobal, CloudUSGov, CloudUSDoD, CloudChina} {
		h, ok := cloud.Known[string(c)]
		if !ok {
			t.Errorf("cloud %q has no hosts in internal/cloud", c)
			continue
		}
		s := Settings{Cloud: c}
		if s.Graph() != h.Graph {
			t.Errorf("cloud %q: Graph() = %q, want %q", c, s.Graph(), h.Graph)
		}
	}
}
