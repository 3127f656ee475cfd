package policy

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
	"strings"
)

// DefaultFile is the machine-wide policy file on Linux and other Unix
// systems. The .deb ships a commented example there.
const DefaultFile = "/etc/printdrop/printdrop.conf"

// maxFileSize bounds what is read: a policy is a handful of lines, and a
// huge file (a mistake, /dev/zero linked there) must not stall the start.
const maxFileSize = 64 << 10

// fileKeys are the keys of the policy file, and the field each fills.
var fileKeys = map[string]func(*Values) *string{
	"client_id":     func(v *Values) *string { return &v.ClientID },
	"tenant":        func(v *Values) *string { return &v.Tenant },
	"cloud":         func(v *Values) *string { return &v.Cloud },
	"authority_url": func(v *Values) *string { return &v.AuthorityURL },
	"graph_url":     func(v *Values) *string { return &v.GraphURL },
}

// ReadFile reads a policy file: one "key = value" per line, "#" starts a
// comment line, blank lines are skipped, a value may be wrapped in double
// quotes, CRLF line ends and a UTF-8 byte order mark are tolerated (files
// edited on Windows). Unknown keys and malformed lines become Warnings. A
// file that does not exist is an empty policy, not an error; one that
// cannot be read is an error (the caller goes on without it, saying so).
func ReadFile(path string) (Policy, error) {
	p := Policy{Where: path}
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return p, nil
	}
	if err != nil {
		return p, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxFileSize+1))
	if err != nil {
		return p, err
	}
	if len(data) > maxFileSize {
		return p, fmt.Errorf("%s is larger than %d KiB: it cannot be a PrintDrop policy", path, maxFileSize>>10)
	}
	p.Values, p.Warnings = parse(path, data)
	return p, nil
}
func parse(path string, data []byte) (Values, []string) {
	var (
		v    Values
		warn []string
	)
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 4096), maxFileSize)
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(strings.TrimSuffix(sc.Text(), "\r"))
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		key, value, ok := strings.Cut(text, "=")
		if !ok {
			warn = append(warn, fmt.Sprintf("%s line %d is not \"key = value\"; it was ignored", path, line))
			continue
		}
		key = strings.ToLower(strings.TrimSpace(key))
		value = strings.TrimSpace(value)
		if len(value) >= 2 && value[0] == '"' && value[len(value)-1] == '"' {
			if u, err := strconv.Unquote(value); err == nil {
				value = u
			}
		}
		field, known := fileKeys[key]
		if !known {
			warn = append(warn, fmt.Sprintf("%s line %d: unknown key %q was ignored (known: client_id, tenant, cloud, authority_url, graph_url)", path, line, clip(key)))
			continue
		}
		*field(&v) = value
	}
	return v, warn
}

// clip keeps a key from a broken file short in a message.
func clip(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}
