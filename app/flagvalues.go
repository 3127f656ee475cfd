package main

import (
	"flag"
	"time"

	"printdrop/internal/say"
)

// A flag given a value it cannot take is said in PrintDrop's words, in the
// user's language ("--copies takes a whole number, not "x""), not in the
// flag package's English ("invalid value "x" for flag -copies: parse
// error"). To know which flag refused which value without reading that
// text, each flag's Value is watched while the flags are parsed.

// refusedValue is the flag that refused its value, and the value.
type refusedValue struct {
	name, value string
	kind        string // what the flag takes, in words; "" when unknown
}

// watchedValue is a flag's Value that records a refusal.
type watchedValue struct {
	flag.Value
	name    string
	refused **refusedValue
}

func (w watchedValue) Set(s string) error {
	err := w.Value.Set(s)
	if err != nil && *w.refused == nil {
		*w.refused = &refusedValue{name: w.name, value: s, kind: valueKind(w.Value)}
	}
	return err
}

// IsBoolFlag keeps a boolean flag boolean (--json needs no value).
func (w watchedValue) IsBoolFlag() bool {
	b, ok := w.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// watchValues wraps every flag of fs; unwatch puts the originals back (the
// help reads them, and its defaults must stay as they were).
func watchValues(fs *flag.FlagSet) (refused **refusedValue, unwatch func()) {
	refused = new(*refusedValue)
	originals := map[*flag.Flag]flag.Value{}
	fs.VisitAll(func(f *flag.Flag) {
		originals[f] = f.Value
		f.Value = watchedValue{Value: f.Value, name: f.Name, refused: refused}
	})
	return refused, func() {
		for f, v := range originals {
			f.Value = v
		}
	}
}

// valueKind is what a flag of v's type takes, in the user's language.
func valueKind(v flag.Value) string {
	g, ok := v.(flag.Getter)
	if !ok {
		return ""
	}
	switch g.Get().(type) {
	case int, int64, uint, uint64:
		return say.T("a whole number")
	case float64:
		return say.T("a number")
	case bool:
		return say.T("true or false")
	case time.Duration:
		return say.T("a duration such as 30s, 5m or 1h")
	}
	return ""
}

// refusedSentence says which flag refused which value and what it takes.
func refusedSentence(r *refusedValue, command string) string {
	flagName := quoted("--" + r.name)
	if r.kind == "" {
		return say.T(`{{.Flag}} cannot take {{.Value}}: run "{{.Command}} --help" for its flags.`,
			say.Args{"Flag": flagName, "Value": quoted(r.value), "Command": command})
	}
	return say.T(`{{.Flag}} takes {{.Kind}}, not {{.Value}}: run "{{.Command}} --help" for its flags.`,
		say.Args{"Flag": flagName, "Kind": r.kind, "Value": quoted(r.value), "Command": command})
}
