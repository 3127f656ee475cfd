package workflow

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"printdrop/internal/auth"
	"printdrop/internal/convert"
	"printdrop/internal/upload"
)

// oldSentence is how workflow turned upload's "what; what to do" messages
// into a refusal before they were written here: the first "; " became
// ": " and a full stop ended it.
func oldSentence(msg string) string {
	return strings.Replace(msg, "; ", ": ", 1) + "."
}

// TestRefusalWordsAreTheEnglishOfBefore: written from their types and
// fields, the refusals of upload's and convert's errors say in English
// exactly what those packages' own messages said (convert's write failure
// now starts with a capital), and Explain cuts them between what happened
// and what to do (also when the cause in brackets holds a colon); a stuck
// upload's evidence reads as upload's What and Next did.
func TestRefusalWordsAreTheEnglishOfBefore(t *testing.T) {
	osErr := errors.New("open /x/a.pdf: permission denied")
	for _, fe := range []*upload.FileError{
		{Path: "/x/a.pdf", Problem: upload.NotFound}, {Path: "/x/a.pdf", Problem: upload.IsDirectory},
		{Path: "/x/a.pdf", Problem: upload.NotRegular}, {Path: "/x/a.pdf", Problem: upload.Unreadable, Err: osErr},
		{Path: "/x/a.pdf", Problem: upload.Empty}, {Path: "/x/a.pdf", Problem: upload.TooLarge, Size: 1_000_000_001},
	} {
		r := fileRefusal(RefusedFile, fe)
		if want := oldSentence(fe.Error()); r.Error() != want {
			t.Errorf("problem %d: %q, want %q", fe.Problem, r.Error(), want)
		}
		head, next, _ := strings.Cut(fe.Error(), "; ")
		if x := ExplainError(r); x.Headline != head || x.NextStep != upperFirst(next)+"." {
			t.Errorf("problem %d explained as %q / %q", fe.Problem, x.Headline, x.NextStep)
		}
	}
	if got, want := changedSaying(&upload.ChangedError{Name: "a.pdf"}).String(), oldSentence((&upload.ChangedError{Name: "a.pdf"}).Error()); got != want {
		t.Errorf("changed: %q, want %q", got, want)
	}
	for _, ue := range []*upload.Error{{Name: "a.pdf", Op: "PUT", Status: 503}, {Name: "a.pdf", Op: "PUT", Status: 413},
		{Name: "a.pdf", Op: "status", Status: 401}, {Name: "a.pdf", Op: "renew", Status: 404}} {
		_, oldNext, _ := strings.Cut(ue.Error(), "; ")
		if x := ExplainError(ue); x.NextStep != upperFirst(oldNext)+"." {
			t.Errorf("upload %s %d: next step %q, want %q", ue.Op, ue.Status, x.NextStep, upperFirst(oldNext)+".")
		}
	}
	causes := []convert.Cause{convert.NoCause, convert.Unreadable, convert.UnreadableToEnd, convert.DamagedHeader, convert.Truncated,
		convert.UnknownPicture, convert.NoPixels, convert.TooManyPixels, convert.PicturesTooLarge, convert.NotTIFF,
		convert.DamagedDirectory, convert.TooManyFrames, convert.TooManyTextPages, convert.Binary, convert.NotUTF8,
		convert.NoFont, convert.NotItsKind, convert.OfficeRefused}
	for p := convert.Unsupported; p <= convert.WriteFailed; p++ {
		for _, c := range causes {
			ce := &convert.Error{Problem: p, Name: "a.png", Cause: c, Width: 30000, Height: 20000, Count: 12, Limit: 500}
			want := ce.Error()
			if p == convert.WriteFailed {
				want = upperFirst(want)
			}
			if got := conversionRefusal(fmt.Errorf("converting: %w", ce)); got == nil || got.Error() != want || got.Reason != RefusedConversion {
				t.Errorf("problem %d, cause %d: %v, want %q", p, c, got, want)
			}
		}
	}
	last := &upload.Error{Name: "a.pdf", Op: "PUT", Status: 503}
	for _, se := range []*upload.StuckError{
		{Reason: upload.TooManyRanges, Ranges: 200000}, {Reason: upload.TooManyRenewals, Vanished: 3, Renewals: 3},
		{Reason: upload.TooManyBytes, Size: 5e6, Sent: 14e6, Repeats: 40, Err: last}, {Reason: upload.TooManyBytes, Size: 812, Sent: 2500, Retracted: 1},
		{Reason: upload.TooManyBytes, Size: 2e9, Sent: 5e9, Retracted: 3}, {Reason: upload.TooManyRenewals, Vanished: 1, Renewals: 2},
		{Reason: upload.TooManyRenewals, Renewals: 4}, {Reason: upload.TooManyBytes, Size: 5e6, Sent: 16e6, Err: last},
		{Reason: upload.NoProgress, Window: 2 * time.Minute, Err: last}, {Reason: upload.NoProgress, Window: 90 * time.Second, Size: 10, Sent: 30},
		{Reason: upload.NoProgress, Window: 2 * time.Minute}, {Reason: upload.TooManyBytes, Size: 2, Sent: 5},
	} {
		if got, want := stuckNext(se), capitalised(se.What())+" "+capitalised(se.Next()); got != want {
			t.Errorf("stuck %+v:\n got %q\nwant %q", se, got, want)
		}
	}
	if conversionRefusal(errors.New("not a conversion")) != nil {
		t.Error("an error that is not convert's became a conversion refusal")
	}
}

