package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"time"

	"printdrop/internal/emulator"
	"printdrop/internal/emulator/link"
)

func init() {
	register(command{name: "emulator", summary: "run the local Universal Print emulator (prints its URLs as JSON)", run: runEmulator})
}

// runEmulator serves the emulator until ctx ends (SIGINT/SIGTERM). Its one
// line of JSON on stdout is the contract scripts read; logs go to stderr.
func runEmulator(ctx context.Context, d deps, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("printdrop emulator", flag.ContinueOnError)
	var cfg emulator.Config
	var rate string
	fs.StringVar(&cfg.GraphAddr, "graph-addr", "127.0.0.1:0", "listen address of the Graph host")
	fs.StringVar(&cfg.UploadAddr, "upload-addr", "127.0.0.1:0", "listen address of the upload host")
	fs.StringVar(&cfg.UploadPublicURL, "upload-public-url", "", "base URL put into uploadUrls (default: the upload host's own URL)")
	fs.StringVar(&cfg.DataDir, "data-dir", "", "where documents are stored (default: a temporary directory removed on exit)")
	fs.StringVar(&cfg.SeedFile, "seed", "", "seed JSON file (default: the built-in demo seed)")
	fs.BoolVar(&cfg.Strict, "strict", false, "strict mode: refuse the documented typos that lenient mode tolerates")
	fs.DurationVar(&cfg.Link.Delay, "link-delay", 0, "one-way delay on the upload host's link, e.g. 25ms")
	fs.DurationVar(&cfg.GraphLink.Delay, "graph-link-delay", 0, "one-way delay on the Graph host's link (API, sign-in and control routes), e.g. 50ms")
	fs.IntVar(&cfg.SeedShares, "seed-shares", 0, "replace the seed's printers with this many shares (the demo's 30 repeated, \"Share 00000 – ...\"), for large-tenant tests")
	fs.StringVar(&rate, "link-rate", "", "upload host bandwidth shared by all connections, e.g. 200Mbit or 25MB/s (default: unlimited)")
	fs.DurationVar(&cfg.JobProcessing, "job-processing", 3*time.Second, "how long a started job processes before it completes")
	fs.DurationVar(&cfg.SessionTTL, "session-ttl", 60*time.Minute, "upload session lifetime")
	fs.BoolVar(&cfg.SequentialOnly, "sequential-only", false, "upload host takes ranges only in order, one at a time (416 fragmentOutOfOrder otherwise)")
	fs.BoolVar(&cfg.ExpiredAs401, "expired-401", false, "an upload URL whose session ended answers 401 expiredToken instead of 404")
	fs.BoolVar(&cfg.Conflict409, "conflict-409", false, "start, cancel or createUploadSession on a job in the wrong state answers 409 instead of 400")
	fs.BoolVar(&cfg.ScopeAccessDenied, "access-denied", false, "a token lacking a scope gets 403 accessDenied instead of UnknownError")
	fs.BoolVar(&cfg.JobLimits, "job-limits", false, "enforce Universal Print's limits: 4 unfinished jobs per user per printer, 100 per printer and 200 per user in 10 minutes, 1 GiB of upload per user in 15 minutes and 50 GiB in 10 days (429)")
	fs.Int64Var(&cfg.UploadBudget, "upload-budget", 0, "with --job-limits: bytes of upload per user in 15 minutes (default 1 GiB; the 10-day quota is 50 times it)")
	fs.BoolVar(&cfg.ShowDemoCredentials, "show-demo-credentials", false, "show the demo user and password on the sign-in page")
	if code, ok := parseFlags(fs, args, stderr); !ok {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "printdrop emulator: unexpected argument %q\n", fs.Arg(0))
		return exitUsage
	}
	if rate != "" {
		r, err := link.ParseRate(rate)
		if err != nil {
			fmt.Fprintf(stderr, "printdrop emulator: --link-rate: %v\n", err)
			return exitUsage
		}
		cfg.Link.Rate = r
	}
	cfg.Logger = slog.New(slog.NewTextHandler(stderr, nil))
	srv, err := emulator.Start(cfg)
	if err != nil {
		fmt.Fprintf(stderr, "printdrop emulator: %v\n", err)
		return exitFailure
	}
	line, _ := json.Marshal(srv.Info())
	fmt.Fprintln(stdout, string(line))
	<-ctx.Done()
	if err := srv.Close(); err != nil {
		fmt.Fprintf(stderr, "printdrop emulator: shutting down: %v\n", err)
		return exitFailure
	}
	return exitOK
}
