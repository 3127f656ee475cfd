package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"printdrop/internal/emulator"
)

func init() {
	register(command{name: "emulator", summary: "run the local Universal Print emulator (prints its URLs as JSON)", run: runEmulator})
}

// runEmulator serves the emulator until ctx ends (SIGINT/SIGTERM). Its one
// line of JSON on stdout is the contract scripts read; logs go to stderr.
func runEmulator(ctx context.Context, args []string, stdout, stderr io.Writer) int {
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
	fs.StringVar(&rate, "link-rate", "", "upload host bandwidth shared by all connections, e.g. 200Mbit or 25MB/s (default: unlimited)")
	fs.DurationVar(&cfg.JobProcessing, "job-processing", 3*time.Second, "how long a started job processes before it completes")
	fs.DurationVar(&cfg.SessionTTL, "session-ttl", 60*time.Minute, "upload session lifetime")
	fs.BoolVar(&cfg.ShowDemoCredentials, "show-demo-credentials", false, "show the demo user and password on the sign-in page")
	if code, ok := parseFlags(fs, args, stderr); !ok {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "printdrop emulator: unexpected argument %q\n", fs.Arg(0))
		return exitUsage
	}
	if rate != "" {
		r, err := parseRate(rate)
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

// parseRate reads a bandwidth: bits with "bit" units (200Mbit, 1.5Gbit/s)
// or bytes with "B" units (25MB/s, 10MiB). A bare number is bytes/s.
func parseRate(s string) (int64, error) {
	v := strings.TrimSuffix(strings.TrimSpace(s), "/s")
	i := strings.IndexFunc(v, func(r rune) bool { return (r < '0' || r > '9') && r != '.' })
	num, unit := v, ""
	if i >= 0 {
		num, unit = v[:i], strings.TrimSpace(v[i:])
	}
	n, err := strconv.ParseFloat(num, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("%q is not a rate: write it like 200Mbit or 25MB/s", s)
	}
	mult := map[string]float64{
		"": 1, "B": 1, "kB": 1e3, "KB": 1e3, "MB": 1e6, "GB": 1e9, "KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30,
		"bit": 1.0 / 8, "kbit": 1e3 / 8, "Kbit": 1e3 / 8, "Mbit": 1e6 / 8, "Gbit": 1e9 / 8,
		"bps": 1.0 / 8, "kbps": 1e3 / 8, "Mbps": 1e6 / 8, "Gbps": 1e9 / 8,
	}
	m, ok := mult[unit]
	if !ok {
		return 0, fmt.Errorf("unknown unit %q in %q: use bit, kbit, Mbit, Gbit, B, kB, MB, GB, KiB, MiB or GiB", unit, s)
	}
	r := int64(n * m)
	if r < 1 {
		return 0, fmt.Errorf("%q is below 1 byte per second", s)
	}
	return r, nil
}
