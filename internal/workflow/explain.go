package workflow

import (
	"context"
	"errors"
	"fmt"
	"net"
	"regexp"
	"strings"

	"printdrop/internal/graph"
	"printdrop/internal/httpsonly"
	"printdrop/internal/safetext"
	"printdrop/internal/say"
)

// Explanation is an error in words for the window: a headline saying what
// happened, the next step, and details (codes and request ids for an
// administrator; never secrets, never a raw HTTP dump in the headline).
//
// Every field is safe to show: text from outside (file and printer names,
// a service's codes and messages) has its control characters written out
// visibly (safetext.Show).
type Explanation struct {
	Headline string
	NextStep string
	Details  string
	// Unclassified is true when no rule recognised the error: the headline
	// is then generic, and only Details names the cause, so a terminal
	// must print them.
	Unclassified bool
}

// SelfExplaining is an error from a package that workflow does not know
// (bridgelink's, for one) that says itself, for a person, what happened
// and what to do next. Explain asks it after its own rules.
type SelfExplaining interface {
	error
	Explain() (headline, nextStep string)
}

// Explain turns err into a headline, a next step and details. A nil error
// and a cancellation (a normal, quiet path) give empty strings.
func Explain(err error) (headline, nextStep, details string) {
	e := ExplainError(err)
	return e.Headline, e.NextStep, e.Details
}

// ExplainError is Explain returning a struct.
func ExplainError(err error) Explanation {
	if err == nil || errors.Is(err, context.Canceled) {
		return Explanation{}
	}
	details := Redact(err.Error())
	if extra := errorFacts(err); extra != "" {
		details = extra + "\n" + details
	}
	x := explain(err)
	x.Details = details
	x.Headline, x.NextStep, x.Details = safetext.Show(x.Headline), safetext.Show(x.NextStep), showLines(x.Details)
	return x
}

// Sentences is a headline and its next step (as Explain gives them) as one
// text, joined as the user's language joins two sentences: "The print
// service is busy. Wait a minute and try again." in English, with "。" in
// Japanese and Chinese. A headline without a next step is left as it is.
func Sentences(headline, next string) string {
	if next == "" {
		return headline
	}
	return say.T("{{.Headline}}. {{.NextStep}}", say.Args{"Headline": headline, "NextStep": next})
}

// showLines is safetext.Show for each line of a multi-line text: the line
// breaks PrintDrop put there stay, anything else is written out.
func showLines(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = safetext.Show(l)
	}
	return strings.Join(lines, "\n")
}

// statusError is how errors carrying an HTTP status are recognised (the
// graph client's *Error and the upload engine's errors implement it).
type statusError interface{ HTTPStatus() int }

func explain(err error) Explanation {
	var (
		refused *RefusedError
		setting *SettingError
		notFind *ShareNotFoundError
		ambig   *AmbiguousShareError
		tooMany *TooManyJobsError
		noAgain *NoReprintError
		status  statusError
		netErr  net.Error
		timeout *graph.TimeoutError
		large   *graph.TooLargeError
		plain   *httpsonly.InsecureError
	)
	switch {
	case errors.As(err, &refused):
		return refused.explanation()
	case errors.As(err, &setting):
		return setting.explanation()
	case errors.As(err, &notFind):
		return notFind.saying().explanation()
	case errors.As(err, &ambig):
		return ambig.saying().explanation()
	case errors.As(err, &tooMany):
		return tooMany.saying().explanation()
	case errors.As(err, &noAgain):
		return split(noAgain.Msg)
	}
	switch {
	case errors.As(err, &plain):
		return Explanation{Headline: say.T("PrintDrop refused to use plain http for {{.What}} (http://{{.Host}})", say.Args{"What": plain.What, "Host": plain.Host}),
			NextStep: say.T("Anyone on that network could read or change it, including your sign-in and your documents. Use an https URL; plain http is allowed only to this computer (127.0.0.1, ::1, localhost).")}
	case errors.As(err, &timeout):
		return Explanation{Headline: say.T("The print service stopped answering ({{.Host}} sent no {{.Missing}} within {{.After}})",
			say.Args{"Host": timeout.Host, "Missing": timeoutWord(timeout.Missing()), "After": timeout.After}),
			NextStep: say.T("Check your network connection and try again. If it keeps happening, the service may be having problems: try again later.")}
	case errors.As(err, &large):
		return Explanation{Headline: say.T("The print service sent far more than expected ({{.Host}} sent over {{.MiB}} MiB)", say.Args{"Host": large.Host, "MiB": large.Limit >> 20}),
			NextStep: say.T("PrintDrop stopped reading it to protect this computer. Try again later, and tell your administrator if it keeps happening.")}
	}
	if x, ok := explainLimit(err); ok {
		return x
	}
	if x, ok := explainAuth(err); ok {
		return x
	}
	if x, ok := explainUpload(err); ok {
		return x
	}
	var own SelfExplaining
	if errors.As(err, &own) {
		h, next := own.Explain()
		return Explanation{Headline: h, NextStep: next}
	}
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return Explanation{Headline: say.T("The print service took too long to answer"), NextStep: say.T("Check your network connection and try again.")}
	case errors.As(err, &status):
		return explainStatus(status.HTTPStatus())
	case errors.As(err, &netErr):
		return Explanation{Headline: say.T("PrintDrop cannot reach the print service"), NextStep: say.T("Check your network connection and try again.")}
	}
	return Explanation{Headline: say.T("Something went wrong"), NextStep: say.T("Try again. If it keeps happening, copy the details for your administrator."), Unclassified: true}
}

