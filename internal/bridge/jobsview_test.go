package bridge

import (
	"bytes"
	"context"
	"testing"

	"github.com/OpenPrinting/goipp"

	"printdrop/internal/emulator"
	"printdrop/internal/workflow"
)

// TestBridgePrintInJobsView: a print another application sends through
// the bridge appears in the print center as sent from this machine, under
// the title the application gave, and printed.
func TestBridgePrintInJobsView(t *testing.T) {
	b := startBridge(t, nil, emulator.ShareDefault)
	m := b.ipp(emulator.ShareDefault, goipp.OpPrintJob, owner(t), nil, bytes.NewReader(tinyPDF("jobs view")),
		goipp.MakeAttribute("document-format", goipp.TagMimeType, goipp.String("application/pdf")),
		goipp.MakeAttribute("job-name", goipp.TagName, goipp.String("quarterly")))
	id := jobID(t, m)
	b.waitJob(emulator.ShareDefault, id)
	up := b.upJob(id).ID
	jobs, err := b.svc.Jobs(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, j := range jobs {
		if j.ID == up {
			if !j.FromHere || j.DocumentName != "quarterly" || j.Phase != workflow.PhasePrinted {
				t.Fatalf("the bridge's job in the jobs view = %+v", j)
			}
			return
		}
	}
	t.Fatalf("job %s is not in the jobs view %+v", up, jobs)
}
