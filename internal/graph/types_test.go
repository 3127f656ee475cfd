package graph

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"printdrop/internal/ranges"
	"printdrop/internal/secret"
)

func rangeOf(a, b int64) ranges.Range { return ranges.Range{Start: a, End: b} }

func TestTimeParsing(t *testing.T) {
	t.Parallel()
	want := time.Date(2020, 2, 4, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Time
		err  bool
	}{
		{`"2020-02-04T00:00:00.0000000Z"`, want, false},
		{`"2020-02-04T00:00:00Z"`, want, false},
		{`"2020-02-04T00:00:00.1Z"`, want.Add(100 * time.Millisecond), false},
		{`"2020-02-04T00:00:00.123456789Z"`, want.Add(123456789), false},
		{`"2020-10-14T05:16:49-07:00"`, time.Date(2020, 10, 14, 12, 16, 49, 0, time.UTC), false},
		{`"2026-11-24T09:16:11"`, time.Date(2026, 11, 24, 9, 16, 11, 0, time.UTC), false},
		{`null`, time.Time{}, false},
		{`""`, time.Time{}, false},
		{`"yesterday"`, time.Time{}, true},
		{`12`, time.Time{}, true},
	}
	for _, tt := range tests {
		var got Time
		err := json.Unmarshal([]byte(tt.in), &got)
		if (err != nil) != tt.err || !got.Equal(tt.want) {
			t.Errorf("%s: got %v, %v; want %v (error %v)", tt.in, got.Time, err, tt.want, tt.err)
		}
	}
	b, _ := json.Marshal(Time{want.Add(5)})
	if string(b) != `"2020-02-04T00:00:00.000000005Z"` {
		t.Errorf("marshal: %s", b)
	}
	if b, _ := json.Marshal(Time{}); string(b) != "null" {
		t.Errorf("zero marshals as %s", b)
	}
}

// TestTolerantDecoding: values outside the CSDL enums and unknown fields
// decode instead of failing the whole share (the Kiota failure mode).
func TestTolerantDecoding(t *testing.T) {
	t.Parallel()
	body := `{"id":"s1","displayName":"Lobby","futureField":{"x":1},
	  "status":{"state":"unknownFutureValue","details":["disconnected","somethingNew"],"description":""},
	  "capabilities":{"colorModes":["color","hologram"],"copiesPerJob":{"start":1,"end":99}},
	  "location":{"building":"B","floor":"2","city":"Lyon","subUnit":["Wing"]},
	  "createdDateTime":"2026-11-24T09:15:02.1234567Z"}`
	var s Share
	if err := json.Unmarshal([]byte(body), &s); err != nil {
		t.Fatal(err)
	}
	if s.Status.State != "unknownFutureValue" || s.Status.Details[0] != DetailDisconnected || s.Capabilities.ColorModes[1] != "hologram" {
		t.Errorf("decoded %+v %+v", s.Status, s.Capabilities)
	}
	if s.Location.Subunit[0] != "Wing" {
		t.Errorf("subUnit spelling not accepted: %+v", s.Location)
	}
	if s.IsAcceptingJobs != nil || s.Defaults != nil {
		t.Error("absent fields must stay nil so the UI can tell unknown from false")
	}
}

func TestLocationString(t *testing.T) {
	t.Parallel()
	tests := []struct {
		l    *Location
		want string
	}{
		{nil, ""},
		{&Location{}, ""},
		{&Location{Building: "B", Floor: "2", City: "Lyon", CountryOrRegion: "FR"}, "Building B, floor 2, Lyon"},
		{&Location{RoomName: "204", Building: "Tower West", Floor: "12", City: "Paris"}, "Room 204, Tower West, floor 12, Paris"},
		{&Location{Building: "Building 7", FloorDescription: "Ground floor", CountryOrRegion: "DE"}, "Building 7, Ground floor, DE"},
		{&Location{Site: "HQ Campus", City: "Oslo"}, "HQ Campus, Oslo"},
		{&Location{Floor: "Floor 3"}, "Floor 3"},
	}
	for _, tt := range tests {
		if got := tt.l.String(); got != tt.want {
			t.Errorf("%+v: %q, want %q", tt.l, got, tt.want)
		}
	}
}

func TestJobStatusTerminal(t *testing.T) {
	t.Parallel()
	for state, want := range map[JobState]bool{JobCompleted: true, JobCanceled: true, JobAborted: true,
		JobPaused: false, JobProcessing: false, JobStopped: false, JobPending: false, "brandNew": false} {
		if got := (JobStatus{State: state}).Terminal(); got != want {
			t.Errorf("%s: Terminal = %v", state, got)
		}
	}
}

func TestJobConfigurationOmitsUnset(t *testing.T) {
	t.Parallel()
	b, _ := json.Marshal(JobConfiguration{Copies: Ptr(2), DuplexMode: Ptr(DuplexFlipOnLongEdge), PageRanges: []IntRange{{1, 3}}})
	if string(b) != `{"copies":2,"duplexMode":"flipOnLongEdge","pageRanges":[{"start":1,"end":3}]}` {
		t.Errorf("got %s", b)
	}
}

func TestSecretNeverPrints(t *testing.T) {
	t.Parallel()
	s := secret.Value("https://print.example/uploadSessions/x?tempauthtoken=TOPSECRET")
	var logged strings.Builder
	log := slog.New(slog.NewJSONHandler(&logged, nil))
	log.Info("x", "url", s, "struct", struct{ U secret.Value }{s})
	js, _ := json.Marshal(struct{ U secret.Value }{s})
	outs := []string{fmt.Sprint(s), fmt.Sprintf("%s %v %q %x %#v %+v", s, s, s, s, s, s),
		fmt.Sprintf("%v", struct{ U secret.Value }{s}), fmt.Sprintf("%#v", struct{ U secret.Value }{s}), logged.String(), string(js)}
	for _, o := range outs {
		if strings.Contains(o, "TOPSECRET") || strings.Contains(o, "print.example") {
			t.Errorf("secret leaked: %s", o)
		}
	}
	if s.Reveal() != string(s) {
		t.Error("Reveal must return the value")
	}
}
