package emulator

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestMicrosoftGraphSDK prints a file through Microsoft's Graph SDK for Go
// (msgraph-sdk-go and msgraph-sdk-go-core's LargeFileUploadTask), used as
// Microsoft documents it, against the emulator: list shares, create a job,
// open an upload session, upload in slices, start, poll to completed. The
// program lives in its own module (sdkcompat/) so the SDK never becomes a
// PrintDrop dependency; building it takes minutes, so the test runs only
// with PRINTDROP_SDK=1, which .ci/run sets in a step of its own.
//
// The upload host listens on 127.0.0.2, another host name than Graph's, as
// print.print.microsoft.com is another than graph.microsoft.com: the SDK
// then keeps the bearer token from the upload URL by its own rules.
func TestMicrosoftGraphSDK(t *testing.T) {
	if os.Getenv("PRINTDROP_SDK") == "" {
		t.Skip("set PRINTDROP_SDK=1 to build Microsoft's Graph SDK (minutes) and print through it")
	}
	e := start(t, Config{UploadAddr: "127.0.0.2:0"})
	bin := filepath.Join(t.TempDir(), "sdkcompat")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Dir = "sdkcompat"
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building the SDK program: %v\n%s", err, out)
	}
	data := make([]byte, 1_000_003) // four 320 KiB slices, the last one short
	r := rand.NewChaCha8([32]byte{7})
	r.Read(data)
	file := filepath.Join(t.TempDir(), "report.pdf")
	if err := os.WriteFile(file, data, 0o600); err != nil {
		t.Fatal(err)
	}

	var stdout, stderr bytes.Buffer
	run := exec.Command(bin, "-graph-url", e.info.GraphURL, "-token", e.tok, "-share", ShareDefault, "-file", file)
	run.Stdout, run.Stderr = &stdout, &stderr
	if err := run.Run(); err != nil {
		t.Fatalf("printing through the SDK: %v\n%s", err, stderr.String())
	}
	var got struct {
		JobID string `json:"job_id"`
		State string `json:"state"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &got); err != nil || got.State != "completed" {
		t.Fatalf("SDK program printed %q (%v), want a completed job", stdout.String(), err)
	}
	var doc struct {
		Size   int64  `json:"size"`
		SHA256 string `json:"sha256"`
	}
	e.decode(e.do("GET", e.info.ControlURL+"/jobs/"+got.JobID+"/document", "", nil, nil), 200, &doc)
	sum := sha256.Sum256(data)
	if doc.Size != int64(len(data)) || doc.SHA256 != hex.EncodeToString(sum[:]) {
		t.Fatalf("stored %d bytes %s, want %d %x", doc.Size, doc.SHA256, len(data), sum)
	}
	var log []requestEntry
	e.decode(e.do("GET", e.info.ControlURL+"/requests", "", nil, nil), 200, &log)
	puts := 0
	for _, r := range log {
		if r.Host == "upload" && r.Authorization {
			t.Errorf("the SDK sent a bearer to the upload host: %s %s", r.Method, r.Path)
		}
		if r.Host == "upload" && r.Method == "PUT" {
			puts++
		}
	}
	if puts != 4 {
		t.Errorf("%d PUTs to the upload host, want the SDK's 4 slices", puts)
	}
}