// timeoutMissing are graph's words for what a timed-out answer lacked, as
// catalogue keys.
var timeoutMissing = map[string]string{"answer": "answer", "end to its answer": "end to its answer", "upload progress": "upload progress"}

// timeoutWord is what a timed-out answer lacked, in the user's language.
func timeoutWord(missing string) string {
	if w, ok := timeoutMissing[missing]; ok {
		return say.T(w)
	}
	return missing
}

func explainStatus(code int) Explanation {
	switch {
	case code == 401:
		return Explanation{Headline: say.T("Your session expired"), NextStep: say.T("Sign in again.")}
	case code == 403:
		return Explanation{Headline: say.T("Your account is not allowed to do this"), NextStep: say.T("Ask your administrator for access to Universal Print and this printer.")}
	case code == 404:
		return Explanation{Headline: say.T("The printer or job no longer exists"), NextStep: say.T("Refresh the list of printers and try again.")}
	case code == 409:
		return Explanation{Headline: say.T("The job changed while PrintDrop was working on it"), NextStep: say.T("Refresh and try again.")}
	case code == 413:
		return Explanation{Headline: say.T("The document is too large for the print service"), NextStep: say.T("Print a smaller file (at most 1 GB), or split the document.")}
	case code == 415:
		return Explanation{Headline: say.T("This printer cannot print this kind of document"), NextStep: say.T("Save it as PDF and print the PDF, or choose another printer.")}
	case code == 429:
		return Explanation{Headline: say.T("The print service is busy"), NextStep: say.T("Wait a minute and try again.")}
	case code >= 500:
		return Explanation{Headline: say.T("The print service had a problem"), NextStep: say.T("Try again in a few minutes.")}
	case code >= 400:
		return Explanation{Headline: say.T("The print service refused the request"), NextStep: say.T("Check the job settings and try again.")}
	}
	return Explanation{Headline: say.T("The print service answered unexpectedly"), NextStep: say.T("Try again. If it keeps happening, copy the details for your administrator.")}
}

// errorFacts collects the facts an administrator needs: HTTP status,
// error code and request id, when the error carries them.
func errorFacts(err error) string {
	var facts []string
	var status statusError
	if errors.As(err, &status) && status.HTTPStatus() != 0 {
		facts = append(facts, fmt.Sprintf("HTTP status: %d", status.HTTPStatus()))
	}
	facts = append(facts, graphFacts(err)...)
	return strings.Join(facts, "\n")
}

var urlPattern = regexp.MustCompile(`(?i)\b(https?)://([^/\s"'?#]+)[^\s"']*`)

// Redact removes credentials from text meant for people: every URL is cut
// down to its scheme and host (upload URLs carry their authorization in
// the query, sign-in URLs carry codes), and anything that looks like a
// bearer token is replaced.
func Redact(s string) string {
	s = urlPattern.ReplaceAllString(s, "$1://$2/[redacted]")
	return bearerPattern.ReplaceAllString(s, "${1}[redacted]")
}

var bearerPattern = regexp.MustCompile(`(?i)(bearer\s+)[A-Za-z0-9._~+/=-]+`)
