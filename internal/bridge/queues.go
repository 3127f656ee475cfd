package bridge

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"time"
	"unicode"

	"printdrop/internal/workflow"
)

// QueueError is a CUPS queue that could not be made.
type QueueError struct {
	Queue  string
	Output string // what lpadmin or lpoptions said, sanitized
	Err    error
}

func (e *QueueError) Error() string {
	msg := fmt.Sprintf("CUPS could not make the queue %q", e.Queue)
	if e.Output != "" {
		msg += ": " + e.Output
	}
	if e.Err != nil {
		msg += " (" + e.Err.Error() + ")"
	}
	return msg
}

func (e *QueueError) Unwrap() error { return e.Err }

// QueueName turns a share's name into a CUPS queue name: letters, digits,
// '-' and '_' only (CUPS refuses spaces, '/', '#'), at most 127 bytes.
func QueueName(display string) string {
	var b strings.Builder
	under := false
	for _, r := range display {
		ok := r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-')
		switch {
		case ok:
			b.WriteRune(r)
			under = false
		case !under && b.Len() > 0:
			b.WriteByte('_')
			under = true
		}
		if b.Len() >= 120 {
			break
		}
	}
	name := strings.Trim(b.String(), "_")
	if name == "" {
		name = "PrintDrop"
	}
	return name
}

// QueueDefaults are the PPD defaults a queue for p needs beyond what CUPS
// reads from the printer, as lpadmin -o values: CUPS 2.4 writes
// "DefaultDuplex: None" into every driverless PPD whatever sides-default
// says, and then sends one-sided with every job, so a share that defaults
// to two-sided would print one-sided.
func QueueDefaults(p workflow.Printer) []string {
	o := optionsOf(p)
	switch ippOf(o.sides, p.Defaults.DuplexMode) {
	case "two-sided-long-edge":
		return []string{"Duplex=DuplexNoTumble"}
	case "two-sided-short-edge":
		return []string{"Duplex=DuplexTumble"}
	}
	return nil
}

// AddQueue makes a CUPS queue for uri with lpadmin -m everywhere (which
// needs root or the lpadmin group), then checks that CUPS really built
// its driver file: lpadmin exits 0 even when it could not, leaving a queue
// that prints nothing. CUPS writes that file in the background, so the
// check waits up to 30 s. defaults (see QueueDefaults) are then set as
// the queue's PPD defaults.
func AddQueue(ctx context.Context, queue, uri string, defaults ...string) error {
	out, err := exec.CommandContext(ctx, "lpadmin", "-p", queue, "-E", "-v", uri, "-m", "everywhere").CombinedOutput()
	if err != nil {
		return &QueueError{Queue: queue, Output: sanitize(strings.TrimSpace(string(out)), 300), Err: err}
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		ok, detail := queueHasPPD(ctx, queue)
		if ok {
			return setQueueDefaults(ctx, queue, defaults)
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			return &QueueError{Queue: queue, Output: sanitize(detail, 300),
				Err: fmt.Errorf("no driver file after lpadmin -m everywhere: is the bridge reachable at %s?", uri)}
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// queueHasPPD asks the CUPS scheduler (CUPS_SERVER: a socket path or
// host[:port]; default localhost:631) for the queue's PPD, which it serves
// to anyone at /printers/QUEUE.ppd.
func queueHasPPD(ctx context.Context, queue string) (bool, string) {
	server := os.Getenv("CUPS_SERVER")
	tr := &http.Transport{}
	host := server
	switch {
	case strings.HasPrefix(server, "/"):
		tr.DialContext = func(ctx context.Context, _, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, "unix", server)
		}
		host = "localhost"
	case server == "":
		host = "localhost:631"
	case !strings.Contains(server, ":"):
		host = server + ":631"
	}
	defer tr.CloseIdleConnections()
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+host+"/printers/"+url.PathEscape(queue)+".ppd", nil)
	if err != nil {
		return false, err.Error()
	}
	res, err := (&http.Client{Transport: tr}).Do(req)
	if err != nil {
		return false, err.Error()
	}
	defer res.Body.Close()
	head, _ := io.ReadAll(io.LimitReader(res.Body, 64))
	if res.StatusCode == http.StatusOK && strings.HasPrefix(string(head), "*PPD-Adobe") {
		return true, ""
	}
	return false, fmt.Sprintf("CUPS answered HTTP %d for the queue's PPD", res.StatusCode)
}

// setQueueDefaults sets PPD defaults on a queue CUPS has built.
func setQueueDefaults(ctx context.Context, queue string, defaults []string) error {
	if len(defaults) == 0 {
		return nil
	}
	args := []string{"-p", queue}
	for _, d := range defaults {
		args = append(args, "-o", d)
	}
	out, err := exec.CommandContext(ctx, "lpadmin", args...).CombinedOutput()
	if err != nil {
		return &QueueError{Queue: queue, Output: sanitize(strings.TrimSpace(string(out)), 300), Err: err}
	}
	return nil
}
