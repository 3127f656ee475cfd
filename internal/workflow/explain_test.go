package workflow

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"testing"
	"time"

	"printdrop/internal/auth"
	"printdrop/internal/ranges"
	"printdrop/internal/upload"
)

// httpErr stands for any error carrying an HTTP status (graph, upload).
type httpErr int

func (e httpErr) Error() string {
	return fmt.Sprintf("HTTP %d from https://print.example/uploadSessions/1?tempauthtoken=SECRET", int(e))
}
func (e httpErr) HTTPStatus() int { return int(e) }

func TestExplain(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		err      error
		headline string
		next     string
	}{
		{"signin required wrapped", fmt.Errorf("listing shares: %w", auth.ErrSignInRequired), "Your session expired", "Sign in again."},
		{"401", httpErr(401), "Your session expired", "Sign in again."},
		{"cancelled in browser", &auth.AuthError{Code: "access_denied"}, "Sign-in was cancelled", "Click Sign in to try again."},
		{"auth refused", &auth.AuthError{Code: "invalid_client"}, "The sign-in was refused", "client ID"},
		{"no client id", auth.ErrNoClientID, "not connected to your organization", "App registrations"},
		{"no client id (settings)", ErrNoClientID, "not connected to your organization", "http://127.0.0.1"},
		{"403", httpErr(403), "not allowed", "administrator"},
		{"404", httpErr(404), "no longer exists", "Refresh"},
		{"415", httpErr(415), "cannot print this kind of document", "PDF"},
		{"429", httpErr(429), "busy", "Wait"},
		{"503", fmt.Errorf("x: %w", httpErr(503)), "had a problem", "few minutes"},
		{"refused", &RefusedError{Reason: RefusedStopped, Msg: "This printer is stopped (paper jam): ask someone near it to fix it, or choose another printer."},
			"This printer is stopped (paper jam)", "Ask someone near it"},
		{"setting", &SettingError{Field: FieldCopies, Msg: "This printer prints at most 99 copies."}, "This printer prints at most 99 copies", ""},
		{"network", &url.Error{Op: "Get", URL: "https://graph.example/v1.0/print/shares", Err: &net.OpError{Op: "dial", Err: errors.New("connection refused")}},
			"cannot reach the print service", "network"},
		{"deadline", context.DeadlineExceeded, "took too long", "try again"},
		{"ambiguous", &AmbiguousShareError{Query: "floor", Candidates: []string{"Floor 1 (a)", "Floor 2 (b)"}}, "2 printer shares match", "Floor 1 (a); Floor 2 (b)"},
		{"unknown", errors.New("boom"), "Something went wrong", "copy the details"},
		{"stuck: same bytes", fmt.Errorf("print: %w", &upload.StuckError{Name: "a.pdf", Reason: upload.TooManyBytes, Size: 5e6, Sent: 14e6, Repeats: 40, Err: httpErr(503)}),
			"not accepting the upload of a.pdf", "The print service asked for the same bytes 40 times, so PrintDrop stopped after sending 14.0 MB for a 5.0 MB document. Try again later"},
		{"stuck: vanished", &upload.StuckError{Name: "a.pdf", Reason: upload.TooManyRenewals, Vanished: 3, Renewals: 3},
			"not accepting the upload of a.pdf", "The upload session vanished 3 times after the last chunk."},
		{"stuck: network", &upload.StuckError{Name: "a.pdf", Reason: upload.NoProgress, Window: 2 * time.Minute},
			"The upload of a.pdf stopped getting through", "acknowledged no new byte for 2m0s. Check the network connection"},
		{"stuck: ranges", &upload.StuckError{Name: "a.pdf", Reason: upload.TooManyRanges, Ranges: 200000},
			"not accepting the upload of a.pdf", "200000 missing byte ranges"},
		{"too many ranges", fmt.Errorf("check the upload: %w", &ranges.TooManyError{Count: 200000, Max: ranges.MaxListLen}),
			"answer PrintDrop cannot use", "lists 200000 byte ranges"},
	}
	for _, tt := range tests {
		h, n, d := Explain(tt.err)
		if !strings.Contains(h, tt.headline) || !strings.Contains(n, tt.next) {
			t.Errorf("%s: Explain = %q / %q, want headline with %q and next step with %q", tt.name, h, n, tt.headline, tt.next)
		}
		if strings.Contains(h, "HTTP") || strings.Contains(h+n+d, "SECRET") {
			t.Errorf("%s: raw HTTP or a secret leaked: %q / %q / %q", tt.name, h, n, d)
		}
		if d == "" {
			t.Errorf("%s: no details", tt.name)
		}
	}
	if h, n, d := Explain(fmt.Errorf("upload: %w", context.Canceled)); h+n+d != "" {
		t.Errorf("cancellation explained as an error: %q %q %q", h, n, d)
	}
	if _, _, d := Explain(httpErr(503)); !strings.Contains(d, "HTTP status: 503") {
		t.Errorf("details lack the status: %q", d)
	}
}

func TestRedact(t *testing.T) {
	t.Parallel()
	in := `PUT "https://upload.example:8443/uploadSessions/abc?tempauthtoken=eyJ0" failed; Authorization: Bearer eyJhbGciOi.x-y_z`
	got := Redact(in)
	for _, leak := range []string{"tempauthtoken", "eyJ0", "eyJhbGciOi", "abc"} {
		if strings.Contains(got, leak) {
			t.Fatalf("Redact(%q) = %q still holds %q", in, got, leak)
		}
	}
	if !strings.Contains(got, "https://upload.example:8443/") {
		t.Fatalf("Redact dropped the host: %q", got)
	}
}
