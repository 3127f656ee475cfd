// Command sdkcompat prints one file through Microsoft's Graph SDK for Go,
// used as Microsoft documents it: list the shares, create a job, open an
// upload session, send the file with the SDK's LargeFileUploadTask, start
// the job and poll it to the end. It prints {"job_id","state"} as JSON.
//
// It is its own module so that the SDK, large and slow to build, never
// enters PrintDrop's dependencies: the emulator's TestMicrosoftGraphSDK
// builds and runs it (PRINTDROP_SDK=1) to show the emulator is faithful
// enough for Microsoft's client code, unchanged.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/url"
	"os"
	"time"

	"github.com/microsoft/kiota-abstractions-go/authentication"
	msgraph "github.com/microsoftgraph/msgraph-sdk-go"
	"github.com/microsoftgraph/msgraph-sdk-go-core/fileuploader"
	"github.com/microsoftgraph/msgraph-sdk-go/models"
	"github.com/microsoftgraph/msgraph-sdk-go/print"
)

// staticToken hands the SDK one access token, for the Graph host only: the
// SDK's own AllowedHostsValidator decides, as with its Azure identity
// providers, so the upload host (another host name) never gets it.
type staticToken struct {
	token string
	hosts *authentication.AllowedHostsValidator
}

func (s staticToken) GetAuthorizationToken(_ context.Context, u *url.URL, _ map[string]interface{}) (string, error) {
	if !s.hosts.IsUrlHostValid(u) {
		return "", nil
	}
	return s.token, nil
}

func (s staticToken) GetAllowedHostsValidator() *authentication.AllowedHostsValidator { return s.hosts }

func main() {
	graphURL := flag.String("graph-url", "", "Graph base URL, without /v1.0")
	token := flag.String("token", "", "access token with PrinterShare.ReadBasic.All and PrintJob.ReadWrite")
	share := flag.String("share", "", "printer share id")
	file := flag.String("file", "", "PDF to print")
	flag.Parse()
	if err := run(*graphURL, *token, *share, *file); err != nil {
		fmt.Fprintln(os.Stderr, "sdkcompat:", err)
		os.Exit(1)
	}
}

func run(graphURL, token, shareID, file string) error {
	ctx := context.Background()
	gu, err := url.Parse(graphURL)
	if err != nil {
		return err
	}
	hosts, err := authentication.NewAllowedHostsValidatorErrorCheck([]string{gu.Hostname()})
	if err != nil {
		return err
	}
	auth := authentication.NewBaseBearerTokenAuthenticationProvider(staticToken{token, hosts})
	adapter, err := msgraph.NewGraphRequestAdapter(auth)
	if err != nil {
		return err
	}
	adapter.SetBaseUrl(graphURL + "/v1.0")
	client := msgraph.NewGraphServiceClient(adapter)

	shares, err := client.Print().Shares().Get(ctx, nil)
	if err != nil {
		return fmt.Errorf("list shares: %w", err)
	}
	found := false
	for _, s := range shares.GetValue() {
		found = found || *s.GetId() == shareID
	}
	if !found {
		return fmt.Errorf("share %s not listed among %d", shareID, len(shares.GetValue()))
	}
	jobs := client.Print().Shares().ByPrinterShareId(shareID).Jobs()
	job, err := jobs.Post(ctx, models.NewPrintJob(), nil)
	if err != nil {
		return fmt.Errorf("create job: %w", err)
	}
	jobID, docID := *job.GetId(), *job.GetDocuments()[0].GetId()

	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	props := models.NewPrintDocumentUploadProperties()
	name, ctype, size := fi.Name(), "application/pdf", fi.Size()
	props.SetDocumentName(&name)
	props.SetContentType(&ctype)
	props.SetSize(&size)
	body := print.NewSharesItemJobsItemDocumentsItemCreateUploadSessionPostRequestBody()
	body.SetProperties(props)
	us, err := jobs.ByPrintJobId(jobID).Documents().ByPrintDocumentId(docID).CreateUploadSession().Post(ctx, body, nil)
	if err != nil {
		return fmt.Errorf("create upload session: %w", err)
	}
	// 320 KiB slices, the SDK's documented multiple: several PUTs even for
	// a small file.
	task := fileuploader.NewLargeFileUploadTask[models.PrintDocumentable](adapter, us, f, 320*1024, models.CreatePrintDocumentFromDiscriminatorValue, nil)
	res := task.Upload(func(int64, int64) {})
	if !res.GetUploadSucceeded() {
		return fmt.Errorf("upload: %v", res.GetResponseErrors())
	}
	st, err := jobs.ByPrintJobId(jobID).Start().Post(ctx, nil)
	if err != nil {
		return fmt.Errorf("start: %w", err)
	}
	state := st.GetState().String()
	for deadline := time.Now().Add(30 * time.Second); state != "completed" && time.Now().Before(deadline); {
		time.Sleep(200 * time.Millisecond)
		j, err := jobs.ByPrintJobId(jobID).Get(ctx, nil)
		if err != nil {
			return fmt.Errorf("get job: %w", err)
		}
		state = j.GetStatus().GetState().String()
	}
	return json.NewEncoder(os.Stdout).Encode(map[string]any{"job_id": jobID, "state": state})
}
