package workflow

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"printdrop/internal/graph"
	"printdrop/internal/httpsonly"
)

// TestExplainBounds: the errors issue 10 added read as sentences, text from
// outside is shown with its control characters written out, and only an
// error no rule knows is marked Unclassified.
func TestExplainBounds(t *testing.T) {
	t.Parallel()
	tests := []struct {
		err          error
		headline     string
		next         string
		unclassified bool
	}{
		{&graph.TimeoutError{Op: "list printers", Host: "graph.microsoft.com", Waiting: "an answer", After: time.Minute},
			"stopped answering (graph.microsoft.com sent no answer within 1m0s)", "network", false},
		{fmt.Errorf("list printers: %w", &graph.TooLargeError{Op: "list printers", Host: "graph.microsoft.com", Limit: 16 << 20}),
			"far more than expected (graph.microsoft.com sent over 16 MiB)", "stopped reading", false},
		{&httpsonly.InsecureError{What: "the Graph URL", Host: "graph.example"},
			"refused to use plain http for the Graph URL (http://graph.example)", "read or change", false},
		{errors.New("stopped after 10 redirects"), "Something went wrong", "details", true},
	}
	for _, tt := range tests {
		x := ExplainError(tt.err)
		if !strings.Contains(x.Headline, tt.headline) || !strings.Contains(x.NextStep, tt.next) || x.Unclassified != tt.unclassified {
			t.Errorf("%v: %+v; want headline with %q, next with %q, unclassified %v", tt.err, x, tt.headline, tt.next, tt.unclassified)
		}
	}
	// A Graph error's code and request-id come from the service.
	hostile := &graph.Error{StatusCode: 400, Code: "bad\x1b]0;x\x07", RequestID: "id\x1b[2J", Op: "create job", Host: "graph.microsoft.com"}
	x := ExplainError(hostile)
	all := x.Headline + x.NextStep + x.Details
	if strings.ContainsAny(all, "\x1b\x07") || !strings.Contains(x.Details, `bad\x1b]0;x\x07`) || !strings.Contains(x.Details, `id\x1b[2J`) {
		t.Fatalf("Explain passed raw control characters or lost the values: %+v", x)
	}
	if strings.Count(x.Details, "\n") == 0 {
		t.Fatalf("details lost their own line breaks: %q", x.Details)
	}
}

// TestWindowRefusesPlainHTTP: the window's service, built from settings,
// refuses a plain-http Graph URL or authority on another host with the same
// sentence as the commands.
func TestWindowRefusesPlainHTTP(t *testing.T) {
	t.Parallel()
	for _, s := range []Settings{
		{Cloud: CloudCustom, ClientID: "c", GraphURL: "http://graph.example", AuthorityURL: "https://login.example/organizations"},
		{Cloud: CloudCustom, ClientID: "c", GraphURL: "https://graph.example", AuthorityURL: "http://login.example/organizations"},
	} {
		_, err := New(Params{Settings: s, CheckpointDir: t.TempDir()})
		var ie *httpsonly.InsecureError
		if !errors.As(err, &ie) {
			t.Fatalf("New(%+v) = %v, want *httpsonly.InsecureError", s, err)
		}
		if h, n, _ := Explain(err); !strings.Contains(h, "plain http") || !strings.Contains(n, "read or change") {
			t.Fatalf("explained as %q / %q", h, n)
		}
	}
}

// TestReadinessShowsTheServiceTextSafely: a printer's status description
// reaches the job panel and refusals with its escapes written out.
func TestReadinessShowsTheServiceTextSafely(t *testing.T) {
	t.Parallel()
	r := readinessOf(nil, "stopped", nil, "Jam\x1b]0;pwned\x07")
	if strings.ContainsAny(r.Sentence+r.Reason, "\x1b\x07") || !strings.Contains(r.Sentence, `Jam\x1b]0;pwned\x07`) {
		t.Fatalf("readiness %+v", r)
	}
}
