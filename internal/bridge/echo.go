package bridge

import (
	"unicode/utf8"

	"github.com/OpenPrinting/goipp"

	"printdrop/internal/units"
)

// What an answer may echo of a client's attribute. RFC 8011 bounds text
// and name values to 1023 octets and a value's length field to 32767, so
// an unsupported attribute sent with a 40,000-byte value must never come
// back whole: the answer would fail to encode after the job was accepted.
const (
	maxEchoValue  = 1023
	maxEchoValues = 16
)

// echoable returns a copy of a that fits in any IPP answer: at most
// maxEchoValues values, each string or octet value cut to maxEchoValue
// bytes (on a character boundary). The client learns which attribute was
// not supported; it does not need its own value back in full.
func echoable(a goipp.Attribute) goipp.Attribute {
	out := goipp.Attribute{Name: a.Name}
	if len(out.Name) > maxEchoValue {
		out.Name = out.Name[:maxEchoValue]
	}
	for i, v := range a.Values {
		if i == maxEchoValues {
			break
		}
		switch x := v.V.(type) {
		case goipp.String:
			v.V = goipp.String(cutUTF8(string(x), maxEchoValue))
		case goipp.Binary:
			if len(x) > maxEchoValue {
				v.V = x[:maxEchoValue]
			}
		case goipp.TextWithLang:
			x.Text = cutUTF8(x.Text, maxEchoValue-len(x.Lang)-4)
			v.V = x
		}
		out.Values = append(out.Values, v)
	}
	return out
}

// cutUTF8 shortens s to at most n bytes without splitting a character.
func cutUTF8(s string, n int) string {
	if n < 0 {
		n = 0
	}
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// tooLargeSentence says that a document (named, when the client gave it a
// name) is over the bridge's limit, in the same units the window uses.
func tooLargeSentence(name string, limit int64) string {
	what := "The document"
	if name != "" && name != "Untitled" {
		what = "“" + sanitize(name, 80) + "”"
	}
	return what + " is larger than " + units.Bytes(limit) + ", the most PrintDrop sends in one print. Print fewer pages at a time."
}
