package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"printdrop/internal/bridge"
	"printdrop/internal/bridgelink"
	"printdrop/internal/safetext"
	"printdrop/internal/say"
	"printdrop/internal/workflow"
)

func init() {
	register(command{name: "bridge", summary: "serve your printer shares as IPP printers for CUPS and every print dialog", run: runBridge})
}

// multiFlag is a repeatable string flag.
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

// bridgeOptions are printdrop bridge's flags.
type bridgeOptions struct {
	account accountFlags
	listen  string
	shares  multiFlag
	verbose bool
	queues  bool
	noDNSSD bool
}

func parseBridgeArgs(args []string, stderr io.Writer) (opts bridgeOptions, code int, ok bool) {
	fs := flag.NewFlagSet("bridge", flag.ContinueOnError)
	opts.account.register(fs)
	fs.StringVar(&opts.listen, "listen", bridge.DefaultListen, "loopback address to serve IPP on (keep the default so CUPS queues survive restarts)")
	fs.Var(&opts.shares, "share", "a share to serve, by name or id; repeat for more (default: the shares chosen for print dialogs, and the last one used)")
	fs.BoolVar(&opts.queues, "add-queues", false, "also make a CUPS queue per printer with lpadmin -m everywhere (needs the lpadmin group)")
	fs.BoolVar(&opts.noDNSSD, "no-dnssd", false, "do not announce the printers with DNS-SD through avahi (printers with a CUPS queue never are)")
	fs.BoolVar(&opts.verbose, "verbose", false, "log each connection refused and each job on stderr")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "Usage: printdrop bridge [flags]\n\nServes Universal Print shares as IPP printers on this computer, for CUPS. Flags:")
		fs.PrintDefaults()
	}
	if code, ok := parseFlags(fs, args, stderr); !ok {
		return opts, code, false
	}
	if fs.NArg() > 0 {
		tell(stderr, "printdrop bridge", say.T("unexpected argument {{.Arg}}", say.Args{"Arg": quoted(fs.Arg(0))}))
		return opts, exitUsage, false
	}
	host, _, err := net.SplitHostPort(opts.listen)
	if err != nil {
		tell(stderr, "printdrop bridge", say.T("--listen {{.Address}}: want HOST:PORT, e.g. {{.Example}}", say.Args{"Address": quoted(opts.listen), "Example": bridge.DefaultListen}))
		return opts, exitUsage, false
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		tell(stderr, "printdrop bridge", say.T("--listen {{.Address}}: the bridge serves this computer only: use a loopback address such as 127.0.0.1", say.Args{"Address": quoted(opts.listen)}))
		return opts, exitUsage, false
	}
	return opts, exitOK, true
}

// bridgeLine is the JSON line printed once the printers are served.
type bridgeLine struct {
	Listen   string          `json:"listen"`
	Printers []bridgePrinter `json:"printers"`
}

type bridgePrinter struct {
	ShareID string `json:"share_id"`
	Name    string `json:"name"`
	URI     string `json:"uri"`
}

func runBridge(ctx context.Context, d deps, args []string, stdout, stderr io.Writer) int {
	opts, code, ok := parseBridgeArgs(args, stderr)
	if !ok {
		return code
	}
	opts.account.deps = d
	srv, code, err := buildBridge(ctx, &opts, stderr)
	if err != nil {
		fmt.Fprintln(stderr, failureLine("bridge", err))
		return code
	}
	if srv == nil {
		return code
	}
	return serveBridge(ctx, srv, &opts, stdout, stderr)
}

// buildBridge signs in and makes the bridge's server for the shares to
// serve. On failure it returns the exit code with the error to explain,
// or, for a refusal it has already said, a nil server and no error.
func buildBridge(ctx context.Context, opts *bridgeOptions, stderr io.Writer) (*bridge.Server, int, error) {
	settings, prefs := loadCLISettings("bridge", &opts.account, stderr)
	queries := bridgeShares(opts.account.deps, opts.shares, settings, prefs)
	if len(queries) == 0 {
		tell(stderr, "printdrop bridge", say.T("no share to serve: name one with --share NAME (or ID), or print once with PrintDrop so the last printer used is served"))
		return nil, exitUsage, nil
	}
	svc, failCode, err := cliService(ctx, &opts.account, settings, prefs, 0, stderr)
	if err != nil {
		return nil, failCode, err
	}
	var printers []workflow.Printer
	for _, q := range queries {
		p, err := svc.ResolveShare(ctx, q)
		if err != nil {
			return nil, exitCodeFor(err), err
		}
		printers = append(printers, p)
	}
	spool, err := bridgeSpoolDir()
	if err != nil {
		return nil, exitFailure, err
	}
	level := slog.LevelWarn
	if opts.verbose {
		level = slog.LevelInfo
	}
	srv, err := bridge.New(bridge.Config{Service: svc, Printers: printers, SpoolDir: spool,
		Logger: slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))})
	if err != nil {
		return nil, exitFailure, err
	}
	return srv, exitOK, nil
}

