package instance

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
)

// The hand-off is one JSON line each way: the request below, then a response.
// JSON keeps any byte of a file name intact (spaces, quotes, newlines).

// protocolVersion lets a newer primary refuse an older client clearly.
const protocolVersion = 1

// Limits on what a primary accepts, so a stray client cannot make it buffer
// without end or flood the window with files.
const (
	maxRequestBytes = 1 << 20
	maxFiles        = 1000
	maxPathBytes    = 4096
)

type request struct {
	V     int      `json:"v"`
	Token string   `json:"token,omitempty"`
	Files []string `json:"files"`
}

type response struct {
	OK    bool   `json:"ok"`
	Error string `json:"error,omitempty"`
}

// encodeRequest writes req as one line.
func encodeRequest(w io.Writer, req request) error {
	b, err := json.Marshal(req)
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// decodeRequest reads and validates one request line. Every file must be an
// absolute path: the client resolves relative ones, the primary never guesses
// a working directory.
func decodeRequest(r *bufio.Reader) (request, error) {
	line, err := readLine(r, maxRequestBytes)
	if err != nil {
		return request{}, err
	}
	var req request
	dec := json.NewDecoder(strings.NewReader(line))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		return request{}, fmt.Errorf("malformed request: %v", err)
	}
	if dec.More() {
		return request{}, errors.New("malformed request: trailing data after the JSON object")
	}
	if req.V != protocolVersion {
		return request{}, fmt.Errorf("unsupported protocol version %d (this PrintDrop speaks %d)", req.V, protocolVersion)
	}
	if req.Files == nil {
		req.Files = []string{}
	}
	if len(req.Files) > maxFiles {
		return request{}, fmt.Errorf("too many files: %d (at most %d at once)", len(req.Files), maxFiles)
	}
	for _, f := range req.Files {
		switch {
		case len(f) > maxPathBytes:
			return request{}, fmt.Errorf("a file name is longer than %d bytes", maxPathBytes)
		case strings.ContainsRune(f, 0):
			return request{}, errors.New("a file name contains a NUL byte")
		case !filepath.IsAbs(f):
			return request{}, fmt.Errorf("file name %q is not an absolute path", f)
		}
	}
	return req, nil
}

// decodeResponse reads the primary's answer.
func decodeResponse(r *bufio.Reader) (response, error) {
	line, err := readLine(r, 64<<10)
	if err != nil {
		return response{}, err
	}
	var resp response
	if err := json.Unmarshal([]byte(line), &resp); err != nil {
		return response{}, fmt.Errorf("malformed response: %v", err)
	}
	if !resp.OK && resp.Error == "" {
		return response{}, errors.New("malformed response: neither ok nor an error")
	}
	return resp, nil
}

func writeResponse(w io.Writer, resp response) error {
	b, err := json.Marshal(resp)
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// readLine reads up to a newline, refusing lines longer than limit bytes.
func readLine(r *bufio.Reader, limit int) (string, error) {
	var b strings.Builder
	for {
		chunk, err := r.ReadSlice('\n')
		if b.Len()+len(chunk) > limit+1 {
			return "", fmt.Errorf("request longer than %d bytes", limit)
		}
		b.Write(chunk)
		switch {
		case err == nil:
			return strings.TrimSuffix(b.String(), "\n"), nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF):
			return "", errors.New("connection closed before the end of the line")
		default:
			return "", err
		}
	}
}
