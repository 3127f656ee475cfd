package main

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"printdrop/internal/workflow"
)

func TestParseSendArgs(t *testing.T) {
	t.Parallel()
	var stderr bytes.Buffer
	opts, code, ok := parseSendArgs([]string{"a.pdf", "--share", "Floor 2", "--chunk-size", "4000KiB", "b.pdf",
		"--parallel=2", "--protocol", "draft", "--copies", "3", "--color", "bw", "--pages", "1-3,5", "--no-wait", "--", "-c.pdf"}, &stderr)
	if !ok {
		t.Fatalf("parse failed with code %d: %s", code, stderr.String())
	}
	if !reflect.DeepEqual(opts.files, []string{"a.pdf", "b.pdf", "-c.pdf"}) {
		t.Errorf("files = %q", opts.files)
	}
	if opts.share != "Floor 2" || opts.chunkSize != 4096000 || opts.parallel != 2 || opts.protocol != workflow.ProtocolDraft ||
		!opts.noWait || opts.job.Copies != 3 || opts.job.ColorMode != "bw" || opts.job.PageRanges != "1-3,5" {
		t.Errorf("options = %+v", opts)
	}
}

func TestParseSendArgsUsageErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args []string
		want string
	}{
		{nil, "name at least one file"},
		{[]string{"--share", "x"}, "name at least one file"},
		{[]string{"--chunk-size", "4MB", "a.pdf"}, "multiple of 204800"},
		{[]string{"--chunk-size", "lots", "a.pdf"}, "not a size"},
		{[]string{"--chunk-size", "10035200", "a.pdf"}, "below 10000000"},
		{[]string{"--parallel", "5", "a.pdf"}, "between 1 and 4"},
		{[]string{"--protocol", "v3", "a.pdf"}, "use v1 or draft"},
		{[]string{"--pages", "3-1", "a.pdf"}, "goes backwards"},
		{[]string{"--copies", "-1", "a.pdf"}, "1 or more"},
		{[]string{"--no-such-flag", "a.pdf"}, `unknown flag "--no-such-flag"`},
	}
	for _, tt := range tests {
		var stderr bytes.Buffer
		_, code, ok := parseSendArgs(tt.args, &stderr)
		if ok || code != exitUsage || !strings.Contains(stderr.String(), tt.want) {
			t.Errorf("%q: ok=%v code=%d stderr=%q; want exit %d mentioning %q", tt.args, ok, code, stderr.String(), exitUsage, tt.want)
		}
	}
	var stderr bytes.Buffer
	if _, code, ok := parseSendArgs([]string{"-h"}, &stderr); ok || code != exitOK || !strings.Contains(stderr.String(), "-chunk-size string") {
		t.Errorf("-h: ok=%v code=%d, help %q", ok, code, stderr.String())
	}
}
