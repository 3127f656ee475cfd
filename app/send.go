package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"time"

	"printdrop/internal/say"
	"printdrop/internal/workflow"
)

func init() {
	register(command{name: "send", summary: "print files without the window (FILE...)", run: runSend})
}

// noProgressEnv names the no-progress window for uploads (a Go duration).
const noProgressEnv = "PRINTDROP_NO_PROGRESS_WINDOW"

// sendOptions are the flags of printdrop send, checked and typed.
type sendOptions struct {
	account   accountFlags
	share     string
	protocol  workflow.Protocol
	chunkSize int64 // 0: the settings' value
	parallel  int   // 0: the settings' value
	noWait    bool
	restart   bool
	keepJob   bool
	jsonOut   bool
	noConvert bool
	quiet     bool
	job       workflow.JobSettings // as typed; resolved against the printer later
	files     []string
	// noProgress is the no-progress window from PRINTDROP_NO_PROGRESS_WINDOW
	// (0: the engine's 2 minutes). Tests shorten it so a hostile service's
	// loop ends in seconds; users have no reason to set it.
	noProgress time.Duration
}

// parseSendArgs reads send's flags. Flags may come after the files
// ("printdrop send report.pdf --share Lyon"), as people type them; "--"
// ends the flags for file names that start with "-".
func parseSendArgs(args []string, stderr io.Writer) (opts sendOptions, code int, ok bool) {
	fs := flag.NewFlagSet("send", flag.ContinueOnError)
	opts.account.register(fs)
	var protocol, chunk string
	fs.StringVar(&opts.share, "share", "", "printer share: its name or id (default: the last share used)")
	fs.StringVar(&protocol, "protocol", "", "upload protocol: v1 (default) or draft (the 2020 beta printUploadSession)")
	fs.StringVar(&chunk, "chunk-size", "", "bytes per upload request: a multiple of 204800 below 10000000, e.g. 4096000 or 4000KiB (default 4000KiB)")
	fs.IntVar(&opts.parallel, "parallel", 0, "upload requests in flight, 1 to 4 (default 4)")
	fs.BoolVar(&opts.noWait, "no-wait", false, "exit once the job is started, without waiting for it to print")
	fs.BoolVar(&opts.restart, "restart", false, "start the upload over, cancelling the job an interrupted run left behind")
	fs.BoolVar(&opts.keepJob, "keep-job", false, "when interrupted (Ctrl+C), keep the job and the upload so the same command resumes it")
	fs.BoolVar(&opts.jsonOut, "json", false, "print one JSON object per file on stdout instead of a sentence")
	fs.BoolVar(&opts.noConvert, "no-convert", false, "refuse a file the printer does not take as it is, instead of converting it to PDF first")
	fs.BoolVar(&opts.quiet, "quiet", false, "no progress line on stderr")
	fs.IntVar(&opts.job.Copies, "copies", 0, "number of copies (default: the printer's default)")
	fs.StringVar(&opts.job.ColorMode, "color", "", "color mode: color, grayscale, bw or auto (only what the printer supports)")
	fs.StringVar(&opts.job.DuplexMode, "duplex", "", "two-sided printing: one-sided, long or short")
	fs.StringVar(&opts.job.MediaSize, "media", "", `paper size as the printer names it, e.g. A4 or "North America Letter" (letter)`)
	fs.StringVar(&opts.job.Orientation, "orientation", "", "portrait or landscape")
	fs.StringVar(&opts.job.PageRanges, "pages", "", "pages to print, e.g. 1-3,5 (default: all)")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "Usage: printdrop send [flags] FILE...\n\nPrints each file as its own job on a Universal Print share. Flags:")
		fs.PrintDefaults()
	}

	rest := args
	for len(rest) > 0 {
		if rest[0] == "--" { // everything after it is a file name
			opts.files = append(opts.files, rest[1:]...)
			break
		}
		if code, ok := parseFlags(fs, rest, stderr); !ok {
			return opts, code, false
		}
		if n := len(fs.Args()); n > 0 && len(rest) > n && rest[len(rest)-n-1] == "--" {
			opts.files = append(opts.files, fs.Args()...) // Parse ate a "--"
			break
		}
		rest = fs.Args()
		if len(rest) > 0 {
			opts.files = append(opts.files, rest[0])
			rest = rest[1:]
		}
	}

	usageErr := func(format string, a ...any) (sendOptions, int, bool) {
		tell(stderr, "printdrop send", fmt.Sprintf(format, a...))
		return opts, exitUsage, false
	}
	if len(opts.files) == 0 {
		return usageErr("%s", say.T(`name at least one file to print, e.g. printdrop send --share "Floor 2" report.pdf`))
	}
	p, err := workflow.ParseProtocol(protocol)
	if err != nil {
		return usageErr("--protocol: %v", err)
	}
	opts.protocol = p
	if chunk != "" {
		n, err := workflow.ParseByteSize(chunk)
		if err != nil {
			return usageErr("--chunk-size: %v", err)
		}
		if err := workflow.CheckChunkSize(n); err != nil {
			return usageErr("--chunk-size: %v", err)
		}
		opts.chunkSize = n
	}
	if opts.parallel != 0 { // 0: the settings' own
		if err := workflow.CheckParallel(opts.parallel); err != nil {
			return usageErr("--parallel: %v", err)
		}
	}
	if opts.job.Copies < 0 {
		return usageErr("%s", say.T("--copies must be 1 or more"))
	}
	if _, err := workflow.ParsePageRanges(opts.job.PageRanges); err != nil {
		return usageErr("--pages: %v", err)
	}
	if v := os.Getenv(noProgressEnv); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			return usageErr("%s", say.T("{{.Variable}} must be a positive duration such as 2m or 5s, not {{.Value}}", say.Args{"Variable": noProgressEnv, "Value": quoted(v)}))
		}
		opts.noProgress = d
	}
	return opts, exitOK, true
}

func runSend(ctx context.Context, d deps, args []string, stdout, stderr io.Writer) int {
	opts, code, ok := parseSendArgs(args, stderr)
	if !ok {
		return code
	}
	opts.account.deps = d
	// send's live heap is tiny (chunk bodies stream from the file), so a
	// tight GC target costs nothing and keeps the peak flat whatever the
	// file size: with the default, a 1 GB upload peaked ~2 MiB higher than
	// 64 MiB only because more garbage waited for the 4 MB minimum goal.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(25)
	}
	return sendFiles(ctx, opts, stdout, stderr)
}
