package policy

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writePolicy(t *testing.T, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "printdrop.conf")
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestReadFile reads every key, with comments, blank lines, quotes, CRLF
// line ends and a byte order mark; unknown keys and broken lines are
// warnings naming the line, never errors.
func TestReadFile(t *testing.T) {
	path := writePolicy(t, "\xef\xbb\xbf# PrintDrop policy\r\n"+
		"client_id = 4f5e6d7c-8b9a-4c1d-8e2f-3a4b5c6d7e80\r\n"+
		"\r\n"+
		"  Tenant=\"contoso.onmicrosoft.com\"  \r\n"+
		"cloud = usgov\r\n"+
		"authority_url = https://login.example/t\r\n"+
		"graph_url = https://graph.example\r\n"+
		"colour = blue\r\n"+
		"this line has no equals sign\r\n")
	p, err := ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want := Values{ClientID: "4f5e6d7c-8b9a-4c1d-8e2f-3a4b5c6d7e80", Tenant: "contoso.onmicrosoft.com", Cloud: "usgov",
		AuthorityURL: "https://login.example/t", GraphURL: "https://graph.example"}
	if p.Values != want {
		t.Fatalf("got %+v\nwant %+v", p.Values, want)
	}
	if len(p.Warnings) != 2 || !strings.Contains(p.Warnings[0], `line 8: unknown key "colour"`) || !strings.Contains(p.Warnings[1], "line 9 is not") {
		t.Fatalf("warnings %q", p.Warnings)
	}
	if p.Where != path {
		t.Fatalf("where %q", p.Where)
	}
}

// TestReadFile_AllCommentedChangesNothing: the example the .deb ships has
// every line commented, so installing it sets nothing.
func TestReadFile_AllCommentedChangesNothing(t *testing.T) {
	example, err := os.ReadFile("../../assets/linux/printdrop.conf")
	if err != nil {
		t.Fatal(err)
	}
	p, err := ReadFile(writePolicy(t, string(example)))
	if err != nil || !p.IsZero() || len(p.Warnings) != 0 {
		t.Fatalf("the shipped example sets %+v, warnings %q, err %v", p.Values, p.Warnings, err)
	}
	for _, key := range []string{"client_id", "tenant", "cloud", "authority_url", "graph_url"} {
		if !strings.Contains(string(example), "# "+key+" =") {
			t.Errorf("the example does not document %s", key)
		}
	}
}

// TestReadFile_MissingAndBroken: no file is no policy; a directory or an
// oversized file is an error the caller reports.
func TestReadFile_MissingAndBroken(t *testing.T) {
	p, err := ReadFile(filepath.Join(t.TempDir(), "absent.conf"))
	if err != nil || !p.IsZero() {
		t.Fatalf("missing file: %+v, %v", p, err)
	}
	if _, err := ReadFile(t.TempDir()); err == nil {
		t.Fatal("a directory read as a policy")
	}
	big := writePolicy(t, "# "+strings.Repeat("x", maxFileSize)+"\n")
	if _, err := ReadFile(big); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Fatalf("oversized file: %v", err)
	}
}
