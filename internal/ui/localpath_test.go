package ui

import "testing"

func TestLocalPathFor(t *testing.T) {
	tests := []struct{ goos, in, want string }{
		{"linux", "/home/a/report.pdf", "/home/a/report.pdf"},
		{"linux", "/C:/odd but legal.pdf", "/C:/odd but legal.pdf"},
		{"windows", "C:/Users/a/report.pdf", `C:\Users\a\report.pdf`},
		{"windows", "/C:/Users/a/report.pdf", `C:\Users\a\report.pdf`},
		{"windows", "/d:/x.pdf", `d:\x.pdf`},
		{"windows", "//server/share/x.pdf", `\\server\share\x.pdf`},
		{"windows", `C:\already\native.pdf`, `C:\already\native.pdf`},
	}
	for _, tt := range tests {
		if got := localPathFor(tt.goos, tt.in); got != tt.want {
			t.Errorf("localPathFor(%s, %q) = %q, want %q", tt.goos, tt.in, got, tt.want)
		}
	}
}
