package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"printdrop/internal/graph"
	"printdrop/internal/say"
	"printdrop/internal/workflow"
)

func init() {
	register(command{name: "printers", summary: "list the printer shares you can use, with their state ([--search Q] [--json])", run: runPrinters})
}

// printerLine is one share as "printers --json" prints it, one object per
// line. The keys are a contract for scripts (docs/cli-printers.md).
type printerLine struct {
	ShareID       string `json:"share_id"`
	Name          string `json:"name"`
	Location      string `json:"location"`
	Model         string `json:"model"`
	State         string `json:"state"`            // ready, busy, stopped, not_accepting, unknown
	AcceptingJobs *bool  `json:"accepting_jobs"`   // null when the state could not be read
	Reason        string `json:"reason,omitempty"` // why it is stopped, in words
}

// stateKey is the JSON word for a readiness.
func stateKey(r workflow.Readiness) string {
	switch r {
	case workflow.Ready:
		return "ready"
	case workflow.Busy:
		return "busy"
	case workflow.Stopped:
		return "stopped"
	case workflow.NotAccepting:
		return "not_accepting"
	}
	return "unknown"
}

// runPrinters lists the shares matching --search with their state. A share
// list leaves the state out for normal users, so it is read for each share
// printed, and only for those: a search on a 10,000-share tenant reads the
// few states it shows.
func runPrinters(ctx context.Context, d deps, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("printdrop printers", flag.ContinueOnError)
	flags := accountFlags{deps: d}
	flags.register(fs)
	search := fs.String("search", "", "only shares whose name, place or model contain every word, ignoring case and accents")
	jsonOut := fs.Bool("json", false, "print one JSON object per share on stdout (keys: share_id, name, location, model, state, accepting_jobs, reason)")
	if code, ok := parseFlags(fs, args, stderr); !ok {
		return code
	}
	if fs.NArg() > 0 {
		tell(stderr, "printdrop printers", say.T("unexpected argument {{.Arg}} (to search, use --search {{.Search}})", say.Args{"Arg": quoted(fs.Arg(0)), "Search": quoted(strings.Join(fs.Args(), " "))}))
		return exitUsage
	}
	fail := func(err error) int {
		fmt.Fprintln(stderr, failureLine("printers", err))
		return exitCodeFor(err)
	}

	// Scripts call this: never open a browser, say how to sign in instead.
	tokens, manager, err := signedIn(ctx, &flags, false, stderr)
	if err != nil {
		return fail(err)
	}
	settings := flags.settings(stderr).Settings
	svc, err := newCLIService(flags.deps, settings, nil, tokens, manager, 0, stderr)
	if err != nil {
		return fail(err)
	}
	shares, err := svc.Shares(ctx) // also kept for the window and "send --share NAME"
	if err != nil {
		return fail(err)
	}
	shares = workflow.Filter(shares, *search)
	if len(shares) == 0 {
		if strings.TrimSpace(*search) != "" {
			tell(stderr, "printdrop printers", say.T("no printer matches {{.Search}}.", say.Args{"Search": quoted(*search)}))
		} else {
			tell(stderr, "printdrop printers", say.T("no printers are shared with you yet. Ask your administrator to share one."))
		}
		return exitFailure
	}

	ids := make([]string, len(shares))
	for i, sh := range shares {
		ids[i] = sh.ID
	}
	states := make(map[string]workflow.ShareStatus, len(ids))
	if err := svc.ShareStatuses(ctx, ids, func(st workflow.ShareStatus) { states[st.ShareID] = st }); err != nil {
		return fail(err)
	}
	if err := writePrinters(stdout, shares, states, *jsonOut); err != nil {
		return fail(err)
	}
	return exitOK
}

// writePrinters writes the shares with their states: a table, or one JSON
// object per share.
func writePrinters(stdout io.Writer, shares []graph.Share, states map[string]workflow.ShareStatus, jsonOut bool) error {
	var tw *tabwriter.Writer
	if !jsonOut {
		tw = tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "NAME\tSTATE\tLOCATION\tID")
	}
	enc := json.NewEncoder(stdout)
	for _, sh := range shares {
		st := states[sh.ID]
		line := printerLine{
			ShareID: sh.ID, Name: sh.DisplayName, Location: sh.Location.String(),
			Model: strings.TrimSpace(sh.Manufacturer + " " + sh.Model), State: stateKey(st.Readiness.State),
			AcceptingJobs: st.AcceptingJobs, Reason: st.Readiness.Reason,
		}
		if jsonOut {
			if err := enc.Encode(line); err != nil {
				return err
			}
			continue
		}
		state := strings.ReplaceAll(line.State, "_", " ")
		if line.Reason != "" {
			state += ": " + line.Reason
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", oneLine(line.Name), state, oneLine(line.Location), line.ShareID)
	}
	if tw != nil {
		return tw.Flush()
	}
	return nil
}

// oneLine keeps text from the service on one table row: tabs and line
// breaks would break the columns (and could fake rows).
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, s)
}
