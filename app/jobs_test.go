package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"printdrop/internal/emulator"
)

func (e *sendEnv) jobs(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = runJobs(context.Background(), testDeps(), args, &out, &errb)
	return code, out.String(), errb.String()
}

// jobLines runs "jobs --json" and decodes its lines.
func (e *sendEnv) jobLines() []map[string]any {
	e.t.Helper()
	code, stdout, stderr := e.jobs("--json")
	if code != exitOK {
		e.t.Fatalf("jobs --json: exit %d\nstderr: %s", code, stderr)
	}
	var out []map[string]any
	dec := json.NewDecoder(strings.NewReader(stdout))
	for dec.More() {
		var m map[string]any
		if err := dec.Decode(&m); err != nil {
			e.t.Fatalf("%v in %s", err, stdout)
		}
		out = append(out, m)
	}
	return out
}

// jobLine waits up to 10 s for job id to reach state in "jobs --json".
func (e *sendEnv) jobLine(id, state string) map[string]any {
	e.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		var last map[string]any
		for _, l := range e.jobLines() {
			if l["job_id"] == id {
				last = l
			}
		}
		if last != nil && last["state"] == state {
			return last
		}
		if time.Now().After(deadline) {
			e.t.Fatalf("job %s is %v, want state %s", id, last, state)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// sendHeld prints a file with --no-wait on the default share, which holds
// jobs for release, and returns the job id and the file.
func (e *sendEnv) sendHeld(name string) (string, string) {
	e.t.Helper()
	path := e.file(name, 3000)
	code, stdout, stderr := e.send("--share", emulator.ShareDefault, "--no-wait", "--json", "--quiet", path)
	if code != exitOK {
		e.t.Fatalf("send: exit %d\nstderr: %s", code, stderr)
	}
	var r sendResult
	if err := json.Unmarshal([]byte(stdout), &r); err != nil || r.JobID == "" {
		e.t.Fatalf("send answer %q: %v", stdout, err)
	}
	return r.JobID, path
}

func newJobsEnv(t *testing.T) *sendEnv {
	e := newSendEnv(t, emulator.Config{})
	seed := emulator.DemoSeed()
	seed.Printers[0].Share.ReleaseMechanisms = []string{"qrCode"}
	e.Control("POST", "/seed", seed, nil)
	return e
}

// TestJobsHeldThenPrinted: a job sent from here shows held for release
// with the sentence, then printed once released; the table says it too.
func TestJobsHeldThenPrinted(t *testing.T) {
	e := newJobsEnv(t)
	id, path := e.sendHeld("memo.pdf")
	l := e.jobLine(id, "held")
	words, _ := l["words"].(string)
	if !strings.Contains(words, "Go to the printer and release it, for example by scanning its QR code.") ||
		l["from_here"] != true || l["unfinished"] != true || l["document"] != "memo.pdf" ||
		l["share_id"] != emulator.ShareDefault || l["local_file"] == "" || l["created"] == "" {
		t.Fatalf("held line = %v (file %s)", l, path)
	}
	for _, k := range []string{"printer", "fetchable"} {
		if _, ok := l[k]; !ok {
			t.Errorf("key %s missing in %v", k, l)
		}
	}
	code, stdout, _ := e.jobs()
	if code != exitOK || !strings.HasPrefix(stdout, "ID") || !strings.Contains(stdout, "Held for release") || !strings.Contains(stdout, "just now") {
		t.Fatalf("table: exit %d\n%s", code, stdout)
	}
	e.Control("POST", "/jobs/"+id+"/release", nil, nil)
	if l := e.jobLine(id, "printed"); l["unfinished"] != false {
		t.Fatalf("printed line = %v", l)
	}
}

// TestJobsCancel: "jobs cancel ID" cancels an unfinished job and refuses
// a finished one; an unknown id is a usage error.
func TestJobsCancel(t *testing.T) {
	e := newJobsEnv(t)
	id, _ := e.sendHeld("a.pdf")
	code, stdout, stderr := e.jobs("cancel", id)
	if code != exitOK || !strings.Contains(stdout, "Job "+id+" canceled.") {
		t.Fatalf("cancel: exit %d\nstdout %s\nstderr %s", code, stdout, stderr)
	}
	if st := e.JobState(id); st != "canceled" {
		t.Fatalf("the service says %s", st)
	}
	code, _, stderr = e.jobs("cancel", id)
	if code != exitFailure || !strings.Contains(stderr, "already canceled") {
		t.Fatalf("cancel again: exit %d, stderr %s", code, stderr)
	}
	code, _, stderr = e.jobs("cancel", "999999")
	if code != exitUsage || !strings.Contains(stderr, "not among your recent jobs") {
		t.Fatalf("cancel unknown: exit %d, stderr %s", code, stderr)
	}
	if code, _, _ := e.jobs("cancel"); code != exitUsage {
		t.Fatalf("cancel without an id: exit %d", code)
	}
}

// TestJobsReprint: from the local file, then from the service's copy once
// the file is gone; a canceled job whose file is gone cannot be printed
// again, and the command says why.
func TestJobsReprint(t *testing.T) {
	e := newJobsEnv(t)
	id, path := e.sendHeld("report.pdf")
	_, want, _ := e.Document(id)

	reprinted := func(args ...string) (string, string) {
		t.Helper()
		code, stdout, stderr := e.jobs(append([]string{"reprint", "--json"}, args...)...)
		if code != exitOK {
			t.Fatalf("reprint: exit %d\nstderr %s", code, stderr)
		}
		var r sendResult
		if err := json.Unmarshal([]byte(stdout), &r); err != nil || r.JobID == "" || r.JobID == id {
			t.Fatalf("reprint answer %q: %v", stdout, err)
		}
		return r.JobID, stderr
	}
	// Held jobs never end; release each reprint so the command returns.
	go e.releaseNext(id)
	first, _ := reprinted(id)
	if _, got, _ := e.Document(first); got != want {
		t.Fatal("the reprint from the local file has other bytes")
	}

	os.Remove(path)
	go e.releaseNext(first)
	second, stderr := reprinted(id)
	if !strings.Contains(stderr, "service's copy") {
		t.Fatalf("reprint without the file says %q", stderr)
	}
	if _, got, _ := e.Document(second); got != want {
		t.Fatal("the reprint from the service's copy has other bytes")
	}

	gone, gonePath := e.sendHeld("gone.pdf")
	os.Remove(gonePath)
	if code, _, stderr := e.jobs("cancel", gone); code != exitOK {
		t.Fatalf("cancel: %s", stderr)
	}
	code, _, stderr := e.jobs("reprint", gone)
	if code != exitFailure || !strings.Contains(stderr, "cannot be printed again") || !strings.Contains(stderr, "no longer keeps its document") {
		t.Fatalf("reprint of a canceled job without its file: exit %d, stderr %s", code, stderr)
	}
}

// releaseNext releases the first held job newer than after, as a user at
// the printer would.
func (e *sendEnv) releaseNext(after string) {
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		var log []struct {
			Method string `json:"method"`
			Path   string `json:"path"`
		}
		if _, err := e.Do("GET", "/requests", nil, &log); err != nil {
			return
		}
		for _, r := range log {
			if r.Method == "POST" && strings.HasSuffix(r.Path, "/start") {
				parts := strings.Split(r.Path, "/")
				jid := parts[len(parts)-2]
				if jid > after {
					if code, _ := e.Do("POST", "/jobs/"+jid+"/release", nil, nil); code == 200 {
						return
					}
				}
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
}
