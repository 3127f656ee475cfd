package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"printdrop/internal/safetext"
	"printdrop/internal/say"
	"printdrop/internal/units"
	"printdrop/internal/workflow"
)

func init() {
	register(command{name: "jobs", summary: "your recent print jobs and their state ([--json]; cancel ID; reprint ID)", run: runJobs})
}

// jobLine is one job as "jobs --json" prints it, one object per line. The
// keys are a contract for scripts (docs/cli.md).
type jobLine struct {
	JobID        string `json:"job_id"`
	ShareID      string `json:"share_id"`
	Printer      string `json:"printer"`
	Document     string `json:"document"`
	Created      string `json:"created"` // RFC 3339, UTC
	State        string `json:"state"`   // uploading, waiting, held, printing, printed, canceled, failed
	Words        string `json:"words"`   // the state as a sentence
	Reason       string `json:"reason,omitempty"`
	PrinterState string `json:"printer_state,omitempty"`
	Unfinished   bool   `json:"unfinished"` // can still be cancelled
	FromHere     bool   `json:"from_here"`  // sent from this computer
	LocalFile    string `json:"local_file,omitempty"`
	Fetchable    bool   `json:"fetchable"` // the service still keeps the document
}

// runJobs dispatches "jobs", "jobs cancel ID" and "jobs reprint ID".
func runJobs(ctx context.Context, d deps, args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		switch args[0] {
		case "cancel":
			return runJobsAction(ctx, d, "cancel", args[1:], stdout, stderr)
		case "reprint":
			return runJobsAction(ctx, d, "reprint", args[1:], stdout, stderr)
		}
	}
	fs := flag.NewFlagSet("printdrop jobs", flag.ContinueOnError)
	flags := accountFlags{deps: d}
	flags.register(fs)
	jsonOut := fs.Bool("json", false, "print one JSON object per job on stdout (keys in docs/cli.md)")
	if code, ok := parseFlags(fs, args, stderr); !ok {
		return code
	}
	if fs.NArg() > 0 {
		tell(stderr, "printdrop jobs", say.T(`unexpected argument {{.Arg}} (use "jobs", "jobs cancel ID" or "jobs reprint ID")`, say.Args{"Arg": quoted(fs.Arg(0))}))
		return exitUsage
	}
	svc, err := jobsService(ctx, &flags, stderr)
	if err != nil {
		return jobsFail("jobs", stderr, err)
	}
	jobs, err := svc.Jobs(ctx)
	if err != nil {
		return jobsFail("jobs", stderr, err)
	}
	if *jsonOut {
		enc := json.NewEncoder(stdout)
		for _, j := range jobs {
			if err := enc.Encode(lineOf(j)); err != nil {
				return jobsFail("jobs", stderr, err)
			}
		}
		return exitOK
	}
	if len(jobs) == 0 {
		fmt.Fprintln(stdout, say.T("No recent print jobs."))
		return exitOK
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tWHEN\tDOCUMENT\tPRINTER\tSTATE")
	now := time.Now()
	for _, j := range jobs {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", oneLine(safetext.Show(j.ID)), ago(j.Created, now),
			oneLine(safetext.Show(j.DocumentName)), oneLine(safetext.Show(j.Printer)), oneLine(safetext.Show(j.Words)))
	}
	if err := tw.Flush(); err != nil {
		return jobsFail("jobs", stderr, err)
	}
	return exitOK
}

