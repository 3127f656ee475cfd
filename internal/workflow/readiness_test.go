package workflow

import (
	"strings"
	"testing"
)

func TestReadinessOf(t *testing.T) {
	t.Parallel()
	yes, no := true, false
	tests := []struct {
		name      string
		accepting *bool
		state     string
		details   []string
		desc      string
		want      Readiness
		reason    string
		sentence  string
		canPrint  bool
	}{
		{"idle", &yes, "idle", nil, "", Ready, "", "Ready to print.", true},
		{"idle, accepting unknown", nil, "idle", nil, "", Ready, "", "Ready", true},
		{"processing", &yes, "processing", nil, "", Busy, "", "wait its turn", true},
		{"stopped jam", &yes, "stopped", []string{"mediaJam"}, "", Stopped, "paper jam", "stopped (paper jam): ask someone", false},
		{"stopped unknown detail", &yes, "stopped", []string{"fuserOverTemp"}, "", Stopped, "fuser over temp", "(fuser over temp)", false},
		{"stopped description only", &yes, "stopped", []string{"none"}, "Engine fault", Stopped, "Engine fault", "(Engine fault)", false},
		{"disconnected tolerated", &yes, "stopped", []string{"disconnected", "coverOpen"}, "", Stopped, "disconnected, a cover is open", "", false},
		{"not accepting wins", &no, "idle", nil, "", NotAccepting, "", "not accepting jobs", false},
		{"unknown state", nil, "unknownFutureValue", nil, "", ReadinessUnknown, "", "unknown", true},
	}
	for _, tt := range tests {
		got := readinessOf(tt.accepting, tt.state, tt.details, tt.desc)
		if got.State != tt.want || got.Reason != tt.reason || !strings.Contains(got.Sentence, tt.sentence) || got.CanPrint() != tt.canPrint {
			t.Errorf("%s: got %+v (can print %v)", tt.name, got, got.CanPrint())
		}
	}
	for r, s := range map[Readiness]string{Ready: "ready", Busy: "busy", Stopped: "stopped", NotAccepting: "not accepting jobs", ReadinessUnknown: "unknown"} {
		if r.String() != s {
			t.Errorf("%d.String() = %q", r, r.String())
		}
	}
}
