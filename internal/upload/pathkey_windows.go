package upload

import "strings"

// pathKey is path as the file system tells names apart. Windows file
// systems ignore case, so C:\Docs\Report.pdf and c:\docs\REPORT.PDF are one
// file and must find the same checkpoint (a drop, the Open-with command
// line and a typed path may spell it differently).
func pathKey(path string) string { return strings.ToLower(path) }
