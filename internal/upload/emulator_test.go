package upload_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"

	"golang.org/x/oauth2"

	"printdrop/internal/emulator"
	"printdrop/internal/emulator/emutest"
	"printdrop/internal/emulator/link"
	"printdrop/internal/graph"
	"printdrop/internal/ranges"
	"printdrop/internal/secret"
	"printdrop/internal/upload"
)

// env is an emulator on 127.0.0.1 and a graph client signed in to it: the
// engine is tested against the real HTTP protocol, not a model of it.
type env struct {
	*emutest.Env
	t  testing.TB
	c  *graph.Client
	tr *http.Transport // the transport under c, for the benchmarks' naive client
}

func startEnv(t testing.TB, shaping link.Config) *env {
	t.Helper()
	return startEnvConfig(t, emulator.Config{Link: shaping})
}

func startEnvConfig(t testing.TB, cfg emulator.Config) *env {
	t.Helper()
	e := &env{Env: emutest.Start(t, cfg), t: t}
	// The transport the app uses; kept so benchmarks can give the naive
	// client the very same one.
	tr := graph.NewTransport()
	e.tr = tr
	var err error
	e.c, err = graph.New(graph.Options{BaseURL: e.Info.GraphURL, Transport: tr,
		TokenSource: oauth2.StaticTokenSource(&oauth2.Token{AccessToken: e.Token()})})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// session is one job with a document and an upload session on it.
type session struct {
	protocol, shareID, printerID, jobID, docID string
	target                                     upload.Target
	url                                        string // v1 only
}

func (e *env) newSession(ctx context.Context, protocol string, size int64) *session {
	e.t.Helper()
	s := &session{protocol: protocol, shareID: emulator.ShareDefault, printerID: emulator.DemoPrinterID(1)}
	job, err := e.c.CreateJob(ctx, s.shareID, graph.JobConfiguration{})
	if err != nil {
		e.t.Fatal(err)
	}
	if len(job.Documents) == 0 {
		e.t.Fatal("the new job has no document")
	}
	s.jobID, s.docID = job.ID, job.Documents[0].ID
	e.renew(ctx, s, size)
	return s
}

// renew makes a fresh session for the same document.
func (e *env) renew(ctx context.Context, s *session, size int64) {
	e.t.Helper()
	props := graph.DocumentProperties{DocumentName: "doc.pdf", ContentType: "application/pdf", Size: size}
	if s.protocol == "draft" {
		d, err := e.c.CreateDraftUploadSession(ctx, s.printerID, s.jobID, s.docID, props)
		if err != nil {
			e.t.Fatal(err)
		}
		s.target = d
		return
	}
	u, err := e.c.CreateUploadSession(ctx, s.shareID, s.jobID, s.docID, props)
	if err != nil {
		e.t.Fatal(err)
	}
	s.target, s.url = u, u.URL().Reveal()
}

func randomData(n int64, seed uint64) []byte {
	b := make([]byte, n)
	_, _ = rand.NewChaCha8([32]byte{byte(seed), byte(seed >> 8), byte(n)}).Read(b)
	return b
}

// wantDocument fails the test unless the server holds exactly data as
// jobID's document.
func (e *env) wantDocument(jobID string, data []byte) {
	e.t.Helper()
	if gotSize, gotSHA, _ := e.Document(jobID); gotSize != int64(len(data)) || gotSHA != sha(data) {
		e.t.Fatalf("job %s: server has %d bytes %s, want %d %s", jobID, gotSize, gotSHA, len(data), sha(data))
	}
}

// uploadAll runs an engine for data into s with o to its end and checks the
// stored bytes.
func (e *env) uploadAll(ctx context.Context, s *session, data []byte, o upload.Options) {
	e.t.Helper()
	eng, err := upload.New(upload.Bytes("doc.pdf", data), s.target, o)
	if err != nil {
		e.t.Fatal(err)
	}
	if err := eng.Run(ctx); err != nil {
		e.t.Fatal(err)
	}
	e.wantDocument(s.jobID, data)
}

func sha(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func TestEmulatorSizesBothProtocols(t *testing.T) {
	t.Parallel()
	e := startEnv(t, link.Config{})
	ctx := context.Background()
	sizes := []int64{1, 204_800, 204_801, 64 << 20}
	if testing.Short() {
		sizes = sizes[:3]
	}
	for _, protocol := range []string{"v1", "draft"} {
		for _, order := range []upload.Order{upload.Sequential, upload.Reverse} {
			for _, size := range sizes {
				name := fmt.Sprintf("%s/order%d/%d", protocol, order, size)
				data := randomData(size, uint64(order))
				s := e.newSession(ctx, protocol, size)
				chunk := int64(upload.ChunkUnit) // many chunks even for small files
				if size > 10<<20 {
					chunk = upload.DefaultChunkSize
				}
				eng, err := upload.New(upload.Bytes("doc.pdf", data), s.target, upload.Options{ChunkSize: chunk, Order: order})
				if err != nil {
					t.Fatal(err)
				}
				if err := eng.Run(ctx); err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				if gotSize, gotSHA, _ := e.Document(s.jobID); gotSize != size || gotSHA != sha(data) {
					t.Fatalf("%s: server has %d bytes %s, want %d %s", name, gotSize, gotSHA, size, sha(data))
				}
			}
		}
	}
	for _, r := range e.Requests() {
		if r.Host == "upload" && r.Authorization {
			t.Fatalf("the upload host saw an Authorization header: %s %s", r.Method, r.Path)
		}
	}
}

// crashAt stands in for a process killed mid-upload: once the server has
// acknowledged half the file, every new PUT fails hard (no DELETE, no
// retry), as if the process had died; PUTs already in flight still land.
type crashAt struct {
	upload.Target
	crashed func() bool
}

type crashErr struct{}

func (crashErr) Error() string   { return "the process was killed" }
func (crashErr) HTTPStatus() int { return 499 }

func (c crashAt) Put(ctx context.Context, r ranges.Range, body io.Reader) (ranges.Set, bool, error) {
	if c.crashed() {
		return nil, false, crashErr{}
	}
	return c.Target.Put(ctx, r, body)
}

// A checkpoint saved by one engine lets a new engine (a new process, in
// real life) finish the upload from where the server stands, and the server
// receives at most parallel x chunk bytes more than the file.
func TestEmulatorResumeFromCheckpoint(t *testing.T) {
	t.Parallel()
	e := startEnv(t, link.Config{})
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "report.pdf")
	const parallel, chunk = 4, upload.ChunkUnit
	size := int64(40*chunk + 123)
	data := randomData(size, 42)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	secrets := secret.Memory() // stands in for the keychain, which outlives the process
	cpDir := filepath.Join(dir, "uploads")

	// First "process": open, create the session, checkpoint, crash half way.
	{
		f, err := upload.OpenFile(path)
		if err != nil {
			t.Fatal(err)
		}
		s := e.newSession(ctx, "v1", size)
		if err := upload.NewCheckpoints(cpDir, secrets).Save(upload.Checkpoint{FilePath: f.Path(), ShareID: s.shareID,
			JobID: s.jobID, DocumentID: s.docID, Protocol: "v1", Name: f.Name(), ContentType: f.ContentType(),
			Size: f.Size(), ModTime: f.ModTime(), Fingerprint: f.Fingerprint(), UploadURL: secret.Value(s.url)}); err != nil {
			t.Fatal(err)
		}
		var half atomic.Bool
		eng, _ := upload.New(f, crashAt{s.target, half.Load}, upload.Options{ChunkSize: chunk, Parallel: parallel,
			OnEvent: func(p upload.Progress) {
				if p.Acked >= size/2 {
					half.Store(true)
				}
			}})
		if err := eng.Run(ctx); err == nil {
			t.Fatal("the first run was meant to die half way")
		}
		f.Close()
	}

	// Second "process": find the checkpoint, rebuild the session, finish.
	f, err := upload.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cps := upload.NewCheckpoints(cpDir, secrets)
	cp, err := cps.Find(path, emulator.ShareDefault)
	if err != nil {
		t.Fatal(err)
	}
	target := e.c.ResumeUploadSession(cp.UploadURL.Reveal(), cp.Size)
	eng, _ := upload.New(f, target, upload.Options{ChunkSize: chunk, Parallel: parallel})
	if err := eng.Run(ctx); err != nil {
		t.Fatal(err)
	}
	if err := cps.Remove(path, cp.ShareID); err != nil {
		t.Fatal(err)
	}
	e.wantDocument(cp.JobID, data)
	received := e.UploadedBytes()
	if received > size+parallel*chunk {
		t.Fatalf("the server received %d bytes for a %d-byte file: more than parallel x chunk (%d) extra", received, size, parallel*chunk)
	}
	t.Logf("received %d bytes for %d (%.2f%% extra)", received, size, 100*float64(received-size)/float64(size))
}