// TestRefusalsSaidFromTheirFields: the share and job-limit errors say what
// they said before, from their fields; a sign-in with no local port to
// receive it is explained as auth's message said.
func TestRefusalsSaidFromTheirFields(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want string
	}{
		{&ShareNotFoundError{Query: "Floor 9"}, `No printer share is called "Floor 9" or has that id: check the spelling or use the share's id, or ask your administrator for access to it.`},
		{&AmbiguousShareError{Query: "floor", Candidates: []string{"Floor 1 (a)", "Floor 2 (b)"}}, `2 printer shares match "floor": use the full name or the id of one of them: Floor 1 (a); Floor 2 (b).`},
		{&TooManyJobsError{Printer: "Floor 2", Unfinished: 5}, "You have 5 unfinished print jobs on Floor 2, and Universal Print takes 4 at a time from one person: wait for one to finish, then print again."},
		{&TooManyJobsError{Printer: "Floor 2", Unfinished: 4, Waiting: 2}, "You have 4 unfinished print jobs on Floor 2, and Universal Print takes 4 at a time from one person: 2 of them wait for their document: upload into one of those instead, cancel one, or wait for a job to finish."},
	} {
		if tc.err.Error() != tc.want {
			t.Errorf("%T: %q, want %q", tc.err, tc.err.Error(), tc.want)
		}
	}
	x := ExplainError(fmt.Errorf("sign in: %w", &auth.PortError{Err: errors.New("listen tcp4: address already in use")}))
	if x.Headline != "PrintDrop could not open a local port to receive the sign-in (listen tcp4: address already in use)" ||
		x.NextStep != "Check that nothing blocks 127.0.0.1, or use the device-code sign-in." {
		t.Errorf("no local port explained as %q / %q", x.Headline, x.NextStep)
	}
	x = ExplainError(&AmbiguousShareError{Query: "floor", Candidates: []string{"Floor 1 (a)", "Floor 2 (b)"}})
	if x.Headline != `2 printer shares match "floor"` || x.NextStep != "Use the full name or the id of one of them: Floor 1 (a); Floor 2 (b)." {
		t.Errorf("ambiguous explained as %q / %q", x.Headline, x.NextStep)
	}
}

// TestSplitKeepsEachLanguagesSeparator: a sentence translated as one entry
// is cut where its language turns to what to do.
func TestSplitKeepsEachLanguagesSeparator(t *testing.T) {
	for _, tc := range []struct{ in, head, next string }{
		{"This printer is stopped: ask someone near it.", "This printer is stopped", "Ask someone near it."},
		{"Cette imprimante est arrêtée : demandez à quelqu'un.", "Cette imprimante est arrêtée", "Demandez à quelqu'un."},
		{"此打印机已停止：请让附近的人处理。", "此打印机已停止", "请让附近的人处理。"},
		{"Print at least 1 copy.", "Print at least 1 copy", ""},
		{"Job 7 is not among your recent jobs (kept a while). Run it.", "Job 7 is not among your recent jobs (kept a while). Run it", ""},
	} {
		if x := split(tc.in); x.Headline != tc.head || x.NextStep != tc.next {
			t.Errorf("split(%q) = %q / %q, want %q / %q", tc.in, x.Headline, x.NextStep, tc.head, tc.next)
		}
	}
}

// TestOrList: choices read "A, B or C".
func TestOrList(t *testing.T) {
	for _, tc := range []struct {
		in   []string
		want string
	}{{nil, ""}, {[]string{"A"}, "A"}, {[]string{"A", "B"}, "A or B"}, {[]string{"A", "B", "C"}, "A, B or C"}} {
		if got := orList(tc.in); got != tc.want {
			t.Errorf("orList(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// capitalised capitalises s and ends it with a full stop.
func capitalised(s string) string {
	if s == "" {
		return ""
	}
	return strings.ToUpper(s[:1]) + s[1:] + "."
}
