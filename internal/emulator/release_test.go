package emulator

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"testing"
)

// startRelease starts the emulator with QR-code release on the demo's share 1.
func startRelease(t *testing.T) *env {
	seed := DemoSeed()
	seed.Printers[0].Share.ReleaseMechanisms = []string{"qrCode"}
	e := start(t, Config{})
	res := e.do("POST", e.info.ControlURL+"/seed", "", seed, nil)
	if res.StatusCode != http.StatusNoContent {
		t.Fatalf("seed: %d", res.StatusCode)
	}
	res.Body.Close()
	return e
}

// printed uploads a small document to a new job on share and starts it.
func (e *env) printed(share string) jobJSON {
	e.t.Helper()
	data := pattern(1000)
	j := e.createJob(share)
	s := e.session(share, j, "memo.pdf", "application/pdf", int64(len(data)))
	if res := e.put(s.UploadURL, data, 0, int64(len(data)-1)); res.StatusCode != 201 {
		e.t.Fatalf("put: %d", res.StatusCode)
	}
	e.decode(e.graph("POST", "/v1.0/print/shares/"+share+"/jobs/"+j.ID+"/start", nil), 200, &statusJSONT{})
	return j
}

func TestReleaseWaitUntilReleased(t *testing.T) {
	e := startRelease(t)
	j := e.printed(ShareDefault)
	st := e.jobState(ShareDefault, j.ID)
	if st.State != "paused" || !slices.Equal(st.Details, []string{"releaseWait"}) || st.IsAcquiredByPrinter {
		t.Fatalf("held job status = %+v, want paused/[releaseWait] not acquired", st)
	}
	// It stays held (the processing timer is 50ms).
	if st := e.jobState(ShareDefault, j.ID); st.State != "paused" {
		t.Fatalf("held job moved on by itself: %+v", st)
	}
	var rel statusJSONT
	e.decode(e.do("POST", e.info.ControlURL+"/jobs/"+j.ID+"/release", "", nil, nil), 200, &rel)
	if rel.State != "processing" {
		t.Fatalf("release answered %+v", rel)
	}
	e.waitState(ShareDefault, j.ID, "completed")
	// A job no longer held cannot be released again.
	e.graphErr(e.do("POST", e.info.ControlURL+"/jobs/"+j.ID+"/release", "", nil, nil), 400, "invalidRequest")
	e.graphErr(e.do("POST", e.info.ControlURL+"/jobs/999999/release", "", nil, nil), 404, "itemNotFound")

	// Graph's own release action, on the printer route.
	j2 := e.printed(ShareDefault)
	res := e.graph("POST", "/v1.0/print/printers/"+DemoPrinterID(1)+"/jobs/release", map[string]string{"jobId": j2.ID})
	if res.StatusCode != http.StatusNoContent {
		t.Fatalf("Graph release: %d", res.StatusCode)
	}
	res.Body.Close()
	e.waitState(ShareDefault, j2.ID, "completed")

	// A share without a release mechanism prints at once.
	other := DemoShareID(2)
	j3 := e.printed(other)
	if st := e.jobState(other, j3.ID); st.State == "paused" {
		t.Fatalf("job on a share without release is held: %+v", st)
	}
}

func TestFetchableAndDownload(t *testing.T) {
	e := start(t, Config{})
	j := e.printed(ShareDefault)
	base := fmt.Sprintf("/v1.0/print/shares/%s/jobs/%s", ShareDefault, j.ID)
	var got struct {
		IsFetchable bool `json:"isFetchable"`
	}
	e.decode(e.graph("GET", base, nil), 200, &got)
	if !got.IsFetchable {
		t.Fatal("a started job with its document is not fetchable")
	}
	res := e.graph("GET", base+"/documents/"+j.Documents[0].ID+"/$value", nil)
	if res.StatusCode != http.StatusFound {
		t.Fatalf("$value of a fetchable job: %d", res.StatusCode)
	}
	res.Body.Close()

	// A canceled job's document can no longer be fetched.
	j2 := e.createJob(ShareDefault)
	data := pattern(10)
	s := e.session(ShareDefault, j2, "a.pdf", "application/pdf", int64(len(data)))
	e.put(s.UploadURL, data, 0, int64(len(data)-1)).Body.Close()
	base2 := fmt.Sprintf("/v1.0/print/shares/%s/jobs/%s", ShareDefault, j2.ID)
	e.graph("POST", base2+"/cancel", nil).Body.Close()
	e.decode(e.graph("GET", base2, nil), 200, &got)
	if got.IsFetchable {
		t.Fatal("a canceled job is fetchable")
	}
	e.graphErr(e.graph("GET", base2+"/documents/"+j2.Documents[0].ID+"/$value", nil), 404, "itemNotFound")
}

func TestRecentSharesAndCreatedByFilter(t *testing.T) {
	e := start(t, Config{})
	e.printed(DemoShareID(2))
	e.printed(ShareDefault)
	var recent struct {
		Value []struct {
			ID        string `json:"id"`
			ViewPoint struct {
				LastUsedDateTime string `json:"lastUsedDateTime"`
			} `json:"viewPoint"`
		} `json:"value"`
	}
	e.decode(e.graph("GET", "/beta/me/print/recentPrinterShares", nil), 200, &recent)
	if len(recent.Value) != 2 || recent.Value[0].ID != ShareDefault || recent.Value[1].ID != DemoShareID(2) ||
		recent.Value[0].ViewPoint.LastUsedDateTime == "" {
		t.Fatalf("recent shares = %+v, want share 1 then share 2 with lastUsedDateTime", recent.Value)
	}
	// ben prints on share 1 too; ana's filter leaves his job out.
	ben := e.token(SecondUserUPN, "PrintJob.ReadWrite")
	e.do("POST", e.info.GraphURL+"/v1.0/print/shares/"+ShareDefault+"/jobs", ben, map[string]any{}, nil).Body.Close()
	admin := e.token("admin@contoso.example", "PrintJob.ReadWrite.All")
	list := func(filter string) int {
		var out struct{ Value []json.RawMessage }
		u := e.info.GraphURL + "/v1.0/print/shares/" + ShareDefault + "/jobs"
		if filter != "" {
			u += "?$filter=" + filter
		}
		e.decode(e.do("GET", u, admin, nil, nil), 200, &out)
		return len(out.Value)
	}
	if all, ana := list(""), list("createdBy/userPrincipalName%20eq%20'ana@contoso.example'"); all != 2 || ana != 1 {
		t.Fatalf("jobs: all %d, ana's %d; want 2 and 1", all, ana)
	}
}

// TestDemoSeedHasAReleasePrinter: the demo's printer set has one printer
// with QR-code release, whose started jobs wait to be released.
func TestDemoSeedHasAReleasePrinter(t *testing.T) {
	e := start(t, Config{})
	j := e.printed(ShareRelease)
	if st := e.jobState(ShareRelease, j.ID); st.State != "paused" || !slices.Equal(st.Details, []string{"releaseWait"}) {
		t.Fatalf("a job on the demo's release printer is %+v, want held for release", st)
	}
	e.decode(e.do("POST", e.info.ControlURL+"/jobs/"+j.ID+"/release", "", nil, nil), 200, nil)
	e.waitState(ShareRelease, j.ID, "completed")
}