// runJobsAction is "jobs cancel ID" and "jobs reprint ID".
func runJobsAction(ctx context.Context, d deps, verb string, args []string, stdout, stderr io.Writer) int {
	cmd := "jobs " + verb
	fs := flag.NewFlagSet("printdrop "+cmd, flag.ContinueOnError)
	flags := accountFlags{deps: d}
	flags.register(fs)
	jsonOut := fs.Bool("json", false, "reprint: print the new job as send --json does")
	if code, ok := parseFlags(fs, args, stderr); !ok {
		return code
	}
	if fs.NArg() != 1 {
		tell(stderr, "printdrop "+cmd, say.T(`name one job: printdrop {{.Command}} ID (the ids are in "printdrop jobs")`, say.Args{"Command": cmd}))
		return exitUsage
	}
	svc, err := jobsService(ctx, &flags, stderr)
	if err != nil {
		return jobsFail(cmd, stderr, err)
	}
	job, err := svc.FindJob(ctx, fs.Arg(0))
	if err != nil {
		return jobsFail(cmd, stderr, err)
	}
	if verb == "cancel" {
		if !job.Unfinished() {
			tell(stderr, "printdrop "+cmd, nothingToCancel(job))
			return exitFailure
		}
		if err := svc.CancelJob(ctx, job.ShareID, job.ID); err != nil {
			return jobsFail(cmd, stderr, err)
		}
		fmt.Fprintln(stdout, say.T("Job {{.Job}} canceled.", say.Args{"Job": safetext.Show(job.ID)}))
		return exitOK
	}
	return reprint(ctx, svc, job, *jsonOut, stdout, stderr)
}

// reprint prints job again, following the new job to its end as send does.
func reprint(ctx context.Context, svc *workflow.Service, job workflow.JobEntry, jsonOut bool, stdout, stderr io.Writer) int {
	const cmd = "jobs reprint"
	rp, err := svc.PrepareReprint(ctx, job)
	if err != nil {
		return jobsFail(cmd, stderr, err)
	}
	defer rp.Close()
	if rp.FromService {
		tell(stderr, "printdrop "+cmd, say.T("the file is no longer here; printing the service's copy of job {{.Job}}.", say.Args{"Job": safetext.Show(job.ID)}))
	}
	progress := newProgressLine(stderr, false)
	rp.Request.OnEvent = progress.onEvent
	task, err := svc.Print(ctx, rp.Request)
	if err != nil {
		return jobsFail(cmd, stderr, err)
	}
	res, err := task.Wait()
	progress.finish()
	if err != nil {
		return jobsFail(cmd, stderr, err)
	}
	writeResult(stdout, jsonOut, res)
	if !res.Succeeded() {
		return exitFailure
	}
	return exitOK
}

// jobsService signs in as "printers" does: scripts call it, so it never
// opens a browser and says how to sign in instead.
func jobsService(ctx context.Context, flags *accountFlags, stderr io.Writer) (*workflow.Service, error) {
	tokens, manager, err := signedIn(ctx, flags, false, stderr)
	if err != nil {
		return nil, err
	}
	return newCLIService(flags.deps, flags.settings(stderr).Settings, nil, tokens, manager, 0, stderr)
}

// jobsFail prints why a jobs command stopped; an id that is not among the
// user's recent jobs is a usage error.
func jobsFail(cmd string, stderr io.Writer, err error) int {
	fmt.Fprintln(stderr, failureLine(cmd, err))
	var no *workflow.NoReprintError
	if errors.As(err, &no) && no.Reason == workflow.NoReprintUnknownJob {
		return exitUsage
	}
	return exitCodeFor(err)
}

func lineOf(j workflow.JobEntry) jobLine {
	return jobLine{JobID: j.ID, ShareID: j.ShareID, Printer: j.Printer, Document: j.DocumentName,
		Created: j.Created.UTC().Format(time.RFC3339), State: string(j.Phase), Words: j.Words,
		Reason: j.Reason, PrinterState: j.PrinterState, Unfinished: j.Unfinished(), FromHere: j.FromHere,
		LocalFile: j.LocalFile, Fetchable: j.Fetchable}
}

// ago is when a job was made, as the window says ages; "-" when unknown.
func ago(t, now time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return units.Age(now.Sub(t))
}

// nothingToCancel says that a finished job cannot be cancelled, a sentence
// for each phase so that it translates whole.
func nothingToCancel(job workflow.JobEntry) string {
	a := say.Args{"Job": safetext.Show(job.ID)}
	switch job.Phase {
	case workflow.PhasePrinted:
		return say.T("job {{.Job}} is already printed: there is nothing to cancel.", a)
	case workflow.PhaseFailed:
		return say.T("job {{.Job}} is already failed: there is nothing to cancel.", a)
	}
	return say.T("job {{.Job}} is already canceled: there is nothing to cancel.", a)
}
