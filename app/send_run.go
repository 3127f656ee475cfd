package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"printdrop/internal/auth"
	"printdrop/internal/safetext"
	"printdrop/internal/say"
	"printdrop/internal/units"
	"printdrop/internal/workflow"
)

// cliSettingsPath is where the command line remembers the last share (the
// window keeps its own preferences).
func cliSettingsPath() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "PrintDrop", "cli-settings.json"), nil
}

// sendFiles signs in, resolves the share, checks every file before creating
// any job, then prints the files one after another.
func sendFiles(ctx context.Context, opts sendOptions, stdout, stderr io.Writer) int {
	fail := func(code int, err error) int {
		writeFailure(stderr, err)
		return code
	}

	settings, prefs := loadCLISettings("send", &opts.account, stderr)
	settings.Protocol = opts.protocol
	if opts.chunkSize != 0 {
		settings.ChunkSize = opts.chunkSize
	}
	if opts.parallel != 0 {
		settings.Parallel = opts.parallel
	}
	share := opts.share
	if share == "" {
		share = settings.LastShareID
	}
	if share == "" {
		tell(stderr, "printdrop send", say.T("name the printer share with --share NAME (or its id); later runs remember it"))
		return exitUsage
	}

	svc, failCode, err := cliService(ctx, &opts.account, settings, prefs, opts.noProgress, stderr)
	if err != nil {
		return fail(failCode, err)
	}

	printer, err := svc.ResolveShare(ctx, share)
	if err != nil {
		return fail(exitCodeFor(err), err)
	}
	job, err := svc.ResolveJobSettings(printer, opts.job)
	if err != nil {
		return fail(exitRefused, err)
	}
	// Every file is checked before the first job exists: bad input never
	// leaves a job behind.
	check := svc.CheckFile
	if opts.noConvert {
		check = svc.CheckFileAsIs
	}
	for _, f := range opts.files {
		if err := check(f, printer); err != nil {
			return fail(exitRefused, err)
		}
	}

	code := exitOK
	for _, f := range opts.files {
		progress := newProgressLine(stderr, opts.quiet)
		task, err := svc.Print(ctx, workflow.PrintRequest{
			Path: f, Printer: printer, JobSettings: job,
			Restart: opts.restart, KeepJob: opts.keepJob, NoWait: opts.noWait, NoConvert: opts.noConvert,
			OnEvent: progress.onEvent,
		})
		if err != nil {
			return fail(exitCodeFor(err), err)
		}
		res, err := task.Wait()
		progress.finish()
		if err != nil {
			if errors.Is(err, context.Canceled) && opts.keepJob && res.JobID != "" {
				tell(stderr, "printdrop send", say.T("interrupted; job {{.Job}} is kept: run the same command again to resume.", say.Args{"Job": safetext.Show(res.JobID)}))
				return exitFailure
			}
			return fail(exitCodeFor(err), err)
		}
		writeResult(stdout, opts.jsonOut, res)
		if !res.Succeeded() {
			code = exitFailure
		}
	}
	return code
}

// exitCodeFor maps a failure to the exit code scripts branch on.
func exitCodeFor(err error) int {
	var notFound *workflow.ShareNotFoundError
	var ambiguous *workflow.AmbiguousShareError
	var setting *workflow.SettingError
	switch {
	case errors.Is(err, auth.ErrSignInRequired), errors.Is(err, auth.ErrCancelled), errors.Is(err, auth.ErrTimeout),
		errors.Is(err, auth.ErrNoClientID), workflow.HTTPStatus(err) == 401:
		return exitSignIn
	case errors.As(err, &notFound), errors.As(err, &ambiguous):
		return exitUsage
	case workflow.IsRefused(err), errors.As(err, &setting):
		return exitRefused
	}
	return exitFailure
}

// writeResult prints one line (or one JSON object) per printed file.
func writeResult(w io.Writer, jsonOut bool, r workflow.Result) {
	if jsonOut {
		out := struct {
			File        string   `json:"file"`
			ShareID     string   `json:"share_id"`
			JobID       string   `json:"job_id"`
			State       string   `json:"state"`
			Details     []string `json:"details,omitempty"`
			Description string   `json:"description,omitempty"`
			Size        int64    `json:"size"`
			Resumed     bool     `json:"resumed"`
			// Only for a file converted to PDF before its upload (size is
			// then the PDF's too); pages is 0 when it could not be counted.
			ConvertedFrom  string `json:"converted_from,omitempty"`
			ConvertedSize  int64  `json:"converted_size,omitempty"`
			ConvertedPages *int   `json:"converted_pages,omitempty"`
		}{File: r.File, ShareID: r.ShareID, JobID: r.JobID, State: r.State, Details: r.Details,
			Description: r.Description, Size: r.Size, Resumed: r.Resumed}
		if c := r.Converted; c != nil {
			out.ConvertedFrom, out.ConvertedSize, out.ConvertedPages = c.From, c.Size, &c.Pages
		}
		_ = json.NewEncoder(w).Encode(out)
		return
	}
	line := fmt.Sprintf("%s: job %s %s", filepath.Base(r.File), r.JobID, r.State)
	if c := r.Converted; c != nil {
		line = fmt.Sprintf("%s: printed as PDF (%s), job %s %s", filepath.Base(r.File), pagesOrSize(c), r.JobID, r.State)
	}
	if r.Description != "" {
		line += " (" + r.Description + ")"
	}
	fmt.Fprintln(w, safetext.Show(line))
}

// pagesOrSize says how large a converted document came out.
func pagesOrSize(c *workflow.Conversion) string {
	if c.Pages > 0 {
		return units.Pages(c.Pages)
	}
	return units.Bytes(c.Size)
}

// writeFailure prints why send stopped: the headline and next step, and,
// when no rule recognised the error, its details too, since the generic
// headline alone names no cause. Everything is sanitized (Explain does it).
func writeFailure(stderr io.Writer, err error) {
	x := workflow.ExplainError(err)
	if x.Headline == "" { // cancelled
		tell(stderr, "printdrop send", say.T("Interrupted."))
		return
	}
	msg := x.Headline
	if x.NextStep != "" {
		msg += ". " + x.NextStep
	}
	fmt.Fprintln(stderr, "printdrop send: "+msg)
	if x.Unclassified && x.Details != "" {
		for _, line := range strings.Split(x.Details, "\n") {
			fmt.Fprintln(stderr, "  details: "+line)
		}
	}
}
