package secret

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

// TestValueNeverPrints: no verb, logger or encoder shows the credential,
// alone or inside a struct.
func TestValueNeverPrints(t *testing.T) {
	const raw = "https://print.example/uploadSessions/x?tempauthtoken=TOPSECRET"
	v := Value(raw)
	holder := struct{ U Value }{v}
	var logged bytes.Buffer
	slog.New(slog.NewJSONHandler(&logged, nil)).Info("x", "v", v, "holder", holder, "ptr", &v)
	js, err := json.Marshal(holder)
	if err != nil {
		t.Fatal(err)
	}
	outs := []string{v.String(), v.GoString(), fmt.Sprint(v), fmt.Sprintf("%s %q %x %v %+v %#v", v, v, v, v, holder, holder),
		fmt.Sprintf("%v", &holder), logged.String(), string(js)}
	for _, out := range outs {
		if strings.Contains(out, "TOPSECRET") {
			t.Errorf("the credential leaked: %s", out)
		}
	}
	if !strings.Contains(string(js), `"[redacted]"`) {
		t.Errorf("JSON %s, want the field as \"[redacted]\"", js)
	}
	if v.Reveal() != raw {
		t.Error("Reveal does not return the credential")
	}
}