// serveBridge listens, writes the JSON line of what it serves, makes the
// CUPS queues asked for, announces the printers and serves until ctx ends.
func serveBridge(ctx context.Context, srv *bridge.Server, opts *bridgeOptions, stdout, stderr io.Writer) int {
	l, err := net.Listen("tcp", opts.listen)
	if err != nil {
		tell(stderr, "printdrop bridge", say.T("cannot listen on {{.Address}}: {{.Problem}}. Is another bridge running? Stop it, or choose another address with --listen.",
			say.Args{"Address": safetext.Show(opts.listen), "Problem": safetext.Show(err.Error())}))
		return exitFailure
	}
	addr := l.Addr().String()
	line := bridgeLine{Listen: addr, Printers: []bridgePrinter{}}
	for _, p := range srv.Printers() {
		line.Printers = append(line.Printers, bridgePrinter{ShareID: p.ID(), Name: p.Name(), URI: "ipp://" + addr + "/printers/" + p.ID()})
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(l) }()
	srv.Resume(ctx)
	_ = json.NewEncoder(stdout).Encode(line)
	// After the line: a script waiting for it is not held up by CUPS.
	queued := map[string]bool{} // share ids with a queue made just now
	if opts.queues {
		served := srv.Printers()
		for i, p := range line.Printers {
			q := bridge.QueueName(p.Name)
			if err := bridge.AddQueue(ctx, q, p.URI, bridge.QueueDefaults(served[i])...); err != nil {
				tell(stderr, "printdrop bridge", say.T("{{.Problem}}. Are you in the lpadmin group? The printer is served anyway at {{.Address}}.",
					say.Args{"Problem": safetext.Show(err.Error()), "Address": p.URI}))
				continue
			}
			queued[p.ShareID] = true
			tell(stderr, "printdrop bridge", say.T("CUPS queue {{.Queue}} prints to {{.Printer}}.", say.Args{"Queue": quoted(q), "Printer": safetext.Show(p.Name)}))
		}
	}
	if !opts.noDNSSD {
		pub := announce(ctx, srv, l.Addr(), queued, stderr)
		defer pub.Close()
	}
	select {
	case <-ctx.Done():
	case err = <-done:
	}
	cerr := srv.Close()
	if err == nil {
		err = <-done
	}
	if err != nil || cerr != nil {
		fmt.Fprintf(stderr, "printdrop bridge: %v\n", errors.Join(err, cerr))
		return exitFailure
	}
	return exitOK
}

// bridgeShares are the shares to serve: those named on the command line,
// else those chosen for print dialogs (in the window's preferences or the
// command line's) and the last one used. The window's preferences are
// found through d.
func bridgeShares(d deps, flags []string, settings workflow.Settings, prefs workflow.Preferences) []string {
	if len(flags) > 0 {
		return flags
	}
	var out []string
	add := func(ids ...string) {
		for _, id := range ids {
			if id != "" && !slices.Contains(out, id) {
				out = append(out, id)
			}
		}
	}
	var ignored []string // an unreadable window file: --share and the CLI's choice remain
	window := d.windowPreferences(&ignored)
	add(bridgelink.Shares(window)...)
	add(workflow.LoadSettings(window).LastShareID)
	if prefs != nil {
		add(bridgelink.Shares(prefs)...)
	}
	add(settings.LastShareID)
	return out
}

// bridgeSpoolDir is the private folder where print jobs wait for their
// upload: in the user's cache dir, 0700 (bridge.New enforces it).
func bridgeSpoolDir() (string, error) {
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("find the cache folder for the print spool: %w", err)
	}
	return filepath.Join(dir, "PrintDrop", "bridge-spool"), nil
}

// announce publishes with DNS-SD the printers that have no CUPS queue yet
// (one printer, one queue in the print dialogs). Announcing is optional:
// when avahi is not there it says so once and the bridge serves on.
func announce(ctx context.Context, srv *bridge.Server, addr net.Addr, queued map[string]bool, stderr io.Writer) *bridge.Publication {
	tcp, ok := addr.(*net.TCPAddr)
	if !ok {
		return nil
	}
	uris, _ := bridge.QueuedURIs(ctx)
	var ads []bridge.Advert
	for _, ad := range srv.Adverts() {
		if queued[ad.ShareID] || bridge.Queued(uris, tcp.Port, ad.ShareID) {
			continue
		}
		ads = append(ads, ad)
	}
	if len(ads) == 0 {
		return nil
	}
	pub, err := bridge.PublishDNSSD(tcp.AddrPort().String(), ads)
	if err != nil {
		tell(stderr, "printdrop bridge", say.T("the printers are served but {{.Problem}}: print dialogs show them only through a CUPS queue: start avahi-daemon, or use --add-queues.", say.Args{"Problem": safetext.Show(err.Error())}))
		return nil
	}
	// avahi-daemon forgets the printers when it restarts: announce them
	// again each time it is back. report runs on Follow's goroutine;
	// stderr takes whole lines from it.
	report := func(err error) {
		if err != nil {
			tell(stderr, "printdrop bridge", say.T("avahi-daemon restarted and the printers could not be announced again ({{.Problem}}): restart the bridge, or use --add-queues.", say.Args{"Problem": safetext.Show(err.Error())}))
			return
		}
		tell(stderr, "printdrop bridge", say.T("avahi-daemon restarted: the printers are announced again."))
	}
	if err := pub.Follow(report); err != nil {
		tell(stderr, "printdrop bridge", say.T("the printers are announced, but not again if avahi-daemon restarts ({{.Problem}}).", say.Args{"Problem": safetext.Show(err.Error())}))
	}
	return pub
}
