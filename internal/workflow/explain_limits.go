package workflow

import "errors"

// explainLimit words a service limit: which one, and when to try again.
func explainLimit(err error) (Explanation, bool) {
	var l *LimitError
	if !errors.As(err, &l) {
		return Explanation{}, false
	}
	head, next := l.sentences()
	return Explanation{Headline: head, NextStep: next}, true
}
